"""Two people acting on one thing at the same moment, on real separate connections:
saving one section, opening the draft a determination calls for."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from privdocs.access.permissions import PermissionDeniedError
from privdocs.assessments.services import (
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind
from privdocs.documents.services.workflow import (
    EditConflictError,
    draft_open_new,
    draft_section_save,
)
from privdocs.inventory.models import System
from privdocs.questionnaires.selectors import template_get_current
from tests.personas import PTA_MINIMAL_ANSWERS, Tree

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (the suite's second run): SQLite's in-memory test "
        "database fails at once on a locked table instead of waiting; on a SQLite "
        "file, IMMEDIATE transactions make writers queue, one at a time",
    ),
]


def test_simultaneous_saves_of_one_section_keep_both_texts(
    personas: dict[str, Any], tree: Tree
) -> None:
    """Both start from revision 0 and save at once: exactly one save lands, the other
    is told with both texts, and the stored text is the one that landed."""
    reviewer: User = personas["reviewer"]
    author: User = personas["author"]
    version = draft_open_new(
        actor=reviewer,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template_get_current(kind="PIA").reference,
    )
    version.participants.add(author)
    start = threading.Barrier(2)
    outcomes: dict[str, Any] = {}

    def save(actor: User, text: str) -> None:
        try:
            start.wait()
            outcomes[actor.username] = draft_section_save(
                actor=actor,
                version=DocumentVersion.objects.get(pk=version.pk),
                section_id="1.0",
                answers={"1.1": text},
                base_revision=0,
            )
        except EditConflictError as conflict:
            outcomes[actor.username] = conflict
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(author, "8 U.S.C. 1357")),
        threading.Thread(target=save, args=(reviewer, "6 U.S.C. 202")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    saved = [name for name, outcome in outcomes.items() if outcome == 1]
    refused = [o for o in outcomes.values() if isinstance(o, EditConflictError)]
    assert len(saved) == 1 and len(refused) == 1, outcomes
    version.refresh_from_db()
    winner_text = {"author": "8 U.S.C. 1357", "reviewer": "6 U.S.C. 202"}[saved[0]]
    assert version.body["1.1"] == winner_text
    assert refused[0].theirs == {"1.1": winner_text}
    assert refused[0].yours["1.1"] != winner_text


def test_simultaneous_requests_for_a_determinations_draft_open_one(
    personas: dict[str, Any], tree: Tree
) -> None:
    """Two people open the PIA a determination calls for at the same moment: one
    draft is opened, both are handed it, and no second number is taken."""
    author: User = personas["author"]
    reviewer: User = personas["reviewer"]
    system = System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )
    analysis = pta_create(actor=author, system=system)
    pta_save(
        actor=author,
        analysis=analysis,
        answers=PTA_MINIMAL_ANSWERS,
    )
    determination = determination_confirm(
        actor=reviewer, determination=pta_submit(actor=author, analysis=analysis)
    )
    start = threading.Barrier(2)
    opened: dict[str, Any] = {}

    def open_draft(actor: User) -> None:
        try:
            start.wait()
            opened[actor.username] = determination_open_draft(
                actor=actor,
                determination=type(determination).objects.get(pk=determination.pk),
                kind=Kind.PIA,
            ).pk
        except Exception as error:  # reported by the assertion below
            opened[actor.username] = error
        finally:
            connection.close()

    threads = [
        threading.Thread(target=open_draft, args=(actor,))
        for actor in (author, reviewer)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    draft = DocumentVersion.objects.get()
    assert DocumentSeries.objects.filter(kind=Kind.PIA).count() == 1
    assert opened["reviewer"] == draft.pk, opened
    # The reviewer may see any draft of ICE; the author only drafts they take part
    # in: if the reviewer's request came first, the author is told whose it is.
    if draft.participants.filter(pk=author.pk).exists():
        assert opened["author"] == draft.pk, opened
    else:
        assert isinstance(opened["author"], PermissionDeniedError), opened
        assert "already opened" in str(opened["author"])
