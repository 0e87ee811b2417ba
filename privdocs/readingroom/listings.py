"""Arrange public series already loaded by the selectors into what pages show.

Pure functions over loaded objects: no queries, so pages stay within their
query budget however many series an organization has.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from privdocs.documents.models import (
    Association,
    DocumentSeries,
    DocumentVersion,
    Kind,
    Status,
)

#: The orders an organization page can be sorted in: the ``?sort=`` values.
SORTS = ("number", "date", "name")
DEFAULT_SORT = "number"

#: Plural headings of the kinds, in the order an organization page lists them.
KIND_HEADINGS = {
    Kind.PTA: "Privacy Threshold Analyses",
    Kind.PIA: "Privacy Impact Assessments",
    Kind.SORN: "System of Records Notices",
    Kind.PCR: "Privacy Compliance Reviews",
    Kind.DPIA: "Data Protection Impact Assessments",
}


@dataclass(frozen=True)
class Cited:
    """An association as a page shows it: linked when the public can open its target."""

    association: Association
    url: str


@dataclass
class Entry:
    """One series on a page: its current version and the earlier ones beneath it."""

    series: DocumentSeries
    current: DocumentVersion
    earlier: list[DocumentVersion]
    sorns: list[Cited] = field(default_factory=list)
    pcrs: list[Cited] = field(default_factory=list)
    replaces: list[Cited] = field(default_factory=list)

    @property
    def retired(self) -> bool:
        """Whether the series is no longer in force (its current version is retired)."""
        return self.current.status == Status.RETIRED

    @property
    def fingerprint(self) -> str:
        """A digest of everything a row of this entry shows: the key its rendered
        row is cached under. Any change to what the row shows (a title, a status,
        a new version, a system's name, an association) gives another digest, so
        a cached row is never stale; nothing has to be invalidated."""
        series = self.series
        versions = [
            (
                version.pk,
                version.update_letter,
                version.title,
                version.status,
                version.published_on,
                version.pages,
                version.size_bytes,
                version.summary,
                version.retired_on,
                version.retired_reason,
            )
            for version in (self.current, *self.earlier)
        ]
        systems = [
            (system.pk, system.slug, system.name, system.acronym)
            for system in series.systems.all()
        ]
        cited = [
            (
                group,
                item.url,
                item.association.target_identifier,
                item.association.title,
                item.association.cited_on,
                item.association.citation,
            )
            for group, items in (
                ("sorn", self.sorns),
                ("pcr", self.pcrs),
                ("replaces", self.replaces),
            )
            for item in items
        ]
        shown = (
            series.pk,
            series.agency,
            series.component,
            series.kind,
            series.number,
            versions,
            systems,
            cited,
        )
        return hashlib.blake2b(repr(shown).encode(), digest_size=16).hexdigest()


@dataclass
class KindGroup:
    """The entries of one kind, with the heading a page gives them."""

    kind: str
    heading: str
    entries: list[Entry]


def public_versions(series: DocumentSeries) -> list[DocumentVersion]:
    """The series' public versions, oldest first, as the public selector loaded them."""
    versions: list[DocumentVersion] = series.public_versions  # type: ignore[attr-defined]
    return versions


def current_version(series: DocumentSeries) -> DocumentVersion:
    """The version in force: the latest published one, else the latest public one."""
    versions = public_versions(series)
    published = [v for v in versions if v.status == Status.PUBLISHED]
    return (published or versions)[-1]


def association_target_ids(series_list: Iterable[DocumentSeries]) -> set[int]:
    """The series these series' associations point at (from prefetched rows)."""
    return {
        association.target_id
        for series in series_list
        for association in series.associations.all()
        if association.target_id is not None
    }


def entry_from_series(
    series: DocumentSeries, target_urls: Mapping[int, str] | None = None
) -> Entry:
    """The series as a page shows it: current version, earlier ones newest first.

    ``target_urls`` holds the URLs of the associated series the public may open.
    """
    urls = target_urls or {}
    current = current_version(series)
    earlier = [v for v in reversed(public_versions(series)) if v.pk != current.pk]
    entry = Entry(series=series, current=current, earlier=earlier)
    by_kind: dict[str, list[Cited]] = {
        Association.Relation.SORN: entry.sorns,
        Association.Relation.PCR: entry.pcrs,
        Association.Relation.REPLACES: entry.replaces,
    }
    for association in series.associations.all():
        url = urls.get(association.target_id, "") if association.target_id else ""
        by_kind.get(association.kind, entry.replaces).append(
            Cited(association=association, url=url)
        )
    return entry


def _date_key(entry: Entry) -> datetime.date:
    return entry.current.published_on or datetime.date.min


def entries_sorted(entries: Iterable[Entry], sort: str) -> list[Entry]:
    """Entries by identifier (``number``), newest first (``date``) or by title (``name``)."""
    by_number = sorted(entries, key=lambda entry: entry.series.identifier.sort_key())
    if sort == "date":
        return sorted(by_number, key=_date_key, reverse=True)
    if sort == "name":
        return sorted(by_number, key=lambda entry: entry.current.title.casefold())
    return by_number


def entries_grouped(entries: Sequence[Entry]) -> list[KindGroup]:
    """Entries of each kind under the kind's heading, kinds in the usual order."""
    groups = []
    for kind, heading in KIND_HEADINGS.items():
        matching = [entry for entry in entries if entry.series.kind == kind]
        if matching:
            groups.append(KindGroup(kind=kind.value, heading=heading, entries=matching))
    return groups


def size_human(size_bytes: int | None) -> str:
    """A file size as published pages write it: "167 KB", "1.4 MB"; "" if unknown."""
    if size_bytes is None:
        return ""
    if size_bytes < 1024:
        return f"{size_bytes} bytes"
    kilobytes = size_bytes / 1024
    if kilobytes < 1024:
        return f"{round(kilobytes)} KB"
    return f"{kilobytes / 1024:.1f} MB"


def body_sections(body: object) -> list[tuple[str, str]]:
    """A version's body as (question id, answer) pairs of plain text, in stored order."""
    if not isinstance(body, dict):
        return []
    return [(str(key), _plain(value)) for key, value in body.items() if _plain(value)]


def _plain(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return "\n".join(text for text in (_plain(item) for item in value) if text)
    if isinstance(value, dict):
        return "\n".join(
            f"{key}: {text}"
            for key, text in ((key, _plain(item)) for key, item in value.items())
            if text
        )
    return str(value)
