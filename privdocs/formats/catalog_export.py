"""The catalog export, the project's open-data format, as JSON or CSV.

Both write as they read, series by series, so memory stays flat however large
the catalog is. The format is documented in docs/catalog-format.md.
"""

from __future__ import annotations

import csv
import gc
import json
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from privdocs.documents.models import DocumentSeries, DocumentVersion
from privdocs.documents.selectors import series_list_public, system_list_public
from privdocs.formats.catalog_json import FORMAT_MARKER, FORMAT_VERSION, date_text
from privdocs.inventory.models import Organization

FORMATS = ("json", "csv")
CHUNK_SIZE = 500

CSV_COLUMNS = (
    "series",
    "identifier",
    "kind",
    "organization",
    "systems",
    "update",
    "title",
    "date",
    "pages",
    "size_bytes",
    "status",
    "summary",
    "associated_sorns",
    "associated_pcrs",
)

Progress = Callable[[int], None]

#: A CSV cell beginning with one of these is a formula to a spreadsheet
#: (``=HYPERLINK(...)``, ``@SUM(...)``, ``+cmd|...``); tab and carriage return hide one.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text: a string beginning like a formula gets a
    leading ``'`` (OWASP's CSV injection advice); numbers and other text are kept."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return "'" + value
    return value


def export_catalog(
    stream: TextIO, *, fmt: str, progress: Progress | None = None
) -> int:
    """Write every public series to ``stream`` as ``json`` or ``csv``; returns the count."""
    if fmt == "json":
        return _write_json(stream, progress)
    if fmt == "csv":
        return _write_csv(stream, progress)
    raise ValueError(
        f"unknown catalog format {fmt!r}: expected one of {', '.join(FORMATS)}"
    )


def _series_iter() -> Iterator[DocumentSeries]:
    """Public series, ``CHUNK_SIZE`` at a time with their versions (without the
    bodies the export leaves out), systems and associations.

    Prefetched rows point at each other (a series, its versions, their related
    managers), so a chunk is freed only by the cycle collector: it runs after each
    chunk, or several chunks would pile up between its own runs and the peak would
    grow with the catalog. Objects alive before the export are frozen out of those
    collections, which then scan one chunk's objects only.
    """
    gc.freeze()
    try:
        series = series_list_public(bodies=False).iterator(chunk_size=CHUNK_SIZE)
        for position, item in enumerate(series, start=1):
            yield item
            if position % CHUNK_SIZE == 0:
                gc.collect()
    finally:
        gc.unfreeze()


def _version_dict(version: DocumentVersion, series: DocumentSeries) -> dict[str, Any]:
    version.series = series  # already loaded: spares a query per version
    return {
        "identifier": str(version.identifier),
        "update": version.update_letter,
        "title": version.title,
        # As much of the date as is known: "2014-06" for a month, "2014" for a year.
        "date": date_text(version.published_on, version.published_on_precision)
        if version.published_on
        else None,
        "pages": version.pages,
        "size_bytes": version.size_bytes,
        "summary": version.summary,
        "status": version.status,
    }


def _series_dict(series: DocumentSeries) -> dict[str, Any]:
    return {
        "identifier": str(series.identifier),
        "kind": series.kind,
        "organization": series.organization.acronym,
        "title": series.title,
        "systems": [system.label for system in series.systems.all()],
        "versions": [_version_dict(v, series) for v in series.public_versions],  # type: ignore[attr-defined]
        "associations": [
            {
                "kind": association.kind,
                "identifier": association.target_identifier or None,
                "title": association.title,
                "citation": association.citation or None,
                "date": date_text(association.cited_on, association.cited_on_precision)
                if association.cited_on
                else None,
            }
            for association in series.associations.all()
        ],
        "sections": list(series.sections),
    }


def _write_json(stream: TextIO, progress: Progress | None) -> int:
    organizations = [
        {
            "acronym": organization.acronym,
            "name": organization.name,
            "parent": organization.parent.acronym if organization.parent else None,
        }
        for organization in Organization.objects.select_related("parent").order_by(
            "acronym"
        )
    ]
    stream.write(f'{{"format": "{FORMAT_MARKER}", "version": {FORMAT_VERSION},\n')
    stream.write(
        f' "organizations": {json.dumps(organizations, ensure_ascii=False)},\n'
    )
    stream.write(' "systems": [')
    systems = (
        system_list_public()
        .select_related("organization")
        .order_by("organization__acronym", "name")
    )
    for position, system in enumerate(systems.iterator(chunk_size=CHUNK_SIZE)):
        item = {
            "name": system.name,
            "acronym": system.acronym or None,
            "organization": system.organization.acronym,
        }
        stream.write(
            ("," if position else "") + "\n  " + json.dumps(item, ensure_ascii=False)
        )
    stream.write('],\n "series": [')
    count = 0
    for series in _series_iter():
        text = json.dumps(_series_dict(series), ensure_ascii=False)
        stream.write(("," if count else "") + "\n  " + text)
        count += 1
        if progress is not None:
            progress(count)
    stream.write("]}\n")
    return count


def _write_csv(stream: TextIO, progress: Progress | None) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    count = 0
    for series in _series_iter():
        record = _series_dict(series)
        associated = {
            kind: "; ".join(
                a["identifier"] or a["title"]
                for a in record["associations"]
                if a["kind"] == kind
            )
            for kind in ("SORN", "PCR")
        }
        for version in record["versions"]:
            writer.writerow(
                csv_cell(cell)
                for cell in (
                    record["identifier"],
                    version["identifier"],
                    record["kind"],
                    record["organization"],
                    "; ".join(record["systems"]),
                    version["update"],
                    version["title"],
                    version["date"] or "",
                    "" if version["pages"] is None else version["pages"],
                    "" if version["size_bytes"] is None else version["size_bytes"],
                    version["status"],
                    version["summary"],
                    associated["SORN"],
                    associated["PCR"],
                )
            )
        count += 1
        if progress is not None:
            progress(count)
    return count
