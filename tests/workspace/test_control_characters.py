"""A NUL byte or another control character in what a person types: refused with
the field named (a page's form error, the API's 422), never stored and never a
server error (PostgreSQL cannot store a NUL at all). Runs on both databases."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from privdocs.assessments.services import pta_create
from privdocs.audit.models import AuditEvent
from privdocs.core.text import TEXT_REFUSED
from privdocs.documents.models import DocumentVersion, ReviewComment
from privdocs.inventory.models import System
from privdocs.workspace.forms import field_name
from tests.workspace.conftest import ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

#: Characters no text may hold: NUL, a vertical tab, an escape, a bidi override.
REFUSED = {"\x00": "U+0000", "\x0b": "U+000B", "\x1b": "U+001B", "\u202e": "U+202E"}
API = "/api/v1/workspace"


@pytest.fixture
def draft(open_draft: Callable[..., DocumentVersion]) -> DocumentVersion:
    """A new PIA of ICE by the author, nothing answered yet."""
    return open_draft()


def _send(client: Client, method: str, url: str, body: object) -> dict[str, object]:
    response = client.generic(
        method, url, json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422, response.content
    answer: dict[str, object] = response.json()
    return answer


@pytest.mark.parametrize("character", list(REFUSED), ids=list(REFUSED.values()))
def test_nul_api_section_save_comment_and_pta_answer_are_422_naming_the_field(
    client_for: ClientFor,
    draft: DocumentVersion,
    personas: Personas,
    system: System,
    character: str,
) -> None:
    """The API refuses a section answer, a comment body, a discard reason and a PTA
    answer holding the character: 422, the parameter named in ``extra.errors``, the
    character named in the message, nothing saved."""
    client = client_for("author")
    base = f"{API}/versions/{draft.pk}"
    saved = _send(
        client,
        "PUT",
        f"{base}/sections/1.0",
        {"answers": {"1.1": f"6 U.S.C.{character} 202"}, "base_revision": 0},
    )
    assert [e["parameter"] for e in saved["extra"]["errors"]] == ["payload.answers"]  # type: ignore[index]
    assert REFUSED[character] in str(saved["message"])
    commented = _send(
        client,
        "POST",
        f"{base}/comments",
        {"section_id": "1.0", "body": f"Cite{character} it."},
    )
    assert [e["parameter"] for e in commented["extra"]["errors"]] == ["payload.body"]  # type: ignore[index]
    discarded = _send(
        client, "POST", f"{base}/discard", {"reason": f"Opened{character} twice."}
    )
    assert [e["parameter"] for e in discarded["extra"]["errors"]] == [  # type: ignore[index]
        "payload.reason"
    ]
    analysis = pta_create(actor=user_of(personas, "author"), system=system)
    answered = _send(
        client,
        "PUT",
        f"{API}/ptas/{analysis.pk}",
        {"answers": {"1.5": f"Reads{character} plates."}},
    )
    assert [e["parameter"] for e in answered["extra"]["errors"]] == ["payload.answers"]  # type: ignore[index]
    draft.refresh_from_db()
    analysis.refresh_from_db()
    assert draft.body == {} and "1.5" not in analysis.answers
    assert not ReviewComment.objects.exists()


def test_nul_api_text_with_windows_line_endings_is_kept_as_lines(
    client_for: ClientFor, draft: DocumentVersion
) -> None:
    """A carriage return is half a line ending, not a refused character: CRLF
    becomes a newline."""
    response = client_for("author").put(
        f"{API}/versions/{draft.pk}/sections/1.0",
        {"answers": {"1.1": "6 U.S.C. 202\r\n8 U.S.C. 1357"}, "base_revision": 0},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert draft.body["1.1"] == "6 U.S.C. 202\n8 U.S.C. 1357"


@pytest.mark.parametrize("character", list(REFUSED), ids=list(REFUSED.values()))
def test_nul_page_section_save_is_refused_on_its_field(
    client_for: ClientFor, draft: DocumentVersion, character: str
) -> None:
    """The section editor shows the question's error and keeps nothing."""
    response = client_for("author").post(
        reverse("workspace:section", kwargs={"pk": draft.pk, "section_id": "1.0"}),
        {field_name("1.1"): f"6 U.S.C.{character} 202", "base_revision": "0"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'href="#id_q_1.1"' in html
    if character != "\x00":  # Django's own message for a NUL says so in words
        refused = TEXT_REFUSED.format(characters=REFUSED[character])
        assert refused[:1].upper() + refused[1:] in html
    draft.refresh_from_db()
    assert draft.body == {}


@pytest.mark.parametrize("character", list(REFUSED), ids=list(REFUSED.values()))
def test_nul_page_comment_discard_and_pta_answer_are_refused(
    client_for: ClientFor,
    draft: DocumentVersion,
    personas: Personas,
    system: System,
    character: str,
) -> None:
    """A comment, a discard reason and a PTA answer holding the character are
    refused with the field named; nothing is stored and the draft stays."""
    client = client_for("author")
    commented = client.post(
        reverse("workspace:comment", kwargs={"pk": draft.pk}),
        {"section_id": "1.0", "body": f"Cite{character} it."},
        follow=True,
    )
    assert commented.status_code == 200
    assert "Comment: " in commented.content.decode()
    assert not ReviewComment.objects.exists()
    discarded = client.post(
        reverse("workspace:document_discard", kwargs={"pk": draft.pk}),
        {"reason": f"Opened{character} twice."},
        follow=True,
    )
    assert discarded.status_code == 200
    assert "Reason: holds " + REFUSED[character] in discarded.content.decode()
    assert DocumentVersion.objects.filter(pk=draft.pk).exists()
    assert not AuditEvent.objects.filter(action="version.discard").exists()
    analysis = pta_create(actor=user_of(personas, "author"), system=system)
    answered = client.post(
        reverse("workspace:pta", kwargs={"pk": analysis.pk}),
        {field_name("1.5"): f"Reads{character} plates.", "save": "1"},
    )
    assert answered.status_code == 400
    assert 'href="#id_q_1.5"' in answered.content.decode()
    analysis.refresh_from_db()
    assert "1.5" not in analysis.answers
