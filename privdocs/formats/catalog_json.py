"""Read the JSON catalog format (docs/catalog-format.md) back into catalog records.

The reader of what ``catalog_export`` writes: export, read, apply changes nothing.
Pure: no Django, no database. Every refusal names the file and the JSON path of
the bad field (``sample.json: series[3].versions[0].date: ...``).
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
import re
from collections.abc import Callable
from typing import Any, TypeVar

from privdocs.core.errors import FormatError, IdentifierError
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
NOT_A_DATE = "{path}: {value} is not a date (YYYY-MM-DD)"
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

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ROOT_FIELDS = ("format", "version", "organizations", "systems", "series")
_ORGANIZATION_FIELDS = ("acronym", "name", "parent")
_SYSTEM_FIELDS = ("name", "acronym", "organization")
_SERIES_FIELDS = (
    "identifier",
    "kind",
    "organization",
    "title",
    "systems",
    "versions",
    "associations",
    "sections",
)
_VERSION_FIELDS = (
    "identifier",
    "update",
    "title",
    "date",
    "pages",
    "size_bytes",
    "summary",
    "status",
)
_ASSOCIATION_FIELDS = ("kind", "identifier", "title", "citation", "date")

T = TypeVar("T")


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


class _Reader:
    """Checks one parsed JSON document field by field, refusing with the field's path."""

    def __init__(self, source: str) -> None:
        self.source = source

    def refuse(self, message: str) -> FormatError:
        return FormatError(message, where=self.source)

    def wrong_type(self, value: Any, path: str, expected: str) -> FormatError:
        return self.refuse(
            WRONG_TYPE.format(path=path, expected=expected, found=_json_type(value))
        )

    def obj(self, value: Any, path: str, fields: tuple[str, ...]) -> dict[str, Any]:
        """An object with exactly the documented fields."""
        if not isinstance(value, dict):
            raise self.wrong_type(value, path, "an object")
        for name in value:
            if name not in fields:
                raise self.refuse(UNKNOWN_FIELD.format(path=_join(path, name)))
        for name in fields:
            if name not in value:
                raise self.refuse(MISSING_FIELD.format(path=_join(path, name)))
        return value

    def items(self, value: Any, path: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.wrong_type(value, path, "a list")
        return value

    def text(self, value: Any, path: str, *, empty: bool = True) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(value, path, "a string")
        if not empty and not value.strip():
            raise self.refuse(EMPTY_TEXT.format(path=path))
        return value

    def optional(
        self, value: Any, path: str, read: Callable[[Any, str], T]
    ) -> T | None:
        return None if value is None else read(value, path)

    def positive(self, value: Any, path: str) -> int:
        # JSON true is a Python int too; it is no page count.
        if not isinstance(value, int) or isinstance(value, bool):
            raise self.wrong_type(value, path, "a whole number or null")
        number: int = value
        if number < 1:
            raise self.refuse(NOT_POSITIVE.format(path=path, value=_show(number)))
        return number

    def date(self, value: Any, path: str) -> datetime.date:
        if not isinstance(value, str):
            raise self.wrong_type(value, path, "a date (YYYY-MM-DD) or null")
        # fromisoformat alone would also take "20150319" and "2015-W12-4".
        if _DATE_RE.fullmatch(value):
            try:
                return datetime.date.fromisoformat(value)
            except ValueError:
                pass
        raise self.refuse(NOT_A_DATE.format(path=path, value=_show(value)))

    def choice(
        self, value: Any, path: str, choices: tuple[str, ...], message: str
    ) -> str:
        if not isinstance(value, str):
            raise self.wrong_type(value, path, "a string")
        if value not in choices:
            raise self.refuse(message.format(path=path, value=_show(value)))
        return value

    def identifier(self, value: Any, path: str) -> Identifier:
        """An identifier in canonical spelling, as the export writes it."""
        text = self.text(value, path)
        try:
            identifier = parse_identifier(text)
        except IdentifierError as error:
            raise self.refuse(
                BAD_IDENTIFIER.format(path=path, error=error.message)
            ) from error
        if str(identifier) != text:
            raise self.refuse(
                NOT_CANONICAL.format(
                    path=path, value=_show(text), canonical=str(identifier)
                )
            )
        return identifier

    def citation(self, value: Any, path: str) -> str:
        text = self.text(value, path)
        try:
            parse_citation(text)
        except IdentifierError as error:
            raise self.refuse(
                BAD_CITATION.format(path=path, error=error.message)
            ) from error
        return text


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def parse_catalog(text: str, *, source: str) -> CatalogRecord:
    """Read a JSON catalog into records; raise FormatError naming the bad field."""
    reader = _Reader(source)
    try:
        document = json.loads(text.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise reader.refuse(
            NOT_JSON.format(error=error.msg, line=error.lineno, column=error.colno)
        ) from error
    if not isinstance(document, dict) or document.get("format") != FORMAT_MARKER:
        found = document.get("format") if isinstance(document, dict) else document
        raise reader.refuse(
            NOT_A_CATALOG.format(
                found=_show(found) if isinstance(found, str) else _json_type(found)
            )
        )
    version = document.get("version")
    if version != FORMAT_VERSION or isinstance(version, bool):
        raise reader.refuse(UNSUPPORTED_VERSION.format(found=_show(version)))
    root = reader.obj(document, "", _ROOT_FIELDS)
    organizations = _organizations(reader, root["organizations"])
    known = {organization.acronym for organization in organizations}
    systems = _systems(reader, root["systems"], known)
    series: list[SeriesRecord] = []
    seen: set[Identifier] = set()
    for position, item in enumerate(reader.items(root["series"], "series")):
        path = f"series[{position}]"
        record = _series(reader, item, path, known, systems)
        if record.identifier in seen:
            raise reader.refuse(
                LISTED_TWICE.format(
                    path=f"{path}.identifier", value=_show(str(record.identifier))
                )
            )
        seen.add(record.identifier)
        series.append(record)
    return CatalogRecord(
        organizations=tuple(organizations), series=tuple(series), source=source
    )


def _organizations(reader: _Reader, value: Any) -> list[OrganizationRecord]:
    records: list[OrganizationRecord] = []
    items = reader.items(value, "organizations")
    for position, item in enumerate(items):
        path = f"organizations[{position}]"
        fields = reader.obj(item, path, _ORGANIZATION_FIELDS)
        acronym = reader.text(fields["acronym"], f"{path}.acronym", empty=False)
        if any(record.acronym == acronym for record in records):
            raise reader.refuse(
                LISTED_TWICE.format(path=f"{path}.acronym", value=_show(acronym))
            )
        records.append(
            OrganizationRecord(
                acronym=acronym,
                name=reader.text(fields["name"], f"{path}.name", empty=False),
                parent=reader.optional(fields["parent"], f"{path}.parent", reader.text),
            )
        )
    parents = {record.acronym: record.parent for record in records}
    for position, record in enumerate(records):
        path = f"organizations[{position}].parent"
        if record.parent is not None and record.parent not in parents:
            raise reader.refuse(
                UNKNOWN_ORGANIZATION.format(path=path, value=_show(record.parent))
            )
        ancestor, steps = record.parent, 0
        while ancestor is not None and steps <= len(records):
            if ancestor == record.acronym:
                raise reader.refuse(
                    ORGANIZATION_CYCLE.format(path=path, value=_show(record.acronym))
                )
            ancestor, steps = parents[ancestor], steps + 1
    return records


#: Systems by organization, then by the label a series names them by.
_SystemIndex = dict[str, dict[str, SystemRecord]]


def _systems(reader: _Reader, value: Any, known: set[str]) -> _SystemIndex:
    index: _SystemIndex = {}
    for position, item in enumerate(reader.items(value, "systems")):
        path = f"systems[{position}]"
        fields = reader.obj(item, path, _SYSTEM_FIELDS)
        name = reader.text(fields["name"], f"{path}.name", empty=False)
        acronym = reader.optional(fields["acronym"], f"{path}.acronym", reader.text)
        organization = _organization_ref(
            reader, fields["organization"], f"{path}.organization", known
        )
        # The export names a system by its acronym, else by its name (System.label).
        label = acronym or name
        labels = index.setdefault(organization, {})
        if label in labels:
            field_name = "acronym" if acronym else "name"
            raise reader.refuse(
                LISTED_TWICE.format(path=f"{path}.{field_name}", value=_show(label))
            )
        labels[label] = SystemRecord(name=name, acronym=acronym or None)
    return index


def _organization_ref(reader: _Reader, value: Any, path: str, known: set[str]) -> str:
    acronym = reader.text(value, path)
    if acronym not in known:
        raise reader.refuse(
            UNKNOWN_ORGANIZATION.format(path=path, value=_show(acronym))
        )
    return acronym


def _series(
    reader: _Reader,
    value: Any,
    path: str,
    known: set[str],
    systems: _SystemIndex,
) -> SeriesRecord:
    fields = reader.obj(value, path, _SERIES_FIELDS)
    identifier = reader.identifier(fields["identifier"], f"{path}.identifier")
    if identifier.is_update:
        raise reader.refuse(
            SERIES_WITH_UPDATE.format(
                path=f"{path}.identifier",
                value=_show(str(identifier)),
                series=str(identifier.series),
            )
        )
    kind = reader.choice(fields["kind"], f"{path}.kind", KINDS, UNKNOWN_KIND)
    if kind != identifier.kind.value:
        raise reader.refuse(
            KIND_MISMATCH.format(
                path=f"{path}.kind",
                kind=kind,
                identifier=identifier,
                actual=identifier.kind.value,
            )
        )
    organization = _organization_ref(
        reader, fields["organization"], f"{path}.organization", known
    )
    reader.text(fields["title"], f"{path}.title")
    series_systems: list[SystemRecord] = []
    for position, label in enumerate(
        reader.items(fields["systems"], f"{path}.systems")
    ):
        label_path = f"{path}.systems[{position}]"
        system = systems.get(organization, {}).get(reader.text(label, label_path))
        if system is None:
            raise reader.refuse(
                UNKNOWN_SYSTEM.format(
                    path=label_path, value=_show(label), organization=organization
                )
            )
        series_systems.append(system)
    versions = _versions(reader, fields["versions"], f"{path}.versions", identifier)
    associations = tuple(
        _association(reader, item, f"{path}.associations[{position}]")
        for position, item in enumerate(
            reader.items(fields["associations"], f"{path}.associations")
        )
    )
    sections = tuple(
        reader.choice(item, f"{path}.sections[{position}]", SECTIONS, UNKNOWN_SECTION)
        for position, item in enumerate(
            reader.items(fields["sections"], f"{path}.sections")
        )
    )
    return SeriesRecord(
        identifier=identifier,
        organization=organization,
        systems=tuple(series_systems),
        versions=versions,
        associations=associations,
        sections=sections,
    )


def _versions(
    reader: _Reader, value: Any, path: str, series: Identifier
) -> tuple[VersionRecord, ...]:
    items = reader.items(value, path)
    if not items:
        raise reader.refuse(NO_VERSIONS.format(path=path))
    records: list[VersionRecord] = []
    for position, item in enumerate(items):
        record = _version(reader, item, f"{path}[{position}]", series)
        if records and update_index(record.identifier.update) <= update_index(
            records[-1].identifier.update
        ):
            raise reader.refuse(
                VERSIONS_OUT_OF_ORDER.format(
                    path=f"{path}[{position}].identifier",
                    identifier=record.identifier,
                    previous=records[-1].identifier,
                )
            )
        records.append(record)
    return tuple(records)


def _version(
    reader: _Reader, value: Any, path: str, series: Identifier
) -> VersionRecord:
    fields = reader.obj(value, path, _VERSION_FIELDS)
    identifier = reader.identifier(fields["identifier"], f"{path}.identifier")
    if identifier.series != series:
        raise reader.refuse(
            VERSION_OF_OTHER_SERIES.format(
                path=f"{path}.identifier", identifier=identifier, series=series
            )
        )
    update = reader.text(fields["update"], f"{path}.update")
    if update != identifier.update:
        raise reader.refuse(
            UPDATE_MISMATCH.format(
                path=f"{path}.update",
                value=_show(update),
                identifier=identifier,
                letter=identifier.update,
            )
        )
    return VersionRecord(
        identifier=identifier,
        title=reader.text(fields["title"], f"{path}.title", empty=False),
        date=reader.optional(fields["date"], f"{path}.date", reader.date),
        pages=reader.optional(fields["pages"], f"{path}.pages", reader.positive),
        size_bytes=reader.optional(
            fields["size_bytes"], f"{path}.size_bytes", reader.positive
        ),
        summary=reader.text(fields["summary"], f"{path}.summary"),
        status=reader.choice(
            fields["status"], f"{path}.status", STATUSES, UNKNOWN_STATUS
        ),
    )


def _association(reader: _Reader, value: Any, path: str) -> AssociationRecord:
    fields = reader.obj(value, path, _ASSOCIATION_FIELDS)
    kind = reader.choice(
        fields["kind"], f"{path}.kind", ASSOCIATION_KINDS, UNKNOWN_ASSOCIATION_KIND
    )
    identifier = reader.optional(
        fields["identifier"], f"{path}.identifier", reader.identifier
    )
    if identifier is not None and identifier.kind.value != kind:
        raise reader.refuse(
            ASSOCIATION_KIND_MISMATCH.format(
                path=f"{path}.identifier",
                identifier=identifier,
                actual=identifier.kind.value,
                kind=kind,
            )
        )
    return AssociationRecord(
        kind=kind,
        identifier=identifier,
        title=reader.text(fields["title"], f"{path}.title"),
        citation=reader.optional(
            fields["citation"], f"{path}.citation", reader.citation
        ),
        date=reader.optional(fields["date"], f"{path}.date", reader.date),
    )


def load_sample_catalog() -> CatalogRecord:
    """The sample catalog shipped with privdocs: ICE's 38 PIA series of 2015."""
    resource = importlib.resources.files(SAMPLE_PACKAGE)
    for part in SAMPLE_FILE:
        resource = resource / part
    return parse_catalog(resource.read_text(encoding="utf-8"), source=SAMPLE_SOURCE)
