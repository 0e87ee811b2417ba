"""The published JSON Schema of the catalog format: generated from the models, true
to a real export, and no looser than the documented choices."""

from __future__ import annotations

import copy
import datetime
import io
import json
import re
from contextlib import redirect_stdout
from pathlib import Path
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from privdocs.documents.identifiers import DocumentKind, Identifier
from privdocs.formats.catalog_json import (
    ASSOCIATION_KINDS,
    KINDS,
    SCHEMA_COMMAND,
    SCHEMA_FILE,
    SECTIONS,
    STATUSES,
    catalog_schema_text,
    date_parse,
    date_text,
    load_sample_catalog,
    main,
    sample_catalog_text,
)
from privdocs.formats.records import DatePrecision
from tests.formats.jsonschema_subset import schema_errors

ROOT = Path(__file__).resolve().parents[2]


def _committed() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads((ROOT / SCHEMA_FILE).read_text("utf-8"))
    return schema


def _sample() -> dict[str, Any]:
    document: dict[str, Any] = json.loads(sample_catalog_text())
    return document


def test_committed_schema_is_the_models_schema() -> None:
    """docs/catalog-format.schema.json is exactly what the models generate."""
    committed = (ROOT / SCHEMA_FILE).read_text(encoding="utf-8")
    assert committed == catalog_schema_text(), (
        f"{SCHEMA_FILE} differs from the models' schema; regenerate it: {SCHEMA_COMMAND}"
    )


def test_schema_command_prints_the_schema() -> None:
    """``python -m privdocs.formats.catalog_json --schema`` prints the published text."""
    printed = io.StringIO()
    with redirect_stdout(printed):
        assert main(["--schema"]) == 0
    assert printed.getvalue() == catalog_schema_text()


def test_schema_is_linked_from_the_format_page() -> None:
    """The format page links the schema and says how to regenerate it."""
    page = (ROOT / "docs" / "catalog-format.md").read_text(encoding="utf-8")
    assert "(catalog-format.schema.json)" in page
    assert SCHEMA_COMMAND.removeprefix("python ") in page


def test_sample_catalog_conforms_to_the_committed_schema() -> None:
    """The shipped sample, a real export, breaks no rule of the published schema
    and is read by the models."""
    assert schema_errors(_committed(), _sample(), root=_committed()) == []
    assert len(load_sample_catalog().series) == 38


def test_schema_refuses_what_the_format_refuses() -> None:
    """A draft, pages as text, a missing summary, an unknown field, an empty version
    list and a misspelt date break the schema, each at its path."""
    document = _sample()
    version = document["series"][0]["versions"][0]
    version["status"] = "draft"
    version["pages"] = "6"
    version["sumary"] = version.pop("summary")
    version["date"] = "23 June 2011"
    document["series"][1]["versions"] = []
    errors = schema_errors(_committed(), document, root=_committed())
    where = "$.series[0].versions[0]"
    assert sorted(error.split(":")[0] for error in errors) == sorted(
        [
            f"{where}.status",
            f"{where}.pages",
            f"{where}.summary",
            f"{where}.sumary",
            f"{where}.date",
            "$.series[1].versions",
        ]
    )


def test_every_field_is_required_as_the_export_writes_every_field() -> None:
    """Each object of the schema requires all its properties and allows no other:
    the export writes every field, null included."""
    schema = _committed()
    objects = [schema, *schema["$defs"].values()]
    assert len(objects) == 6
    for item in objects:
        assert item["additionalProperties"] is False, item["title"]
        assert sorted(item["required"]) == sorted(item["properties"]), item["title"]


def _enum(schema: dict[str, Any]) -> list[str]:
    for option in schema.get("anyOf", [schema]):
        if "enum" in option:
            return list(option["enum"])
    if "items" in schema:
        return _enum(schema["items"])
    raise AssertionError(f"no enum in {schema}")


def test_schema_enums_are_the_documented_choices() -> None:
    """Kinds, statuses, association kinds and sections are the reader's own lists,
    and the export uses only those."""
    definitions = _committed()["$defs"]
    assert _enum(definitions["CatalogSeries"]["properties"]["kind"]) == list(KINDS)
    assert list(KINDS) == [kind.value for kind in DocumentKind]
    assert _enum(definitions["CatalogVersion"]["properties"]["status"]) == list(
        STATUSES
    )
    assert _enum(definitions["CatalogAssociation"]["properties"]["kind"]) == list(
        ASSOCIATION_KINDS
    )
    assert _enum(definitions["CatalogSeries"]["properties"]["sections"]) == list(
        SECTIONS
    )
    sample = _sample()
    assert {s["kind"] for s in sample["series"]} <= set(KINDS)
    assert {v["status"] for s in sample["series"] for v in s["versions"]} <= set(
        STATUSES
    )


def _pattern(definition: str, field: str) -> str:
    schema = _committed()["$defs"][definition]["properties"][field]
    for option in schema.get("anyOf", [schema]):
        if "pattern" in option:
            return str(option["pattern"])
    raise AssertionError(f"no pattern for {definition}.{field}")


_AGENCIES = st.from_regex(r"\A[A-Z]{2,5}\Z").filter(
    lambda word: word not in DocumentKind.__members__
)
_COMPONENTS = st.none() | st.from_regex(r"\A[A-Z]([A-Z&]{0,3}[A-Z])?\Z").filter(
    lambda word: word not in DocumentKind.__members__
)


@given(
    agency=_AGENCIES,
    component=_COMPONENTS,
    kind=st.sampled_from(list(DocumentKind)),
    number=st.integers(min_value=0, max_value=12000),
    update=st.from_regex(r"\A[a-z]{0,2}\Z"),
)
def test_identifier_pattern_admits_every_canonical_spelling(
    agency: str, component: str | None, kind: DocumentKind, number: int, update: str
) -> None:
    """Whatever the agency, component, kind, number and letter, the canonical
    spelling the export writes matches the schema's identifier pattern."""
    identifier = Identifier(agency, component, kind, number, update)
    for definition in ("CatalogSeries", "CatalogVersion", "CatalogAssociation"):
        assert re.search(_pattern(definition, "identifier"), str(identifier))


@given(
    day=st.dates(min_value=datetime.date(1, 1, 1)),
    precision=st.sampled_from(list(DatePrecision)),
)
def test_dates_read_back_as_written(
    day: datetime.date, precision: DatePrecision
) -> None:
    """A date written with its precision reads back as the same date (the 1st of
    its month or year) and precision, and matches the schema's date pattern."""
    if precision is DatePrecision.MONTH:
        day = day.replace(day=1)
    if precision is DatePrecision.YEAR:
        day = day.replace(month=1, day=1)
    text = date_text(day, precision)
    assert date_parse(text) == (day, precision)
    assert re.search(_pattern("CatalogVersion", "date"), text)


def test_schema_pattern_is_looser_than_the_reader_for_dates() -> None:
    """The schema checks a date's spelling; the reader also its calendar (13th month)."""
    document = copy.deepcopy(_sample())
    document["series"][0]["versions"][0]["date"] = "2015-13"
    assert schema_errors(_committed(), document, root=_committed()) == []
    assert date_parse("2015-13") is None
