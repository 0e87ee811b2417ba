"""Only what is published is public: drafts never leak, and pages cost few queries."""

from __future__ import annotations

import datetime

import pytest
from django.http import StreamingHttpResponse
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.services.catalog import catalog_apply
from privdocs.inventory.models import Organization, System
from privdocs.search.services import search_index_versions
from tests.readingroom.conftest import many_series_record, registry_record, series_of

#: Words only the unpublished documents hold.
SECRET_TITLE = "Quokkaberry"
SECRET_SUMMARY = "zanzibarite"


def _add_unpublished() -> list[str]:
    """A draft update of PIA-015, a draft series of its own (PIA-050), and an update
    of PIA-039 in component review; indexed as a service would. Their URLs."""
    eid_series = series_of("DHS/ICE/PIA-015")
    lpr_series = series_of("DHS/ICE/PIA-039")
    own = DocumentSeries.objects.create(
        organization=Organization.objects.get(acronym="ICE"),
        kind="PIA",
        agency="DHS",
        component="ICE",
        number=50,
        title=f"{SECRET_TITLE} pilot",
    )
    own.systems.set([System.objects.get(acronym="EID")])
    created = [
        DocumentVersion.objects.create(
            series=eid_series,
            update_letter="c",
            update_index=3,
            title=f"{SECRET_TITLE} update",
            summary=f"A {SECRET_SUMMARY} draft.",
            status=Status.DRAFT,
            published_on=datetime.date(2030, 1, 1),
        ),
        DocumentVersion.objects.create(
            series=own,
            update_letter="",
            update_index=0,
            title=f"{SECRET_TITLE} pilot",
            summary=f"Another {SECRET_SUMMARY} draft.",
            status=Status.DRAFT,
            published_on=datetime.date(2030, 1, 2),
        ),
        DocumentVersion.objects.create(
            series=lpr_series,
            update_letter="a",
            update_index=1,
            title=f"{SECRET_TITLE} reader update",
            summary=f"A {SECRET_SUMMARY} in review.",
            status=Status.COMPONENT_REVIEW,
            published_on=datetime.date(2030, 1, 3),
        ),
    ]
    search_index_versions(version.pk for version in created)
    return ["/dhs/ice/pia-015/c/", "/dhs/ice/pia-050/", "/dhs/ice/pia-039/a/"]


PUBLIC_URLS = [
    "/",
    "/dhs/",
    "/dhs/ice/",
    "/dhs/ice/?sort=number",
    "/dhs/ice/?sort=date",
    "/dhs/ice/?sort=name",
    "/dhs/ice/pia-015/",
    "/dhs/ice/pia-015/b/",
    "/dhs/ice/pia-039/",
    "/dhs/ice/sorn-011/",
    "/dhs/ice/systems/eid/",
    "/dhs/ice/systems/lpr/",
    f"/search/?q={SECRET_SUMMARY}",
    f"/search/?q={SECRET_TITLE}",
    "/search/?q=update",
    "/search/?q=ice+pia+15c",
    "/feed.atom",
    "/dhs/feed.atom",
    "/dhs/ice/feed.atom",
    "/sitemap.xml",
    "/catalog.json",
    "/catalog.csv",
]


def _body(client: Client, url: str) -> str:
    response = client.get(url, follow=True)
    assert response.status_code == 200, url
    if isinstance(response, StreamingHttpResponse):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_unpublished_versions_never_appear_on_any_public_url(client: Client) -> None:
    """With a draft in an existing series, a draft series and a version in component
    review, no public URL shows their words, and counts and dates leave them out."""
    catalog_apply(record=registry_record())
    hidden = _add_unpublished()
    for url in PUBLIC_URLS:
        body = _body(client, url)
        asked = url.removeprefix("/search/?q=")
        if asked in (SECRET_TITLE, SECRET_SUMMARY):
            # The page repeats what was asked; it must have found nothing.
            assert 'class="hit"' not in body and "No results" in body, url
            body = body.replace(f"“{asked}”", "").replace(f"Search: {asked} ", "")
            body = body.replace(f'value="{asked}"', "")
        assert SECRET_TITLE not in body, url
        assert SECRET_SUMMARY not in body, url
        assert "2030" not in body, url
        assert "pia-050" not in body, url
        assert "pia-015/c/" not in body and "pia-039/a/" not in body, url
    home = _body(client, "/")
    assert "4 documents" in home
    assert "5 documents" not in home
    assert "<h1>Enforcement Integrated Database Criminal History Update</h1>" in _body(
        client, "/dhs/ice/pia-015/"
    )
    for url in hidden:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_organization_page_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """ICE's page with 30 series, their versions, systems and SORNs: a fixed few queries."""
    catalog_apply(record=many_series_record(30))
    for sort in ("number", "date", "name"):
        with django_assert_max_num_queries(10):
            response = client.get(f"/dhs/ice/?sort={sort}")
        assert response.content.decode().count("Earlier versions (1)") == 30


@pytest.mark.django_db
def test_document_pages_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """A series, a version and a SORN cited by 30 PIAs each cost a fixed few queries."""
    catalog_apply(record=many_series_record(30))
    for url in ("/dhs/ice/pia-007/", "/dhs/ice/pia-007/a/", "/dhs/ice/sorn-011/"):
        with django_assert_max_num_queries(12):
            response = client.get(url)
        assert response.status_code == 200
    sorn = client.get("/dhs/ice/sorn-011/").content.decode()
    assert sorn.count('href="/dhs/ice/pia-0') == 30


@pytest.mark.django_db
def test_home_and_system_pages_queries_are_bounded(
    client: Client, django_assert_max_num_queries: DjangoAssertNumQueries
) -> None:
    """Home and a system page cost a fixed few queries with 30 series."""
    catalog_apply(record=many_series_record(30))
    with django_assert_max_num_queries(6):
        client.get("/")
    with django_assert_max_num_queries(12):
        assert client.get("/dhs/ice/systems/hs7/").status_code == 200
