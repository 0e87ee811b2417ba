"""A small published ICE catalog the reading-room tests read, built through catalog_apply."""

from __future__ import annotations

import datetime

import pytest

from privdocs.documents.identifiers import parse_identifier
from privdocs.documents.models import DocumentSeries
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    SeriesRecord,
    SystemRecord,
)
from tests.factories import catalog, series, sorn, version

EID = SystemRecord("Enforcement Integrated Database", "EID")
LPR = SystemRecord("License Plate Reader Data Service", "LPR")
CARIER = SystemRecord(
    "Criminal Arrest Records and Immigration Enforcement Records", "CARIER"
)


def registry_record() -> CatalogRecord:
    """PIA-015 with two earlier versions citing two SORNs (one in the registry, one
    not), the SORN ICE-011, PIA-039 on another system, and PIA-007 retired."""
    return catalog(
        series(
            "DHS/ICE/PIA-015",
            version(
                "DHS/ICE/PIA-015",
                title="Enforcement Integrated Database",
                date=datetime.date(2008, 1, 14),
                summary="The first assessment of the arrest database.",
                status="superseded",
            ),
            version(
                "DHS/ICE/PIA-015(a)",
                title="Enforcement Integrated Database Update",
                date=datetime.date(2010, 5, 3),
                summary="Adds fingerprint sharing.",
                status="superseded",
            ),
            version(
                "DHS/ICE/PIA-015(b)",
                title="Enforcement Integrated Database Criminal History Update",
                date=datetime.date(2013, 7, 1),
                pages=29,
                size_bytes=171008,
                summary="Describes criminal history checks against partner records.",
            ),
            system=EID,
            associations=(
                sorn(
                    "DHS/ICE-011",
                    "Criminal Arrest Records and Immigration Enforcement Records",
                    "75 FR 23274",
                ),
                sorn("DHS/ALL-030", "Use of the Terrorist Screening Database"),
                AssociationRecord(
                    kind="PCR",
                    identifier=None,
                    title="Review of arrest data sharing",
                    date=datetime.date(2014, 2, 1),
                ),
            ),
            sections=("SORN", "PCR"),
        ),
        series(
            "DHS/ICE-011",
            version(
                "DHS/ICE-011",
                title="Criminal Arrest Records and Immigration Enforcement Records",
                date=datetime.date(2016, 10, 19),
                summary="The system of records for arrests and removals.",
            ),
            system=CARIER,
        ),
        series(
            "DHS/ICE/PIA-039",
            version(
                "DHS/ICE/PIA-039",
                title="Acquisition and Use of License Plate Reader Data",
                date=datetime.date(2015, 12, 1),
                summary="Investigators query a vendor's records of where vehicles were seen.",
                size_bytes=1_572_864,
            ),
            system=LPR,
        ),
        series(
            "DHS/ICE/PIA-007",
            version(
                "DHS/ICE/PIA-007",
                title="Law Enforcement Intelligence Fusion System",
                date=datetime.date(2008, 11, 17),
                summary="A fusion system since replaced.",
                status="retired",
            ),
        ),
    )


@pytest.fixture
def registry(db: None) -> None:
    """The published catalog of ``registry_record``."""
    catalog_apply(record=registry_record())


def many_series_record(count: int) -> CatalogRecord:
    """``count`` PIA series, each with an earlier version and an associated SORN."""
    records: list[SeriesRecord] = []
    for number in range(1, count + 1):
        identifier = f"DHS/ICE/PIA-{number:03d}"
        records.append(
            series(
                identifier,
                version(
                    identifier,
                    title=f"Harbor program {number}",
                    summary=f"Inspection records, part {number}.",
                    status="superseded",
                ),
                version(
                    f"{identifier}(a)",
                    title=f"Harbor program {number} update",
                    summary=f"Inspection records updated, part {number}.",
                    date=datetime.date(2013, 1, 1) + datetime.timedelta(days=number),
                ),
                system=SystemRecord(f"Harbor system {number}", f"HS{number}"),
                associations=(sorn("DHS/ICE-011", "Arrest records"),),
            )
        )
    records.append(
        series(
            "DHS/ICE-011",
            version("DHS/ICE-011", title="Arrest records", summary="Arrests."),
        )
    )
    return catalog(*records)


def series_of(identifier: str) -> DocumentSeries:
    """The series an identifier names (tests only: no public gate)."""
    parsed = parse_identifier(identifier)
    return DocumentSeries.objects.get(
        agency=parsed.agency,
        component=parsed.component or "",
        kind=parsed.kind.value,
        number=parsed.number,
    )
