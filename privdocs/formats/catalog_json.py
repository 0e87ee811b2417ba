"""Read the JSON catalog format (docs/catalog-format.md) back into catalog records.

The reader of what ``catalog_export`` writes: export, read, apply changes nothing.
The format is declared once, as the strict pydantic models below; the JSON Schema
published as docs/catalog-format.schema.json is generated from them
(``python -m privdocs.formats.catalog_json --schema``). Pure: no Django, no
database. Every refusal names the file and the JSON path of the bad field
(``sample.json: series[3].versions[0].date: ...``).
"""

from __future__ import annotations

import argparse
import datetime
import importlib.resources
import json
import re
import sys
from collections.abc import Sequence
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    Field,
    PlainValidator,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from privdocs.core.errors import FormatError, IdentifierError
from privdocs.core.strict import REFUSAL, StrictModel, first_refusal, refusal
from privdocs.documents.identifiers import (
    DocumentKind,
    Identifier,
    parse_citation,
    parse_identifier,
    update_index,
)
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    DatePrecision,
    OrganizationRecord,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)

FORMAT_MARKER = "privdocs-catalog"
FORMAT_VERSION = 1
KINDS = tuple(kind.value for kind in DocumentKind)
STATUSES = ("published", "superseded", "retired")
ASSOCIATION_KINDS = ("SORN", "PCR")
# RETIRED as well: a page importer may record that a series was listed there.
SECTIONS = ("SORN", "PCR", "PREVIOUS", "RETIRED")

SAMPLE_PACKAGE = "privdocs.formats"
SAMPLE_FILE = ("sample", "ice-2015.json")
SAMPLE_SOURCE = "privdocs/formats/sample/ice-2015.json"
SCHEMA_FILE = "docs/catalog-format.schema.json"
SCHEMA_COMMAND = f"python -m privdocs.formats.catalog_json --schema > {SCHEMA_FILE}"

# Why a catalog is refused. Field messages are prefixed with the JSON path.
NOT_JSON = "not JSON: {error} at line {line}, column {column}"
NOT_A_CATALOG = (
    'not a privdocs catalog: expected "format": "privdocs-catalog", found {found}'
)
UNSUPPORTED_VERSION = (
    "catalog format version {found} is not supported: expected " + str(FORMAT_VERSION)
)
WRONG_TYPE = "{path}: expected {expected}, found {found}"
MISSING_FIELD = "{path}: missing"
UNKNOWN_FIELD = "{path}: unknown field"
EMPTY_TEXT = "{path}: must not be empty"
DATE_SPELLINGS = "YYYY-MM-DD, YYYY-MM or YYYY"
EXPECTED_DATE = f"a date ({DATE_SPELLINGS}) or null"
NOT_A_DATE = "{path}: {value} is not a date (" + DATE_SPELLINGS + ")"
EXPECTED_NUMBER = "a whole number or null"
NOT_POSITIVE = "{path}: {value} is not a positive whole number"
UNKNOWN_KIND = "{path}: {value} is not a document kind: expected one of " + ", ".join(
    KINDS
)
UNKNOWN_STATUS = (
    "{path}: {value} is not a version status: expected one of " + ", ".join(STATUSES)
)
UNKNOWN_ASSOCIATION_KIND = (
    "{path}: {value} is not an association kind: expected one of "
    + ", ".join(ASSOCIATION_KINDS)
)
UNKNOWN_SECTION = "{path}: {value} is not a section: expected one of " + ", ".join(
    SECTIONS
)
BAD_IDENTIFIER = "{path}: {error}"
BAD_CITATION = "{path}: {error}"
NOT_CANONICAL = "{path}: {value} is not in canonical spelling: expected {canonical!r}"
SERIES_WITH_UPDATE = (
    "{path}: {value} names a version, not a series: expected {series!r}"
)
KIND_MISMATCH = "{path}: the series is listed as {kind} but {identifier} is a {actual}"
ASSOCIATION_KIND_MISMATCH = (
    "{path}: {identifier} is a {actual}, listed as an associated {kind}"
)
VERSION_OF_OTHER_SERIES = "{path}: {identifier} does not belong to series {series}"
UPDATE_MISMATCH = (
    "{path}: {value} is not the update letter of {identifier} (expected {letter!r})"
)
VERSIONS_OUT_OF_ORDER = (
    "{path}: {identifier} is listed after {previous}: versions go oldest first"
)
NO_VERSIONS = "{path}: a series is listed only with at least one public version"
UNKNOWN_ORGANIZATION = "{path}: {value} is not one of the catalog's organizations"
ORGANIZATION_CYCLE = "{path}: {value} is its own ancestor"
UNKNOWN_SYSTEM = "{path}: {value} is not one of the catalog's systems of {organization}"
LISTED_TWICE = "{path}: {value} is already listed"
#: What the reader says of an error the models above do not word themselves.
INVALID = "{path}: {error}"

# "2015-03-19", "2015-03" (a month: a PCR of "June 2014"), "2015" (a year).
_DATE_RE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", re.ASCII)
# The canonical spellings, as Identifier.__str__ writes them (the models check more:
# the number's digits, the kind of a SORN): DHS/ICE/PIA-015(g), DHS/ICE-011, DHS/PIA-001.
_IDENTIFIER_PATTERN = (
    r"^[A-Z]{2,}(/[A-Z]([A-Z&]*[A-Z])?)?(/(PTA|PIA|SORN|PCR|DPIA))?-[0-9]{3,}"
    r"(\([a-z]+\))?$"
)


def _show(value: Any) -> str:
    """A value as it is written in JSON: "2015-13-01", 12, null."""
    return json.dumps(value, ensure_ascii=False)


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _wrong_type(value: Any, expected: str) -> PydanticCustomError:
    return refusal(WRONG_TYPE, expected=expected, found=_json_type(value))


# --- dates --------------------------------------------------------------------


def date_parse(text: str) -> tuple[datetime.date, DatePrecision] | None:
    """``"2015-03-19"`` is that day; ``"2014-06"`` is June 1st with MONTH precision;
    ``"2014"`` is January 1st with YEAR. None when the text is no such date."""
    # fromisoformat alone would also take "20150319" and "2015-W12-4".
    match = _DATE_RE.fullmatch(text)
    if match is None:
        return None
    year, month, day = match.groups()
    precision = (
        DatePrecision.DAY
        if day is not None
        else DatePrecision.MONTH
        if month is not None
        else DatePrecision.YEAR
    )
    try:
        date = datetime.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    return date, precision


def date_text(date: datetime.date, precision: str) -> str:
    """How the catalog writes a date: as much of it as is known (``2014-06``)."""
    if precision == DatePrecision.YEAR:
        return f"{date.year:04d}"
    if precision == DatePrecision.MONTH:
        return f"{date.year:04d}-{date.month:02d}"
    return date.isoformat()


def _date(value: Any) -> tuple[datetime.date, DatePrecision]:
    if not isinstance(value, str):
        raise _wrong_type(value, EXPECTED_DATE)
    parsed = date_parse(value)
    if parsed is None:
        raise refusal(NOT_A_DATE, value=_show(value))
    return parsed


# --- field types --------------------------------------------------------------


def _not_blank(value: str) -> str:
    if not value.strip():
        raise refusal(EMPTY_TEXT)
    return value


def _identifier(value: Any) -> Identifier:
    """An identifier in canonical spelling, as the export writes it."""
    if not isinstance(value, str):
        raise _wrong_type(value, "a string")
    try:
        identifier = parse_identifier(value)
    except IdentifierError as error:
        raise refusal(BAD_IDENTIFIER, error=error.message) from error
    if str(identifier) != value:
        raise refusal(NOT_CANONICAL, value=_show(value), canonical=str(identifier))
    return identifier


def _citation(value: Any) -> str:
    if not isinstance(value, str):
        raise _wrong_type(value, "a string")
    try:
        parse_citation(value)
    except IdentifierError as error:
        raise refusal(BAD_CITATION, error=error.message) from error
    return value


class _Choice:
    """A validator of a string that must be one of ``choices``."""

    def __init__(self, choices: tuple[str, ...], message: str) -> None:
        self.choices = choices
        self.message = message

    def __call__(self, value: Any) -> str:
        if not isinstance(value, str):
            raise _wrong_type(value, "a string")
        if value not in self.choices:
            raise refusal(self.message, value=_show(value))
        return value


def _choice_schema(choices: tuple[str, ...]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(choices)})


Text = Annotated[str, WithJsonSchema({"type": "string"})]
NonEmptyText = Annotated[
    str,
    AfterValidator(_not_blank),
    WithJsonSchema({"type": "string", "pattern": r"\S"}),
]
CatalogDate = Annotated[
    tuple[datetime.date, DatePrecision],
    PlainValidator(_date),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
            "description": "YYYY-MM-DD, or YYYY-MM when only the month is known, "
            "or YYYY when only the year is",
        }
    ),
]
CanonicalIdentifier = Annotated[
    Identifier,
    PlainValidator(_identifier),
    WithJsonSchema({"type": "string", "pattern": _IDENTIFIER_PATTERN}),
]
Citation = Annotated[
    str,
    PlainValidator(_citation),
    WithJsonSchema(
        {"type": "string", "description": "a Federal Register citation: 73 FR 68435"}
    ),
]
PositiveNumber = Annotated[int, Field(ge=1)]
Kind = Annotated[
    str, PlainValidator(_Choice(KINDS, UNKNOWN_KIND)), _choice_schema(KINDS)
]
Status = Annotated[
    str, PlainValidator(_Choice(STATUSES, UNKNOWN_STATUS)), _choice_schema(STATUSES)
]
AssociationKind = Annotated[
    str,
    PlainValidator(_Choice(ASSOCIATION_KINDS, UNKNOWN_ASSOCIATION_KIND)),
    _choice_schema(ASSOCIATION_KINDS),
]
Section = Annotated[
    str, PlainValidator(_Choice(SECTIONS, UNKNOWN_SECTION)), _choice_schema(SECTIONS)
]


# --- the models ---------------------------------------------------------------


class CatalogOrganization(StrictModel):
    """An organization: a department, or a component with its parent's acronym."""

    acronym: NonEmptyText
    name: NonEmptyText
    parent: Text | None = Field(
        description="the parent organization's acronym; null for a department"
    )

    def record(self) -> OrganizationRecord:
        """The organization as a record."""
        return OrganizationRecord(
            acronym=self.acronym, name=self.name, parent=self.parent
        )


class CatalogSystem(StrictModel):
    """A system of the inventory; series name it by acronym, else by name."""

    name: NonEmptyText
    acronym: Text | None
    organization: Text = Field(description="the acronym of its organization")

    @property
    def label(self) -> str:
        """What a series names the system by (System.label in the registry)."""
        return self.acronym or self.name

    def record(self) -> SystemRecord:
        """The system as a record."""
        return SystemRecord(name=self.name, acronym=self.acronym or None)


class CatalogAssociation(StrictModel):
    """A document the series cites: an associated SORN or PCR."""

    kind: AssociationKind
    identifier: CanonicalIdentifier | None = Field(
        description="the cited document's identifier; null when the source gives none"
    )
    title: Text
    citation: Citation | None
    date: CatalogDate | None

    @model_validator(mode="after")
    def _kind_matches(self) -> CatalogAssociation:
        if self.identifier is not None and self.identifier.kind.value != self.kind:
            raise refusal(
                ASSOCIATION_KIND_MISMATCH,
                at="identifier",
                identifier=self.identifier,
                actual=self.identifier.kind.value,
                kind=self.kind,
            )
        return self

    def record(self) -> AssociationRecord:
        """The association as a record."""
        date, precision = self.date or (None, DatePrecision.DAY)
        return AssociationRecord(
            kind=self.kind,
            identifier=self.identifier,
            title=self.title,
            citation=self.citation,
            date=date,
            date_precision=precision,
        )


class CatalogVersion(StrictModel):
    """One public version of a series: the original or a lettered update."""

    identifier: CanonicalIdentifier = Field(
        description="with its update letter: DHS/ICE/PIA-015(g)"
    )
    update: Text = Field(description='"" for the original, then a ... z, aa, ab ...')
    title: NonEmptyText
    date: CatalogDate | None = Field(
        description="the publication date; null when the source gives none"
    )
    pages: PositiveNumber | None = Field(description="of the published PDF")
    size_bytes: PositiveNumber | None = Field(
        description="of the published PDF (1 KB = 1024 bytes)"
    )
    summary: Text | None = Field(
        description="null when the source gives none: an import keeps the "
        "registry's summary"
    )
    status: Status

    @model_validator(mode="after")
    def _update_matches(self) -> CatalogVersion:
        if self.update != self.identifier.update:
            raise refusal(
                UPDATE_MISMATCH,
                at="update",
                value=_show(self.update),
                identifier=self.identifier,
                letter=self.identifier.update,
            )
        return self

    def record(self) -> VersionRecord:
        """The version as a record."""
        date, precision = self.date or (None, DatePrecision.DAY)
        return VersionRecord(
            identifier=self.identifier,
            title=self.title,
            date=date,
            date_precision=precision,
            pages=self.pages,
            size_bytes=self.size_bytes,
            summary=self.summary,
            status=self.status,
        )


class CatalogSeries(StrictModel):
    """One numbered line of documents with its public versions, oldest first."""

    identifier: CanonicalIdentifier = Field(
        description="without update letter: DHS/ICE/PIA-015, DHS/ICE-011"
    )
    kind: Kind
    organization: Text = Field(description="the acronym of its organization")
    title: Text = Field(description="the title of its latest public version")
    systems: list[Text] = Field(
        description="the systems it covers, by acronym, or by name when none"
    )
    versions: list[CatalogVersion] = Field(json_schema_extra={"minItems": 1})
    associations: list[CatalogAssociation]
    sections: list[Section] = Field(
        description="the association sections the source showed, even empty"
    )

    @field_validator("identifier")
    @classmethod
    def _names_a_series(cls, identifier: Identifier) -> Identifier:
        if identifier.is_update:
            raise refusal(
                SERIES_WITH_UPDATE,
                value=_show(str(identifier)),
                series=str(identifier.series),
            )
        return identifier

    @field_validator("versions")
    @classmethod
    def _has_versions(cls, versions: list[CatalogVersion]) -> list[CatalogVersion]:
        if not versions:
            raise refusal(NO_VERSIONS)
        return versions

    @model_validator(mode="after")
    def _versions_of_this_series(self) -> CatalogSeries:
        if self.kind != self.identifier.kind.value:
            raise refusal(
                KIND_MISMATCH,
                at="kind",
                kind=self.kind,
                identifier=self.identifier,
                actual=self.identifier.kind.value,
            )
        previous: Identifier | None = None
        for position, version in enumerate(self.versions):
            at = f"versions[{position}].identifier"
            if version.identifier.series != self.identifier:
                raise refusal(
                    VERSION_OF_OTHER_SERIES,
                    at=at,
                    identifier=version.identifier,
                    series=self.identifier,
                )
            if previous is not None and update_index(
                version.identifier.update
            ) <= update_index(previous.update):
                raise refusal(
                    VERSIONS_OUT_OF_ORDER,
                    at=at,
                    identifier=version.identifier,
                    previous=previous,
                )
            previous = version.identifier
        return self


class Catalog(StrictModel):
    """A privdocs catalog: the open-data export of a registry (docs/catalog-format.md)."""

    format: Literal["privdocs-catalog"]
    version: Literal[1]
    organizations: list[CatalogOrganization]
    systems: list[CatalogSystem] = Field(
        description="every system a public series covers"
    )
    series: list[CatalogSeries] = Field(
        description="every series with at least one public version"
    )

    @model_validator(mode="after")
    def _references_resolve(self) -> Catalog:
        self._check_organizations()
        labels = self._check_systems()
        seen: set[Identifier] = set()
        for position, series in enumerate(self.series):
            at = f"series[{position}]"
            self._check_organization(series.organization, f"{at}.organization")
            for index, label in enumerate(series.systems):
                if label not in labels.get(series.organization, set()):
                    raise refusal(
                        UNKNOWN_SYSTEM,
                        at=f"{at}.systems[{index}]",
                        value=_show(label),
                        organization=series.organization,
                    )
            if series.identifier in seen:
                raise refusal(
                    LISTED_TWICE,
                    at=f"{at}.identifier",
                    value=_show(str(series.identifier)),
                )
            seen.add(series.identifier)
        return self

    def _check_organizations(self) -> None:
        parents: dict[str, str | None] = {}
        for position, organization in enumerate(self.organizations):
            if organization.acronym in parents:
                raise refusal(
                    LISTED_TWICE,
                    at=f"organizations[{position}].acronym",
                    value=_show(organization.acronym),
                )
            parents[organization.acronym] = organization.parent
        for position, organization in enumerate(self.organizations):
            at = f"organizations[{position}].parent"
            if organization.parent is None:
                continue
            self._check_organization(organization.parent, at)
            ancestor: str | None = organization.parent
            steps = 0
            while ancestor is not None and steps <= len(parents):
                if ancestor == organization.acronym:
                    raise refusal(
                        ORGANIZATION_CYCLE, at=at, value=_show(organization.acronym)
                    )
                ancestor, steps = parents[ancestor], steps + 1

    def _check_organization(self, acronym: str, at: str) -> None:
        if not any(item.acronym == acronym for item in self.organizations):
            raise refusal(UNKNOWN_ORGANIZATION, at=at, value=_show(acronym))

    def _check_systems(self) -> dict[str, set[str]]:
        """Every system's organization is listed, and no label is listed twice in one."""
        labels: dict[str, set[str]] = {}
        for position, system in enumerate(self.systems):
            at = f"systems[{position}]"
            self._check_organization(system.organization, f"{at}.organization")
            known = labels.setdefault(system.organization, set())
            if system.label in known:
                field_name = "acronym" if system.acronym else "name"
                raise refusal(
                    LISTED_TWICE, at=f"{at}.{field_name}", value=_show(system.label)
                )
            known.add(system.label)
        return labels

    def record(self, *, source: str) -> CatalogRecord:
        """The catalog as records: each series with its systems resolved by label."""
        systems = {
            (system.organization, system.label): system.record()
            for system in self.systems
        }
        return CatalogRecord(
            organizations=tuple(item.record() for item in self.organizations),
            series=tuple(
                SeriesRecord(
                    identifier=series.identifier,
                    organization=series.organization,
                    systems=tuple(
                        systems[(series.organization, label)]
                        for label in series.systems
                    ),
                    versions=tuple(version.record() for version in series.versions),
                    associations=tuple(item.record() for item in series.associations),
                    sections=tuple(series.sections),
                )
                for series in self.series
            ),
            source=source,
        )


# --- reading ------------------------------------------------------------------

#: Pydantic's own error types, as the catalog words them.
_TYPE_ERRORS = {
    "string_type": "a string",
    "int_type": EXPECTED_NUMBER,
    "list_type": "a list",
    "model_type": "an object",
    "dict_type": "an object",
    "model_attributes_type": "an object",
}


def _refusal_text(error: ValidationError) -> str:
    """The first error of a validation, worded with its JSON path."""
    found = first_refusal(error)
    if found.kind == REFUSAL:
        return found.text()
    if found.kind == "missing":
        return MISSING_FIELD.format(path=found.path)
    if found.kind == "extra_forbidden":
        return UNKNOWN_FIELD.format(path=found.path)
    if found.kind in ("greater_than_equal", "greater_than"):
        return NOT_POSITIVE.format(path=found.path, value=_show(found.value))
    if found.kind in _TYPE_ERRORS:
        return WRONG_TYPE.format(
            path=found.path,
            expected=_TYPE_ERRORS[found.kind],
            found=_json_type(found.value),
        )
    details = error.errors(include_url=False)[0]
    return INVALID.format(path=found.path, error=details["msg"])


def parse_catalog(text: str, *, source: str) -> CatalogRecord:
    """Read a JSON catalog into records; raise FormatError naming the bad field."""
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise FormatError(
            NOT_JSON.format(error=error.msg, line=error.lineno, column=error.colno),
            where=source,
        ) from error
    # The marker and version first: a file of another format, or of a later version
    # of this one, is refused as such rather than field by field.
    if not isinstance(document, dict) or document.get("format") != FORMAT_MARKER:
        found = document.get("format") if isinstance(document, dict) else document
        raise FormatError(
            NOT_A_CATALOG.format(
                found=_show(found) if isinstance(found, str) else _json_type(found)
            ),
            where=source,
        )
    version = document.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise FormatError(
            UNSUPPORTED_VERSION.format(found=_show(version)), where=source
        )
    try:
        catalog = Catalog.model_validate(document)
    except ValidationError as error:
        raise FormatError(_refusal_text(error), where=source) from None
    return catalog.record(source=source)


def load_sample_catalog() -> CatalogRecord:
    """The sample catalog shipped with privdocs: ICE's 38 PIA series of 2015."""
    return parse_catalog(sample_catalog_text(), source=SAMPLE_SOURCE)


def sample_catalog_text() -> str:
    """The text of the sample catalog file."""
    resource = importlib.resources.files(SAMPLE_PACKAGE)
    for part in SAMPLE_FILE:
        resource = resource / part
    return resource.read_text(encoding="utf-8")


# --- the JSON Schema ----------------------------------------------------------


def catalog_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the catalog format, from the models."""
    schema = Catalog.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **schema,
        "title": f"privdocs catalog, format version {FORMAT_VERSION}",
    }


def catalog_schema_text() -> str:
    """The schema as published in docs/: indented by 2, keys sorted, one final newline."""
    return (
        json.dumps(catalog_schema(), indent=2, sort_keys=True, ensure_ascii=False)
        + "\n"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m privdocs.formats.catalog_json --schema``: print the JSON Schema."""
    parser = argparse.ArgumentParser(
        prog="python -m privdocs.formats.catalog_json",
        description="The privdocs catalog format.",
    )
    parser.add_argument(
        "--schema",
        action="store_true",
        help=f"print the JSON Schema of the format (the content of {SCHEMA_FILE})",
    )
    arguments = parser.parse_args(argv)
    if not arguments.schema:
        parser.print_usage(sys.stderr)
        return 2
    sys.stdout.write(catalog_schema_text())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
