"""Small properties of the documents models: how a Transition reads in a history."""

from __future__ import annotations

import pytest

from privdocs.documents.models import Status, Transition


@pytest.mark.parametrize(
    ("from_status", "to_status", "words"),
    [
        ("", Status.DRAFT, "Opened as a draft"),
        ("", Status.PUBLISHED, "Created as published"),
        ("", Status.SUPERSEDED, "Created as previous version"),
        (Status.DRAFT, Status.COMPONENT_REVIEW, "In component review from draft"),
        (Status.PUBLISHED, Status.SUPERSEDED, "Previous version from published"),
    ],
)
def test_a_step_reads_as_what_it_did(
    from_status: str, to_status: Status, words: str
) -> None:
    """A step with no "from" status is the version's creation (a draft opened, or a
    version an import read); any other step names both statuses."""
    assert Transition(from_status=from_status, to_status=to_status).step == words
