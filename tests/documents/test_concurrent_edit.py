"""Two people saving one section at the same moment, on real separate connections."""

from __future__ import annotations

import os
import threading
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection

from privdocs.documents.models import DocumentVersion, Kind
from privdocs.documents.services.workflow import (
    EditConflictError,
    draft_open_new,
    draft_section_save,
)
from privdocs.questionnaires.selectors import template_get_current
from tests.personas import Tree

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
