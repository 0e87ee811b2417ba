"""The read-only JSON API: organizations, systems, series, versions and search."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from ninja import NinjaAPI, Query

from privdocs.api.errors import (
    ErrorOut,
    ResourceNotFoundError,
    errors_install,
    parameter_error,
)
from privdocs.api.pagination import page_links, page_of
from privdocs.api.schemas import (
    AssociationOut,
    OrganizationOut,
    OrganizationPage,
    PageQuery,
    SearchPage,
    SearchQuery,
    SearchResultOut,
    SeriesOut,
    SeriesPage,
    SeriesQuery,
    SystemOut,
    SystemPage,
    SystemQuery,
    SystemRef,
    VersionOut,
    VersionPage,
    VersionQuery,
    VersionRef,
)
from privdocs.api.selectors import (
    organization_get,
    organization_list,
    series_get_public,
    series_list_filtered,
    system_list_public,
    version_get_public,
    version_list_filtered,
)
from privdocs.core.errors import IdentifierError
from privdocs.documents.identifiers import (
    Identifier,
    identifier_from_path,
    parse_identifier,
    parse_query_identifier,
)
from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.inventory.models import Organization, System
from privdocs.search.services import search_public
from privdocs.search.types import SearchFilters

NO_ORGANIZATION = "No organization {acronym!r}"
NO_ORGANIZATION_FILTER = "no organization {acronym!r}; see /api/v1/organizations"
NO_SERIES = "No public document series {identifier}"
NO_VERSION = "No public document version {identifier}"
NOT_AN_IDENTIFIER = "{given!r} is not a document identifier: expected a path like dhs/ice/pia-015/g or a spelling like DHS/ICE/PIA-015(g)"
MAX_IDENTIFIER_CHARS = 64
BAD_SERIES_FILTER = "{given!r} is not a series identifier, e.g. DHS/ICE/PIA-015"

api = NinjaAPI(
    title="privdocs API",
    version="1",
    description="Read-only access to the public privacy documents of the registry "
    "(only published, previous and retired versions are ever shown), and under "
    "/workspace/ the signed-in privacy office's workflow.",
    urls_namespace="api",
    # Ninja's Swagger page loads its scripts from a CDN; /docs below is plain HTML.
    docs_url=None,
)
errors_install(api)
api.add_router("/workspace/", "privdocs.api.workspace.router")

# 400: a control character in the address (privdocs.core.middleware), on every one.
LIST_ERRORS: dict[int, Any] = {400: ErrorOut, 422: ErrorOut}
DETAIL_ERRORS: dict[int, Any] = {400: ErrorOut, 404: ErrorOut}


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _api_url(request: HttpRequest, name: str, **kwargs: str) -> str:
    return _absolute(request, reverse(f"api:{name}", kwargs=kwargs))


def _identifier_path(identifier: Identifier) -> str:
    return "/".join(identifier.path_parts())


def _identifier_read(given: str) -> Identifier | None:
    """An identifier as a URL path ("dhs/ice/pia-015/g") or in any other spelling."""
    text = given.strip().strip("/")
    # No identifier is longer; longer text is not worth the parsers' time.
    if len(text) > MAX_IDENTIFIER_CHARS:
        return None
    try:
        return identifier_from_path(text.split("/"))
    except IdentifierError:
        pass
    try:
        return parse_identifier(text)
    except IdentifierError:
        pass
    try:
        return parse_query_identifier(text)
    except IdentifierError:
        return None


def _identifier_in_path(given: str) -> Identifier:
    identifier = _identifier_read(given)
    if identifier is None:
        raise ResourceNotFoundError(
            NOT_AN_IDENTIFIER.format(given=given), extra={"identifier": given}
        )
    return identifier


def _organization_filter(acronym: str | None) -> Organization | None:
    if acronym is None:
        return None
    organization = organization_get(acronym)
    if organization is None:
        raise parameter_error(
            "organization", NO_ORGANIZATION_FILTER.format(acronym=acronym)
        )
    return organization


def _organization_out(
    request: HttpRequest, organization: Organization
) -> OrganizationOut:
    series_list = reverse("api:series_list")
    return OrganizationOut(
        acronym=organization.acronym,
        name=organization.name,
        parent=organization.parent.acronym if organization.parent else None,
        series_count=organization.series_count,  # type: ignore[attr-defined]
        api_url=_api_url(request, "organization", acronym=organization.acronym),
        series_api_url=_absolute(
            request,
            f"{series_list}?{urlencode({'organization': organization.acronym})}",
        ),
    )


def _system_ref(system: System) -> SystemRef:
    return SystemRef(name=system.name, acronym=system.acronym or None)


def _system_out(system: System) -> SystemOut:
    public_series: list[DocumentSeries] = system.public_series  # type: ignore[attr-defined]
    return SystemOut(
        name=system.name,
        acronym=system.acronym or None,
        organization=system.organization.acronym,
        lifecycle=system.lifecycle,
        description=system.description,
        series=[str(series.identifier) for series in public_series],
    )


def _version_ref(request: HttpRequest, version: DocumentVersion) -> VersionRef:
    identifier = version.identifier
    return VersionRef(
        identifier=str(identifier),
        update_letter=version.update_letter,
        title=version.title,
        status=version.status,
        date=version.published_on,
        url=_absolute(request, version.get_absolute_url()),
        api_url=_api_url(request, "version", identifier=_identifier_path(identifier)),
    )


def _series_out(request: HttpRequest, series: DocumentSeries) -> SeriesOut:
    versions: list[DocumentVersion] = series.public_versions  # type: ignore[attr-defined]
    for version in versions:
        # Spare a query per version: they all belong to this series.
        version.series = series
    published = [version for version in versions if version.status == Status.PUBLISHED]
    current = (published or versions)[-1]
    identifier = series.identifier
    return SeriesOut(
        identifier=str(identifier),
        title=current.title,
        organization=series.organization.acronym,
        kind=series.kind,
        status=current.status,
        date=current.published_on,
        current_version=str(current.identifier),
        systems=[_system_ref(system) for system in series.systems.all()],
        associations=[
            AssociationOut(
                relation=association.kind,
                identifier=association.target_identifier or None,
                title=association.title,
                citation=association.citation or None,
                date=association.cited_on,
            )
            for association in series.associations.all()
        ],
        versions=[_version_ref(request, version) for version in versions],
        url=_absolute(request, series.get_absolute_url()),
        api_url=_api_url(request, "series", identifier=_identifier_path(identifier)),
    )


def _version_out(request: HttpRequest, version: DocumentVersion) -> VersionOut:
    identifier = version.identifier
    series = version.series
    return VersionOut(
        identifier=str(identifier),
        series=str(identifier.series),
        update_letter=version.update_letter,
        title=version.title,
        organization=series.organization.acronym,
        kind=series.kind,
        status=version.status,
        date=version.published_on,
        retired_on=version.retired_on,
        summary=version.summary,
        pages=version.pages,
        size_bytes=version.size_bytes,
        systems=[_system_ref(system) for system in series.systems.all()],
        url=_absolute(request, version.get_absolute_url()),
        api_url=_api_url(request, "version", identifier=_identifier_path(identifier)),
        series_api_url=_api_url(
            request, "series", identifier=_identifier_path(identifier.series)
        ),
    )


@api.get(
    "/organizations",
    response={200: OrganizationPage, **LIST_ERRORS},
    url_name="organizations",
    operation_id="organization_list",
    summary="Organizations",
)
def organizations(request: HttpRequest, query: Query[PageQuery]) -> OrganizationPage:
    """Every organization (department, component, office), by acronym."""
    page = page_of(
        request, organization_list(), page=query.page, page_size=query.page_size
    )
    return OrganizationPage(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=[_organization_out(request, item) for item in page.items],
    )


@api.get(
    "/organizations/{acronym}",
    response={200: OrganizationOut, **DETAIL_ERRORS},
    url_name="organization",
    operation_id="organization_get",
    summary="One organization",
)
def organization(request: HttpRequest, acronym: str) -> OrganizationOut:
    """One organization by its acronym, in any case: ICE or ice."""
    found = organization_get(acronym)
    if found is None:
        raise ResourceNotFoundError(
            NO_ORGANIZATION.format(acronym=acronym), extra={"acronym": acronym}
        )
    return _organization_out(request, found)


@api.get(
    "/systems",
    response={200: SystemPage, **LIST_ERRORS},
    url_name="systems",
    operation_id="system_list",
    summary="Systems",
)
def systems(request: HttpRequest, query: Query[SystemQuery]) -> SystemPage:
    """Systems covered by at least one public document, by organization and name."""
    listed = system_list_public(organization=_organization_filter(query.organization))
    page = page_of(request, listed, page=query.page, page_size=query.page_size)
    return SystemPage(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=[_system_out(item) for item in page.items],
    )


@api.get(
    "/series",
    response={200: SeriesPage, **LIST_ERRORS},
    url_name="series_list",
    operation_id="series_list",
    summary="Document series",
)
def series_list(request: HttpRequest, query: Query[SeriesQuery]) -> SeriesPage:
    """Series with at least one public version, each with its public versions."""
    listed = series_list_filtered(
        organization=_organization_filter(query.organization),
        kind=query.kind.value if query.kind else None,
        status=query.status,
        year=query.year,
        sort=query.sort,
    )
    page = page_of(request, listed, page=query.page, page_size=query.page_size)
    return SeriesPage(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=[_series_out(request, item) for item in page.items],
    )


@api.get(
    "/series/{path:identifier}",
    response={200: SeriesOut, **DETAIL_ERRORS},
    url_name="series",
    operation_id="series_get",
    summary="One document series",
)
def series(request: HttpRequest, identifier: str) -> SeriesOut:
    """One public series: dhs/ice/pia-015, or any spelling URL-encoded
    (DHS%2FICE%2FPIA-015). An update letter is ignored."""
    parsed = _identifier_in_path(identifier)
    found = series_get_public(parsed)
    if found is None:
        raise ResourceNotFoundError(
            NO_SERIES.format(identifier=parsed.series), extra={"identifier": identifier}
        )
    return _series_out(request, found)


@api.get(
    "/versions",
    response={200: VersionPage, **LIST_ERRORS},
    url_name="versions",
    operation_id="version_list",
    summary="Document versions",
)
def versions(request: HttpRequest, query: Query[VersionQuery]) -> VersionPage:
    """Public versions (published, previous, retired) of every series."""
    series_filter: Identifier | None = None
    if query.series is not None:
        series_filter = _identifier_read(query.series)
        if series_filter is None:
            raise parameter_error(
                "series", BAD_SERIES_FILTER.format(given=query.series)
            )
    listed = version_list_filtered(
        organization=_organization_filter(query.organization),
        kind=query.kind.value if query.kind else None,
        status=query.status,
        year=query.year,
        series=series_filter,
        sort=query.sort,
    )
    page = page_of(request, listed, page=query.page, page_size=query.page_size)
    return VersionPage(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=[_version_out(request, item) for item in page.items],
    )


@api.get(
    "/versions/{path:identifier}",
    response={200: VersionOut, **DETAIL_ERRORS},
    url_name="version",
    operation_id="version_get",
    summary="One document version",
)
def version(request: HttpRequest, identifier: str) -> VersionOut:
    """One public version: dhs/ice/pia-015/g, or any spelling URL-encoded
    (DHS%2FICE%2FPIA-015(g)). Without a letter, the original version."""
    parsed = _identifier_in_path(identifier)
    found = version_get_public(parsed)
    if found is None:
        raise ResourceNotFoundError(
            NO_VERSION.format(identifier=parsed), extra={"identifier": identifier}
        )
    return _version_out(request, found)


@api.get(
    "/search",
    response={200: SearchPage, **LIST_ERRORS},
    url_name="search",
    operation_id="search",
    summary="Full-text search",
)
def search(request: HttpRequest, query: Query[SearchQuery]) -> SearchPage:
    """Public versions matching the words, best first, with highlighted snippets."""
    organization = _organization_filter(query.organization)
    results = search_public(
        query.q,
        filters=SearchFilters(
            organization=organization.acronym if organization else None,
            kind=query.kind.value if query.kind else None,
            status=query.status,
            year=query.year,
        ),
        page=query.page,
        page_size=query.page_size,
        facets=False,
    )
    following, preceding = page_links(
        request, page=query.page, page_size=results.page_size, count=results.total
    )
    hits: list[SearchResultOut] = []
    for hit in results.hits:
        path = _identifier_path(parse_identifier(hit.identifier))
        hits.append(
            SearchResultOut(
                identifier=hit.identifier,
                title=hit.title,
                organization=hit.organization,
                kind=hit.kind,
                status=hit.status,
                date=hit.published_on,
                snippet_html=str(hit.snippet_html),
                url=_absolute(request, hit.path),
                api_url=_api_url(request, "version", identifier=path),
            )
        )
    return SearchPage(
        query=results.query,
        count=results.total,
        next=following,
        previous=preceding,
        results=hits,
    )


def _schema_type(node: dict[str, Any], document: dict[str, Any]) -> str:
    """A parameter's type in words: "integer", "one of PTA, PIA", "string or null"."""
    if "$ref" in node:
        name = str(node["$ref"]).rsplit("/", 1)[-1]
        return _schema_type(document["components"]["schemas"][name], document)
    if "anyOf" in node:
        return " or ".join(_schema_type(part, document) for part in node["anyOf"])
    if "enum" in node:
        return "one of " + ", ".join(str(value) for value in node["enum"])
    return str(node.get("type", "any"))


@api.get("/docs", include_in_schema=False, url_name="docs")
def docs(request: HttpRequest) -> HttpResponse:
    """A plain HTML list of the endpoints, made from the OpenAPI description."""
    schema = api.get_openapi_schema()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [
                {
                    "name": parameter["name"],
                    "in": parameter["in"],
                    "required": parameter.get("required", False),
                    "type": _schema_type(parameter.get("schema", {}), schema),
                    "description": parameter.get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ],
        }
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    ]
    return render(
        request,
        "api/docs.html",
        {
            "title": api.title,
            "version": api.version,
            "endpoints": endpoints,
            "openapi_url": reverse("api:openapi-json"),
        },
    )
