"""Services that apply an imported catalog (organizations, systems, series, versions)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.text import slugify

from privdocs.audit.services import audit_record
from privdocs.core.errors import ApplicationError
from privdocs.documents.identifiers import Identifier, update_index
from privdocs.documents.models import (
    Association,
    DocumentSeries,
    DocumentVersion,
    Status,
)
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    OrganizationRecord,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)
from privdocs.inventory.models import Organization, System
from privdocs.search.services import search_index_versions

#: What an import reports for each kind of thing it touched.
OUTCOMES = ("created", "updated", "unchanged", "removed")
ENTITIES = ("organizations", "systems", "series", "versions", "associations")

Progress = Callable[[int, int], None]
M = TypeVar("M", bound=models.Model)


@dataclass
class ImportSummary:
    """Counts of what an import created, updated, left unchanged or removed."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {entity: Counter() for entity in ENTITIES}
    )
    #: Versions created or changed (their series' too): what the search index must refresh.
    touched_versions: set[int] = field(default_factory=set)

    def add(self, entity: str, outcome: str) -> None:
        """Count one outcome for one entity."""
        self.counts[entity][outcome] += 1

    def total(self, outcome: str) -> int:
        """How many things of every kind had this outcome."""
        return sum(counter[outcome] for counter in self.counts.values())

    @property
    def changed(self) -> bool:
        """Whether the import changed anything at all."""
        return any(self.total(outcome) for outcome in ("created", "updated", "removed"))

    def as_rows(self) -> list[tuple[str, int, int, int, int]]:
        """One row per entity: created, updated, unchanged, removed."""
        return [
            (entity, *(self.counts[entity][outcome] for outcome in OUTCOMES))  # type: ignore[misc]
            for entity in ENTITIES
        ]


class _LookUp:
    """Marks an upsert whose row is still to be looked up."""


LOOK_UP = _LookUp()


def _validate(instance: models.Model) -> None:
    """Check a row's fields before saving it. Its foreign keys are left out: they
    hold rows this import has just read or written (Django would query each one
    again), and the database checks them anyway."""
    relations = [
        each.name for each in instance._meta.concrete_fields if each.is_relation
    ]
    instance.full_clean(
        exclude=relations, validate_unique=False, validate_constraints=False
    )


def _upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: ImportSummary,
    entity: str,
    found: M | _LookUp | None = LOOK_UP,
) -> M:
    """Create or update one row, saving only when a value differs; counts the outcome.

    ``found`` is the row already read for ``lookup`` (or None when there is
    none), which spares the query that would look it up.
    """
    instance = (
        model._default_manager.filter(**lookup).first()
        if isinstance(found, _LookUp)
        else found
    )
    if instance is None:
        instance = model(**{**lookup, **values})
        _validate(instance)
        instance.save()
        summary.add(entity, "created")
        return instance
    changed = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        _validate(instance)
        instance.save()
        summary.add(entity, "updated")
    else:
        summary.add(entity, "unchanged")
    return instance


SeriesKey = tuple[str, str, str, int]
#: Rows read per query when the registry's series and systems are read ahead.
READ_AHEAD_CHUNK = 500


def _series_key(identifier: Identifier) -> SeriesKey:
    series = identifier.series
    return (series.agency, series.component or "", series.kind.value, series.number)


@dataclass
class _Known:
    """What an import has already read or written, so each row is read once: the
    organizations by acronym, the series by identifier (None: not in the
    registry), the systems by their lookup."""

    organizations: dict[str, Organization]
    series: dict[SeriesKey, DocumentSeries | None] = field(default_factory=dict)
    systems: dict[tuple[Any, ...], System] = field(default_factory=dict)

    def read_ahead(self, record: CatalogRecord) -> None:
        """Read in a few queries every series the record names or cites, and the
        systems of its organizations, instead of one query per entry."""
        keys: set[SeriesKey] = set()
        for series in record.series:
            keys.add(_series_key(series.identifier))
            keys.update(
                _series_key(association.identifier)
                for association in series.associations
                if association.identifier is not None
            )
        groups: dict[tuple[str, str, str], list[int]] = {}
        for agency, component, kind, number in keys:
            groups.setdefault((agency, component, kind), []).append(number)
        for (agency, component, kind), numbers in groups.items():
            numbers.sort()
            for start in range(0, len(numbers), READ_AHEAD_CHUNK):
                chunk = numbers[start : start + READ_AHEAD_CHUNK]
                for found in DocumentSeries.objects.filter(
                    agency=agency, component=component, kind=kind, number__in=chunk
                ):
                    self.series[
                        (found.agency, found.component, found.kind, found.number)
                    ] = found
        for key in keys:
            self.series.setdefault(key, None)
        acronyms = {series.organization for series in record.series}
        systems = System.objects.filter(organization__acronym__in=acronyms).order_by(
            "-pk"
        )
        for system in systems:  # the lowest pk wins, as .first() on the pk would
            self.systems[_system_key(system.organization_id, system)] = system

    def series_get(self, identifier: Identifier) -> DocumentSeries | None:
        """The registry's series for an identifier (read once, then remembered)."""
        key = _series_key(identifier)
        if key not in self.series:
            self.series[key] = series_get_by_identifier(identifier)
        return self.series[key]


def _system_key(organization_id: int, system: System | SystemRecord) -> tuple[Any, ...]:
    """How an import finds a system: by acronym in its organization, else by name."""
    if system.acronym:
        return (organization_id, "acronym", system.acronym)
    return (organization_id, "name", system.name)


def _organizations_apply(
    records: Iterable[OrganizationRecord], summary: ImportSummary
) -> dict[str, Organization]:
    """Upsert organizations, parents before children."""
    pending = list(records)
    applied: dict[str, Organization] = {}
    while pending:
        ready = [
            record
            for record in pending
            if record.parent is None
            or record.parent in applied
            or Organization.objects.filter(acronym=record.parent).exists()
        ]
        if not ready:
            names = ", ".join(
                f"{record.acronym} (parent {record.parent})" for record in pending
            )
            raise ApplicationError(f"organizations whose parent is unknown: {names}")
        for record in ready:
            parent = None
            if record.parent is not None:
                parent = applied.get(record.parent) or Organization.objects.get(
                    acronym=record.parent
                )
            existing = Organization.objects.filter(acronym=record.acronym).first()
            # A page that names an organization only by its acronym must not
            # overwrite a full name the registry already has.
            name = record.name
            if existing is not None and record.name == record.acronym:
                name = existing.name
            applied[record.acronym] = _upsert(
                Organization,
                lookup={"acronym": record.acronym},
                values={
                    "name": name,
                    "parent": parent,
                    "slug": slugify(record.acronym),
                },
                summary=summary,
                entity="organizations",
            )
            pending.remove(record)
    return applied


def _organization_get(acronym: str, known: _Known) -> Organization:
    organization = (
        known.organizations.get(acronym)
        or Organization.objects.filter(acronym=acronym).first()
    )
    if organization is None:
        raise ApplicationError(f"unknown organization {acronym!r}")
    known.organizations[acronym] = organization
    return organization


def _system_apply(
    record: SystemRecord,
    organization: Organization,
    summary: ImportSummary,
    known: _Known,
) -> System:
    """Find a system by acronym (else name) within its organization and bring it up to date."""
    if record.acronym:
        lookup: dict[str, Any] = {
            "organization": organization,
            "acronym": record.acronym,
        }
    else:
        lookup = {"organization": organization, "name": record.name, "acronym": ""}
    key = _system_key(organization.pk, record)
    existing = known.systems.get(key)
    slug = existing.slug if existing else _system_slug(record, organization)
    system = _upsert(
        System,
        lookup=lookup,
        values={"name": record.name, "slug": slug},
        summary=summary,
        entity="systems",
        found=existing,
    )
    known.systems[key] = system
    return system


def _system_slug(record: SystemRecord, organization: Organization) -> str:
    base = slugify(record.acronym or record.name)[:100] or "system"
    slug, suffix = base, 2
    while System.objects.filter(organization=organization, slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def _series_lookup(identifier: Identifier) -> dict[str, Any]:
    series = identifier.series
    return {
        "agency": series.agency,
        "component": series.component or "",
        "kind": series.kind.value,
        "number": series.number,
    }


def series_get_by_identifier(identifier: Identifier) -> DocumentSeries | None:
    """The series an identifier names, if the registry has it."""
    return DocumentSeries.objects.filter(**_series_lookup(identifier)).first()


def _version_apply(
    record: VersionRecord,
    series: DocumentSeries,
    summary: ImportSummary,
    found: DocumentVersion | None,
) -> DocumentVersion:
    return _upsert(
        DocumentVersion,
        lookup={"series": series, "update_letter": record.identifier.update},
        values={
            "update_index": update_index(record.identifier.update),
            "title": record.title,
            "status": record.status,
            "published_on": record.date,
            "pages": record.pages,
            "size_bytes": record.size_bytes,
            "summary": record.summary,
        },
        summary=summary,
        entity="versions",
        found=found,
    )


def _supersede_older(
    versions: Iterable[DocumentVersion], record: SeriesRecord, summary: ImportSummary
) -> None:
    """A newer page's current version makes older published ones previous versions.

    ``versions`` are every version of the series, as the import left them.
    """
    published = [v for v in record.versions if v.status == Status.PUBLISHED]
    if not published:
        return
    newest = max(update_index(v.identifier.update) for v in published)
    listed = {v.identifier.update for v in record.versions}
    stale = [
        version
        for version in versions
        if version.status == Status.PUBLISHED
        and version.update_index < newest
        and version.update_letter not in listed
    ]
    for version in sorted(stale, key=lambda version: version.update_index):
        version.status = Status.SUPERSEDED
        version.save(update_fields=["status", "updated_at"])
        summary.add("versions", "updated")


def _association_target(
    record: AssociationRecord, known: _Known, summary: ImportSummary
) -> DocumentSeries | None:
    """The cited series; created (without versions) when its organization is known,
    so the cited SORN can list the documents that cite it."""
    if record.identifier is None:
        return None
    existing = known.series_get(record.identifier)
    if existing is not None:
        return existing
    component = record.identifier.component
    # Department-wide documents (DHS/ALL-002) belong to the department itself.
    acronym = (
        component if component and component != "ALL" else record.identifier.agency
    )
    organization = (
        known.organizations.get(acronym)
        or Organization.objects.filter(acronym=acronym).first()
    )
    if organization is None:
        return None
    series = DocumentSeries(
        organization=organization,
        title=record.title,
        **_series_lookup(record.identifier),
    )
    _validate(series)
    series.save()
    known.series[_series_key(record.identifier)] = series
    summary.add("series", "created")
    return series


def _associations_apply(
    series: DocumentSeries,
    records: tuple[AssociationRecord, ...],
    known: _Known,
    summary: ImportSummary,
    *,
    created: bool,
) -> None:
    existing: dict[tuple[str, str, str], Association] = {}
    if not created:
        for association in series.associations.order_by("-pk"):
            key = (association.kind, association.target_identifier, association.title)
            existing[key] = association
    kept: list[int] = []
    for position, record in enumerate(records):
        target = _association_target(record, known, summary)
        target_identifier = str(record.identifier) if record.identifier else ""
        association = _upsert(
            Association,
            lookup={
                "source": series,
                "kind": record.kind,
                "target_identifier": target_identifier,
                "title": record.title,
            },
            values={
                "target": target,
                "citation": record.citation or "",
                "cited_on": record.date,
                "position": position,
            },
            summary=summary,
            entity="associations",
            found=existing.get((record.kind, target_identifier, record.title)),
        )
        kept.append(association.pk)
    gone = [pk for pk in (a.pk for a in existing.values()) if pk not in kept]
    if gone:
        removed, _ = Association.objects.filter(pk__in=gone).delete()
        for _ in range(removed):
            summary.add("associations", "removed")


def _series_apply(
    record: SeriesRecord, known: _Known, summary: ImportSummary
) -> DocumentSeries:
    before = (
        summary.total("created") + summary.total("updated") + summary.total("removed")
    )
    organization = _organization_get(record.organization, known)
    latest = record.versions[-1] if record.versions else None
    existing = known.series_get(record.identifier)
    title = latest.title if latest else (existing.title if existing else "")
    series = _upsert(
        DocumentSeries,
        lookup=_series_lookup(record.identifier),
        values={
            "organization": organization,
            "title": title,
            "sections": list(record.sections),
        },
        summary=summary,
        entity="series",
        found=existing,
    )
    known.series[_series_key(record.identifier)] = series
    created = existing is None
    systems = [
        _system_apply(system, organization, summary, known) for system in record.systems
    ]
    current = set() if created else set(series.systems.values_list("pk", flat=True))
    wanted = {system.pk for system in systems}
    if current != wanted:
        series.systems.set(systems)
        if not created:
            # A new series' systems are part of its creation, not an update.
            summary.add("series", "updated")
    versions = {} if created else {v.update_letter: v for v in series.versions.all()}
    for version in record.versions:
        letter = version.identifier.update
        versions[letter] = _version_apply(
            version, series, summary, versions.get(letter)
        )
    _supersede_older(versions.values(), record, summary)
    _associations_apply(series, record.associations, known, summary, created=created)
    after = (
        summary.total("created") + summary.total("updated") + summary.total("removed")
    )
    if after != before:
        # Titles, systems and associations are indexed with every version of a series.
        summary.touched_versions.update(version.pk for version in versions.values())
    return series


@transaction.atomic
def catalog_apply(
    *, record: CatalogRecord, progress: Progress | None = None
) -> ImportSummary:
    """Write a parsed catalog (a page, a catalog file) into the registry, all or nothing.

    Re-applying the same record changes nothing; a newer record updates in place.
    """
    summary = ImportSummary()
    known = _Known(_organizations_apply(record.organizations, summary))
    known.read_ahead(record)
    total = len(record.series)
    for done, series in enumerate(record.series, start=1):
        _series_apply(series, known, summary)
        if progress is not None:
            progress(done, total)
    search_index_versions(summary.touched_versions)
    if summary.changed:
        audit_record(
            action="catalog.import",
            actor_label=f"import: {record.source}"[:200],
            summary=f"Imported {record.source}",
            changes={entity: dict(summary.counts[entity]) for entity in ENTITIES},
        )
    return summary
