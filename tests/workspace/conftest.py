"""Workspace test set-up: a system in ICE, signed-in clients per persona, and
drafts built through the services (the personas come from tests/personas.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from privdocs.documents.models import DocumentVersion, Kind
from privdocs.documents.services.workflow import draft_open_new
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import AnswerKind, Question, TemplateDefinition
from privdocs.questionnaires.selectors import (
    template_definition,
    template_get_current,
)
from tests.personas import Tree

Personas = dict[str, User | AnonymousUser]
ClientFor = Callable[[str], Client]

#: A complete PTA: a new technology (plate readers) retrieving records by plate.
PTA_ANSWERS: dict[str, Any] = {
    "1.1": "Harbor Plate Reader",
    "1.3": "technology",
    "1.4": "new",
    "1.5": "Reads license plates of vehicles entering harbor facilities.",
    "2.1": True,
    "2.2": ["public"],
    "2.3": ["license plate number", "vehicle photograph"],
    "2.7": ["automatic"],
    "2.8": True,
    "3.1": ["license_plate_readers"],
    "5.1": True,
}


def user_of(personas: Personas, name: str) -> User:
    """The persona as a saved user (the anonymous one is not)."""
    found = personas[name]
    assert isinstance(found, User)
    return found


@pytest.fixture
def client_for(personas: Personas) -> ClientFor:
    """A client signed in as the named persona (a fresh one per call)."""

    def make(name: str) -> Client:
        client = Client()
        if name != "anonymous":
            client.force_login(user_of(personas, name))
        return client

    return make


@pytest.fixture
def system(tree: Tree) -> System:
    """The Harbor Plate Reader, a system of ICE."""
    return System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )


def pia_definition() -> TemplateDefinition:
    """The current PIA template's definition."""
    return template_definition(template_get_current(kind=Kind.PIA))


def sample_answer(question: Question) -> Any:
    """A valid answer of the question's kind."""
    if question.kind is AnswerKind.TEXT:
        return f"Answer to {question.id}."
    if question.kind is AnswerKind.YESNO:
        return True
    if question.kind is AnswerKind.DATE:
        return "2026-01-15"
    if question.kind is AnswerKind.LIST:
        return ["first item"]
    if question.kind is AnswerKind.CHOICE:
        return question.options[0].value
    if question.kind is AnswerKind.MULTICHOICE:
        return [question.options[0].value]
    return [dict.fromkeys(question.columns, "cell")]


def complete_answers(definition: TemplateDefinition) -> dict[str, Any]:
    """An answer to every required question."""
    return {
        question.id: sample_answer(question)
        for question in definition.questions()
        if question.required
    }


@pytest.fixture
def open_draft(
    personas: Personas, tree: Tree, system: System
) -> Callable[..., DocumentVersion]:
    """Opens a PIA draft of ICE by the author, optionally with every required answer."""

    def make(
        *, title: str = "Harbor Plate Reader", complete: bool = False
    ) -> DocumentVersion:
        template = template_get_current(kind=Kind.PIA)
        answers = complete_answers(template_definition(template)) if complete else {}
        return draft_open_new(
            actor=user_of(personas, "author"),
            organization=tree.ice,
            kind=Kind.PIA,
            title=title,
            template_reference=template.reference,
            system=system,
            answers=answers,
        )

    return make
