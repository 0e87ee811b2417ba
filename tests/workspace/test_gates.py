"""The workspace's gates: what a user may not open looks exactly like what does not
exist (pages and API), lists link only what opens, and the organization tree is
read once per request however many organizations there are."""

from __future__ import annotations

import datetime
import json
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privdocs.access.models import Membership, Role
from privdocs.access.selectors import NOT_YOURS_OR_MISSING
from privdocs.assessments.models import ThresholdAnalysis
from privdocs.assessments.services import (
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind, Status
from privdocs.inventory.models import Organization, System
from tests.personas import PTA_MINIMAL_ANSWERS, Tree, draft_in
from tests.workspace.conftest import ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

#: An id no object has.
MISSING = 987654
WS = "/api/v1/workspace"


def _pages(version: int, analysis: int, system: int) -> list[tuple[str, str]]:
    """(method, URL) of every workspace page that names an object by id."""
    document = [
        ("GET", reverse("workspace:document", kwargs={"pk": version})),
        ("GET", reverse("workspace:document_docx", kwargs={"pk": version})),
        ("GET", reverse("workspace:review", kwargs={"pk": version})),
        ("GET", reverse("workspace:redline", kwargs={"pk": version})),
        (
            "GET",
            reverse("workspace:section", kwargs={"pk": version, "section_id": "1.0"}),
        ),
        ("POST", reverse("workspace:comment", kwargs={"pk": version})),
        (
            "POST",
            reverse(
                "workspace:comment_resolve", kwargs={"pk": version, "comment_pk": 1}
            ),
        ),
        (
            "POST",
            reverse(
                "workspace:document_step", kwargs={"pk": version, "step": "submit"}
            ),
        ),
        ("POST", reverse("workspace:document_discard", kwargs={"pk": version})),
    ]
    return [
        *document,
        ("GET", reverse("workspace:system", kwargs={"pk": system})),
        ("POST", reverse("workspace:pta_start", kwargs={"pk": system})),
        ("GET", reverse("workspace:pta", kwargs={"pk": analysis})),
        ("POST", reverse("workspace:determination", kwargs={"pk": analysis})),
        (
            "POST",
            reverse(
                "workspace:determination_open", kwargs={"pk": analysis, "kind": "pia"}
            ),
        ),
    ]


def _api(version: int, analysis: int, system: int, determination: int) -> list[Any]:
    """(method, URL, body) of every workspace API operation that names an object."""
    return [
        ("GET", f"{WS}/versions/{version}", None),
        (
            "PUT",
            f"{WS}/versions/{version}/sections/1.0",
            {"answers": {"1.1": "x"}, "base_revision": 0},
        ),
        ("POST", f"{WS}/versions/{version}/submit", None),
        ("POST", f"{WS}/versions/{version}/forward", {"comment": ""}),
        ("POST", f"{WS}/versions/{version}/return", {"comment": "Fix it."}),
        ("POST", f"{WS}/versions/{version}/approve", {"comment": ""}),
        ("POST", f"{WS}/versions/{version}/publish", None),
        ("POST", f"{WS}/versions/{version}/retire", {"reason": "Done."}),
        ("POST", f"{WS}/versions/{version}/discard", {"reason": "Not needed."}),
        (
            "POST",
            f"{WS}/versions/{version}/comments",
            {"section_id": "1.0", "body": "A question."},
        ),
        ("POST", f"{WS}/versions/{version}/comments/1/resolve", None),
        ("POST", f"{WS}/systems/{system}/ptas", None),
        ("GET", f"{WS}/ptas/{analysis}", None),
        ("PUT", f"{WS}/ptas/{analysis}", {"answers": {"1.1": "x"}}),
        ("POST", f"{WS}/ptas/{analysis}/submit", None),
        ("GET", f"{WS}/determinations/{determination}", None),
        ("POST", f"{WS}/determinations/{determination}/confirm", {"comment": ""}),
        ("POST", f"{WS}/determinations/{determination}/drafts", {"kind": "PIA"}),
    ]


def _answer(client: Client, method: str, url: str, body: Any = None) -> Any:
    if body is None:
        response = client.generic(method, url)
    else:
        response = client.generic(
            method, url, json.dumps(body), content_type="application/json"
        )
    return response


def _without(content: bytes, *ids: int) -> bytes:
    """The body with the ids the URL itself named blanked out (an address is echoed
    back as it was asked), and the sign-out form's CSRF token (masked anew on
    every page)."""
    content = re.sub(
        rb'name="csrfmiddlewaretoken" value="[^"]*"', b"csrfmiddlewaretoken", content
    )
    for each in ids:
        content = re.sub(rb"(?<!\d)" + str(each).encode() + rb"(?!\d)", b"#", content)
    return content


@pytest.fixture
def ice_objects(personas: Personas, tree: Tree) -> dict[str, Any]:
    """An ICE draft (DHS/ICE/PIA-041, "Riverine Sensor Grid") with a submitted PTA of
    its system: what a CBP officer must not learn exists."""
    author = user_of(personas, "author")
    system = System.objects.create(
        organization=tree.ice, name="Riverine Sensor Grid", acronym="RSGQ", slug="rsgq"
    )
    draft = draft_in(tree.ice, 41, author)
    draft.title = "Riverine Sensor Grid"
    draft.save()
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_MINIMAL_ANSWERS)
    determination = pta_submit(actor=author, analysis=analysis)
    return {
        "version": draft,
        "system": system,
        "analysis": analysis,
        "determination": determination,
    }


#: What a CBP officer must never read of ICE's draft and PTA.
ICE_WORDS = ("PIA-041", "Riverine", "RSGQ", "Harbor Plate Reader")


def test_existence_leaks_pages_answer_forbidden_as_missing(
    client_for: ClientFor, ice_objects: dict[str, Any]
) -> None:
    """Every workspace page naming an ICE object answers a CBP officer exactly as it
    answers for an id nothing has: the same status and page, naming nothing."""
    real = _pages(
        ice_objects["version"].pk, ice_objects["analysis"].pk, ice_objects["system"].pk
    )
    missing = _pages(MISSING, MISSING, MISSING)
    for (method, url), (_, nowhere) in zip(real, missing, strict=True):
        # A fresh session for each: a message one answer queues shows on the next.
        forbidden = client_for("outsider").generic(method, url)
        absent = client_for("outsider").generic(method, nowhere)
        assert forbidden.status_code == absent.status_code, url
        assert forbidden.status_code in (302, 404), url
        assert forbidden.get("Location") == absent.get("Location"), url
        ids = (
            ice_objects["version"].pk,
            ice_objects["analysis"].pk,
            ice_objects["system"].pk,
            MISSING,
        )
        assert _without(forbidden.content, *ids) == _without(absent.content, *ids), url
        for word in ICE_WORDS:
            assert word.encode() not in forbidden.content, (url, word)
        if forbidden.status_code == 404:
            assert NOT_YOURS_OR_MISSING in forbidden.content.decode(), url
    ice_objects["version"].refresh_from_db()
    assert ice_objects["version"].status == Status.DRAFT
    assert ThresholdAnalysis.objects.count() == 1


def test_existence_leaks_api_answers_forbidden_as_missing(
    client_for: ClientFor, ice_objects: dict[str, Any]
) -> None:
    """Every workspace API operation naming an ICE object answers a CBP officer the
    404 it gives for an id nothing has: the same body but for the id asked, no
    ``where``, no identifier; nothing changes."""
    ids = {
        "version": ice_objects["version"].pk,
        "analysis": ice_objects["analysis"].pk,
        "system": ice_objects["system"].pk,
        "determination": ice_objects["determination"].pk,
    }
    real = _api(**ids)
    missing = _api(MISSING, MISSING, MISSING, MISSING)
    client = client_for("outsider")
    for (method, url, body), (_, nowhere, _) in zip(real, missing, strict=True):
        forbidden = _answer(client, method, url, body)
        absent = _answer(client, method, nowhere, body)
        assert (forbidden.status_code, absent.status_code) == (404, 404), url
        assert _without(forbidden.content, *ids.values(), MISSING) == _without(
            absent.content, *ids.values(), MISSING
        ), url
        assert "where" not in forbidden.json()["extra"], url
        for word in ICE_WORDS:
            assert word.encode() not in forbidden.content, (url, word)
    ice_objects["version"].refresh_from_db()
    assert ice_objects["version"].status == Status.DRAFT
    assert not ice_objects["version"].comments.exists()
    assert ThresholdAnalysis.objects.count() == 1


def test_existence_leaks_an_author_finds_no_other_authors_draft(
    client_for: ClientFor, tree: Tree, personas: Personas
) -> None:
    """An ICE author who takes no part in a colleague's draft gets the same 404 for
    it as for a missing document, on the page and in the API."""
    colleague = draft_in(tree.ice, 77, user_of(personas, "reviewer"))
    client = client_for("author")
    page = client.get(reverse("workspace:document", kwargs={"pk": colleague.pk}))
    nowhere = client.get(reverse("workspace:document", kwargs={"pk": MISSING}))
    assert page.status_code == nowhere.status_code == 404
    assert _without(page.content, colleague.pk, MISSING) == _without(
        nowhere.content, colleague.pk, MISSING
    )
    api = client.get(f"{WS}/versions/{colleague.pk}").json()
    assert api["extra"] == {"version_id": colleague.pk}
    assert "PIA-077" not in json.dumps(api)


def _published(organization: Organization, number: int) -> DocumentVersion:
    series = DocumentSeries.objects.create(
        organization=organization,
        kind=Kind.PIA,
        agency="DHS",
        component=organization.acronym,
        number=number,
    )
    return DocumentVersion.objects.create(
        series=series,
        update_index=0,
        title=f"Published {number}",
        status=Status.PUBLISHED,
        published_on=datetime.date(2020, 1, 1),
        next_review_on=timezone.localdate() + datetime.timedelta(days=10),
    )


def _linked_documents(content: bytes) -> set[str]:
    return set(re.findall(r'href="(/workspace/documents/\d+/)"', content.decode()))


@pytest.mark.parametrize("name", ["author", "reviewer", "approver", "admin"])
def test_lists_show_only_what_the_user_may_open(
    client_for: ClientFor, tree: Tree, personas: Personas, name: str
) -> None:
    """With 43 ICE documents of one system (the author's draft, 21 published, 21
    colleagues' drafts) every document the list, the dashboard, the system's page
    and the API list link opens for the user; the author is linked to their own
    draft alone, and the system's page names no other series."""
    author, reviewer = user_of(personas, "author"), user_of(personas, "reviewer")
    gauge = System.objects.create(organization=tree.ice, name="Tide Gauge", slug="tg")
    own = draft_in(tree.ice, 1, author)
    for number in range(2, 23):
        _published(tree.ice, number)
    for number in range(23, 44):
        draft_in(tree.ice, number, reviewer)
    gauge.series.set(DocumentSeries.objects.all())
    client = client_for(name)
    linked: set[str] = set()
    for page in range(1, 3):
        listed = client.get(reverse("workspace:documents"), {"page": page})
        linked |= _linked_documents(listed.content)
    linked |= _linked_documents(client.get(reverse("workspace:dashboard")).content)
    system_page = client.get(reverse("workspace:system", kwargs={"pk": gauge.pk}))
    linked |= _linked_documents(system_page.content)
    api = client.get(f"{WS}/versions", {"limit": 100}).json()
    linked |= {f"/workspace/documents/{item['id']}/" for item in api["results"]}
    assert linked
    for url in linked:
        assert client.get(url).status_code == 200, (name, url)
    if name == "author":
        assert linked == {f"/workspace/documents/{own.pk}/"}
        assert api["count"] == 1
        assert "PIA-023" not in system_page.content.decode()
        assert "PIA-002" not in system_page.content.decode()
    else:
        assert api["count"] == 43


def _offices(dhs: Organization, first: int, count: int) -> None:
    """``count`` more offices under DHS."""
    Organization.objects.bulk_create(
        Organization(
            acronym=f"C{n:03}", name=f"Office {n}", slug=f"c{n:03}", parent=dhs
        )
        for n in range(first, first + count)
    )


def _queries_per_page(
    clients: dict[str, Client], urls: dict[str, str]
) -> dict[str, int]:
    """Queries each signed-in persona's request of each URL costs."""
    counts: dict[str, int] = {}
    for name, client in clients.items():
        for page, url in urls.items():
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, (name, url)
            counts[f"{name} {page}"] = len(queries)
    return counts


def test_permission_checks_read_the_organization_tree_once_per_request() -> None:
    """Each workspace page and API read costs the same queries with 5 organizations
    as with 50, for an ICE author and a DHS approver: the tree is read once per
    request, not once per organization."""
    dhs = Organization.objects.create(acronym="DHS", name="Homeland", slug="dhs")
    ice = Organization.objects.create(acronym="ICE", name="ICE", slug="ice", parent=dhs)
    _offices(dhs, 0, 3)
    author = User.objects.create_user("author-q")
    approver = User.objects.create_user("approver-q")
    Membership.objects.create(user=author, organization=ice, role=Role.AUTHOR)
    Membership.objects.create(user=approver, organization=dhs, role=Role.APPROVER)
    own = draft_in(ice, 1, author)
    _published(ice, 2)
    system = System.objects.create(organization=ice, name="Gauge", slug="gauge")
    clients = {"author": Client(), "approver": Client()}
    clients["author"].force_login(author)
    clients["approver"].force_login(approver)
    urls = {
        "dashboard": reverse("workspace:dashboard"),
        "documents": reverse("workspace:documents"),
        "document": reverse("workspace:document", kwargs={"pk": own.pk}),
        "systems": reverse("workspace:systems"),
        "system": reverse("workspace:system", kwargs={"pk": system.pk}),
        "api-list": f"{WS}/versions",
        "api-version": f"{WS}/versions/{own.pk}",
    }
    assert Organization.objects.count() == 5
    small = _queries_per_page(clients, urls)
    _offices(dhs, 3, 45)
    assert Organization.objects.count() == 50
    assert _queries_per_page(clients, urls) == small


def test_a_system_page_shows_the_drafts_that_propose_it(
    client_for: ClientFor, tree: Tree, personas: Personas
) -> None:
    """A draft update proposing a system is listed on that system's workspace page
    for those who may open the draft (not for an author who takes no part in it),
    though the series does not cover it yet."""
    buoy = System.objects.create(organization=tree.ice, name="Buoy Array", slug="ba")
    update = draft_in(tree.ice, 12, user_of(personas, "author"))
    update.proposed_systems.add(buoy)
    colleague = User.objects.create_user("colleague")
    Membership.objects.create(user=colleague, organization=tree.ice, role=Role.AUTHOR)
    url = reverse("workspace:system", kwargs={"pk": buoy.pk})
    for name in ("reviewer", "author", "approver"):
        assert "DHS/ICE/PIA-012" in client_for(name).get(url).content.decode(), name
    other = Client()
    other.force_login(colleague)
    page = other.get(url)
    assert page.status_code == 200
    assert "DHS/ICE/PIA-012" not in page.content.decode()
    assert not buoy.series.exists()


def test_a_pta_page_links_its_draft_only_for_those_who_may_open_it(
    client_for: ClientFor, tree: Tree, personas: Personas, system: System
) -> None:
    """Once the author opened the PIA a determination calls for, the PTA's page
    links the draft for the author and the reviewer; another ICE author reads that
    other authors opened it, with no link and no identifier."""
    author, reviewer = user_of(personas, "author"), user_of(personas, "reviewer")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_MINIMAL_ANSWERS)
    determination = determination_confirm(
        actor=reviewer, determination=pta_submit(actor=author, analysis=analysis)
    )
    opened = determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )
    url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
    link = f'href="/workspace/documents/{opened.pk}/"'
    for name in ("author", "reviewer"):
        assert link in client_for(name).get(url).content.decode(), name
    colleague = User.objects.create_user("colleague")
    Membership.objects.create(user=colleague, organization=tree.ice, role=Role.AUTHOR)
    other = Client()
    other.force_login(colleague)
    page = other.get(url).content.decode()
    assert link not in page
    assert str(opened) not in page
    assert "opened by other authors" in page
