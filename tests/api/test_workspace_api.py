"""The workspace through the JSON API: the whole story from PTA to the public API,
refusals, conflicts, repeated posts, sign-in and CSRF.

Every answer is checked against the schema openapi.json gives for its method and status.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from privdocs.access.models import Membership, Role
from privdocs.access.permissions import (
    REFUSAL_NOT_AN_AUTHOR,
    REFUSAL_OWN_PTA,
    REFUSAL_OWN_WORK,
    REFUSAL_PTA_NOT_AN_AUTHOR,
)
from privdocs.access.selectors import NO_SUCH_USER
from privdocs.api.errors import CSRF_FAILED, SIGN_IN, WRITABLE_PREFIXES
from privdocs.api.workspace import NO_VERSION
from privdocs.assessments.services import (
    DRAFT_NOT_YOURS,
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.audit.models import AuditEvent
from privdocs.audit.selectors import audit_verify
from privdocs.documents.models import DocumentVersion, Kind, Status, Transition
from privdocs.documents.services.workflow import (
    NOT_A_COAUTHOR,
    draft_open_new,
    version_forward,
    version_submit,
)
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import TemplateDefinition
from privdocs.questionnaires.selectors import (
    template_definition_get,
    template_get_current,
)
from tests.api.openapi import operation_for, schema_errors
from tests.documents.test_workflow import PTA_ANSWERS, fill_sections, sample_answer
from tests.personas import Tree, draft_in

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

Personas = dict[str, User | AnonymousUser]
API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"
WS = "/api/v1/workspace"


class Call(Protocol):
    """Send a request as a persona and return the checked JSON answer."""

    def __call__(
        self,
        who: str,
        method: str,
        url: str,
        body: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Any: ...


def _checked(openapi: dict[str, Any], method: str, url: str, response: Any) -> Any:
    """The JSON body, once it matches what openapi.json promises for it."""
    assert response["Content-Type"].startswith("application/json"), response.content
    body = response.json()
    path = urlsplit(url).path
    operation = openapi["paths"][operation_for(openapi, path)][method.lower()]
    promised = operation["responses"]
    status = str(response.status_code)
    assert status in promised, f"{method} {path} does not document {status}"
    schema = promised[status]["content"]["application/json"]["schema"]
    assert schema_errors(openapi, schema, body) == []
    return body


@pytest.fixture
def call(client: Client, openapi: dict[str, Any], personas: Personas) -> Call:
    """Requests as a persona (signed in through the session), each answer checked."""

    def send(
        who: str,
        method: str,
        url: str,
        body: dict[str, Any] | None = None,
        status: int = 200,
    ) -> Any:
        client.logout()
        user = personas[who]
        if isinstance(user, User):
            client.force_login(user)
        if body is None:
            # No body at all, as ``curl -X POST`` sends.
            response = client.generic(method, url)
        else:
            response = client.generic(
                method, url, json.dumps(body), content_type="application/json"
            )
        assert response.status_code == status, response.content
        return _checked(openapi, method, url, response)

    return send


def person(personas: Personas, name: str) -> User:
    found = personas[name]
    assert isinstance(found, User)
    return found


def definition_of(detail: dict[str, Any]) -> TemplateDefinition:
    return template_definition_get(reference=detail["template"])


def fill_through_api(call: Call, who: str, version_id: int) -> None:
    """Answer every required question, one PUT per section, as an editor would."""
    detail = call(who, "GET", f"{WS}/versions/{version_id}")
    definition = definition_of(detail)
    revisions = {section["id"]: section["revision"] for section in detail["sections"]}
    for section in definition.sections:
        answers = {
            q.id: detail["body"].get(q.id) or sample_answer(q)
            for q in section.questions
            if q.required or q.id in detail["body"]
        }
        if answers:
            saved = call(
                who,
                "PUT",
                f"{WS}/versions/{version_id}/sections/{section.id}",
                {"answers": answers, "base_revision": revisions[section.id]},
            )
            assert saved["section"] == section.id


@pytest.fixture
def system(tree: Tree) -> System:
    return System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )


@pytest.fixture
def draft(personas: Personas, tree: Tree) -> DocumentVersion:
    """A new ICE PIA opened by the author, nothing answered yet."""
    return draft_open_new(
        actor=person(personas, "author"),
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template_get_current(kind="PIA").reference,
    )


@pytest.fixture
def complete_draft(personas: Personas, draft: DocumentVersion) -> DocumentVersion:
    """The author's draft with every required question answered."""
    fill_sections(
        draft,
        person(personas, "author"),
        template_definition_get(reference=draft.template_version),
    )
    return draft


# The whole story.


def test_the_whole_story_from_pta_to_the_public_api(call: Call, system: System) -> None:
    """A PTA leads to a new PIA, which is reviewed, returned, fixed, approved and
    published through the workspace API, each step by its own persona, and then
    appears in the public API's search and version endpoints."""
    pta = call("author", "POST", f"{WS}/systems/{system.pk}/ptas", status=201)
    assert (pta["system"], pta["status"]) == ("Harbor Plate Reader", "draft")
    pta = call("author", "PUT", pta["api_url"], {"answers": PTA_ANSWERS})
    assert pta["answers"]["3.1"] == ["license_plate_readers"]
    assert pta["progress"]["complete"]
    proposed = call("author", "POST", f"{WS}/ptas/{pta['id']}/submit")
    assert (proposed["pia"], proposed["sorn"]) == ("new", "new")
    assert proposed["confirmed_at"] is None
    assert "rule_sensitive_technology" in {r["rule"] for r in proposed["reasons"]}
    assert call("reviewer", "GET", proposed["api_url"]) == proposed

    confirmed = call(
        "reviewer", "POST", f"{WS}/determinations/{proposed['id']}/confirm", {}
    )
    assert (confirmed["officer"], confirmed["overridden"]) == ("reviewer", False)
    version = call(
        "author",
        "POST",
        f"{WS}/determinations/{proposed['id']}/drafts",
        {"kind": "PIA"},
    )
    assert (version["identifier"], version["status"]) == ("DHS/ICE/PIA-001", "draft")
    assert version["body"]["O.1"] == PTA_ANSWERS["1.5"], "pre-filled from the PTA"
    assert version["allowed"] == ["edit", "invite", "submit", "comment", "discard"]
    assert not version["progress"]["complete"]
    version_url = f"{WS}/versions/{version['id']}"

    incomplete = call("author", "POST", f"{version_url}/submit", status=409)
    assert "required answer(s) missing" in incomplete["message"]
    fill_through_api(call, "author", version["id"])
    submitted = call("author", "POST", f"{version_url}/submit")
    assert (submitted["status"], submitted["progress"]["complete"]) == (
        "component_review",
        True,
    )
    assert call("reviewer", "GET", version_url)["allowed"] == [
        "comment",
        "forward",
        "return",
    ]

    comment = call(
        "reviewer",
        "POST",
        f"{version_url}/comments",
        {"section_id": "2.0", "body": "Name the sources of plates."},
        status=201,
    )
    returned = call(
        "reviewer", "POST", f"{version_url}/return", {"comment": "See 2.0."}
    )
    assert (returned["status"], returned["transitions"][-1]["comment"]) == (
        "draft",
        "See 2.0.",
    )
    section = next(s for s in returned["sections"] if s["id"] == "2.0")
    answers = {
        q.id: returned["body"][q.id]
        for q in definition_of(returned).section("2.0").questions
        if q.id in returned["body"]
    }
    answers["2.2"] = "Cameras at the harbor gates, read automatically."
    saved = call(
        "author",
        "PUT",
        f"{version_url}/sections/2.0",
        {"answers": answers, "base_revision": section["revision"]},
    )
    assert saved["revision"] == section["revision"] + 1
    resolved = call("author", "POST", f"{version_url}/comments/{comment['id']}/resolve")
    assert resolved["resolved_by"] == "author"
    call("author", "POST", f"{version_url}/submit")
    call("reviewer", "POST", f"{version_url}/forward", {"comment": "Looks right."})
    assert call("approver", "GET", version_url)["allowed"] == [
        "comment",
        "approve",
        "return",
    ]
    call("approver", "POST", f"{version_url}/approve")
    assert call("anonymous", "GET", "/api/v1/search?q=harbor")["count"] == 0

    published = call(
        "approver", "POST", f"{version_url}/publish", {"published_on": "2026-11-02"}
    )
    assert (published["status"], published["published_on"]) == (
        "published",
        "2026-11-02",
    )
    assert [step["to_status"] for step in published["transitions"]] == [
        "draft",
        "component_review",
        "draft",
        "component_review",
        "department_review",
        "approved",
        "published",
    ]
    assert [step["actor"] for step in published["transitions"]] == [
        "author",
        "author",
        "reviewer",
        "author",
        "reviewer",
        "approver",
        "approver",
    ]
    assert [
        (step["from_status"], step["actor_label"]) for step in published["transitions"]
    ][:2] == [("", "author"), ("draft", "author")]
    hits = call("anonymous", "GET", "/api/v1/search?q=harbor+plate+reader")
    assert [hit["identifier"] for hit in hits["results"]][:1] == ["DHS/ICE/PIA-001"]
    public = call("anonymous", "GET", "/api/v1/versions/dhs/ice/pia-001")
    assert (public["status"], public["date"]) == ("published", "2026-11-02")
    assert list(audit_verify()) == []


# Who may do what.


def test_anonymous_is_told_to_sign_in(call: Call, draft: DocumentVersion) -> None:
    """Without a session every workspace endpoint answers 401 in the one shape,
    and nothing changes."""
    for method, url in [
        ("GET", f"{WS}/versions"),
        ("GET", f"{WS}/versions/{draft.pk}"),
        ("POST", f"{WS}/versions/{draft.pk}/submit"),
        ("PUT", f"{WS}/versions/{draft.pk}/sections/1.0"),
    ]:
        body = {"answers": {}, "base_revision": 0} if method == "PUT" else None
        refused = call("anonymous", method, url, body, status=401)
        assert refused == {"message": SIGN_IN, "extra": {}}
    draft.refresh_from_db()
    assert (draft.status, draft.body) == (Status.DRAFT, {})


def test_outsider_may_neither_read_nor_act(call: Call, draft: DocumentVersion) -> None:
    """A CBP reviewer and author finds no ICE draft: the 404 of a missing version,
    naming nothing of the draft."""
    for method, url in [
        ("GET", f"{WS}/versions/{draft.pk}"),
        ("POST", f"{WS}/versions/{draft.pk}/submit"),
    ]:
        refused = call("outsider", method, url, status=404)
        assert refused == {
            "message": NO_VERSION.format(version_id=draft.pk),
            "extra": {"version_id": draft.pk},
        }
    listed = call("outsider", "GET", f"{WS}/versions")
    assert listed["count"] == 0


def test_a_draft_is_discarded_with_a_reason_then_gone(
    call: Call, draft: DocumentVersion
) -> None:
    """Discard needs a reason (422), is refused to the approver (403), answers the
    identifier, and afterwards the version is a 404."""
    url = f"{WS}/versions/{draft.pk}/discard"
    call("author", "POST", url, {"reason": ""}, status=422)
    call("approver", "POST", url, {"reason": "Not theirs."}, status=403)
    assert call("author", "POST", url, {"reason": "Opened by mistake."}) == {
        "identifier": "DHS/ICE/PIA-001"
    }
    assert not DocumentVersion.objects.filter(pk=draft.pk).exists()
    call("author", "POST", url, {"reason": "Again."}, status=404)
    call("author", "GET", f"{WS}/versions/{draft.pk}", status=404)


def test_author_may_not_edit_a_draft_they_take_no_part_in(
    call: Call, personas: Personas, tree: Tree
) -> None:
    """An ICE author finds no draft of another ICE author (404, as if missing); its
    body is unchanged, and it is not in their list."""
    other = draft_in(tree.ice, 50, person(personas, "reviewer"))
    refused = call(
        "author",
        "PUT",
        f"{WS}/versions/{other.pk}/sections/1.0",
        {"answers": {"1.1": "x"}, "base_revision": 0},
        status=404,
    )
    assert refused["message"] == NO_VERSION.format(version_id=other.pk)
    other.refresh_from_db()
    assert other.body == {}
    assert call("author", "GET", f"{WS}/versions")["count"] == 0


def test_nobody_approves_or_reviews_their_own_document(
    call: Call, personas: Personas, complete_draft: DocumentVersion
) -> None:
    """The reviewer who took part in a draft may not forward it, and the approver
    who took part may not approve it: 403, and the status stays."""
    author, reviewer, approver = (
        person(personas, name) for name in ("author", "reviewer", "approver")
    )
    complete_draft.participants.add(reviewer)
    version_submit(actor=author, version=complete_draft)
    url = f"{WS}/versions/{complete_draft.pk}"
    assert "forward" not in call("reviewer", "GET", url)["allowed"]
    call("reviewer", "POST", f"{url}/forward", status=403)
    complete_draft.participants.remove(reviewer)
    version_forward(actor=reviewer, version=complete_draft)

    complete_draft.participants.add(approver)
    assert call("approver", "GET", url)["allowed"] == ["comment"]
    refused = call("approver", "POST", f"{url}/approve", status=403)
    assert "approve" in refused["message"]
    complete_draft.refresh_from_db()
    assert complete_draft.status == Status.DEPARTMENT_REVIEW


def test_pta_author_may_not_confirm_its_determination(
    call: Call, personas: Personas, system: System
) -> None:
    """A reviewer who wrote the PTA is refused its confirmation (403, with why);
    an outsider may not even read it (404, as if it did not exist)."""
    reviewer = person(personas, "reviewer")
    analysis = pta_create(actor=reviewer, system=system)
    pta_save(actor=reviewer, analysis=analysis, answers=PTA_ANSWERS)
    determination = pta_submit(actor=reviewer, analysis=analysis)
    url = f"{WS}/determinations/{determination.pk}"
    refused = call("reviewer", "POST", f"{url}/confirm", {}, status=403)
    assert refused["message"].startswith("You wrote this PTA")
    call("outsider", "GET", url, status=404)
    call("outsider", "GET", f"{WS}/ptas/{analysis.pk}", status=404)
    assert call("reviewer", "GET", url)["confirmed_at"] is None


def test_a_draft_opened_by_another_is_not_handed_over(
    call: Call, personas: Personas, system: System, tree: Tree
) -> None:
    """Asking a determination for its PIA when another author opened it answers 403,
    not the other author's draft; an outsider finds no determination (404) and
    nothing is opened."""
    author, reviewer = person(personas, "author"), person(personas, "reviewer")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
    determination = determination_confirm(
        actor=reviewer, determination=pta_submit(actor=author, analysis=analysis)
    )
    url = f"{WS}/determinations/{determination.pk}/drafts"
    call("outsider", "POST", url, {"kind": "PIA"}, status=404)
    assert not DocumentVersion.objects.exists()
    opened = determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )
    colleague = User.objects.create_user("colleague")
    Membership.objects.create(user=colleague, organization=tree.ice, role=Role.AUTHOR)
    personas["colleague"] = colleague
    refused = call("colleague", "POST", url, {"kind": "PIA"}, status=403)
    assert refused["message"] == DRAFT_NOT_YOURS.format(kind=Kind.PIA)
    assert str(opened) not in json.dumps(refused)
    assert call("author", "POST", url, {"kind": "PIA"})["id"] == opened.pk


# No lost work, no double steps.


def test_second_save_of_a_section_is_409_with_both_texts(
    call: Call, personas: Personas, draft: DocumentVersion
) -> None:
    """Two editors start section 1.0 at revision 0: the second save answers 409
    with both texts and who saved, writes nothing, and saving from the revision
    it names merges."""
    draft.participants.add(person(personas, "reviewer"))
    url = f"{WS}/versions/{draft.pk}/sections/1.0"
    call(
        "author", "PUT", url, {"answers": {"1.1": "8 U.S.C. 1357"}, "base_revision": 0}
    )
    conflict = call(
        "reviewer",
        "PUT",
        url,
        {"answers": {"1.1": "6 U.S.C. 202"}, "base_revision": 0},
        status=409,
    )
    extra = conflict["extra"]
    assert set(extra) == {"section", "theirs", "yours", "revision", "by", "at"}
    assert (extra["section"], extra["revision"], extra["by"]) == ("1.0", 1, "author")
    assert extra["theirs"] == {"1.1": "8 U.S.C. 1357"}
    assert extra["yours"] == {"1.1": "6 U.S.C. 202"}
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d.*", extra["at"])
    assert "author saved section 1.0" in conflict["message"]
    draft.refresh_from_db()
    assert draft.body["1.1"] == "8 U.S.C. 1357"

    merged = {"1.1": "8 U.S.C. 1357; 6 U.S.C. 202"}
    saved = call(
        "reviewer",
        "PUT",
        url,
        {"answers": merged, "base_revision": extra["revision"]},
    )
    assert saved == {"section": "1.0", "revision": 2}
    detail = call("author", "GET", f"{WS}/versions/{draft.pk}")
    state = next(s for s in detail["sections"] if s["id"] == "1.0")
    assert (state["revision"], state["saved_by"]) == (2, "reviewer")
    assert detail["body"]["1.1"] == merged["1.1"]


def test_repeated_posts_are_harmless(
    call: Call, complete_draft: DocumentVersion
) -> None:
    """Each step posted twice (a double click, a retry) answers 200 both times and
    is taken once; the same section saved twice keeps one revision."""
    url = f"{WS}/versions/{complete_draft.pk}"
    revision = complete_draft.section_state["1.0"]["revision"]
    section = template_definition_get(
        reference=complete_draft.template_version
    ).section("1.0")
    answers = {
        q.id: complete_draft.body[q.id]
        for q in section.questions
        if q.id in complete_draft.body
    }
    answers["1.1"] = "8 U.S.C. 1357"
    saves = [
        call(
            "author",
            "PUT",
            f"{url}/sections/1.0",
            {"answers": answers, "base_revision": revision},
        )
        for _ in range(2)
    ]
    assert saves[0] == saves[1] == {"section": "1.0", "revision": revision + 1}
    for who, step, body in [
        ("author", "submit", None),
        ("reviewer", "forward", None),
        ("approver", "approve", {"comment": ""}),
        ("approver", "publish", None),
        ("admin", "retire", {"reason": "The program ended."}),
    ]:
        answers_given = [
            call(who, "POST", f"{url}/{step}", body)["status"] for _ in range(2)
        ]
        assert answers_given[0] == answers_given[1]
    steps = Transition.objects.filter(version=complete_draft)
    assert list(steps.values_list("to_status", flat=True)) == [
        Status.DRAFT,
        Status.COMPONENT_REVIEW,
        Status.DEPARTMENT_REVIEW,
        Status.APPROVED,
        Status.PUBLISHED,
        Status.RETIRED,
    ]


def test_repeated_pta_steps_answer_the_same_determination(
    call: Call, system: System
) -> None:
    """Submitting a PTA twice, confirming twice and opening its PIA twice each act
    once: the same determination and the same draft come back."""
    pta = call("author", "POST", f"{WS}/systems/{system.pk}/ptas", status=201)
    call("author", "PUT", pta["api_url"], {"answers": PTA_ANSWERS})
    first, again = (
        call("author", "POST", f"{WS}/ptas/{pta['id']}/submit") for _ in range(2)
    )
    assert first == again
    url = f"{WS}/determinations/{first['id']}"
    confirmations = [
        call("reviewer", "POST", f"{url}/confirm", {"comment": ""}) for _ in range(2)
    ]
    assert confirmations[0] == confirmations[1]
    opened = [
        call("author", "POST", f"{url}/drafts", {"kind": "SORN"})["id"]
        for _ in range(2)
    ]
    assert opened[0] == opened[1]
    assert DocumentVersion.objects.count() == 1
    assert call("author", "GET", pta["api_url"])["status"] == "determined"


# What a client is told when a request is wrong.


def test_errors_name_the_problem(
    call: Call, personas: Personas, draft: DocumentVersion
) -> None:
    """Bad input answers 422 naming the field or question; a section the template
    lacks 400; a step the status refuses 409 naming the status; an unknown id 404."""
    url = f"{WS}/versions/{draft.pk}"
    bad_answer = call(
        "author",
        "PUT",
        f"{url}/sections/1.0",
        {"answers": {"1.1": ["not", "text"]}, "base_revision": 0},
        status=422,
    )
    assert bad_answer["extra"] == {"where": "question 1.1"}
    missing = call("author", "PUT", f"{url}/sections/1.0", {"answers": {}}, status=422)
    assert [e["parameter"] for e in missing["extra"]["errors"]] == [
        "payload.base_revision"
    ]
    no_section = call(
        "author",
        "PUT",
        f"{url}/sections/9.9",
        {"answers": {}, "base_revision": 0},
        status=400,
    )
    assert no_section["message"] == "dhs-pia@2010.1 has no section '9.9'"
    out_of_order = call("approver", "POST", f"{url}/publish", status=409)
    assert out_of_order["message"] == (
        "DHS/ICE/PIA-001 is draft; it cannot be published now."
    )
    no_reason = call("reviewer", "POST", f"{url}/return", {"comment": " "}, status=422)
    assert "comment" in no_reason["message"]
    unknown = call("author", "GET", f"{WS}/versions/999999", status=404)
    assert unknown == {
        "message": NO_VERSION.format(version_id=999999),
        "extra": {"version_id": 999999},
    }
    bad_kind = call(
        "author",
        "POST",
        f"{WS}/determinations/999999/drafts",
        {"kind": "DPIA"},
        status=422,
    )
    assert [e["parameter"] for e in bad_kind["extra"]["errors"]] == ["payload.kind"]
    draft.refresh_from_db()
    assert (draft.status, draft.body) == (Status.DRAFT, {})


def test_wrong_method_and_unknown_path_answer_in_the_one_shape(
    client: Client, personas: Personas, draft: DocumentVersion
) -> None:
    """A GET of a POST endpoint is 405 naming the allowed method; a body that is not
    JSON is 400; a path under the workspace that is no endpoint is 404 whatever the
    method."""
    client.force_login(person(personas, "author"))
    response = client.get(f"{WS}/versions/{draft.pk}/submit")
    assert response.status_code == 405
    assert response["Allow"] == "POST"
    assert response.json()["extra"] == {"method": "GET", "allowed": ["POST"]}
    not_json = client.put(
        f"{WS}/versions/{draft.pk}/sections/1.0",
        data="answers=none",
        content_type="application/json",
    )
    assert not_json.status_code == 400
    assert not_json.json() == {"message": "Cannot parse request body", "extra": {}}
    for method in ("get", "post"):
        missing = getattr(client, method)(f"{WS}/documents")
        assert missing.status_code == 404
        assert missing.json()["extra"] == {"path": f"{WS}/documents"}
    assert WRITABLE_PREFIXES == ("workspace/",)


def test_writes_need_the_csrf_token(personas: Personas, draft: DocumentVersion) -> None:
    """With CSRF checks enforced, as a browser session is, a write without the token
    is refused in the one shape; with the cookie's token in X-CSRFToken it goes."""
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(person(personas, "author"))
    url = f"{WS}/versions/{draft.pk}/sections/1.0"
    body = {"answers": {"1.1": "8 U.S.C. 1357"}, "base_revision": 0}
    refused = browser.put(url, data=body, content_type="application/json")
    assert refused.status_code == 403
    assert refused.json() == {"message": CSRF_FAILED, "extra": {}}
    assert browser.get(f"{WS}/versions/{draft.pk}").status_code == 200, (
        "reads need none"
    )

    # The cookie a sign-in page sets: a secret of 32 letters and digits.
    token = "Tq5fNcXoE2mU8rWd1ZsYb7Kj4HgLa9Pv"
    browser.cookies["csrftoken"] = token
    saved = browser.put(
        url, data=body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert saved.status_code == 200, saved.content
    assert saved.json() == {"section": "1.0", "revision": 1}


# Lists.


def test_lists_hold_what_the_user_may_open_and_what_awaits_them(
    call: Call, personas: Personas, tree: Tree, complete_draft: DocumentVersion
) -> None:
    """The author lists their own draft, not another's; once submitted, the
    reviewer finds it awaiting them (beside their own draft) and the author no
    longer does."""
    other = draft_in(tree.ice, 50, person(personas, "reviewer"))
    mine = call("author", "GET", f"{WS}/versions")
    assert [item["identifier"] for item in mine["results"]] == ["DHS/ICE/PIA-001"]
    assert call("author", "GET", f"{WS}/versions?awaiting=true")["count"] == 1
    version_submit(actor=person(personas, "author"), version=complete_draft)
    assert call("author", "GET", f"{WS}/versions?awaiting=true")["count"] == 0
    waiting = call("reviewer", "GET", f"{WS}/versions?awaiting=true")
    labels = {item["id"]: item["status_label"] for item in waiting["results"]}
    assert labels == {other.pk: "Draft", complete_draft.pk: "In component review"}
    everything = call("reviewer", "GET", f"{WS}/versions?limit=1")
    assert (everything["count"], len(everything["results"])) == (2, 1)
    assert everything["next"] is not None


def test_list_queries_do_not_grow_with_the_page(
    client: Client, personas: Personas, tree: Tree
) -> None:
    """Listing one version or five costs the same number of queries."""
    reviewer = person(personas, "reviewer")
    client.force_login(reviewer)
    counts: list[int] = []
    for number in range(1, 6):
        draft_in(tree.ice, number, reviewer)
        if number in (1, 5):
            with CaptureQueriesContext(connection) as queries:
                listed = client.get(f"{WS}/versions").json()
            assert listed["count"] == number
            counts.append(len(queries))
    assert counts[0] == counts[1]


# Co-authors.


def test_an_author_invites_a_co_author_who_then_may_not_review(
    call: Call, personas: Personas, tree: Tree, draft: DocumentVersion
) -> None:
    """The draft's author invites the reviewer through the API: he is listed among
    the participants, the audit log records it, and he may edit but not forward."""
    url = f"{WS}/versions/{draft.pk}/participants"
    answered = call("author", "POST", url, {"username": "reviewer"})
    assert answered["participants"] == ["author", "reviewer"]
    assert "invite" in answered["allowed"]
    again = call("author", "POST", url, {"username": "reviewer"})
    assert again["participants"] == ["author", "reviewer"]
    assert AuditEvent.objects.filter(action="version.participant_add").count() == 1
    assert list(audit_verify()) == []
    allowed = call("reviewer", "GET", f"{WS}/versions/{draft.pk}")["allowed"]
    assert {"edit", "invite", "submit"} <= set(allowed)
    fill_sections(
        draft,
        person(personas, "author"),
        template_definition_get(reference=draft.template_version),
    )
    call("reviewer", "POST", f"{WS}/versions/{draft.pk}/submit")
    in_review = call("reviewer", "GET", f"{WS}/versions/{draft.pk}")
    assert in_review["allowed"] == ["comment"]
    refused = call("reviewer", "POST", f"{WS}/versions/{draft.pk}/forward", status=403)
    assert refused["message"] == REFUSAL_OWN_WORK.format(document=draft)


def test_inviting_a_co_author_is_refused_as_the_rules_say(
    call: Call, personas: Personas, tree: Tree, draft: DocumentVersion
) -> None:
    """Someone who takes no part may not invite (403); an unknown user name or one
    who may not edit there is the request's fault (422); a version in review takes
    no co-author (409)."""
    url = f"{WS}/versions/{draft.pk}/participants"
    refused = call("reviewer", "POST", url, {"username": "reviewer"}, status=403)
    assert refused["message"] == REFUSAL_NOT_AN_AUTHOR.format(
        document=draft, step="invite co-authors to"
    )
    unknown = call("author", "POST", url, {"username": "nobody"}, status=422)
    assert NO_SUCH_USER.format(username="nobody") in unknown["message"]
    assert unknown["extra"]["errors"][0]["parameter"] == "username"
    approver = call("author", "POST", url, {"username": "approver"}, status=422)
    assert approver == {
        "message": NOT_A_COAUTHOR.format(username="approver", organization="ICE"),
        "extra": {"where": "username"},
    }
    fill_sections(
        draft,
        person(personas, "author"),
        template_definition_get(reference=draft.template_version),
    )
    version_submit(actor=person(personas, "author"), version=draft)
    late = call("author", "POST", url, {"username": "reviewer"}, status=409)
    assert late["extra"] == {"where": str(draft)}
    assert not draft.participants.filter(username="reviewer").exists()


def test_a_pta_author_invites_a_co_author_and_only_authors_change_it(
    call: Call, system: System
) -> None:
    """The PTA's author invites a colleague, who may then save answers; anyone else
    is refused, and no author of the PTA confirms its determination."""
    pta = call("author", "POST", f"{WS}/systems/{system.pk}/ptas", status=201)
    assert pta["authors"] == ["author"]
    save = {"answers": {"1.5": "Reads plates at the harbor gate."}}
    refused = call("reviewer", "PUT", pta["api_url"], save, status=403)
    assert refused == {
        "message": REFUSAL_PTA_NOT_AN_AUTHOR,
        "extra": {"where": f"PTA {pta['id']}"},
    }
    invite = f"{WS}/ptas/{pta['id']}/participants"
    call(
        "outsider", "POST", invite, {"username": "reviewer"}, status=404
    )  # not theirs to open: as missing
    invited = call("author", "POST", invite, {"username": "reviewer"})
    assert invited["authors"] == ["author", "reviewer"]
    saved = call("reviewer", "PUT", pta["api_url"], {"answers": PTA_ANSWERS})
    assert saved["progress"]["complete"]
    proposed = call("reviewer", "POST", f"{WS}/ptas/{pta['id']}/submit")
    confirm = f"{WS}/determinations/{proposed['id']}/confirm"
    own = call("reviewer", "POST", confirm, {}, status=403)
    assert own["message"] == REFUSAL_OWN_PTA
    assert call("approver", "POST", confirm, {})["officer"] == "approver"
    late = call("author", "POST", invite, {"username": "admin"}, status=409)
    assert late["extra"] == {"where": f"PTA {pta['id']}"}


# Docs.


def test_every_workspace_operation_has_a_section_in_the_docs(
    openapi: dict[str, Any],
) -> None:
    """Each workspace method and path of openapi.json has its heading in docs/api.md."""
    text = API_DOC.read_text(encoding="utf-8")
    headings = [
        f"### `{method.upper()} {path}`"
        for path, operations in openapi["paths"].items()
        if path.startswith(WS)
        for method in operations
    ]
    assert len(headings) == 21
    assert [heading for heading in headings if heading not in text] == []
