"""The catalog round trip: export, read, apply into an empty registry, export again.

One catalog with every field the format has: dates of a day, a month and a year,
unknown pages and sizes, an association without identifier, sections shown empty,
superseded and retired versions, an organization tree of three levels and a system
without acronym.
"""

from __future__ import annotations

import copy
import datetime
import io
import json
from typing import Any

import pytest

from privdocs.documents.identifiers import parse_identifier
from privdocs.documents.models import Association, DocumentSeries, DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.catalog_export import export_catalog
from privdocs.formats.catalog_json import date_parse, parse_catalog
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    DatePrecision,
    OrganizationRecord,
    SystemRecord,
)
from privdocs.inventory.models import Organization, System

ENFORCEMENT_SORN: dict[str, Any] = {
    "kind": "SORN",
    "identifier": "DHS/ICE-011",
    "title": "Enforcement Records",
    "citation": "75 FR 23274",
    "date": "2010-04-30",
}


def _version(
    identifier: str, date: str | None, status: str, **facts: Any
) -> dict[str, Any]:
    parsed = parse_identifier(identifier)
    return {
        "identifier": identifier,
        "update": parsed.update,
        "title": facts.get("title", "Harbor Records System"),
        "date": date,
        "pages": facts.get("pages", 12),
        "size_bytes": facts.get("size_bytes", 40960),
        "summary": facts.get(
            "summary", f"Inspections of harbor vessels, as of update {parsed.update!r}."
        ),
        "status": status,
    }


def every_field() -> dict[str, Any]:
    """A catalog using every field, in the order the export writes it."""
    return {
        "format": "privdocs-catalog",
        "version": 1,
        "organizations": [
            {
                "acronym": "DHS",
                "name": "Department of Homeland Security",
                "parent": None,
            },
            {
                "acronym": "HSI",
                "name": "Homeland Security Investigations",
                "parent": "ICE",
            },
            {
                "acronym": "ICE",
                "name": "U.S. Immigration and Customs Enforcement",
                "parent": "DHS",
            },
        ],
        "systems": [
            {"name": "Case Tracking Ledger", "acronym": "CTL", "organization": "HSI"},
            {"name": "Dock Ledger", "acronym": None, "organization": "ICE"},
            {"name": "Harbor Records System", "acronym": "HRS", "organization": "ICE"},
        ],
        "series": [
            {
                "identifier": "DHS/ICE/PIA-007",
                "kind": "PIA",
                "organization": "ICE",
                "title": "Harbor Records System Update",
                "systems": ["Dock Ledger", "HRS"],
                "versions": [
                    _version("DHS/ICE/PIA-007", "2009-11-02", "superseded"),
                    # A month only, and neither pages nor size known.
                    _version(
                        "DHS/ICE/PIA-007(a)",
                        "2011-06",
                        "superseded",
                        pages=None,
                        size_bytes=None,
                    ),
                    # A year only.
                    _version(
                        "DHS/ICE/PIA-007(c)",
                        "2013",
                        "published",
                        title="Harbor Records System Update",
                        pages=8,
                        size_bytes=30720,
                    ),
                ],
                # PCRs before SORNs: the export lists associations by kind.
                "associations": [
                    {
                        "kind": "PCR",
                        "identifier": None,
                        "title": "Harbor Records System Compliance Review",
                        "citation": None,
                        "date": "2014-06",
                    },
                    ENFORCEMENT_SORN,
                ],
                "sections": ["SORN", "PCR", "PREVIOUS"],
            },
            {
                "identifier": "DHS/ICE/PIA-012",
                "kind": "PIA",
                "organization": "ICE",
                "title": "Pier Badge Records",
                "systems": ["HRS"],
                "versions": [
                    _version(
                        "DHS/ICE/PIA-012",
                        "2008-02-14",
                        "retired",
                        title="Pier Badge Records",
                        pages=5,
                        size_bytes=10240,
                        summary="Badges issued to pier workers; no longer in force.",
                    )
                ],
                "associations": [],
                # Shown with no SORN under it: the text of a page drops the links.
                "sections": ["SORN"],
            },
            {
                "identifier": "DHS/ICE/PIA-021",
                "kind": "PIA",
                "organization": "HSI",
                "title": "Case Tracking Ledger",
                "systems": ["CTL"],
                "versions": [
                    _version(
                        "DHS/ICE/PIA-021",
                        "2016-01-20",
                        "published",
                        title="Case Tracking Ledger",
                        pages=21,
                        size_bytes=512000,
                        summary="Investigators' case notes and the leads they follow.",
                    )
                ],
                "associations": [ENFORCEMENT_SORN],
                "sections": [],
            },
        ],
    }


def _text(document: dict[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False)


def _export() -> str:
    stream = io.StringIO()
    export_catalog(stream, fmt="json")
    return stream.getvalue()


def _without_source(record: CatalogRecord) -> CatalogRecord:
    return CatalogRecord(
        organizations=record.organizations, series=record.series, source=""
    )


# --- records ------------------------------------------------------------------


def test_every_field_is_read_into_the_records() -> None:
    """The reader keeps every fact: precisions, unknowns, the three-level tree, the
    system without acronym, an association without identifier, empty sections."""
    record = parse_catalog(_text(every_field()), source="every.json")
    assert record.organizations == (
        OrganizationRecord("DHS", "Department of Homeland Security", None),
        OrganizationRecord("HSI", "Homeland Security Investigations", "ICE"),
        OrganizationRecord("ICE", "U.S. Immigration and Customs Enforcement", "DHS"),
    )
    harbor, badges, cases = record.series
    assert harbor.systems == (
        SystemRecord("Dock Ledger", None),
        SystemRecord("Harbor Records System", "HRS"),
    )
    assert [
        (v.date, v.date_precision, v.pages, v.size_bytes, v.status)
        for v in harbor.versions
    ] == [
        (datetime.date(2009, 11, 2), DatePrecision.DAY, 12, 40960, "superseded"),
        (datetime.date(2011, 6, 1), DatePrecision.MONTH, None, None, "superseded"),
        (datetime.date(2013, 1, 1), DatePrecision.YEAR, 8, 30720, "published"),
    ]
    assert harbor.associations[0] == AssociationRecord(
        kind="PCR",
        identifier=None,
        title="Harbor Records System Compliance Review",
        citation=None,
        date=datetime.date(2014, 6, 1),
        date_precision=DatePrecision.MONTH,
    )
    assert harbor.sections == ("SORN", "PCR", "PREVIOUS")
    assert (badges.versions[0].status, badges.associations, badges.sections) == (
        "retired",
        (),
        ("SORN",),
    )
    assert (cases.organization, cases.sections) == ("HSI", ())
    assert cases.systems == (SystemRecord("Case Tracking Ledger", "CTL"),)


@pytest.mark.django_db
def test_records_read_back_from_the_export_are_the_records_applied() -> None:
    """Apply the records, export, read the export: the same records, field by field."""
    applied = parse_catalog(_text(every_field()), source="every.json")
    catalog_apply(record=applied)
    exported = parse_catalog(_export(), source="export.json")
    assert _without_source(exported) == _without_source(applied)


# --- through the database -----------------------------------------------------


@pytest.mark.django_db
def test_the_export_of_an_imported_catalog_is_that_catalog() -> None:
    """Import a catalog into an empty registry, export it: every field comes back as
    it was given, in the same order."""
    catalog_apply(record=parse_catalog(_text(every_field()), source="every.json"))
    assert json.loads(_export()) == every_field()


def _registry_with_every_field() -> None:
    """The registry holding ``every_field()``: imported, with the dates' precision
    set as the catalog gives it, so that the round trip below is tested from a
    registry that has every field, however the first import stored it."""
    document = every_field()
    catalog_apply(record=parse_catalog(_text(document), source="every.json"))
    for series in document["series"]:
        identifier = parse_identifier(series["identifier"])
        for item in series["versions"]:
            parsed = date_parse(item["date"]) if item["date"] else None
            if parsed is not None:
                DocumentVersion.objects.filter(
                    series__number=identifier.number, update_letter=item["update"]
                ).update(published_on=parsed[0], published_on_precision=parsed[1])
        for item in series["associations"]:
            parsed = date_parse(item["date"]) if item["date"] else None
            if parsed is not None:
                Association.objects.filter(
                    source__number=identifier.number, title=item["title"]
                ).update(cited_on=parsed[0], cited_on_precision=parsed[1])


def _empty_the_registry() -> None:
    DocumentSeries.objects.all().delete()
    System.objects.all().delete()
    # Leaves first: a parent is protected while it has children.
    while Organization.objects.exists():
        Organization.objects.filter(children__isnull=True).delete()


@pytest.mark.django_db
def test_export_import_into_an_empty_registry_export_is_identical() -> None:
    """Export, import the file into an empty registry, export again: the same text;
    importing it once more changes nothing."""
    _registry_with_every_field()
    first = _export()
    assert json.loads(first) == every_field()
    _empty_the_registry()
    assert not Organization.objects.exists()
    catalog_apply(record=parse_catalog(first, source="first.json"))
    second = _export()
    assert second == first
    again = catalog_apply(record=parse_catalog(second, source="second.json"))
    assert again.changed is False, again.counts
    assert _export() == first


@pytest.mark.django_db
def test_applying_the_catalog_twice_changes_nothing() -> None:
    """An import of the export of the registry it came from changes nothing."""
    catalog_apply(record=parse_catalog(_text(every_field()), source="every.json"))
    summary = catalog_apply(record=parse_catalog(_export(), source="export.json"))
    assert summary.changed is False, summary.counts


def test_fixture_is_a_valid_catalog_in_export_order() -> None:
    """The fixture lists organizations, systems and series in the export's order."""
    document = every_field()
    assert [o["acronym"] for o in document["organizations"]] == sorted(
        o["acronym"] for o in document["organizations"]
    )
    ordered = copy.deepcopy(document["systems"])
    ordered.sort(key=lambda s: (s["organization"], s["name"]))
    assert document["systems"] == ordered
    assert [parse_identifier(s["identifier"]) for s in document["series"]] == sorted(
        parse_identifier(s["identifier"]) for s in document["series"]
    )
