"""Small builders of catalog records for tests, so each test says only what matters to it."""

from __future__ import annotations

import datetime

from privdocs.documents.identifiers import parse_identifier
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    OrganizationRecord,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)

ORGANIZATIONS = (
    OrganizationRecord("DHS", "Department of Homeland Security"),
    OrganizationRecord("ICE", "U.S. Immigration and Customs Enforcement", "DHS"),
)


HARBOR = SystemRecord("Harbor Records System", "HRS")


def version(
    identifier: str,
    *,
    title: str = "Harbor Records System",
    date: datetime.date | None = datetime.date(2012, 3, 4),
    pages: int | None = 10,
    size_bytes: int | None = 20480,
    summary: str = "Keeps records of harbor inspections.",
    status: str = "published",
) -> VersionRecord:
    return VersionRecord(
        identifier=parse_identifier(identifier),
        title=title,
        date=date,
        pages=pages,
        size_bytes=size_bytes,
        summary=summary,
        status=status,
    )


def series(
    identifier: str,
    *versions: VersionRecord,
    system: SystemRecord = HARBOR,
    associations: tuple[AssociationRecord, ...] = (),
    sections: tuple[str, ...] = ("SORN",),
) -> SeriesRecord:
    parsed = parse_identifier(identifier)
    return SeriesRecord(
        identifier=parsed.series,
        organization=parsed.component or parsed.agency,
        systems=(system,),
        versions=versions or (version(identifier),),
        associations=associations,
        sections=sections,
    )


def catalog(*series_records: SeriesRecord, source: str = "test") -> CatalogRecord:
    return CatalogRecord(
        organizations=ORGANIZATIONS, series=series_records, source=source
    )


def sorn(identifier: str, title: str, citation: str | None = None) -> AssociationRecord:
    return AssociationRecord(
        kind="SORN",
        identifier=parse_identifier(identifier),
        title=title,
        citation=citation,
    )
