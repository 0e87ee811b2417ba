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


def _upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: ImportSummary,
    entity: str,
) -> M:
    """Create or update one row, saving only when a value differs; counts the outcome."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**{**lookup, **values})
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        summary.add(entity, "created")
        return instance
    changed = [
        name for name, value in values.items() if getattr(instance, name) != value
    ]
    if changed:
        for name in changed:
            setattr(instance, name, values[name])
        instance.full_clean(validate_unique=False, validate_constraints=False)
        instance.save()
        summary.add(entity, "updated")
    else:
        summary.add(entity, "unchanged")
    return instance


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


def _organization_get(acronym: str, known: dict[str, Organization]) -> Organization:
    organization = (
        known.get(acronym) or Organization.objects.filter(acronym=acronym).first()
    )
    if organization is None:
        raise ApplicationError(f"unknown organization {acronym!r}")
    known[acronym] = organization
    return organization


def _system_apply(
    record: SystemRecord, organization: Organization, summary: ImportSummary
) -> System:
    """Find a system by acronym (else name) within its organization and bring it up to date."""
    if record.acronym:
        lookup: dict[str, Any] = {
            "organization": organization,
            "acronym": record.acronym,
        }
    else:
        lookup = {"organization": organization, "name": record.name, "acronym": ""}
    existing = System.objects.filter(**lookup).first()
    slug = existing.slug if existing else _system_slug(record, organization)
    return _upsert(
        System,
        lookup=lookup,
        values={"name": record.name, "slug": slug},
        summary=summary,
        entity="systems",
    )


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
    record: VersionRecord, series: DocumentSeries, summary: ImportSummary
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
    )


def _supersede_older(
    series: DocumentSeries, record: SeriesRecord, summary: ImportSummary
) -> None:
    """A newer page's current version makes older published ones previous versions."""
    published = [v for v in record.versions if v.status == Status.PUBLISHED]
    if not published:
        return
    newest = max(update_index(v.identifier.update) for v in published)
    listed = {v.identifier.update for v in record.versions}
    stale = series.versions.filter(
        status=Status.PUBLISHED, update_index__lt=newest
    ).exclude(update_letter__in=listed)
    for version in stale:
        version.status = Status.SUPERSEDED
        version.save(update_fields=["status", "updated_at"])
        summary.add("versions", "updated")


def _association_target(
    record: AssociationRecord, known: dict[str, Organization], summary: ImportSummary
) -> DocumentSeries | None:
    """The cited series; created (without versions) when its organization is known,
    so the cited SORN can list the documents that cite it."""
    if record.identifier is None:
        return None
    existing = series_get_by_identifier(record.identifier)
    if existing is not None:
        return existing
    component = record.identifier.component
    # Department-wide documents (DHS/ALL-002) belong to the department itself.
    acronym = (
        component if component and component != "ALL" else record.identifier.agency
    )
    organization = (
        known.get(acronym) or Organization.objects.filter(acronym=acronym).first()
    )
    if organization is None:
        return None
    series = DocumentSeries(
        organization=organization,
        title=record.title,
        **_series_lookup(record.identifier),
    )
    series.full_clean(validate_unique=False, validate_constraints=False)
    series.save()
    summary.add("series", "created")
    return series


def _associations_apply(
    series: DocumentSeries,
    records: tuple[AssociationRecord, ...],
    known: dict[str, Organization],
    summary: ImportSummary,
) -> None:
    kept: list[int] = []
    for position, record in enumerate(records):
        target = _association_target(record, known, summary)
        association = _upsert(
            Association,
            lookup={
                "source": series,
                "kind": record.kind,
                "target_identifier": str(record.identifier)
                if record.identifier
                else "",
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
        )
        kept.append(association.pk)
    removed, _ = series.associations.exclude(pk__in=kept).delete()
    for _ in range(removed):
        summary.add("associations", "removed")


def _series_apply(
    record: SeriesRecord, known: dict[str, Organization], summary: ImportSummary
) -> DocumentSeries:
    before = (
        summary.total("created") + summary.total("updated") + summary.total("removed")
    )
    organization = _organization_get(record.organization, known)
    latest = record.versions[-1] if record.versions else None
    existing = series_get_by_identifier(record.identifier)
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
    )
    systems = [
        _system_apply(system, organization, summary) for system in record.systems
    ]
    current = set(series.systems.values_list("pk", flat=True))
    wanted = {system.pk for system in systems}
    if current != wanted:
        series.systems.set(systems)
        summary.add("series", "updated")
    for version in record.versions:
        _version_apply(version, series, summary)
    _supersede_older(series, record, summary)
    _associations_apply(series, record.associations, known, summary)
    after = (
        summary.total("created") + summary.total("updated") + summary.total("removed")
    )
    if after != before:
        # Titles, systems and associations are indexed with every version of a series.
        summary.touched_versions.update(series.versions.values_list("pk", flat=True))
    return series


@transaction.atomic
def catalog_apply(
    *, record: CatalogRecord, progress: Progress | None = None
) -> ImportSummary:
    """Write a parsed catalog (a page, a catalog file) into the registry, all or nothing.

    Re-applying the same record changes nothing; a newer record updates in place.
    """
    summary = ImportSummary()
    known = _organizations_apply(record.organizations, summary)
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
