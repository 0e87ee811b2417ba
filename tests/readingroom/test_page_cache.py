"""Home and document pages are cached under the catalog revision: built once, then
served until a committed change to anything they show."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from privdocs.documents.models import (
    Association,
    Attachment,
    CatalogRevision,
    DocumentSeries,
    DocumentVersion,
)
from privdocs.documents.revision import catalog_revision, catalog_revision_bump
from privdocs.documents.services.catalog import catalog_apply
from privdocs.inventory.models import Organization, System
from tests.factories import catalog, series
from tests.readingroom.conftest import LPR, registry_record

OnCommit = Callable[..., AbstractContextManager[list[Callable[[], Any]]]]


def ice_count(client: Client) -> int:
    """The number of documents the home page gives ICE."""
    html = client.get("/").content.decode()
    found = re.search(
        r'href="/dhs/ice/">[^<]*</a>\s*<span class="count">(\d+) document', html
    )
    assert found is not None, html
    return int(found.group(1))


@pytest.mark.django_db(transaction=True)
def test_home_is_counted_once_then_again_after_each_committed_change(
    client: Client, admin_client: Client
) -> None:
    """A second visit runs one query (the revision); an import, a deletion in the
    admin and a renamed organization each show on the very next visit."""
    catalog_apply(record=registry_record())
    assert ice_count(client) == 4
    with CaptureQueriesContext(connection) as queries:
        assert ice_count(client) == 4
    assert len(queries) == 1, [query["sql"] for query in queries]

    catalog_apply(record=catalog(series("DHS/ICE/PIA-050")))
    assert ice_count(client) == 5

    doomed = DocumentSeries.objects.get(number=50)
    deleted = admin_client.post(
        f"/admin/documents/documentseries/{doomed.pk}/delete/", {"post": "yes"}
    )
    assert deleted.status_code == 302
    assert ice_count(client) == 4

    ice = Organization.objects.get(acronym="ICE")
    ice.name = "Immigration and Customs Enforcement, renamed"
    ice.save()
    assert (
        "Immigration and Customs Enforcement, renamed"
        in client.get("/").content.decode()
    )


def one_query_page(client: Client, url: str, **extra: Any) -> str:
    """The page, asserted to come from the cache (the revision is its one query)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    assert response.status_code == 200
    assert len(queries) == 1, [query["sql"] for query in queries]
    return response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_document_page_shows_each_change_to_what_it_shows(client: Client) -> None:
    """A document page is served from the cache (whatever the query string) until an
    attachment, a system, the series' systems (re-imported) or an association
    changes."""
    catalog_apply(record=registry_record())
    url = "/dhs/ice/pia-015/"
    client.get(url)
    one_query_page(client, url)
    one_query_page(client, url + "?utm_source=news")
    version = DocumentVersion.objects.get(series__number=15, update_letter="b")

    Attachment.objects.create(
        version=version,
        filename="pia-015b.pdf",
        sha256="b" * 64,
        pages=3,
        size_bytes=4096,
    )
    assert "pia-015b.pdf" in client.get(url).content.decode()

    eid = System.objects.get(acronym="EID")
    eid.name = "Enforcement Integrated Database, renamed"
    eid.save()
    assert (
        "Enforcement Integrated Database, renamed" in client.get(url).content.decode()
    )

    # The series' systems change only through an import (or the admin).
    record = registry_record()
    pia_015 = record.series[0]
    assert str(pia_015.identifier) == "DHS/ICE/PIA-015"
    catalog_apply(
        record=dataclasses.replace(
            record,
            series=(
                dataclasses.replace(pia_015, systems=(*pia_015.systems, LPR)),
                *record.series[1:],
            ),
        )
    )
    assert "License Plate Reader Data Service" in client.get(url).content.decode()

    Association.objects.filter(source=version.series, kind="PCR").delete()
    assert "Review of arrest data sharing" not in client.get(url).content.decode()
    one_query_page(client, url)


@pytest.mark.django_db(transaction=True)
def test_cached_pages_keep_their_host_and_never_keep_a_404(
    client: Client, settings: Any
) -> None:
    """The permanent address is written with the host asked for; a missing document
    is a 404 each time, not a cached answer."""
    settings.ALLOWED_HOSTS = ["testserver", "registry.example.gov"]
    catalog_apply(record=registry_record())
    client.get("/dhs/ice/pia-039/", HTTP_HOST="registry.example.gov")
    html = one_query_page(client, "/dhs/ice/pia-039/", HTTP_HOST="registry.example.gov")
    assert "http://registry.example.gov/dhs/ice/pia-039/original/" in html
    other = client.get("/dhs/ice/pia-039/").content.decode()
    assert "http://testserver/dhs/ice/pia-039/original/" in other
    for _ in range(2):
        assert client.get("/dhs/ice/pia-999/").status_code == 404


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_leaves_the_revision(client: Client) -> None:
    """Only committed changes move the revision: a rolled-back save does not."""
    catalog_apply(record=registry_record())
    before = catalog_revision()
    with pytest.raises(RuntimeError), transaction.atomic():
        DocumentVersion.objects.filter(series__number=39).get().save()
        raise RuntimeError("changed my mind")
    assert catalog_revision() == before


@pytest.mark.django_db
def test_one_bump_per_transaction_however_many_rows(
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    """An import saves many rows; the revision moves once, after the commit."""
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalog_apply(record=registry_record())
    assert callbacks.count(catalog_revision_bump) == 1


@pytest.mark.django_db
def test_a_missing_row_starts_above_any_earlier_number() -> None:
    """After a flush the row starts from the clock in microseconds, above what a
    counter of the same database could have reached, so old cache keys stay unused."""
    CatalogRevision.objects.all().delete()
    assert catalog_revision() is None
    catalog_revision_bump()
    first = catalog_revision()
    assert first is not None and first > 1_700_000_000_000_000
    catalog_revision_bump()
    assert catalog_revision() == first + 1


@pytest.mark.django_db(transaction=True)
def test_a_new_release_builds_its_own_pages(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cache shared between servers never hands a new release a page an older one
    rendered with its templates: the release is part of the key."""
    catalog_apply(record=registry_record())
    client.get("/")
    one_query_page(client, "/")
    monkeypatch.setattr("privdocs.readingroom.pagecache.__version__", "99.0.0")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    assert len(queries) > 1
    one_query_page(client, "/")


@pytest.mark.django_db(transaction=True)
def test_organization_pages_are_kept_per_sort_and_page_number(client: Client) -> None:
    """Each sort is built once and then served from the cache; other query text
    (a tracking tag, a page number out of range) maps to the same validated page
    and never reaches its links; a new series shows on the next visit."""
    catalog_apply(record=registry_record())
    by_number = client.get("/dhs/ice/").content.decode()
    assert one_query_page(client, "/dhs/ice/") == by_number
    assert one_query_page(client, "/dhs/ice/?sort=number&page=9&utm=x") == by_number
    assert "utm" not in by_number
    by_date = client.get("/dhs/ice/?sort=date").content.decode()
    assert by_date != by_number
    assert one_query_page(client, "/dhs/ice/?sort=date") == by_date

    catalog_apply(record=catalog(series("DHS/ICE/PIA-050")))
    assert "DHS/ICE/PIA-050" in client.get("/dhs/ice/").content.decode()
    assert "DHS/ICE/PIA-050" in client.get("/dhs/ice/?sort=date").content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_mistyped_organization_is_looked_up_each_time(client: Client) -> None:
    """An address that names nothing is a 404 every time and takes no cache entry,
    so made-up addresses cannot fill the cache."""
    catalog_apply(record=registry_record())
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/dhs/nowhere/").status_code == 404
        assert len(queries) > 1


@pytest.mark.django_db(transaction=True)
def test_search_reads_its_organization_choices_once_per_revision(
    client: Client,
) -> None:
    """The search form's list of publishing organizations is read once; an
    organization that publishes its first document is offered on the next search."""
    catalog_apply(record=registry_record())
    Organization.objects.create(
        acronym="CBP",
        name="U.S. Customs and Border Protection",
        slug="cbp",
        parent=Organization.objects.get(acronym="DHS"),
    )
    client.get("/search/?q=records")
    assert '<option value="CBP"' not in client.get("/search/?q=x").content.decode()
    with CaptureQueriesContext(connection) as first:
        client.get("/search/?q=license")
    with CaptureQueriesContext(connection) as again:
        client.get("/search/?q=license")
    assert len(again) == len(first)
    catalog_apply(record=catalog(series("DHS/CBP/PIA-001")))
    with CaptureQueriesContext(connection) as changed:
        html = client.get("/search/?q=license").content.decode()
    assert len(changed) == len(first) + 1
    assert '<option value="CBP"' in html


@pytest.mark.django_db(transaction=True)
def test_whole_pages_stay_within_their_own_small_cache(
    client: Client, settings: Any
) -> None:
    """A crawler reading page after page leaves at most the pages cache's entries in
    memory, the least recently read going first; the page just read stays."""
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "OPTIONS": {"MAX_ENTRIES": 2}},
    }
    catalog_apply(record=registry_record())
    crawl = ["/", "/dhs/ice/pia-015/", "/dhs/ice/pia-015/a/", "/dhs/ice/pia-039/"]
    for url in crawl:
        assert client.get(url).status_code == 200
    one_query_page(client, crawl[-1])
    with CaptureQueriesContext(connection) as queries:
        assert client.get(crawl[0]).status_code == 200
    assert len(queries) > 1, "the first page read should have left the cache"
