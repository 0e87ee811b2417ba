"""The read-only JSON API: every endpoint, its filters, pages, errors and the public gate.

Every answer fetched through ``api_get`` is checked against the served openapi.json.
"""

from __future__ import annotations

import datetime
import json
from typing import Any
from urllib.parse import quote

import pytest
from django.test import Client, RequestFactory
from django.urls import resolve
from pytest_django import DjangoAssertNumQueries

from privdocs.api.api import api
from privdocs.api.errors import ResourceNotFoundError
from privdocs.api.schemas import MAX_LIMIT, PageQuery, PublicStatus
from privdocs.core.errors import ApplicationError, IdentifierError, NotFoundError
from privdocs.documents.models import PUBLIC_STATUSES, DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import CatalogRecord, OrganizationRecord, SystemRecord
from tests.api.conftest import HIDDEN_WORD, ApiGet
from tests.factories import ORGANIZATIONS, catalog, series, sorn, version

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

BASE = "http://testserver"
#: The public series of the registry fixture, in identifier order.
PUBLIC_SERIES = [
    "DHS/CBP/PIA-006",
    "DHS/ICE/PIA-001",
    "DHS/ICE/PIA-015",
    "DHS/ICE/PIA-039",
]
LIST_URLS = [
    "/api/v1/organizations",
    "/api/v1/systems",
    "/api/v1/series",
    "/api/v1/versions",
    "/api/v1/search?q=records",
]
DETAIL_URLS = [
    "/api/v1/organizations/ICE",
    "/api/v1/series/dhs/ice/pia-015",
    "/api/v1/versions/dhs/ice/pia-015/b",
]


def _walk(api_get: ApiGet, url: str) -> list[dict[str, Any]]:
    """Every item of a list, following ``next`` from the first page."""
    items: list[dict[str, Any]] = []
    next_url: str | None = url
    while next_url is not None:
        page = api_get(next_url)
        items += page["results"]
        next_url = page["next"]
    return items


def _identifiers(page: dict[str, Any]) -> list[str]:
    return [item["identifier"] for item in page["results"]]


# The description and the docs page.


def test_openapi_describes_every_endpoint(openapi: dict[str, Any]) -> None:
    """/api/v1/openapi.json names the API and describes each public endpoint."""
    assert openapi["info"]["title"] == "privdocs API"
    assert openapi["info"]["version"] == "1"
    public = {
        path for path in openapi["paths"] if not path.startswith("/api/v1/workspace/")
    }
    assert public == {
        "/api/v1/organizations",
        "/api/v1/organizations/{acronym}",
        "/api/v1/systems",
        "/api/v1/series",
        "/api/v1/series/{identifier}",
        "/api/v1/versions",
        "/api/v1/versions/{identifier}",
        "/api/v1/search",
    }
    assert all(set(openapi["paths"][path]) == {"get"} for path in public)


def test_docs_page_lists_endpoints_without_outside_scripts(
    client: Client, openapi: dict[str, Any]
) -> None:
    """/api/v1/docs is plain HTML naming every endpoint, loading nothing from a CDN."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for path, operations in openapi["paths"].items():
        for method in operations:
            assert f"{method.upper()} {path}" in html
    assert "<script" not in html
    assert "cdn" not in html.lower()
    assert 'href="/api/v1/openapi.json"' in html


def test_public_statuses_match_the_gate() -> None:
    """The status filter offers exactly the statuses the public gate lets through."""
    assert set(PublicStatus.__args__) == {str(status) for status in PUBLIC_STATUSES}  # type: ignore[attr-defined]


# Organizations and systems.


def test_organizations_list_with_public_series_counts(
    registry: None, api_get: ApiGet
) -> None:
    """Organizations come by acronym with their parent; counts leave out drafts."""
    page = api_get("/api/v1/organizations")
    assert page["count"] == 3
    by_acronym = {item["acronym"]: item for item in page["results"]}
    assert list(by_acronym) == ["CBP", "DHS", "ICE"]
    assert by_acronym["ICE"]["parent"] == "DHS"
    assert by_acronym["DHS"]["parent"] is None
    # ICE holds PIA-001, 015, 039 in public, and the draft series PIA-050.
    assert by_acronym["ICE"]["series_count"] == 3
    assert by_acronym["CBP"]["series_count"] == 1
    assert by_acronym["ICE"]["api_url"] == f"{BASE}/api/v1/organizations/ICE"
    listed = api_get(by_acronym["ICE"]["series_api_url"])
    assert listed["count"] == 3


def test_organization_by_acronym_in_any_case(registry: None, api_get: ApiGet) -> None:
    """/organizations/ice answers ICE; an unknown acronym is a 404 echoing it."""
    found = api_get("/api/v1/organizations/ice")
    assert found["acronym"] == "ICE"
    assert found["name"] == "U.S. Immigration and Customs Enforcement"
    error = api_get("/api/v1/organizations/NOPE", status=404)
    assert error["extra"] == {"acronym": "NOPE"}
    assert "NOPE" in error["message"]


def test_systems_are_those_of_public_series(registry: None, api_get: ApiGet) -> None:
    """Systems list the public series covering them; one covered only by drafts is absent."""
    page = api_get("/api/v1/systems")
    names = {item["acronym"]: item for item in page["results"]}
    assert set(names) == {"ATS", "EID", "HRS", "LPR"}
    assert names["EID"]["series"] == ["DHS/ICE/PIA-015"]
    assert names["EID"]["organization"] == "ICE"
    ice = api_get("/api/v1/systems?organization=ICE")
    assert {item["organization"] for item in ice["results"]} == {"ICE"}
    assert ice["count"] == page["count"] - 1


# Series.


def test_series_list_holds_public_series_with_public_versions(
    registry: None, api_get: ApiGet
) -> None:
    """Series come in identifier order, each with its current version and public versions."""
    page = api_get("/api/v1/series")
    assert page["count"] == len(PUBLIC_SERIES)
    assert _identifiers(page) == PUBLIC_SERIES
    eid = page["results"][2]
    assert eid["current_version"] == "DHS/ICE/PIA-015(b)"
    assert eid["status"] == "published"
    assert eid["date"] == "2015-08-10"
    assert eid["title"] == "Enforcement Integrated Database Update"
    assert [item["update_letter"] for item in eid["versions"]] == ["", "a", "b"]
    assert eid["systems"] == [
        {"name": "Enforcement Integrated Database", "acronym": "EID"}
    ]
    assert eid["associations"][0]["identifier"] == "DHS/ICE-011"
    assert eid["associations"][0]["citation"] == "75 FR 23274"
    assert eid["url"] == f"{BASE}/dhs/ice/pia-015/"
    assert eid["api_url"] == f"{BASE}/api/v1/series/dhs/ice/pia-015"
    assert eid["versions"][2]["api_url"] == f"{BASE}/api/v1/versions/dhs/ice/pia-015/b"
    # Each version's page is its own: the superseded original's is not the series'.
    assert [item["url"] for item in eid["versions"]] == [
        f"{BASE}/dhs/ice/pia-015/original/",
        f"{BASE}/dhs/ice/pia-015/a/",
        f"{BASE}/dhs/ice/pia-015/b/",
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("organization=CBP", ["DHS/CBP/PIA-006"]),
        ("organization=ice&status=retired", ["DHS/ICE/PIA-001"]),
        ("status=published", ["DHS/CBP/PIA-006", "DHS/ICE/PIA-015", "DHS/ICE/PIA-039"]),
        ("year=2015", ["DHS/ICE/PIA-015", "DHS/ICE/PIA-039"]),
        ("kind=SORN", []),
        ("kind=PIA&year=2012", ["DHS/CBP/PIA-006"]),
        ("sort=-identifier", PUBLIC_SERIES[::-1]),
        (
            "sort=date",
            [
                "DHS/ICE/PIA-001",
                "DHS/CBP/PIA-006",
                "DHS/ICE/PIA-015",
                "DHS/ICE/PIA-039",
            ],
        ),
        (
            "sort=-date",
            [
                "DHS/ICE/PIA-039",
                "DHS/ICE/PIA-015",
                "DHS/CBP/PIA-006",
                "DHS/ICE/PIA-001",
            ],
        ),
        (
            "sort=title",
            [
                "DHS/ICE/PIA-039",
                "DHS/CBP/PIA-006",
                "DHS/ICE/PIA-015",
                "DHS/ICE/PIA-001",
            ],
        ),
        ("kind=&year=&organization=&status=", PUBLIC_SERIES),
    ],
)
def test_series_filters_and_order(
    registry: None, api_get: ApiGet, query: str, expected: list[str]
) -> None:
    """Series filter by organization, kind, current status and year, and sort; an
    empty parameter means none."""
    page = api_get(f"/api/v1/series?{query}")
    assert _identifiers(page) == expected
    assert page["count"] == len(expected)


@pytest.mark.parametrize(
    "spelling",
    [
        "dhs/ice/pia-015",
        "dhs/ice/pia-015/",
        quote("DHS/ICE/PIA-015", safe=""),
        "DHS-ICE-PIA-015",
        quote("ice pia 15", safe=""),
        "dhs/ice/pia-015/a",
    ],
)
def test_series_by_identifier_in_any_spelling(
    registry: None, api_get: ApiGet, spelling: str
) -> None:
    """A series answers to its URL path and to any spelling, URL-encoded; a letter is ignored."""
    found = api_get(f"/api/v1/series/{spelling}")
    assert found["identifier"] == "DHS/ICE/PIA-015"


def test_unknown_and_hidden_series_are_404_echoing_the_identifier(
    registry: None, api_get: ApiGet
) -> None:
    """A series not in the registry, a draft series and a non-identifier all answer 404."""
    for given in (
        "dhs/ice/pia-" + "9" * 100,
        "dhs/ice/pia-999",
        "dhs/ice/pia-050",
        "dhs/cbp/pia-077",
        "not-a-document",
    ):
        error = api_get(f"/api/v1/series/{given}", status=404)
        assert error["extra"] == {"identifier": given}
        assert HIDDEN_WORD not in error["message"]


# Versions.


def test_versions_list_and_filters(registry: None, api_get: ApiGet) -> None:
    """Versions list every public version; filters narrow them; sort orders them."""
    everything = api_get("/api/v1/versions")
    assert (
        everything["count"]
        == DocumentVersion.objects.filter(status__in=PUBLIC_STATUSES).count()
    )
    assert _identifiers(everything) == [
        "DHS/CBP/PIA-006",
        "DHS/ICE/PIA-001",
        "DHS/ICE/PIA-015",
        "DHS/ICE/PIA-015(a)",
        "DHS/ICE/PIA-015(b)",
        "DHS/ICE/PIA-039",
    ]
    eid = api_get(f"/api/v1/versions?series={quote('DHS/ICE/PIA-015(b)')}&sort=-date")
    assert _identifiers(eid) == [
        "DHS/ICE/PIA-015(b)",
        "DHS/ICE/PIA-015(a)",
        "DHS/ICE/PIA-015",
    ]
    superseded = api_get("/api/v1/versions?status=superseded&organization=ICE")
    assert _identifiers(superseded) == ["DHS/ICE/PIA-015", "DHS/ICE/PIA-015(a)"]
    assert _identifiers(api_get("/api/v1/versions?year=2011")) == ["DHS/ICE/PIA-015(a)"]


@pytest.mark.parametrize(
    "spelling",
    [
        "dhs/ice/pia-015/b",
        quote("DHS/ICE/PIA-015(b)", safe=""),
        "DHS-ICE-PIA-015b",
        quote("ice pia 15b", safe=""),
    ],
)
def test_version_by_identifier_in_any_spelling(
    registry: None, api_get: ApiGet, spelling: str
) -> None:
    """A version answers to its URL path and to any spelling with its letter."""
    found = api_get(f"/api/v1/versions/{spelling}")
    assert found["identifier"] == "DHS/ICE/PIA-015(b)"
    assert found["series"] == "DHS/ICE/PIA-015"
    assert found["date"] == "2015-08-10"
    assert found["summary"] == "Booking and arrest records of people ICE encounters."
    assert found["url"] == f"{BASE}/dhs/ice/pia-015/b/"
    assert found["series_api_url"] == f"{BASE}/api/v1/series/dhs/ice/pia-015"


def test_version_without_letter_is_the_original(
    registry: None, api_get: ApiGet
) -> None:
    """/versions/dhs/ice/pia-015 is the original version, not the current one."""
    found = api_get("/api/v1/versions/dhs/ice/pia-015")
    assert found["identifier"] == "DHS/ICE/PIA-015"
    assert found["status"] == "superseded"


def test_draft_version_is_404(registry: None, api_get: ApiGet) -> None:
    """The draft update (c) of a published series answers 404, like a missing one."""
    error = api_get("/api/v1/versions/dhs/ice/pia-015/c", status=404)
    assert error["extra"] == {"identifier": "dhs/ice/pia-015/c"}
    assert error["message"] == "No public document version DHS/ICE/PIA-015(c)"


def test_urls_lead_to_the_resource(
    registry: None, api_get: ApiGet, client: Client
) -> None:
    """Each api_url answers the same resource; each url is the reading-room page."""
    for item in api_get("/api/v1/versions")["results"]:
        assert api_get(item["api_url"]) == item
        assert client.get(item["url"].removeprefix(BASE)).status_code == 200
    for item in api_get("/api/v1/series")["results"]:
        assert api_get(item["api_url"]) == item


# Search.


def test_search_answers_hits_in_rank_order(registry: None, api_get: ApiGet) -> None:
    """Search answers the query, the total and hits best first, each with identifier and snippet."""
    page = api_get("/api/v1/search?q=license+plate")
    assert page["query"] == "license plate"
    assert page["count"] == len(page["results"]) >= 1
    first = page["results"][0]
    assert first["identifier"] == "DHS/ICE/PIA-039"
    assert "<mark>" in first["snippet_html"]
    assert first["url"] == f"{BASE}/dhs/ice/pia-039/"
    assert api_get(first["api_url"])["identifier"] == "DHS/ICE/PIA-039"
    assert page["next"] is None
    assert page["previous"] is None


def test_search_filters(registry: None, api_get: ApiGet) -> None:
    """Search filters by organization, kind, status and year, as the lists do."""
    everything = _identifiers(api_get("/api/v1/search?q=records&limit=100"))
    assert everything
    cbp = _identifiers(api_get("/api/v1/search?q=records&organization=cbp"))
    assert cbp == [item for item in everything if item.startswith("DHS/CBP/")]
    assert api_get("/api/v1/search?q=records&kind=SORN")["count"] == 0
    dated = api_get("/api/v1/search?q=records&year=2015&status=published")
    assert {item["date"][:4] for item in dated["results"]} <= {"2015"}
    assert {item["status"] for item in dated["results"]} <= {"published"}


def test_search_needs_a_query(registry: None, api_get: ApiGet) -> None:
    """Without q the search answers 422 naming the parameter."""
    error = api_get("/api/v1/search", status=422)
    assert [item["parameter"] for item in error["extra"]["errors"]] == ["q"]


# Pagination.


@pytest.mark.parametrize("url", LIST_URLS)
def test_next_and_previous_walk_every_item_once(
    registry: None, api_get: ApiGet, url: str
) -> None:
    """Following next from page 1 by 2s yields every item once, in the order of one
    long page; previous walks the same pages back."""
    separator = "&" if "?" in url else "?"
    whole = api_get(f"{url}{separator}limit={MAX_LIMIT}")
    assert whole["next"] is None
    walked = _walk(api_get, f"{url}{separator}limit=2")
    assert walked == whole["results"]
    assert len(walked) == whole["count"] >= 3
    last = api_get(f"{url}{separator}limit=2&page={-(-whole['count'] // 2)}")
    back: list[dict[str, Any]] = list(last["results"])
    previous = last["previous"]
    while previous is not None:
        page = api_get(previous)
        back = page["results"] + back
        previous = page["previous"]
    assert back == whole["results"]


def test_links_keep_the_filters(registry: None, api_get: ApiGet) -> None:
    """next and previous are absolute and keep every other parameter."""
    page = api_get("/api/v1/versions?organization=ICE&limit=1&page=2")
    assert page["next"] == f"{BASE}/api/v1/versions?organization=ICE&limit=1&page=3"
    assert page["previous"] == f"{BASE}/api/v1/versions?organization=ICE&limit=1&page=1"


def test_page_past_the_end_is_empty(registry: None, api_get: ApiGet) -> None:
    """A page after the last is empty, its previous link the last page."""
    page = api_get("/api/v1/series?limit=3&page=9")
    assert page["results"] == []
    assert page["count"] == len(PUBLIC_SERIES)
    assert page["next"] is None
    assert page["previous"] == f"{BASE}/api/v1/series?limit=3&page=2"


def test_limit_is_capped() -> None:
    """A limit over the maximum is read as the maximum, not refused."""
    assert PageQuery(limit=MAX_LIMIT * 5).page_size == MAX_LIMIT
    assert PageQuery(limit=7).page_size == 7


# Errors.


@pytest.mark.parametrize(
    ("url", "parameter"),
    [
        ("/api/v1/series?kind=XYZ", "kind"),
        ("/api/v1/series?status=draft", "status"),
        ("/api/v1/series?year=soon", "year"),
        ("/api/v1/series?sort=size", "sort"),
        ("/api/v1/series?organization=NOPE", "organization"),
        ("/api/v1/systems?organization=NOPE", "organization"),
        ("/api/v1/versions?series=not-an-identifier", "series"),
        ("/api/v1/versions?status=component_review", "status"),
        ("/api/v1/organizations?limit=0", "limit"),
        ("/api/v1/versions?page=0", "page"),
        ("/api/v1/search?q=records&organization=NOPE", "organization"),
        ("/api/v1/search?q=records&kind=memo", "kind"),
    ],
)
def test_bad_parameters_are_422_naming_the_parameter(
    registry: None, api_get: ApiGet, url: str, parameter: str
) -> None:
    """A bad filter value answers 422 in the one shape, naming the parameter."""
    error = api_get(url, status=422)
    assert [item["parameter"] for item in error["extra"]["errors"]] == [parameter]
    assert parameter in error["message"]


def test_unknown_api_path_is_404_in_the_one_shape(client: Client) -> None:
    """A path under /api/v1/ that is no endpoint answers 404 as JSON."""
    for path in ("/api/v1/", "/api/v1/documents", "/api/v1/series/"):
        response = client.get(path)
        assert response.status_code == 404
        assert set(response.json()) == {"message", "extra"}
        assert response.json()["extra"] == {"path": path}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("url", [*LIST_URLS, *DETAIL_URLS, "/api/v1/openapi.json"])
def test_writes_are_refused(
    registry: None, client: Client, method: str, url: str
) -> None:
    """The API is read-only: every write answers 405 in the one shape and changes nothing."""
    before = list(DocumentVersion.objects.values_list("pk", "status", "title"))
    response = getattr(client, method)(url, data={}, content_type="application/json")
    assert response.status_code == 405
    assert response["Allow"] == "GET"
    assert response.json() == {
        "message": f"The API is read-only: {method.upper()} is not allowed; use GET",
        "extra": {"method": method.upper(), "allowed": ["GET"]},
    }
    assert list(DocumentVersion.objects.values_list("pk", "status", "title")) == before


# The public gate.


def test_drafts_and_reviews_never_appear(
    registry: None, client: Client, api_get: ApiGet
) -> None:
    """A draft update, a draft series and a version in review appear on no endpoint,
    in no count, and not in search."""
    bodies: list[str] = []
    for url in [
        *LIST_URLS,
        f"/api/v1/search?q={HIDDEN_WORD}",
        "/api/v1/search?q=ice+pia+50",
    ]:
        separator = "&" if "?" in url else "?"
        for item in _walk(api_get, f"{url}{separator}limit=1"):
            bodies.append(repr(item))
            for link in ("api_url", "series_api_url"):
                if link in item:
                    bodies.append(client.get(item[link]).content.decode())
    for url in DETAIL_URLS:
        bodies.append(client.get(url).content.decode())
    assert bodies
    assert not [body for body in bodies if HIDDEN_WORD in body]
    assert api_get(f"/api/v1/search?q={HIDDEN_WORD}")["count"] == 0
    assert api_get("/api/v1/series")["count"] == len(PUBLIC_SERIES)
    assert api_get("/api/v1/series?organization=CBP")["count"] == 1
    assert "QVT" not in {
        item["acronym"] for item in api_get("/api/v1/systems")["results"]
    }
    eid = api_get("/api/v1/series/dhs/ice/pia-015")
    assert "DHS/ICE/PIA-015(c)" not in [item["identifier"] for item in eid["versions"]]


# Query counts.


def _many_series(count: int) -> None:
    """``count`` ICE series of two versions each, every one with a system and a SORN."""
    catalog_apply(
        record=catalog(
            *(
                series(
                    f"DHS/ICE/PIA-{number:03d}(a)",
                    version(f"DHS/ICE/PIA-{number:03d}", status="superseded"),
                    version(
                        f"DHS/ICE/PIA-{number:03d}(a)",
                        date=datetime.date(2014, 1, 1)
                        + datetime.timedelta(days=number),
                    ),
                    system=SystemRecord(f"System {number}", f"S{number:03d}"),
                    associations=(
                        sorn("DHS/ICE-011", "Arrest Records", "75 FR 23274"),
                    ),
                )
                for number in range(1, count + 1)
            )
        )
    )


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/series?limit=30", 5),
        ("/api/v1/series?limit=30&organization=ICE&sort=-date", 6),
        ("/api/v1/versions?limit=30", 3),
        ("/api/v1/systems?limit=30", 3),
        ("/api/v1/organizations?limit=30", 2),
        ("/api/v1/search?q=harbor&limit=30", 3),
        ("/api/v1/series/dhs/ice/pia-030", 4),
        ("/api/v1/versions/dhs/ice/pia-030/a", 2),
    ],
)
def test_query_counts_do_not_grow_with_the_page(
    db: None,
    api_get: ApiGet,
    django_assert_max_num_queries: DjangoAssertNumQueries,
    url: str,
    queries: int,
) -> None:
    """Thirty series with their versions, systems and SORNs take a fixed few queries."""
    _many_series(30)
    with django_assert_max_num_queries(queries):
        page = api_get(url)
    if "results" in page:
        assert len(page["results"]) == min(page["count"], 30) >= 2


@pytest.mark.parametrize(
    ("error", "status", "extra"),
    [
        (
            IdentifierError("'x' is not an identifier", where="series"),
            400,
            {"where": "series"},
        ),
        (ApplicationError("refused"), 400, {}),
        (NotFoundError("No organization 'X'"), 404, {}),
        (
            ResourceNotFoundError("No document", extra={"identifier": "x"}),
            404,
            {"identifier": "x"},
        ),
    ],
)
def test_application_errors_answer_in_the_one_shape(
    rf: RequestFactory, error: ApplicationError, status: int, extra: dict[str, str]
) -> None:
    """The project's own errors become 400 (bad input) or 404 (not found) with their message."""
    response = api.on_exception(rf.get("/api/v1/series"), error)
    assert response.status_code == status
    assert json.loads(response.content) == {"message": error.message, "extra": extra}


@pytest.mark.urls("privdocs.urls")
def test_mounted_in_the_site_with_urls_into_the_reading_room(
    registry: None, client: Client
) -> None:
    """In the site's own URLconf the API answers under /api/v1/ and its url fields
    resolve to the reading room's document pages."""
    eid = client.get("/api/v1/series/dhs/ice/pia-015").json()
    assert eid["api_url"] == f"{BASE}/api/v1/series/dhs/ice/pia-015"
    for url in [eid["url"], *(item["url"] for item in eid["versions"])]:
        assert resolve(url.removeprefix(BASE)).view_name == "readingroom:document"
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_links_of_an_acronym_with_an_ampersand(db: None, api_get: ApiGet) -> None:
    """S&T's links are escaped: they lead to S&T and its series, not to a cut-off name."""
    science = OrganizationRecord("S&T", "Science and Technology Directorate", "DHS")
    catalog_apply(
        record=CatalogRecord(
            organizations=(*ORGANIZATIONS, science),
            series=(series("DHS/S&T/PIA-001"),),
            source="test",
        )
    )
    found = api_get("/api/v1/organizations/s%26t")
    assert api_get(found["api_url"])["acronym"] == "S&T"
    assert _identifiers(api_get(found["series_api_url"])) == ["DHS/S&T/PIA-001"]
    assert api_get("/api/v1/versions?organization=S%26T")["count"] == 1
