"""Atom feeds, the sitemap and the catalog downloads of the reading room."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.http import StreamingHttpResponse
from django.test import Client

from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import CatalogRecord, OrganizationRecord
from privdocs.inventory.models import Organization
from tests.factories import ORGANIZATIONS, series, version
from tests.readingroom.conftest import registry_record

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _feed(client: Client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # noqa: S314  (our own output)


@pytest.mark.usefixtures("registry")
def test_site_feed_is_atom_1_0_with_complete_entries(client: Client) -> None:
    """/feed.atom is an Atom feed: id, title, updated, and entries each with id,
    title, updated and a link to the version's page, newest first."""
    feed = _feed(client, "/feed.atom")
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert (feed.findtext(f"{ATOM}{name}") or "").strip(), name
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 6
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href", "").startswith(
            "http://testserver/dhs/"
        )
    links = {
        entry.findtext(f"{ATOM}title", "").split(" \N{EN DASH} ")[0]: entry.find(
            f"{ATOM}link"
        ).get("href")  # type: ignore[union-attr]
        for entry in entries
    }
    # The original of a series with updates links to itself, not to the series.
    assert links["DHS/ICE/PIA-015"] == "http://testserver/dhs/ice/pia-015/original/"
    first = entries[0]
    assert first.findtext(f"{ATOM}title") == (
        "DHS/ICE-011 \N{EN DASH} Criminal Arrest Records and Immigration Enforcement Records"
    )
    assert (first.findtext(f"{ATOM}updated") or "").startswith("2016-10-19")


@pytest.mark.django_db
def test_organization_feed_holds_only_its_documents(client: Client) -> None:
    """/dhs/cbp/feed.atom lists CBP's publications and none of ICE's; /dhs/feed.atom both."""
    cbp = OrganizationRecord("CBP", "U.S. Customs and Border Protection", "DHS")
    catalog_apply(
        record=CatalogRecord(
            organizations=(*ORGANIZATIONS, cbp),
            series=(
                *registry_record().series,
                series("DHS/CBP/PIA-001", version("DHS/CBP/PIA-001")),
            ),
            source="test",
        )
    )
    titles = [
        entry.findtext(f"{ATOM}title") or ""
        for entry in _feed(client, "/dhs/cbp/feed.atom").findall(f"{ATOM}entry")
    ]
    assert titles == ["DHS/CBP/PIA-001 \N{EN DASH} Harbor Records System"]
    department = _feed(client, "/dhs/feed.atom").findall(f"{ATOM}entry")
    assert len(department) == 7


@pytest.mark.usefixtures("registry")
def test_sitemap_lists_organizations_series_and_versions(
    client: Client,
) -> None:
    """The sitemap holds organization, series and version URLs (an original with
    updates at its own address, one without at its series'), no citation-only series."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)  # noqa: S314  (our own output)
    locations = {node.text for node in root.iter(f"{SITEMAP}loc")}
    base = "http://testserver"
    for path in (
        "/dhs/",
        "/dhs/ice/",
        "/dhs/ice/pia-015/",
        "/dhs/ice/pia-015/a/",
        "/dhs/ice/pia-015/b/",
        "/dhs/ice/pia-015/original/",
        "/dhs/ice/sorn-011/",
    ):
        assert base + path in locations
    assert base + "/dhs/ice/pia-039/" in locations
    assert base + "/dhs/ice/pia-039/original/" not in locations
    assert base + "/dhs/all/sorn-030/" not in locations


@pytest.mark.django_db(transaction=True)
def test_catalog_json_streams_an_attachment(client: Client) -> None:
    """/catalog.json streams the catalog export as a file to save."""
    catalog_apply(record=registry_record())
    response = client.get("/catalog.json")
    assert isinstance(response, StreamingHttpResponse)
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="privdocs-catalog.json"'
    )
    assert response["Content-Type"] == "application/json"
    document = json.loads(b"".join(response.streaming_content))
    identifiers = [item["identifier"] for item in document["series"]]
    assert identifiers == [
        "DHS/ICE/PIA-007",
        "DHS/ICE/PIA-015",
        "DHS/ICE/PIA-039",
        "DHS/ICE-011",
    ]


@pytest.mark.django_db(transaction=True)
def test_catalog_csv_streams_one_row_per_version(client: Client) -> None:
    """/catalog.csv streams one row per public version under the header."""
    catalog_apply(record=registry_record())
    response = client.get("/catalog.csv")
    assert (
        response["Content-Disposition"] == 'attachment; filename="privdocs-catalog.csv"'
    )
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["identifier"] for row in rows] == [
        "DHS/ICE/PIA-007",
        "DHS/ICE/PIA-015",
        "DHS/ICE/PIA-015(a)",
        "DHS/ICE/PIA-015(b)",
        "DHS/ICE/PIA-039",
        "DHS/ICE-011",
    ]


def _entry_of(feed: ET.Element, identifier: str) -> ET.Element:
    for entry in feed.findall(f"{ATOM}entry"):
        if (entry.findtext(f"{ATOM}title") or "").startswith(identifier + " "):
            return entry
    raise AssertionError(f"no entry for {identifier}")


@pytest.mark.usefixtures("registry")
def test_feed_injection_summary_goes_out_as_text(client: Client) -> None:
    """A summary holding markup is sent as ``type="text"``: a feed reader shows the
    characters and never renders (or runs) the markup."""
    markup = 'Harbor logs <img src=x onerror="alert(1)"> & <script>alert(2)</script>'
    DocumentVersion.objects.filter(series__number=39).update(summary=markup)
    for url in ("/feed.atom", "/dhs/ice/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200
        assert b"<script>" not in response.content
        assert b"&lt;script&gt;" in response.content
        feed = ET.fromstring(response.content)  # noqa: S314  (our own output)
        summary = _entry_of(feed, "DHS/ICE/PIA-039").find(f"{ATOM}summary")
        assert summary is not None
        assert summary.get("type") == "text"
        assert summary.text == markup
        types = {s.get("type") for s in feed.iter(f"{ATOM}summary")}
        assert types == {"text"}


@pytest.mark.usefixtures("registry")
def test_feed_control_character_in_stored_summary_keeps_feeds_up(
    client: Client,
) -> None:
    """A control character or bidi override stored before input was cleaned (a
    vertical tab, an escape, U+202E) no longer takes the feeds down: each feed answers
    200 with the text cleaned."""
    DocumentVersion.objects.filter(series__number=39).update(
        summary="Plate\x0b reads\x1b kept \u202e30 days", title="License\x08 Plates"
    )
    Organization.objects.filter(acronym="ICE").update(
        name="U.S. Immigration\x0c and Customs Enforcement"
    )
    for url in ("/feed.atom", "/dhs/feed.atom", "/dhs/ice/feed.atom"):
        response = client.get(url)
        assert response.status_code == 200, url
        feed = ET.fromstring(response.content)  # noqa: S314  (our own output)
        entry = _entry_of(feed, "DHS/ICE/PIA-039")
        assert entry.findtext(f"{ATOM}summary") == "Plate reads kept 30 days"
        assert entry.findtext(f"{ATOM}title") == (
            "DHS/ICE/PIA-039 \N{EN DASH} License Plates"
        )
        assert entry.findtext(f"{ATOM}author/{ATOM}name") == (
            "U.S. Immigration and Customs Enforcement"
        )


@pytest.mark.django_db(transaction=True)
def test_csv_injection_catalog_csv_download_neutralizes_formulas(
    client: Client,
) -> None:
    """/catalog.csv writes a summary beginning with ``=`` as ``'=...``: opened in a
    spreadsheet, it is text, not a formula."""
    catalog_apply(record=registry_record())
    DocumentVersion.objects.filter(series__number=39).update(
        summary="=cmd|' /C calc'!A0"
    )
    response = client.get("/catalog.csv")
    assert isinstance(response, StreamingHttpResponse)
    text = b"".join(response.streaming_content).decode()
    rows = {row["identifier"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["DHS/ICE/PIA-039"]["summary"] == "'=cmd|' /C calc'!A0"
