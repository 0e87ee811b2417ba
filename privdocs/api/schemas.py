"""What the API accepts (query parameters) and answers (one schema per resource)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from ninja import Field, Schema
from pydantic import field_validator

from privdocs.documents.identifiers import DocumentKind

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
#: The statuses a public reader may filter on: documents.models.PUBLIC_STATUSES.
PublicStatus = Literal["published", "superseded", "retired"]
SeriesSort = Literal["identifier", "-identifier", "date", "-date", "title"]
VersionSort = Literal["identifier", "-identifier", "date", "-date"]


# Query parameters.


def _empty_is_absent(value: Any) -> Any:
    """``?kind=&year=`` (an empty form field) means the same as leaving it out."""
    return None if value == "" else value


class PageQuery(Schema):
    """Which page of a list, and how long pages are."""

    # Bounded: a page past any real catalog's end would otherwise reach the
    # database as an OFFSET PostgreSQL refuses (bigint out of range), a 500.
    page: int = Field(default=1, ge=1, le=1_000_000, description="Page number, from 1.")
    limit: int = Field(
        default=DEFAULT_LIMIT,
        ge=1,
        description=f"Items per page; at most {MAX_LIMIT} (larger values are capped).",
    )

    @property
    def page_size(self) -> int:
        """The limit, capped."""
        return min(self.limit, MAX_LIMIT)


class SystemQuery(PageQuery):
    """Filters of the system list."""

    organization: str | None = Field(
        default=None, description="Acronym of the organization, e.g. ICE."
    )

    _empty_organization = field_validator("organization", mode="before")(
        _empty_is_absent
    )


class DocumentFilters(PageQuery):
    """Filters shared by series, versions and search."""

    organization: str | None = Field(
        default=None,
        description="Acronym of the organization, e.g. ICE (not its parents').",
    )
    kind: DocumentKind | None = Field(default=None, description="Kind of document.")
    status: PublicStatus | None = Field(default=None, description="Public status.")
    year: int | None = Field(
        default=None, ge=1, le=9999, description="Year of publication, e.g. 2015."
    )

    _empty_filters = field_validator(
        "organization", "kind", "status", "year", mode="before"
    )(_empty_is_absent)


class SeriesQuery(DocumentFilters):
    """Filters and order of the series list; status and year are the current version's."""

    sort: SeriesSort = Field(
        default="identifier",
        description="Order: identifier, date (of the current version) or title; "
        "a leading - reverses.",
    )


class VersionQuery(DocumentFilters):
    """Filters and order of the version list."""

    series: str | None = Field(
        default=None,
        description="Only versions of this series, in any spelling: "
        "DHS/ICE/PIA-015, dhs/ice/pia-015, ice pia 15.",
    )

    _empty_series = field_validator("series", mode="before")(_empty_is_absent)
    sort: VersionSort = Field(
        default="identifier",
        description="Order: identifier or publication date; a leading - reverses.",
    )


class SearchQuery(DocumentFilters):
    """A full-text search and its filters."""

    q: str = Field(
        ...,
        min_length=1,
        max_length=500,
        description='Words, "a phrase", -excluded, or an identifier like ice pia 15g.',
    )


# Answers.


class OrganizationOut(Schema):
    """A department, component or office."""

    acronym: str
    name: str
    parent: str | None = Field(description="Acronym of the parent organization.")
    series_count: int = Field(description="Public document series it holds.")
    api_url: str
    series_api_url: str = Field(description="Its public series in the API.")


class SystemRef(Schema):
    """A system, as named in a document."""

    name: str
    acronym: str | None


class SystemOut(Schema):
    """An information system covered by at least one public document."""

    name: str
    acronym: str | None
    organization: str
    lifecycle: str
    description: str
    series: list[str] = Field(
        description="Identifiers of the public series covering it."
    )


class VersionRef(Schema):
    """One public version of a series, as listed in the series."""

    identifier: str
    update_letter: str
    title: str
    status: str
    date: datetime.date | None = Field(description="Publication date.")
    url: str
    api_url: str


class AssociationOut(Schema):
    """A document a series cites: an associated SORN or PCR, or one it replaces."""

    relation: str = Field(description="SORN, PCR or REPLACES.")
    identifier: str | None
    title: str
    citation: str | None = Field(description="Federal Register citation, 73 FR 68435.")
    date: datetime.date | None


class SeriesOut(Schema):
    """A numbered line of documents with its public versions, oldest first."""

    identifier: str
    title: str
    organization: str
    kind: str
    status: str = Field(description="Status of the current version.")
    date: datetime.date | None = Field(description="Date of the current version.")
    current_version: str = Field(
        description="Identifier of the version in force (else the latest public one)."
    )
    systems: list[SystemRef]
    associations: list[AssociationOut]
    versions: list[VersionRef]
    url: str = Field(description="The series' page in the reading room.")
    api_url: str


class VersionOut(Schema):
    """One public issue of a series: the original or a lettered update."""

    identifier: str
    series: str
    update_letter: str
    title: str
    organization: str
    kind: str
    status: str
    date: datetime.date | None = Field(description="Publication date.")
    retired_on: datetime.date | None
    summary: str
    pages: int | None
    size_bytes: int | None
    systems: list[SystemRef]
    url: str = Field(description="The version's page in the reading room.")
    api_url: str
    series_api_url: str


class SearchResultOut(Schema):
    """One search hit, best first."""

    identifier: str
    title: str
    organization: str
    kind: str
    status: str
    date: datetime.date | None
    snippet_html: str = Field(
        description="Escaped text with <mark> around the matched words."
    )
    url: str
    api_url: str


class PageOut(Schema):
    """A page of a list: how many items in all, and links to the pages around."""

    count: int
    next: str | None
    previous: str | None


class OrganizationPage(PageOut):
    """A page of organizations."""

    results: list[OrganizationOut]


class SystemPage(PageOut):
    """A page of systems."""

    results: list[SystemOut]


class SeriesPage(PageOut):
    """A page of series."""

    results: list[SeriesOut]


class VersionPage(PageOut):
    """A page of versions."""

    results: list[VersionOut]


class SearchPage(PageOut):
    """A page of search hits in rank order."""

    query: str
    results: list[SearchResultOut]
