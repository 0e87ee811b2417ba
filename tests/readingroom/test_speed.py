"""What keeps the reading room fast: organization pages in pages, ETags answered
with 304 Not Modified, compressed responses, and an export that skips bodies."""

from __future__ import annotations

import datetime
import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django import DjangoAssertNumQueries

from privdocs.documents.services.catalog import catalog_apply
from privdocs.readingroom import views
from tests.factories import catalog, series, version
from tests.readingroom.conftest import many_series_record

pytestmark = pytest.mark.django_db

ROW_RE = re.compile(r">(DHS/ICE[^<]*)</a></th>")


def _rows(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200, url
    return ROW_RE.findall(response.content.decode())


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> int:
    """Organization pages of 10 series, so a few dozen series fill several pages."""
    monkeypatch.setattr(views, "ORGANIZATION_PAGE_SIZE", 10)
    return 10


class TestOrganizationPages:
    def test_pages_hold_every_series_once_in_order(
        self, client: Client, small_pages: int
    ) -> None:
        """25 PIAs and a SORN on pages of 10: each series on exactly one page, PIAs
        first by number, then the SORN; page 3 ends the list."""
        catalog_apply(record=many_series_record(25))
        seen = [
            row for page in (1, 2, 3) for row in _rows(client, f"/dhs/ice/?page={page}")
        ]
        assert len(seen) == len(set(seen)) == 26
        assert seen[0] == "DHS/ICE/PIA-001(a)"
        assert seen[24] == "DHS/ICE/PIA-025(a)"
        assert seen[25] == "DHS/ICE-011"

    def test_sort_applies_across_pages(self, client: Client, small_pages: int) -> None:
        """?sort=date puts the newest PIA first on page 1 and the oldest last on page 3."""
        catalog_apply(record=many_series_record(25))
        first = _rows(client, "/dhs/ice/?sort=date&page=1")
        assert first[0] == "DHS/ICE/PIA-025(a)"
        last = _rows(client, "/dhs/ice/?sort=date&page=3")
        assert "DHS/ICE/PIA-001(a)" in last

    def test_navigation_keeps_the_sort_and_marks_the_current_page(
        self, client: Client, small_pages: int
    ) -> None:
        """Page links carry the sort; the current page has aria-current; the contents
        count the whole organization, not one page."""
        catalog_apply(record=many_series_record(25))
        html = client.get("/dhs/ice/?sort=name&page=2").content.decode()
        assert 'href="?sort=name&amp;page=3" rel="next"' in html
        assert 'href="?sort=name&amp;page=1" rel="prev"' in html
        assert 'aria-current="page"><span class="visually-hidden">Page </span>2' in html
        assert "Privacy Impact Assessments (25)" in html
        assert 'href="?sort=name&amp;page=3#kind-sorn"' in html
        assert "Series 11 to 20 of 26, page 2 of 3." in html

    @pytest.mark.parametrize("asked", ["0", "-3", "99", "two"])
    def test_a_page_out_of_range_is_the_nearest_page(
        self, client: Client, small_pages: int, asked: str
    ) -> None:
        """A page number that is too small, too large or not a number shows a page, not an error."""
        catalog_apply(record=many_series_record(15))
        assert _rows(client, f"/dhs/ice/?page={asked}")

    def test_one_page_has_no_page_navigation(self, client: Client) -> None:
        """An organization that fits on one page shows no page links."""
        catalog_apply(record=many_series_record(3))
        html = client.get("/dhs/ice/").content.decode()
        assert 'class="pagination"' not in html
        assert 'href="#kind-pia"' in html

    def test_retired_series_come_after_every_kind(
        self, client: Client, small_pages: int
    ) -> None:
        """A retired series is listed in the retired section, after the current ones."""
        record = many_series_record(12)
        retired = series(
            "DHS/ICE/PIA-000",
            version("DHS/ICE/PIA-000", title="Old system", status="retired"),
        )
        catalog_apply(record=catalog(*record.series, retired))
        assert "DHS/ICE/PIA-000" not in _rows(client, "/dhs/ice/?page=1")
        html = client.get("/dhs/ice/?page=2").content.decode()
        assert html.index('id="kind-sorn"') < html.index('id="retired"')
        assert html.index('id="retired"') < html.index(">DHS/ICE/PIA-000</a>")

    def test_queries_do_not_grow_with_the_organization(
        self,
        client: Client,
        small_pages: int,
        django_assert_max_num_queries: DjangoAssertNumQueries,
    ) -> None:
        """A page of an organization with 40 series costs the same few queries."""
        catalog_apply(record=many_series_record(40))
        for sort in ("number", "date", "name"):
            with django_assert_max_num_queries(10):
                assert len(_rows(client, f"/dhs/ice/?sort={sort}&page=2")) == 10


class TestConditionalRequests:
    @pytest.mark.parametrize("url", ["/", "/dhs/ice/", "/feed.atom"])
    def test_a_page_sent_back_unchanged_is_not_modified(
        self, client: Client, url: str
    ) -> None:
        """A client sending the ETag it got is answered 304 with no body."""
        catalog_apply(record=many_series_record(2))
        first = client.get(url)
        assert first.status_code == 200
        etag = first["ETag"]
        again = client.get(url, headers={"if-none-match": etag})
        assert again.status_code == 304
        assert again.content == b""

    def test_a_publication_changes_the_etag(self, client: Client) -> None:
        """After a new version is published the old ETag no longer matches."""
        catalog_apply(record=many_series_record(2))
        etag = client.get("/dhs/ice/")["ETag"]
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-099",
                    version(
                        "DHS/ICE/PIA-099",
                        title="Harbor cameras",
                        date=datetime.date(2020, 1, 1),
                    ),
                )
            )
        )
        response = client.get("/dhs/ice/", headers={"if-none-match": etag})
        assert response.status_code == 200
        assert response["ETag"] != etag
        assert "Harbor cameras" in response.content.decode()


class TestCompression:
    @pytest.mark.parametrize(
        "url", ["/dhs/ice/", "/api/v1/search?q=harbor", "/feed.atom"]
    )
    def test_responses_are_gzipped_when_accepted(
        self, client: Client, url: str
    ) -> None:
        """Pages, JSON and feeds come gzip-compressed to a client that accepts it."""
        catalog_apply(record=many_series_record(20))
        plain = client.get(url)
        packed = client.get(url, headers={"accept-encoding": "gzip"})
        assert packed["Content-Encoding"] == "gzip"
        assert gzip.decompress(packed.content) == plain.content
        assert len(packed.content) < len(plain.content)


def test_catalog_export_does_not_load_bodies() -> None:
    """The export reads versions without their bodies, which it leaves out anyway."""
    from io import StringIO

    from privdocs.formats.catalog_export import export_catalog

    catalog_apply(record=many_series_record(3))
    with CaptureQueriesContext(connection) as queries:
        assert export_catalog(StringIO(), fmt="json") == 4
    version_queries = [
        q["sql"] for q in queries if 'FROM "documents_documentversion"' in q["sql"]
    ]
    assert version_queries
    assert all('"body"' not in sql for sql in version_queries)
