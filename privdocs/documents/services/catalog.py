"""Reconcile an imported catalog (a page, a catalog file) with the registry.

An import is a reconciliation, not a replace: it matches before it creates (series
by identifier; systems by acronym, then by normalized name, within their
organization), leaves alone what the source does not state (a lossy rendering's
absence is not a deletion), removes an association only when asked (``prune``),
moves statuses only forward and only through the one door
(``documents.services.state``), and never touches a version the workspace owns.
Every run is one change set (``privdocs imports``) that ``privdocs import undo``
reverses.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils.text import slugify

from privdocs.audit.services import audit_record
from privdocs.core.errors import ApplicationError
from privdocs.documents.identifiers import Identifier, update_index
from privdocs.documents.models import (
    Association,
    Attachment,
    DatePrecision,
    DocumentSeries,
    DocumentVersion,
    NoticeAction,
    Status,
    VersionSection,
)
from privdocs.documents.revision import catalog_revision_bump_on_commit
from privdocs.documents.services.state import (
    Actor,
    version_move,
    versions_create,
    versions_supersede,
)
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    ContactRecord,
    CoverRecord,
    OrganizationRecord,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)
from privdocs.imports.models import ChangeSet
from privdocs.imports.services import (
    SYSTEMS,
    ChangeLog,
    change_set_close,
    change_set_open,
)
from privdocs.inventory.models import Organization, System
from privdocs.search.services import search_index_versions

#: What an import reports for each kind of thing it touched.
OUTCOMES = ("created", "updated", "unchanged", "removed")
ENTITIES = (
    "organizations",
    "systems",
    "series",
    "versions",
    "associations",
    "sections",
    "files",
)

#: Statuses of a version the workspace owns: an import never changes one.
WORKSPACE_STATUSES = (
    Status.DRAFT,
    Status.COMPONENT_REVIEW,
    Status.DEPARTMENT_REVIEW,
    Status.APPROVED,
)
#: How far along a public version is; an import moves a status only forward.
_PUBLIC_ORDER = {Status.PUBLISHED: 0, Status.SUPERSEDED: 1, Status.RETIRED: 2}

# What an import refuses or reports.
WORKSPACE_OWNS = (
    "{identifier} is {status} in the workspace: an import never changes a version "
    "the workspace owns. Nothing was imported; publish or discard it there first."
)
LEFT_RETIRED = (
    "{identifier} was retired in the registry; the source lists it as {status}: "
    "left retired (an import never republishes a retired version)"
)
NOT_MOVED_BACK = (
    "{identifier} is {current} in the registry; the source lists it as {status}: "
    "left as it is (an older source does not undo a newer one)"
)
ASSOCIATION_MISSING = (
    "{series}: {kind} {name} is in the registry but not listed in the source's "
    "{kind} section: kept (import with --prune to remove it)"
)
ASSOCIATION_PRUNED = "{series}: {kind} {name} removed (not listed in the source)"
TITLE_CUT = "{identifier}: title of {length} characters cut to {limit}"

Progress = Callable[[int, int], None]
M = TypeVar("M", bound=models.Model)


class ImportRefusedError(ApplicationError):
    """The source names something an import may not change: nothing was imported."""


@dataclass
class ImportSummary:
    """Counts of what an import created, updated, left unchanged or removed, the
    notes it has for a person (what it kept and why), and its change log."""

    counts: dict[str, Counter[str]] = field(
        default_factory=lambda: {entity: Counter() for entity in ENTITIES}
    )
    #: Versions of the current batch created or changed (their series' too): what
    #: the search index must refresh when the batch is done.
    touched_versions: set[int] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    log: ChangeLog = field(default_factory=ChangeLog)
    change_set: ChangeSet | None = None

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


def _stated(values: dict[str, Any]) -> dict[str, Any]:
    """Only the values the source states: None is "not said", never "erase"."""
    return {name: value for name, value in values.items() if value is not None}


def _upsert(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: ImportSummary,
    entity: str,
    label: str,
    found: M | _LookUp | None = LOOK_UP,
) -> M:
    """Create or update one row, saving only when a value differs; counts the
    outcome and logs what changed.

    ``found`` is the row already read for ``lookup`` (or None when there is
    none), which spares the query that would look it up.
    """
    instance, outcome = _upsert_row(
        model,
        lookup=lookup,
        values=values,
        summary=summary,
        label=label,
        found=found,
    )
    summary.add(entity, outcome)
    return instance


def _upsert_row(
    model: type[M],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    summary: ImportSummary,
    label: str,
    found: M | _LookUp | None = LOOK_UP,
) -> tuple[M, str]:
    """``_upsert`` without the count: the row and its outcome."""
    instance = (
        model._default_manager.filter(**lookup).first()
        if isinstance(found, _LookUp)
        else found
    )
    if instance is None:
        instance = model(**{**lookup, **values})
        _validate(instance)
        instance.save()
        summary.log.created(instance, label=label)
        return instance, "created"
    changed = [
        name for name, value in values.items() if _differs(instance, name, value)
    ]
    if changed:
        before = {name: _attribute(instance, name) for name in changed}
        for name in changed:
            setattr(instance, name, values[name])
        _validate(instance)
        instance.save()
        summary.log.updated(
            instance,
            label=label,
            before=before,
            after={name: _attribute(instance, name) for name in changed},
        )
        return instance, "updated"
    return instance, "unchanged"


def _differs(instance: models.Model, name: str, value: Any) -> bool:
    """Whether a field holds another value; a foreign key is compared by its
    primary key, without loading the row it points at."""
    field_ = instance._meta.get_field(name)
    if field_.many_to_one:
        wanted = value.pk if isinstance(value, models.Model) else value
        return bool(getattr(instance, field_.attname) != wanted)  # type: ignore[union-attr]
    return bool(getattr(instance, name) != value)


def _attribute(instance: models.Model, name: str) -> Any:
    """A field's stored value by attribute name: a foreign key as its primary key."""
    field_ = instance._meta.get_field(name)
    return getattr(instance, field_.attname)  # type: ignore[union-attr]


SeriesKey = tuple[str, str, str, int]
#: Rows read per query when the registry's series and systems are read ahead.
READ_AHEAD_CHUNK = 500
#: Series reconciled per batch: read ahead together, their new versions written
#: together, their changes logged together.
BATCH_SERIES = 500


def _cover_values(cover: CoverRecord) -> dict[str, Any]:
    """A cover as stored: only the keys it states."""

    def person(contact: ContactRecord) -> dict[str, str]:
        return {
            name: value
            for name in ("name", "title", "office", "email", "phone")
            if (value := getattr(contact, name)) is not None
        }

    stored: dict[str, Any] = {}
    if cover.contact_points:
        stored["contact_points"] = [person(c) for c in cover.contact_points]
    if cover.reviewing_official is not None:
        stored["reviewing_official"] = person(cover.reviewing_official)
    return stored


def _document_values(record: VersionRecord) -> dict[str, Any]:
    """The version fields a document's file or notice states (None: not stated)."""
    notice = record.notice
    return {
        "citation": record.citation,
        "sections_template": record.sections_template,
        "cover": _cover_values(record.cover) if record.cover is not None else None,
        "fr_document_number": notice.fr_document_number if notice else None,
        "action": NoticeAction(notice.action) if notice and notice.action else None,
        "comment_deadline": notice.comment_deadline if notice else None,
        "effective_date": notice.effective_date if notice else None,
    }


def _series_key(identifier: Identifier) -> SeriesKey:
    series = identifier.series
    return (series.agency, series.component or "", series.kind.value, series.number)


_NAME_NOISE_RE = re.compile(r"[^\w\s]|_")


def normalized_name(name: str) -> str:
    """A system name as a matcher compares it: case, accents, punctuation, a
    leading "The" and repeated spaces do not count ("The  ICE Pattern-Analysis"
    matches "ICE Pattern Analysis")."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    words = _NAME_NOISE_RE.sub(" ", text.casefold()).split()
    if words[:1] == ["the"]:
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _SystemRef:
    """What an import remembers of a system: enough to match it and to link it."""

    pk: int
    organization_id: int
    name: str
    acronym: str


@dataclass
class _Known:
    """What an import has already read or written, so each row is read once: the
    organizations by acronym, the series by identifier (None: not in the
    registry), the systems by acronym and by normalized name."""

    organizations: dict[str, Organization]
    series: dict[SeriesKey, DocumentSeries | None] = field(default_factory=dict)
    by_acronym: dict[tuple[int, str], _SystemRef] = field(default_factory=dict)
    by_name: dict[tuple[int, str], _SystemRef] = field(default_factory=dict)
    slugs: dict[int, set[str]] = field(default_factory=dict)
    slug_suffixes: dict[tuple[int, str], int] = field(default_factory=dict)
    read_organizations: set[int] = field(default_factory=set)

    def read_ahead(self, batch: Sequence[SeriesRecord]) -> None:
        """Read in a few queries every series a batch names or cites, and the
        systems of its organizations, instead of one query per entry. What the
        batch before read is let go: memory stays bounded on a 50 MB page."""
        self.series = {}
        keys: set[SeriesKey] = set()
        for series in batch:
            keys.add(_series_key(series.identifier))
            keys.update(
                _series_key(association.identifier)
                for association in series.associations
                if association.identifier is not None
            )
        keys -= set(self.series)
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
        # One query each for the batch's versions, systems and associations, not
        # three per series: a re-import of an unchanged page is mostly reading.
        prefetch_related_objects(
            [found for found in self.series.values() if found is not None],
            # A version's body is the workspace's, never an import's to compare.
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.defer("body", "section_state"),
            ),
            "systems",
            "associations",
        )
        for acronym in {series.organization for series in batch}:
            organization = self.organizations.get(acronym)
            if organization is not None:
                self.systems_read(organization)

    def systems_read(self, organization: Organization) -> None:
        """Every system of an organization, once per import."""
        if organization.pk in self.read_organizations:
            return
        self.read_organizations.add(organization.pk)
        # Plain tuples, not model instances: an organization of 50,000 systems
        # stays a few megabytes. The lowest pk wins a tie, as .first() would.
        rows = (
            System.objects.filter(organization=organization)
            .order_by("-pk")
            .values_list("pk", "name", "acronym", "slug")
        )
        for pk, name, acronym, slug in rows.iterator(chunk_size=2000):
            self.remember(
                _SystemRef(
                    pk=pk, organization_id=organization.pk, name=name, acronym=acronym
                ),
                slug=slug,
            )

    def remember(self, system: _SystemRef, *, slug: str) -> None:
        """Index a system by its acronym and by its normalized name."""
        if system.acronym:
            self.by_acronym[(system.organization_id, system.acronym.casefold())] = (
                system
            )
        self.by_name[(system.organization_id, normalized_name(system.name))] = system
        self.slugs.setdefault(system.organization_id, set()).add(slug)

    def system_find(
        self, organization: Organization, record: SystemRecord
    ) -> _SystemRef | None:
        """By acronym, then by normalized name, within the organization."""
        self.systems_read(organization)
        if record.acronym:
            found = self.by_acronym.get((organization.pk, record.acronym.casefold()))
            if found is not None:
                return found
        found = self.by_name.get((organization.pk, normalized_name(record.name)))
        if found is not None and (
            not record.acronym
            or not found.acronym
            or found.acronym.casefold() == record.acronym.casefold()
        ):
            return found
        return None

    def series_get(self, identifier: Identifier) -> DocumentSeries | None:
        """The registry's series for an identifier (read once, then remembered)."""
        key = _series_key(identifier)
        if key not in self.series:
            self.series[key] = series_get_by_identifier(identifier)
        return self.series[key]


def _organizations_apply(
    records: Iterable[OrganizationRecord], known: _Known, summary: ImportSummary
) -> None:
    """Upsert organizations, parents before children."""
    pending = list(records)
    while pending:
        ready = [
            record
            for record in pending
            if record.parent is None
            or record.parent in known.organizations
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
                parent = known.organizations.get(
                    record.parent
                ) or Organization.objects.get(acronym=record.parent)
            existing = known.organizations.get(record.acronym)
            if existing is None:
                existing = Organization.objects.filter(acronym=record.acronym).first()
            # A source that names an organization only by its acronym must not
            # overwrite a full name the registry already has.
            name = record.name
            if name is None or (existing is not None and name == record.acronym):
                name = existing.name if existing is not None else record.acronym
            values: dict[str, Any] = {"name": name, "parent": parent}
            if existing is None:
                values["slug"] = slugify(record.acronym)
            known.organizations[record.acronym] = _upsert(
                Organization,
                lookup={"acronym": record.acronym},
                values=values,
                summary=summary,
                entity="organizations",
                label=f"organization {record.acronym}",
                found=existing,
            )
            pending.remove(record)


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
) -> int:
    """Find a system (acronym, then normalized name) and bring it up to date: a
    name that differs only in spelling is the registry's to keep."""
    existing = known.system_find(organization, record)
    values: dict[str, Any] = {}
    if existing is None:
        values = {"name": record.name, "acronym": record.acronym or ""}
        values["slug"] = _system_slug(record, organization, known)
    else:
        if normalized_name(existing.name) != normalized_name(record.name):
            values["name"] = record.name
        if record.acronym and not existing.acronym:
            values["acronym"] = record.acronym
        if not values:
            summary.add("systems", "unchanged")
            return existing.pk
    label = f"system {record.acronym or record.name} ({organization.acronym})"
    system = _upsert(
        System,
        lookup={"organization": organization},
        values=values,
        summary=summary,
        entity="systems",
        label=label,
        found=None if existing is None else System.objects.get(pk=existing.pk),
    )
    known.remember(
        _SystemRef(
            pk=system.pk,
            organization_id=organization.pk,
            name=system.name,
            acronym=system.acronym,
        ),
        slug=system.slug,
    )
    return int(system.pk)


def _system_slug(
    record: SystemRecord, organization: Organization, known: _Known
) -> str:
    base = slugify(record.acronym or record.name)[:100] or "system"
    taken = known.slugs.setdefault(organization.pk, set())
    # Where the search for a free "-N" goes on: thousands of systems of one
    # name would otherwise probe every earlier number again.
    suffix = known.slug_suffixes.get((organization.pk, base), 2)
    slug = base
    while slug in taken:
        slug, suffix = f"{base}-{suffix}", suffix + 1
    known.slug_suffixes[(organization.pk, base)] = suffix
    taken.add(slug)
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


#: The longest title the registry keeps (DocumentVersion.title, DocumentSeries.title).
TITLE_LIMIT = 500


def _title(text: str, identifier: Identifier, summary: ImportSummary) -> str:
    """A title the registry can keep: a longer one is cut at a word and reported,
    never a reason to refuse the whole source."""
    if len(text) <= TITLE_LIMIT:
        return text
    cut = text[: TITLE_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,;:-") + "…"
    summary.notes.append(
        TITLE_CUT.format(identifier=identifier, length=len(text), limit=TITLE_LIMIT)
    )
    return cut


@dataclass
class _PendingVersion:
    """A version to create: its fields, first status and label."""

    fields: dict[str, Any]
    first_status: Status
    label: str


class _Importer:
    """One import: the batches it reads, in one transaction, as one change set."""

    #: New versions are written this many at a time (three inserts per batch).
    PENDING_LIMIT = 500

    def __init__(self, *, actor: Actor, prune: bool) -> None:
        self.actor = actor
        self.prune = prune
        self.summary = ImportSummary()
        self.known = _Known({})
        # New versions not written yet, by (series pk, update letter).
        self.pending: dict[tuple[int, str], _PendingVersion] = {}
        # Their text and files, written once they exist.
        self.pending_text: dict[tuple[int, str], list[VersionRecord]] = {}

    def flush(self) -> None:
        """Write the new versions read so far."""
        if not self.pending:
            return
        pending = list(self.pending.values())
        self.pending = {}
        created = versions_create(
            actor=self.actor,
            action="version.import",
            rows=[(item.fields, item.first_status) for item in pending],
        )
        for item, version in zip(pending, created, strict=True):
            self.summary.log.created(version, label=item.label)
            self.summary.touched_versions.add(version.pk)
            key = (version.series_id, version.update_letter)
            for record in self.pending_text.pop(key, []):
                self._text_apply(version, record)

    def organizations_apply(self, record: CatalogRecord) -> None:
        _organizations_apply(record.organizations, self.known, self.summary)

    def batch_apply(self, batch: Sequence[SeriesRecord], progress: Progress) -> None:
        """Reconcile a batch of series: read ahead, apply, write what waits."""
        self.known.read_ahead(batch)
        for series in batch:
            self.series_apply(series)
            progress(1, len(batch))
        self.flush()
        # Indexed batch by batch, in the import's transaction: the set of what
        # to index never holds more than one batch.
        search_index_versions(self.summary.touched_versions)
        self.summary.touched_versions.clear()

    def series_apply(self, record: SeriesRecord) -> None:
        summary, known = self.summary, self.known
        before = len(summary.log)
        organization = _organization_get(record.organization, known)
        existing = known.series_get(record.identifier)
        versions: dict[str, DocumentVersion] = (
            {}
            if existing is None
            else {v.update_letter: v for v in existing.versions.all()}
        )
        self._refuse_workspace_versions(record, versions)
        latest = record.versions[-1] if record.versions else None
        values: dict[str, Any] = {"organization": organization}
        if latest is not None and (
            existing is None
            or update_index(latest.identifier.update) >= _newest(versions)
        ):
            values["title"] = _title(latest.title, record.identifier, summary)
        elif existing is None:
            values["title"] = ""
        # Sections seen once stay: a later rendering that hides one says nothing.
        shown = list(existing.sections) if existing is not None else []
        values["sections"] = shown + [s for s in record.sections if s not in shown]
        series = _upsert(
            DocumentSeries,
            lookup=_series_lookup(record.identifier),
            values=values,
            summary=summary,
            entity="series",
            label=str(record.identifier),
            found=existing,
        )
        known.series[_series_key(record.identifier)] = series
        self._systems_apply(series, record, organization, created=existing is None)
        for version in record.versions:
            letter = version.identifier.update
            applied = self._version_apply(version, series, versions.get(letter))
            if applied is not None:
                versions[letter] = applied
        self._supersede_older(versions.values(), record)
        self._associations_apply(series, record, created=existing is None)
        if len(summary.log) != before:
            # Titles, systems and associations are indexed with every version.
            summary.touched_versions.update(v.pk for v in versions.values())
        # What was read ahead is stale now: a later fragment of this series (its
        # Retired entry) reads it again.
        getattr(series, "_prefetched_objects_cache", {}).clear()

    def _refuse_workspace_versions(
        self, record: SeriesRecord, versions: dict[str, DocumentVersion]
    ) -> None:
        for listed in record.versions:
            found = versions.get(listed.identifier.update)
            if found is not None and found.status in WORKSPACE_STATUSES:
                raise ImportRefusedError(
                    WORKSPACE_OWNS.format(
                        identifier=listed.identifier,
                        status=Status(found.status).label.lower(),
                    ),
                    where=f"line {listed.line}" if listed.line else None,
                )

    def _systems_apply(
        self,
        series: DocumentSeries,
        record: SeriesRecord,
        organization: Organization,
        *,
        created: bool,
    ) -> None:
        systems = [
            _system_apply(system, organization, self.summary, self.known)
            for system in record.systems
        ]
        current = (
            [] if created else sorted(system.pk for system in series.systems.all())
        )
        wanted = sorted({*current, *systems})
        if wanted == current:
            return
        series.systems.add(*systems)
        if created:
            # A new series' systems are part of its creation, not an update.
            self.summary.log.updated(
                series, label=str(series), before={SYSTEMS: []}, after={SYSTEMS: wanted}
            )
        else:
            self.summary.add("series", "updated")
            self.summary.log.updated(
                series,
                label=str(series),
                before={SYSTEMS: current},
                after={SYSTEMS: wanted},
            )

    def _version_apply(
        self,
        record: VersionRecord,
        series: DocumentSeries,
        found: DocumentVersion | None,
    ) -> DocumentVersion | None:
        """Bring a listed version up to date; a new one waits for ``flush``
        (None)."""
        summary = self.summary
        identifier = record.identifier
        values = _stated(
            {
                "title": _title(record.title, identifier, summary) or None,
                "published_on": record.date,
                "published_on_precision": (
                    DatePrecision(record.date_precision.value) if record.date else None
                ),
                "pages": record.pages,
                "size_bytes": record.size_bytes,
                "summary": record.summary or None,
                **_document_values(record),
            }
        )
        status = Status(record.status)
        if found is None:
            key = (series.pk, identifier.update)
            waiting = self.pending.get(key)
            if waiting is not None:
                # Listed again further down the source (its Retired section).
                waiting.fields.update(values)
                self._text_wait(key, record)
                if _PUBLIC_ORDER[status] > _PUBLIC_ORDER[waiting.first_status]:
                    waiting.first_status = status
                return None
            self.pending[key] = _PendingVersion(
                fields={
                    "series": series,
                    "update_letter": identifier.update,
                    "update_index": update_index(identifier.update),
                    "title": str(identifier),
                    **values,
                },
                first_status=status,
                label=str(identifier),
            )
            summary.add("versions", "created")
            self._text_wait(key, record)
            if len(self.pending) >= self.PENDING_LIMIT:
                self.flush()
            return None
        found.series = series
        version, outcome = _upsert_row(
            DocumentVersion,
            lookup={},
            values=values,
            summary=summary,
            label=str(identifier),
            found=found,
        )
        if self._status_apply(version, status):
            outcome = "updated"
        if self._text_apply(version, record):
            summary.touched_versions.add(version.pk)
        summary.add("versions", outcome)
        return version

    def _text_wait(self, key: tuple[int, str], record: VersionRecord) -> None:
        """Keep a new version's text and files until ``flush`` has written it; a
        listing line states neither, and a page of thousands keeps nothing."""
        if record.sections is not None or record.files:
            self.pending_text.setdefault(key, []).append(record)

    def _text_apply(self, version: DocumentVersion, record: VersionRecord) -> bool:
        """Write the sections and files a record states; True if any changed.

        Sections stated replace the version's (a newer reading of its file);
        files are added, never removed (another source may have given them)."""
        summary, changed = self.summary, False
        label = str(record.identifier)
        if record.sections is not None:
            wanted = [
                # Cut as stored, so a long heading read again compares equal.
                (section.number, section.heading[:500], section.text, section.page)
                for section in record.sections
            ]
            current = list(version.text_sections.all())
            if [(s.number, s.heading, s.text, s.page) for s in current] != wanted:
                for section in current:
                    summary.log.deleted(section, label=f"{label} {section.heading}")
                version.text_sections.all().delete()
                made = VersionSection.objects.bulk_create(
                    VersionSection(
                        version=version,
                        position=position,
                        number=number,
                        heading=heading,
                        text=text,
                        page=page,
                    )
                    for position, (number, heading, text, page) in enumerate(wanted)
                )
                for section in made:
                    summary.log.created(section, label=f"{label} {section.heading}")
                summary.add("sections", "updated" if current else "created")
                changed = True
        if not record.files:
            return changed
        known = {a.sha256 for a in version.attachments.all()}
        for position, file in enumerate(record.files, start=len(known)):
            if file.sha256 in known:
                continue
            attachment = Attachment(
                version=version,
                role=Attachment.Role(file.role),
                position=position,
                filename=file.filename[:255],
                content_type=file.content_type,
                sha256=file.sha256,
                pages=file.pages,
                size_bytes=file.size_bytes,
                file=file.name,
            )
            _validate(attachment)
            attachment.save()
            known.add(file.sha256)
            summary.log.created(attachment, label=f"{label} {file.filename}")
            summary.add("files", "created")
            changed = True
        return changed

    def _status_apply(self, version: DocumentVersion, status: Status) -> bool:
        """Move a public version forward to what the source says; True if moved."""
        current = Status(version.status)
        if current == status:
            return False
        if current == Status.RETIRED:
            self.summary.notes.append(
                LEFT_RETIRED.format(identifier=version, status=status.label.lower())
            )
            return False
        if _PUBLIC_ORDER[status] < _PUBLIC_ORDER[current]:
            self.summary.notes.append(
                NOT_MOVED_BACK.format(
                    identifier=version,
                    current=current.label.lower(),
                    status=status.label.lower(),
                )
            )
            return False
        version_move(
            version,
            actor=self.actor,
            to_status=status,
            action="version.import",
            reindex=False,
        )
        self.summary.log.updated(
            version,
            label=str(version),
            before={"status": current.value},
            after={"status": version.status},
        )
        return True

    def _supersede_older(
        self, versions: Iterable[DocumentVersion], record: SeriesRecord
    ) -> None:
        """A newer source's current version makes older published ones previous
        versions (through the one door, like publishing does)."""
        published = [v for v in record.versions if v.status == Status.PUBLISHED]
        if not published:
            return
        newest = max(update_index(v.identifier.update) for v in published)
        listed = {v.identifier.update for v in record.versions}
        stale = sorted(
            (
                version
                for version in versions
                if version.status == Status.PUBLISHED
                and version.update_index < newest
                and version.update_letter not in listed
            ),
            key=lambda version: version.update_index,
        )
        befores = {version.pk: version.status for version in stale}
        by = next((v for v in versions if v.update_index == newest), None)
        for version in versions_supersede(stale, actor=self.actor, by=by):
            self.summary.add("versions", "updated")
            self.summary.log.updated(
                version,
                label=str(version),
                before={"status": befores[version.pk]},
                after={"status": version.status},
            )

    def _association_target(self, record: AssociationRecord) -> DocumentSeries | None:
        """The cited series; created (without versions) when its organization is
        known, so the cited SORN can list the documents that cite it."""
        if record.identifier is None:
            return None
        existing = self.known.series_get(record.identifier)
        if existing is not None:
            return existing
        component = record.identifier.component
        # Department-wide documents (DHS/ALL-002) belong to the department itself.
        acronym = (
            component if component and component != "ALL" else record.identifier.agency
        )
        organization = (
            self.known.organizations.get(acronym)
            or Organization.objects.filter(acronym=acronym).first()
        )
        if organization is None:
            return None
        series = _upsert(
            DocumentSeries,
            lookup=_series_lookup(record.identifier),
            values={
                "organization": organization,
                "title": _title(record.title, record.identifier, self.summary),
            },
            summary=self.summary,
            entity="series",
            label=str(record.identifier.series),
            found=None,
        )
        self.known.series[_series_key(record.identifier)] = series
        return series

    def _associations_apply(
        self, series: DocumentSeries, record: SeriesRecord, *, created: bool
    ) -> None:
        existing: dict[tuple[str, str, str], Association] = {}
        if not created:
            for association in sorted(
                series.associations.all(), key=lambda a: a.pk, reverse=True
            ):
                existing[
                    _association_key(
                        association.kind,
                        association.target_identifier,
                        association.title,
                    )
                ] = association
        listed_kinds = {a.kind for a in record.associations}
        kept: set[int] = set()
        positions: Counter[str] = Counter()
        for association_record in record.associations:
            kind = association_record.kind
            target_identifier = (
                str(association_record.identifier)
                if association_record.identifier
                else ""
            )
            key = _association_key(kind, target_identifier, association_record.title)
            # A cited document is matched by its identifier, whatever its title.
            found = existing.get(key)
            target = self._association_target(association_record)
            values = _stated(
                {
                    "title": association_record.title or None,
                    "citation": association_record.citation,
                    "cited_on": association_record.date,
                    "cited_on_precision": DatePrecision(
                        association_record.date_precision.value
                    )
                    if association_record.date
                    else None,
                }
            )
            values["target"] = target
            values["position"] = positions[kind]
            positions[kind] += 1
            label = f"{series.identifier} → {kind} {target_identifier or association_record.title}"
            if found is None:
                association = _upsert(
                    Association,
                    lookup={
                        "source": series,
                        "kind": kind,
                        "target_identifier": target_identifier,
                    },
                    values={"title": "", **values},
                    summary=self.summary,
                    entity="associations",
                    label=label,
                    found=None,
                )
            else:
                if found.target_id is not None and target is None:
                    values.pop("target")
                association = _upsert(
                    Association,
                    lookup={},
                    values=values,
                    summary=self.summary,
                    entity="associations",
                    label=label,
                    found=found,
                )
            kept.add(association.pk)
        for association in existing.values():
            if association.pk in kept or association.kind not in listed_kinds:
                # A section the source shows empty, or not at all, says nothing.
                continue
            name = association.target_identifier or association.title
            if self.prune:
                self.summary.log.deleted(
                    association,
                    label=f"{series.identifier} → {association.kind} {name}",
                )
                association.delete()
                self.summary.add("associations", "removed")
                self.summary.notes.append(
                    ASSOCIATION_PRUNED.format(
                        series=series.identifier, kind=association.kind, name=name
                    )
                )
            else:
                self.summary.notes.append(
                    ASSOCIATION_MISSING.format(
                        series=series.identifier, kind=association.kind, name=name
                    )
                )


def _association_key(
    kind: str, target_identifier: str, title: str
) -> tuple[str, str, str]:
    return (kind, target_identifier, "" if target_identifier else title.casefold())


def _newest(versions: dict[str, DocumentVersion]) -> int:
    return max((v.update_index for v in versions.values()), default=-1)


class _DryRunError(Exception):
    """Raised inside a dry run's transaction to roll it back."""


def catalog_import(
    *,
    records: Iterable[CatalogRecord],
    source: str,
    sha256: str = "",
    format: str = "page",
    actor_label: str = "",
    prune: bool = False,
    dry_run: bool = False,
    progress: Progress | None = None,
    preview: Callable[[ChangeSet], None] | None = None,
) -> ImportSummary:
    """Reconcile a source (read as one or more batches of records) with the
    registry, all or nothing, as one change set.

    ``dry_run`` runs the very same import in a transaction that is then rolled
    back, after ``preview`` was shown the change set it recorded: exactly what
    the import would do.
    Raises ImportRefusedError (nothing imported) when the source names a version
    the workspace owns.
    """
    actor = Actor(label=f"import: {source}")
    importer = _Importer(actor=actor, prune=prune)
    summary = importer.summary
    counted = [0, 0]  # series done, series read

    def step(done: int, _: int) -> None:
        counted[0] += done
        if progress is not None:
            progress(counted[0], counted[1])

    try:
        with transaction.atomic():
            change_set = change_set_open(
                source=source,
                sha256=sha256,
                format=format,
                actor_label=actor_label or actor.name,
            )
            for record in records:
                importer.organizations_apply(record)
                counted[1] += len(record.series)
                for start in range(0, len(record.series), BATCH_SERIES):
                    importer.batch_apply(
                        record.series[start : start + BATCH_SERIES], step
                    )
                    summary.log.flush(change_set)
            summary.log.flush(change_set)
            # Series, versions and the systems a series covers send no signal.
            catalog_revision_bump_on_commit()
            counts = {entity: dict(summary.counts[entity]) for entity in ENTITIES}
            if summary.changed:
                summary.change_set = change_set_close(change_set, counts=counts)
                audit_record(
                    action="catalog.import",
                    actor_label=actor.name,
                    summary=f"Imported {source}",
                    object_type="imports.changeset",
                    object_id=change_set.pk,
                    changes=counts,
                )
            else:
                change_set.delete()
            if dry_run:
                if preview is not None and summary.change_set is not None:
                    preview(summary.change_set)
                raise _DryRunError
    except _DryRunError:
        summary.change_set = None
    return summary


def catalog_apply(
    *,
    record: CatalogRecord,
    progress: Progress | None = None,
    prune: bool = False,
    dry_run: bool = False,
) -> ImportSummary:
    """Reconcile one parsed catalog (a page, a catalog file) with the registry.

    Re-applying the same record changes nothing; a newer record updates in place.
    """
    return catalog_import(
        records=[record],
        source=record.source,
        prune=prune,
        dry_run=dry_run,
        progress=progress,
    )
