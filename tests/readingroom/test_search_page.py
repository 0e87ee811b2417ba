"""The search page: identifier redirects, ranked hits with snippets, filters, pages."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from privdocs.documents.services.catalog import catalog_apply
from tests.readingroom.conftest import many_series_record

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("registry")
@pytest.mark.parametrize(
    ("query", "location"),
    [
        ("ice pia 15a", "/dhs/ice/pia-015/a/"),
        ("DHS/ICE/PIA-015(b)", "/dhs/ice/pia-015/b/"),
        ("ice pia 15", "/dhs/ice/pia-015/b/"),
        ("DHS-ICE-PIA-039", "/dhs/ice/pia-039/"),
    ],
)
def test_an_identifier_goes_straight_to_its_document(
    client: Client, query: str, location: str
) -> None:
    """A query naming a public document redirects (302) to it."""
    response = client.get("/search/", {"q": query})
    assert response.status_code == 302
    assert response.headers["Location"] == location


@pytest.mark.usefixtures("registry")
def test_words_list_ranked_hits_with_marked_snippets(client: Client) -> None:
    """Words list hits linking to each version, the count, and <mark>ed snippets."""
    html = client.get("/search/", {"q": "vehicles"}).content.decode()
    assert "1 result" in html
    assert (
        '<a href="/dhs/ice/pia-039/"><span class="identifier">DHS/ICE/PIA-039</span>'
        in html
    )
    assert "<mark>vehicles</mark>" in html


@pytest.mark.usefixtures("registry")
def test_filters_are_labelled_controls_keeping_their_values(client: Client) -> None:
    """Every filter is a labelled select and shows the value asked for."""
    html = client.get("/search/", {"q": "records", "kind": "SORN"}).content.decode()
    for name in ("q", "organization", "kind", "status", "year"):
        assert f'<label for="search-{name}">' in html
        assert f'id="search-{name}"' in html
    assert '<option value="SORN" selected>' in html
    assert '<a href="/dhs/ice/sorn-011/">' in html
    assert "DHS/ICE/PIA-039</span>" not in html


@pytest.mark.usefixtures("registry")
def test_no_results_gives_help(client: Client) -> None:
    """A search with no hits says so and suggests what to try."""
    html = client.get(
        "/search/", {"q": "xylophone", "status": "retired"}
    ).content.decode()
    assert "No results" in html
    assert "Search again without filters" in html
    assert "ice pia 15g" in html


@pytest.mark.usefixtures("registry")
def test_bad_parameters_are_ignored_not_errors(client: Client) -> None:
    """A non-numeric page or year, or an unknown kind, falls back to no filter."""
    response = client.get(
        "/search/", {"q": "records", "page": "x", "year": "soon", "kind": "MEMO"}
    )
    assert response.status_code == 200
    assert "result" in response.content.decode()


def test_results_come_in_pages(client: Client) -> None:
    """Sixty hits fill three pages of 20; the last lists hits 41 on and links back."""
    catalog_apply(record=many_series_record(30))
    first = client.get("/search/", {"q": "inspection"}).content.decode()
    assert "60 results, page 1 of 3" in first
    assert first.count('class="hit"') == 20
    assert 'rel="next"' in first and 'rel="prev"' not in first
    last = client.get("/search/", {"q": "inspection", "page": "3"}).content.decode()
    assert last.count('class="hit"') == 20
    assert '<ol class="hits" start="41">' in last
    assert 'rel="prev"' in last and 'rel="next"' not in last
    beyond = client.get("/search/", {"q": "inspection", "page": "9"}).content.decode()
    assert "There are no results on page 9" in beyond


def test_search_page_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """A page of hits costs a fixed number of queries, whatever the catalog size."""
    catalog_apply(record=many_series_record(30))
    with django_assert_max_num_queries(8):
        response = client.get("/search/", {"q": "inspection"})
    assert response.status_code == 200
