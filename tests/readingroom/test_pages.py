"""The reading room's pages: what each shows, its links, its sorting and its 404s."""

from __future__ import annotations

import datetime
import re

import pytest
from django.test import Client

from privdocs.documents.models import Attachment, DocumentVersion
from privdocs.readingroom.listings import size_human
from tests.readingroom.conftest import series_of

pytestmark = pytest.mark.usefixtures("registry")


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_home_lists_organizations_recent_publications_and_a_search_box(
    client: Client,
) -> None:
    """Home shows each organization with its count of public series, the latest
    publications newest first, and a labelled search box."""
    html = _html(client, "/")
    assert html.count("<h1") == 1
    assert re.search(
        r'href="/dhs/ice/">U.S. Immigration and Customs Enforcement \(ICE\)</a>\s*<span class="count">4 documents',
        html,
    )
    recent = html.index("Recent publications")
    assert html.index("DHS/ICE-011", recent) < html.index("DHS/ICE/PIA-039", recent)
    assert '<label for="home-q">' in html and 'id="home-q" type="search"' in html


def test_organization_page_groups_current_documents_by_kind(client: Client) -> None:
    """ICE's page lists PIAs and SORNs under their kinds, each with identifier,
    system, title, date, pages and human size, and the retired PIA apart."""
    html = _html(client, "/dhs/ice/")
    assert html.count("<h1") == 1
    pias = html.index('id="kind-pia"')
    sorns = html.index('id="kind-sorn"')
    retired = html.index('id="retired"')
    assert pias < html.index("DHS/ICE/PIA-015(b)") < sorns
    assert sorns < html.index(">DHS/ICE-011</a></th>") < retired
    assert html.index("DHS/ICE/PIA-007") > retired
    assert '29 pages</span> <span class="nowrap">167 KB' in html
    assert "1.5 MB" in html
    assert '<time datetime="2013-07-01">Jul 1, 2013</time>' in html
    assert (
        'href="/dhs/ice/systems/eid/">Enforcement Integrated Database (EID)</a>' in html
    )


def test_organization_page_folds_earlier_versions_and_links_associations(
    client: Client,
) -> None:
    """Earlier versions sit in a <details> under the current one; an associated SORN
    is linked when its series is public and written plainly when it is not."""
    html = _html(client, "/dhs/ice/")
    details = html[html.index("<details") : html.index("</details>")]
    assert "Earlier versions (2)" in details
    assert 'href="/dhs/ice/pia-015/a/">DHS/ICE/PIA-015(a)</a>' in details
    assert details.index("PIA-015(a)") < details.index(
        'href="/dhs/ice/pia-015/original/">'
    )
    assert '<a href="/dhs/ice/sorn-011/">DHS/ICE-011</a>' in html
    assert "<li>DHS/ALL-030 \N{EN DASH} Use of the Terrorist Screening Database" in html
    assert "/dhs/all/sorn-030/" not in html


@pytest.mark.parametrize(
    ("sort", "order", "direction"),
    [
        ("number", ["PIA-015(b)", "PIA-039"], "ascending"),
        ("date", ["PIA-039", "PIA-015(b)"], "descending"),
        ("name", ["PIA-039", "PIA-015(b)"], "ascending"),
        ("nonsense", ["PIA-015(b)", "PIA-039"], "ascending"),
    ],
)
def test_organization_page_sorts_by_number_date_or_name(
    client: Client, sort: str, order: list[str], direction: str
) -> None:
    """?sort= orders the rows; the sorted column's header carries aria-sort."""
    html = _html(client, f"/dhs/ice/?sort={sort}")
    first, second = order
    assert html.index(f">DHS/ICE/{first}</a></th>") < html.index(
        f">DHS/ICE/{second}</a></th>"
    )
    effective = sort if sort != "nonsense" else "number"
    header = re.search(
        rf'<th scope="col" [^>]*aria-sort="{direction}">\s*<a href="\?sort=(\w+)"', html
    )
    assert header is not None and header.group(1) == effective


def test_department_page_lists_its_components(client: Client) -> None:
    """The DHS page links to ICE with ICE's document count."""
    html = _html(client, "/dhs/")
    assert re.search(
        r'href="/dhs/ice/">U.S. Immigration and Customs Enforcement \(ICE\)</a>\s*<span class="count">4 documents',
        html,
    )


def test_series_page_shows_the_current_published_version(client: Client) -> None:
    """/dhs/ice/pia-015/ shows (b), the version in force, and every version in a table."""
    html = _html(client, "/dhs/ice/pia-015/")
    assert html.count("<h1") == 1
    assert "<h1>Enforcement Integrated Database Criminal History Update</h1>" in html
    assert '<p class="identifier identifier--large">DHS/ICE/PIA-015(b)</p>' in html
    versions = html[html.index('id="versions-heading"') :]
    for letter, label in (
        ("b/", "Published"),
        ("a/", "Previous version"),
        ("original/", "Previous version"),
    ):
        assert f'href="/dhs/ice/pia-015/{letter}"' in versions
        assert label in versions
    assert "This is a previous version" not in html


def test_version_page_shows_its_letter_and_points_to_the_current_version(
    client: Client,
) -> None:
    """/dhs/ice/pia-015/a/ shows (a), says it is a previous version and links (b)."""
    html = _html(client, "/dhs/ice/pia-015/a/")
    assert '<p class="identifier identifier--large">DHS/ICE/PIA-015(a)</p>' in html
    assert "<h1>Enforcement Integrated Database Update</h1>" in html
    assert (
        'This is a previous version. The current version is <a href="/dhs/ice/pia-015/b/">DHS/ICE/PIA-015(b)</a>'
        in html
    )
    assert '<li><a href="/dhs/ice/pia-015/">DHS/ICE/PIA-015</a></li>' in html
    assert '<span aria-current="page">(a)</span>' in html


def test_original_version_has_its_own_address(client: Client) -> None:
    """/dhs/ice/pia-015/original/ shows the letterless original, not the version in
    force, says it is a previous version, and gives that address as permanent."""
    html = _html(client, "/dhs/ice/pia-015/original/")
    assert '<p class="identifier identifier--large">DHS/ICE/PIA-015</p>' in html
    assert "<h1>Enforcement Integrated Database</h1>" in html
    assert "This is a previous version." in html
    assert (
        '<a href="/dhs/ice/pia-015/original/">http://testserver/dhs/ice/pia-015/original/</a>'
        in html
    )
    assert '<li><a href="/dhs/ice/pia-015/">DHS/ICE/PIA-015</a></li>' in html
    assert '<span aria-current="page">(original)</span>' in html
    # The organization page's folded earlier versions link it there too.
    assert 'href="/dhs/ice/pia-015/original/">DHS/ICE/PIA-015</a>' in _html(
        client, "/dhs/ice/"
    )


def test_sorn_page_lists_the_public_documents_that_cite_it(client: Client) -> None:
    """The SORN's page lists PIA-015, which names it as its associated SORN."""
    html = _html(client, "/dhs/ice/sorn-011/")
    cited_by = html[html.index('id="cited-by-heading"') :]
    assert '<a href="/dhs/ice/pia-015/b/">DHS/ICE/PIA-015(b)</a>' in cited_by


def test_retired_document_says_so(client: Client) -> None:
    """A retired document's page says it is retired."""
    html = _html(client, "/dhs/ice/pia-007/")
    assert "This document is retired" in html


def test_document_page_shows_body_sections_and_attachments(client: Client) -> None:
    """Body answers render as plain text by question id; attachments are listed
    with their size and checksum."""
    current = DocumentVersion.objects.get(series=series_of("DHS/ICE/PIA-039"))
    DocumentVersion.objects.filter(pk=current.pk).update(
        body={"1.1": "Section 287 of the <Act>.", "2.1": ["Plate numbers", "Photos"]}
    )
    Attachment.objects.create(
        version=current,
        filename="privacy-pia-ice-lpr.pdf",
        sha256="a" * 64,
        pages=20,
        size_bytes=204800,
    )
    html = _html(client, "/dhs/ice/pia-039/")
    assert "<dt>1.1</dt><dd>Section 287 of the &lt;Act&gt;.</dd>" in html
    assert "<dt>2.1</dt><dd>Plate numbers<br>Photos</dd>" in html
    assert "privacy-pia-ice-lpr.pdf (not available for download)" in html
    assert "20 pages, 200 KB; SHA-256 <code>" + "a" * 64 in html


def test_system_page_lists_the_documents_that_cover_it(client: Client) -> None:
    """The EID page lists PIA-015 and not the LPR PIA."""
    html = _html(client, "/dhs/ice/systems/eid/")
    assert "<h1>Enforcement Integrated Database (EID)</h1>" in html
    assert "DHS/ICE/PIA-015(b)" in html
    assert "DHS/ICE/PIA-039" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/nasa/",
        "/dhs/cbp/",
        "/dhs/ice/pia-999/",
        "/dhs/ice/pia-015/z/",
        "/dhs/all/sorn-030/",
        "/dhs/ice/pia-015/b/c/d/",
        "/dhs/ice/pia-015/b/original/",
        "/dhs/ice/pia-999/original/",
        "/dhs/original/",
        "/dhs/ice/systems/nothing/",
        "/nasa/systems/eid/",
        "/nasa/feed.atom",
        "/%E2%98%83/",
    ],
)
def test_unknown_addresses_answer_the_404_page(client: Client, url: str) -> None:
    """Unknown organizations, documents, letters and systems get the 404 page,
    as do series the registry knows only as a citation (no public version)."""
    response = client.get(url)
    assert response.status_code == 404
    if not url.endswith(".atom"):
        assert "Page not found" in response.content.decode()


def test_other_spellings_of_a_document_address_redirect_to_the_canonical_one(
    client: Client,
) -> None:
    """/dhs/ice/pia-15/ and /DHS/ICE/PIA-015/B/ move permanently to the canonical path."""
    assert client.get("/dhs/ice/pia-15/").headers["Location"] == "/dhs/ice/pia-015/"
    response = client.get("/DHS/ICE/PIA-015/B/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/dhs/ice/pia-015/b/"
    response = client.get("/dhs/ice/pia-15/Original/")
    assert response.status_code == 301
    assert response.headers["Location"] == "/dhs/ice/pia-015/original/"


def test_every_page_has_landmarks_a_skip_link_and_one_h1(client: Client) -> None:
    """Header, nav, main and footer landmarks, a skip link to main, exactly one h1."""
    for url in [
        "/",
        "/dhs/ice/",
        "/dhs/ice/pia-015/",
        "/dhs/ice/systems/eid/",
        "/search/?q=arrest",
        "/nowhere/",
    ]:
        html = client.get(url).content.decode()
        assert html.count("<h1") == 1, url
        for landmark in ("<header", "<nav", '<main id="main"', "<footer"):
            assert landmark in html, (url, landmark)
        assert '<a class="skip-link" href="#main">' in html


@pytest.mark.parametrize(
    ("size", "text"),
    [
        (None, ""),
        (900, "900 bytes"),
        (171008, "167 KB"),
        (20480, "20 KB"),
        (1_572_864, "1.5 MB"),
    ],
)
def test_sizes_read_as_published_pages_write_them(size: int | None, text: str) -> None:
    """Bytes become "167 KB" (1024 bytes a KB) or "1.5 MB"."""
    assert size_human(size) == text


def test_the_date_in_the_recent_list_is_the_publication_date(client: Client) -> None:
    """Recent publications show each version's date of publication."""
    html = _html(client, "/")
    assert (
        f'<time datetime="{datetime.date(2016, 10, 19).isoformat()}">October 19, 2016</time>'
        in html
    )
