"""A discard racing a submit, a section save or a comment on the same draft, on
real separate connections, through the API and the pages: the loser is told the
draft is gone (404) or the step no longer applies (409), never a server error."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.urls import reverse

from privdocs.documents.models import DocumentVersion, Kind, ReviewComment
from privdocs.documents.services.workflow import draft_open_new
from privdocs.questionnaires.selectors import (
    template_definition_get,
    template_get_current,
)
from privdocs.workspace.forms import field_name
from tests.documents.test_workflow import fill_sections
from tests.personas import Tree

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (the suite's second run): SQLite's in-memory test "
        "database is one connection shared by every thread, so two requests never "
        "race there; PostgreSQL gives each thread its own connection and row locks",
    ),
]

ROUNDS = 20
#: What racing a discard may answer: done, redirected (a page), gone, or too late.
ANSWERS = {200, 201, 302, 404, 409}
OPERATIONS = ("submit", "save", "comment")


def _complete_draft(author: User, tree: Tree, number: int) -> DocumentVersion:
    """A new ICE PIA, every required question answered, ready to submit."""
    reference = template_get_current(kind=Kind.PIA).reference
    version = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title=f"Harbor Camera {number}",
        template_reference=reference,
    )
    fill_sections(version, author, template_definition_get(reference=reference))
    return version


def _request(client: Client, door: str, operation: str, pk: int) -> int:
    """Take ``operation`` on version ``pk`` through the API or the pages."""
    if door == "api":
        base = f"/api/v1/workspace/versions/{pk}"
        if operation == "discard":
            response = client.post(
                f"{base}/discard",
                {"reason": "Opened twice by mistake."},
                content_type="application/json",
            )
        elif operation == "submit":
            response = client.post(f"{base}/submit")
        elif operation == "save":
            response = client.put(
                f"{base}/sections/1.0",
                {"answers": {"1.1": "6 U.S.C. 202"}, "base_revision": 1},
                content_type="application/json",
            )
        else:
            response = client.post(
                f"{base}/comments",
                {"section_id": "1.0", "body": "Cite the statute in full."},
                content_type="application/json",
            )
        return response.status_code
    if operation == "discard":
        url = reverse("workspace:document_discard", kwargs={"pk": pk})
        data = {"reason": "Opened twice by mistake."}
    elif operation == "submit":
        url = reverse("workspace:document_step", kwargs={"pk": pk, "step": "submit"})
        data = {}
    elif operation == "save":
        url = reverse("workspace:section", kwargs={"pk": pk, "section_id": "1.0"})
        data = {field_name("1.1"): "6 U.S.C. 202", "base_revision": "1"}
    else:
        url = reverse("workspace:comment", kwargs={"pk": pk})
        data = {"section_id": "1.0", "body": "Cite the statute in full."}
    return client.post(url, data).status_code


Answer = tuple[int, str, str, int | BaseException]


def _act(
    author: User,
    start: threading.Barrier,
    round_: tuple[int, str, str, int],
    answers: list[Answer],
) -> None:
    """One side of a round, on its own connection: (round, door, operation, pk)."""
    number, door, operation, pk = round_
    client = Client(raise_request_exception=False)
    client.force_login(author)
    try:
        start.wait(10)
        status: int | BaseException = _request(client, door, operation, pk)
    except BaseException as error:  # reported by the test's assertion
        status = error
    finally:
        connection.close()
    answers.append((number, door, operation, status))


def test_discard_racing_submit_save_or_comment_gives_no_server_error(
    personas: dict[str, Any], tree: Tree
) -> None:
    """Twenty rounds, each a fresh draft: the author discards it while the same
    author submits it, saves a section or comments, through the API (even rounds)
    or the pages (odd rounds). Every answer is 2xx, a redirect, 404 or 409, and
    afterwards the draft is either gone with its comments or still there."""
    author: User = personas["author"]
    answers: list[Answer] = []
    for number in range(ROUNDS):
        version = _complete_draft(author, tree, number)
        door = "api" if number % 2 == 0 else "page"
        operation = OPERATIONS[number % len(OPERATIONS)]
        start = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=_act,
                args=(author, start, (number, door, name, version.pk), answers),
            )
            for name in ("discard", operation)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        if DocumentVersion.objects.filter(pk=version.pk).exists():
            continue
        assert not ReviewComment.objects.filter(version_id=version.pk).exists()

    assert len(answers) == 2 * ROUNDS, answers
    wrong = [answer for answer in answers if answer[3] not in ANSWERS]
    assert wrong == [], wrong
