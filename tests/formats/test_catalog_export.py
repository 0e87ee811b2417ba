"""The catalog export: the documented shape, public versions only, and a lossless round trip."""

from __future__ import annotations

import csv
import datetime
import io
import json

import pytest

from privdocs.documents.models import (
    Association,
    DatePrecision,
    DocumentVersion,
    Status,
)
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.catalog_export import CSV_COLUMNS, export_catalog
from privdocs.formats.catalog_json import parse_catalog
from tests.factories import catalog, series, sorn, version

pytestmark = pytest.mark.django_db


def _export(fmt: str) -> str:
    stream = io.StringIO()
    export_catalog(stream, fmt=fmt)
    return stream.getvalue()


def _load_sample_like() -> None:
    catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-007(a)",
                version("DHS/ICE/PIA-007", status="superseded", size_bytes=None),
                version("DHS/ICE/PIA-007(a)", pages=None),
                associations=(
                    sorn("DHS/ICE-011", "Enforcement Records", "75 FR 23274"),
                ),
                sections=("SORN", "PREVIOUS"),
            ),
            series("DHS/ICE/PIA-003", sections=()),
        )
    )


def test_json_shape() -> None:
    """JSON export names organizations, systems and series, versions oldest first, nulls kept."""
    _load_sample_like()
    document = json.loads(_export("json"))
    assert document["format"] == "privdocs-catalog"
    assert {
        "acronym": "ICE",
        "name": "U.S. Immigration and Customs Enforcement",
        "parent": "DHS",
    } in document["organizations"]
    assert document["systems"] == [
        {"name": "Harbor Records System", "acronym": "HRS", "organization": "ICE"}
    ]
    identifiers = [s["identifier"] for s in document["series"]]
    # The cited SORN has no public version of its own: it is named, not listed.
    assert identifiers == ["DHS/ICE/PIA-003", "DHS/ICE/PIA-007"]
    pia7 = document["series"][1]
    assert pia7["kind"] == "PIA"
    assert pia7["organization"] == "ICE"
    assert pia7["systems"] == ["HRS"]
    assert pia7["sections"] == ["SORN", "PREVIOUS"]
    assert [(v["identifier"], v["update"], v["status"]) for v in pia7["versions"]] == [
        ("DHS/ICE/PIA-007", "", "superseded"),
        ("DHS/ICE/PIA-007(a)", "a", "published"),
    ]
    assert pia7["versions"][0]["size_bytes"] is None
    assert pia7["versions"][1]["pages"] is None
    assert pia7["versions"][1]["date"] == "2012-03-04"
    assert pia7["associations"] == [
        {
            "kind": "SORN",
            "identifier": "DHS/ICE-011",
            "title": "Enforcement Records",
            "citation": "75 FR 23274",
            "date": None,
        }
    ]


def test_drafts_are_not_exported() -> None:
    """A draft version never reaches the open data, in JSON or CSV."""
    _load_sample_like()
    DocumentVersion.objects.filter(update_letter="a").update(
        status=Status.DRAFT, title="Secret draft title"
    )
    assert "Secret draft title" not in _export("json")
    assert "Secret draft title" not in _export("csv")


def test_csv_has_a_row_per_version() -> None:
    """CSV export: the documented columns, one row per public version, blanks for unknowns."""
    _load_sample_like()
    rows = list(csv.DictReader(io.StringIO(_export("csv"))))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert [row["identifier"] for row in rows] == [
        "DHS/ICE/PIA-003",
        "DHS/ICE/PIA-007",
        "DHS/ICE/PIA-007(a)",
    ]
    assert rows[2]["pages"] == ""
    assert rows[2]["associated_sorns"] == "DHS/ICE-011"


def test_round_trip_is_lossless() -> None:
    """Export, re-read with the catalog reader, re-apply: nothing changes."""
    _load_sample_like()
    exported = _export("json")
    summary = catalog_apply(record=parse_catalog(exported, source="export.json"))
    assert not summary.changed
    assert _export("json") == exported


def test_dates_are_written_as_precisely_as_known() -> None:
    """A month-only date is written YYYY-MM and a year-only one YYYY, in JSON and CSV,
    for versions and associations; a day stays YYYY-MM-DD."""
    _load_sample_like()
    DocumentVersion.objects.filter(update_letter="a").update(
        published_on=datetime.date(2014, 6, 1),
        published_on_precision=DatePrecision.MONTH,
    )
    DocumentVersion.objects.filter(update_letter="", series__number=7).update(
        published_on=datetime.date(2011, 1, 1), published_on_precision="year"
    )
    Association.objects.update(
        cited_on=datetime.date(2010, 4, 1), cited_on_precision=DatePrecision.MONTH
    )
    pia7 = json.loads(_export("json"))["series"][1]
    assert [v["date"] for v in pia7["versions"]] == ["2011", "2014-06"]
    assert pia7["associations"][0]["date"] == "2010-04"
    rows = list(csv.DictReader(io.StringIO(_export("csv"))))
    assert [row["date"] for row in rows] == ["2012-03-04", "2011", "2014-06"]


@pytest.mark.parametrize(
    "start",
    ["=", "+", "-", "@", "\t", "\r"],
    ids=["eq", "plus", "minus", "at", "tab", "cr"],
)
def test_csv_injection_formula_cells_are_neutralized(start: str) -> None:
    """A CSV cell (title, summary, systems, associations) that begins like a
    spreadsheet formula is written with a leading ``'``, so a spreadsheet shows it
    as text; the same value in JSON is left as stored."""
    _load_sample_like()
    formula = f'{start}HYPERLINK("http://example.invalid/","open")'
    DocumentVersion.objects.filter(update_letter="a").update(
        title=formula, summary=formula + " summary"
    )
    Association.objects.update(target_identifier="", title=formula + " SORN")
    rows = list(csv.DictReader(io.StringIO(_export("csv"))))
    row = next(row for row in rows if row["identifier"] == "DHS/ICE/PIA-007(a)")
    assert row["title"] == "'" + formula
    assert row["summary"] == "'" + formula + " summary"
    assert row["associated_sorns"] == "'" + formula + " SORN"
    other = next(row for row in rows if row["identifier"] == "DHS/ICE/PIA-007")
    assert not other["title"].startswith("'")
    versions = [v for s in json.loads(_export("json"))["series"] for v in s["versions"]]
    assert formula in [v["title"] for v in versions]


def test_csv_plain_cells_and_numbers_are_unchanged() -> None:
    """Cells that do not begin like a formula, and the page and size numbers, are
    written as they are."""
    _load_sample_like()
    rows = list(csv.DictReader(io.StringIO(_export("csv"))))
    assert all(not value.startswith("'") for row in rows for value in row.values())
    assert {row["size_bytes"] for row in rows} - {""} <= {
        str(n) for n in DocumentVersion.objects.values_list("size_bytes", flat=True)
    }
