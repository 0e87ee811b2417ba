"""Regression tests of confirmed vulnerability 3: separation of duties was bypassable.

Only whoever opened a draft counted as taking part, so a reviewer could rewrite a
draft and review it himself, one person with two roles could take a document from
draft to the reading room alone, and PTAs could be overwritten by anyone who fills
PTAs. Each test tells one of those stories through the services.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User

from privdocs.access.models import Role
from privdocs.access.permissions import PermissionDeniedError
from privdocs.assessments.services import (
    determination_confirm,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.documents.models import DocumentVersion, Kind, Status
from privdocs.documents.services.workflow import (
    draft_open_new,
    draft_section_save,
    section_edit,
    version_approve,
    version_forward,
    version_submit,
)
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import AnswerKind, Question, TemplateDefinition
from privdocs.questionnaires.selectors import template_definition, template_get_current
from tests.personas import PTA_MINIMAL_ANSWERS, Tree, member

pytestmark = pytest.mark.django_db


def _answer(question: Question) -> Any:
    if question.kind is AnswerKind.TEXT:
        return f"Written for {question.id}."
    if question.kind is AnswerKind.YESNO:
        return True
    if question.kind is AnswerKind.DATE:
        return "2026-02-01"
    if question.kind is AnswerKind.LIST:
        return ["one item"]
    if question.kind is AnswerKind.CHOICE:
        return question.options[0].value
    if question.kind is AnswerKind.MULTICHOICE:
        return [question.options[0].value]
    return [dict.fromkeys(question.columns, "a cell")]


def _pia() -> tuple[str, TemplateDefinition]:
    template = template_get_current(kind=Kind.PIA)
    return template.reference, template_definition(template)


def _open(actor: User, tree: Tree, *, complete: bool) -> DocumentVersion:
    reference, definition = _pia()
    answers = (
        {q.id: _answer(q) for q in definition.questions() if q.required}
        if complete
        else {}
    )
    return draft_open_new(
        actor=actor,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=reference,
        answers=answers,
    )


def _rewrite_every_section(actor: User, version: DocumentVersion) -> None:
    _reference, definition = _pia()
    for section in definition.sections:
        version.refresh_from_db()
        draft_section_save(
            actor=actor,
            version=version,
            section_id=section.id,
            answers={q.id: f"Rewritten by {actor}: {q.id}" for q in section.questions}
            if all(q.kind is AnswerKind.TEXT for q in section.questions)
            else {q.id: _answer(q) for q in section.questions},
            base_revision=section_edit(version, section.id).revision,
        )


def test_reviewer_who_rewrote_every_section_cannot_forward_it(tree: Tree) -> None:
    """A reviewer who saved sections of an author's draft is one of its authors: he
    may submit it, but forwarding it (reviewing it) is refused."""
    author = member("writer", (tree.ice, Role.AUTHOR))
    reviewer = member("officer", (tree.ice, Role.REVIEWER))
    version = _open(author, tree, complete=False)
    _rewrite_every_section(reviewer, version)
    assert version.participants.filter(pk=reviewer.pk).exists()
    version_submit(actor=reviewer, version=version)
    with pytest.raises(PermissionDeniedError):
        version_forward(actor=reviewer, version=version)
    version.refresh_from_db()
    assert version.status == Status.COMPONENT_REVIEW


def test_reviewer_and_approver_in_one_person_cannot_take_a_draft_alone(
    tree: Tree,
) -> None:
    """One person holding reviewer and approver roles who wrote a draft can neither
    forward it nor, once another reviewer forwards it, approve it."""
    both = member("both", (tree.ice, Role.REVIEWER), (tree.dhs, Role.APPROVER))
    other_reviewer = member("officer", (tree.ice, Role.REVIEWER))
    author = member("writer", (tree.ice, Role.AUTHOR))
    version = _open(author, tree, complete=True)
    _rewrite_every_section(both, version)
    version_submit(actor=both, version=version)
    with pytest.raises(PermissionDeniedError):
        version_forward(actor=both, version=version)
    version_forward(actor=other_reviewer, version=version)
    with pytest.raises(PermissionDeniedError):
        version_approve(actor=both, version=version)
    version.refresh_from_db()
    assert version.status == Status.DEPARTMENT_REVIEW


def test_reviewer_cannot_overwrite_an_authors_pta_and_confirm_it(tree: Tree) -> None:
    """A reviewer may not change the answers of a PTA an author wrote; so he cannot
    steer its determination and then confirm it."""
    author = member("writer", (tree.ice, Role.AUTHOR))
    reviewer = member("officer", (tree.ice, Role.REVIEWER))
    system = System.objects.create(organization=tree.ice, name="Harbor", slug="hb")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_MINIMAL_ANSWERS)
    with pytest.raises(PermissionDeniedError):
        pta_save(actor=reviewer, analysis=analysis, answers={"2.1": False})
    analysis.refresh_from_db()
    assert analysis.answers["2.1"] is True
    determination = pta_submit(actor=author, analysis=analysis)
    confirmed = determination_confirm(actor=reviewer, determination=determination)
    assert confirmed.officer == reviewer


def test_an_author_cannot_overwrite_a_colleagues_pta(tree: Tree) -> None:
    """Filling PTAs in ICE does not let one author change another author's PTA."""
    author = member("writer", (tree.ice, Role.AUTHOR))
    colleague = member("colleague", (tree.ice, Role.AUTHOR))
    system = System.objects.create(organization=tree.ice, name="Harbor", slug="hb")
    analysis = pta_create(actor=author, system=system)
    with pytest.raises(PermissionDeniedError):
        pta_save(actor=colleague, analysis=analysis, answers={"1.5": "Changed."})
    with pytest.raises(PermissionDeniedError):
        pta_submit(actor=colleague, analysis=analysis)
    analysis.refresh_from_db()
    assert "1.5" not in analysis.answers


def test_an_upgrade_records_past_savers_as_authors(tree: Tree) -> None:
    """The migrations read the audit log: whoever saved a section of a version, or
    answers of a PTA, before participation was recorded becomes one of its authors."""
    versions_migration = import_module(
        "privdocs.documents.migrations.0007_participants"
    )
    ptas_migration = import_module("privdocs.assessments.migrations.0003_participants")
    author = member("writer", (tree.ice, Role.AUTHOR))
    reviewer = member("officer", (tree.ice, Role.REVIEWER))
    version = _open(author, tree, complete=False)
    _rewrite_every_section(reviewer, version)
    system = System.objects.create(organization=tree.ice, name="Harbor", slug="hb")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers={"1.5": "Reads plates."})
    # As the tables stood before: only the opener took part; PTAs had no authors.
    version.participants.remove(reviewer)
    analysis.participants.clear()
    versions_migration.savers_take_part(django_apps, None)
    ptas_migration.authors_take_part(django_apps, None)
    assert set(version.participants.all()) == {author, reviewer}
    assert set(analysis.participants.all()) == {author}
    with pytest.raises(PermissionDeniedError):
        version_forward(actor=reviewer, version=version)
