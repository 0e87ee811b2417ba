"""The workflow's table of steps (privdocs/documents/steps.py) against everything
that must agree with it: the services, the permission table, the page's buttons and
forms, the API's endpoints, the role maps of the dashboard and the mail, and the
typed errors that tell a 409 from a 422."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.urls import reverse

from privdocs.access.models import Role
from privdocs.access.permissions import ROLES_ALLOWED, Action
from privdocs.assessments.services import (
    determination_confirm,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.audit.models import AuditEvent
from privdocs.core.errors import StepConflictError, StepInputError
from privdocs.documents import notifications
from privdocs.documents.models import DocumentVersion, Kind, Status
from privdocs.documents.services import state
from privdocs.documents.services.workflow import (
    comment_add,
    draft_open_new,
    draft_section_save,
    version_approve,
    version_forward,
    version_publish,
    version_retire,
    version_return,
    version_submit,
)
from privdocs.documents.steps import (
    AWAITED_STATUSES,
    BUTTON_STEPS,
    STEPS,
    STEPS_BY_NAME,
    Step,
    acting_roles,
)
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.definition import AnswerKind
from privdocs.questionnaires.selectors import template_definition, template_get_current
from privdocs.workspace.views.documents import STEP_SERVICES
from tests.personas import PTA_MINIMAL_ANSWERS, Tree, member

pytestmark = pytest.mark.django_db

A, R, P, D = Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR
OnCommit = Callable[..., AbstractContextManager[Any]]

#: How a test takes each step that moves a status: (who, service call).
TAKE: dict[str, Callable[[User, DocumentVersion], object]] = {
    "submit": lambda actor, v: version_submit(actor=actor, version=v),
    "forward": lambda actor, v: version_forward(actor=actor, version=v),
    "approve": lambda actor, v: version_approve(actor=actor, version=v),
    "return": lambda actor, v: version_return(actor=actor, version=v, comment="Fix."),
    "publish": lambda actor, v: version_publish(actor=actor, version=v),
    "retire": lambda actor, v: version_retire(actor=actor, version=v, reason="Old."),
}
MOVING = [step for step in STEPS if step.to_status is not None]


def _complete_draft(writer: User, tree: Tree) -> DocumentVersion:
    template = template_get_current(kind=Kind.PIA)
    answers = {
        question.id: [dict.fromkeys(question.columns, "cell")]
        if question.kind is AnswerKind.TABLE
        else f"Text of {question.id}."
        for question in template_definition(template).questions()
        if question.required
    }
    return draft_open_new(
        actor=writer,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template.reference,
        answers=answers,
    )


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("step", MOVING, ids=[step.name for step in MOVING])
def test_each_service_takes_its_step_from_the_tables_statuses_only(
    tree: Tree,
    step: Step,
    status: Status,
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    """From a status of the table the service moves the version to the table's
    status, records ``version.<step>``, mails and reindexes as the table says; in
    the status it leads to it does nothing; from any other it is refused as a
    conflict (409), never as the request's fault."""
    writer = member("writer", (tree.ice, A))
    officer = member("officer", (tree.ice, R), (tree.ice, P), (tree.ice, D))
    version = _complete_draft(writer, tree)
    DocumentVersion.objects.filter(pk=version.pk).update(status=status)
    version.refresh_from_db()
    reindexed: list[list[int]] = []
    monkeypatch.setattr(state, "search_index_versions", reindexed.append)
    actor = writer if step.name == "submit" else officer
    mail.outbox.clear()
    if status in step.from_statuses:
        with django_capture_on_commit_callbacks(execute=True):
            TAKE[step.name](actor, version)
        version.refresh_from_db()
        assert version.status == step.to_status
        assert AuditEvent.objects.filter(action=f"version.{step.name}").exists()
        assert bool(mail.outbox) == step.mails
        assert bool(reindexed) == step.reindex
    elif status == step.to_status:
        assert TAKE[step.name](actor, version) is None
        assert DocumentVersion.objects.get(pk=version.pk).status == status
    else:
        with pytest.raises(StepConflictError) as refused:
            TAKE[step.name](actor, version)
        assert not isinstance(refused.value, StepInputError)
        assert "it cannot be" in refused.value.message
        assert DocumentVersion.objects.get(pk=version.pk).status == status


def test_every_right_of_the_steps_is_in_the_permission_table() -> None:
    """Each action a step takes has its roles in ROLES_ALLOWED, and every right on a
    version but seeing it belongs to some step."""
    used = {action for step in STEPS for action in step.actions}
    assert used <= set(ROLES_ALLOWED)
    version_rights = {
        action
        for action in Action
        if action.value.startswith("version_") and action != Action.VERSION_VIEW
    }
    assert version_rights == used


def test_the_page_has_a_door_for_every_step() -> None:
    """Each button step has its service on the page, and every other step its form."""
    assert set(STEP_SERVICES) == {step.name for step in BUTTON_STEPS}
    other_doors = {
        "edit": reverse("workspace:section", kwargs={"pk": 1, "section_id": "1.0"}),
        "invite": reverse("workspace:document_participants", kwargs={"pk": 1}),
        "comment": reverse("workspace:comment", kwargs={"pk": 1}),
        "discard": reverse("workspace:document_discard", kwargs={"pk": 1}),
    }
    assert set(other_doors) | set(STEP_SERVICES) == set(STEPS_BY_NAME)
    for step in BUTTON_STEPS:
        assert reverse(
            "workspace:document_step", kwargs={"pk": 1, "step": step.name}
        ).endswith(f"/steps/{step.name}/")


@pytest.mark.urls("tests.api.urls")
def test_the_api_has_an_endpoint_for_every_step() -> None:
    """Each step of the table is one endpoint of the workspace API."""
    names: dict[str, tuple[str, dict[str, Any]]] = {
        "edit": ("api:workspace_section", {"version_id": 1, "section_id": "1.0"}),
        "comment": ("api:workspace_comments", {"version_id": 1}),
        "invite": ("api:workspace_version_participants", {"version_id": 1}),
    }
    for step in STEPS:
        name, kwargs = names.get(
            step.name, (f"api:workspace_version_{step.name}", {"version_id": 1})
        )
        assert reverse(name, kwargs=kwargs).startswith("/api/v1/workspace/versions/1")


def test_the_role_maps_come_from_the_steps() -> None:
    """A version waits for a reviewer in component review, an approver in department
    review, an approver or administrator once approved; the mail goes to one of
    those roles in each of these statuses and no other."""
    assert {status: acting_roles(status) for status in AWAITED_STATUSES} == {
        Status.COMPONENT_REVIEW: {R},
        Status.DEPARTMENT_REVIEW: {P},
        Status.APPROVED: {P, D},
    }
    assert set(notifications.NEXT_ROLE) == set(AWAITED_STATUSES)
    for status, role in notifications.NEXT_ROLE.items():
        assert role in acting_roles(status)


def test_the_form_of_each_step_asks_for_its_text() -> None:
    """A return asks for a required comment, a retirement for a required reason,
    a forward and an approval for an optional comment, the others for nothing."""
    asked = {step.name: (step.needs, step.optional_comment) for step in BUTTON_STEPS}
    assert asked == {
        "submit": ("", False),
        "forward": ("", True),
        "approve": ("", True),
        "return": ("comment", False),
        "publish": ("", False),
        "retire": ("reason", False),
    }


# The typed errors: the request's fault (422) or the document's state (409).


@pytest.fixture
def officers(tree: Tree) -> tuple[User, User]:
    """An ICE author, and an officer holding every other role in ICE."""
    return (
        member("writer", (tree.ice, A)),
        member("officer", (tree.ice, R), (tree.ice, P), (tree.ice, D)),
    )


def test_what_the_request_got_wrong_is_an_input_error(
    tree: Tree, officers: tuple[User, User]
) -> None:
    """An empty return comment, retirement reason or comment, an unknown question
    and an answer of the wrong kind are StepInputErrors naming the field."""
    writer, officer = officers
    version = _complete_draft(writer, tree)
    cases: list[tuple[Callable[[], object], str]] = [
        (
            lambda: draft_section_save(
                actor=writer,
                version=version,
                section_id="1.0",
                answers={"9.9": "x"},
                base_revision=0,
            ),
            "section 1.0",
        ),
        (
            lambda: comment_add(
                actor=writer, version=version, section_id="1.0", body=" "
            ),
            "comment",
        ),
    ]
    for call, where in cases:
        with pytest.raises(StepInputError) as refused:
            call()
        assert refused.value.where == where
    version_submit(actor=writer, version=version)
    with pytest.raises(StepInputError) as blank:
        version_return(actor=officer, version=version, comment="  ")
    assert blank.value.where == "comment"


def test_what_the_document_refuses_is_a_conflict(
    tree: Tree, officers: tuple[User, User]
) -> None:
    """Publishing a draft, and changing a submitted PTA, are conflicts (409), not
    input errors; overriding a determination without a comment is an input error."""
    writer, officer = officers
    version = _complete_draft(writer, tree)
    with pytest.raises(StepConflictError) as early:
        version_publish(actor=officer, version=version)
    assert not isinstance(early.value, StepInputError)
    system = System.objects.create(
        organization=Organization.objects.get(acronym="ICE"), name="Gate", slug="g"
    )
    analysis = pta_create(actor=writer, system=system)
    pta_save(actor=writer, analysis=analysis, answers=PTA_MINIMAL_ANSWERS)
    determination = pta_submit(actor=writer, analysis=analysis)
    with pytest.raises(StepConflictError) as submitted:
        pta_save(actor=writer, analysis=analysis, answers={"1.5": "Later."})
    assert not isinstance(submitted.value, StepInputError)
    with pytest.raises(StepInputError) as silent:
        determination_confirm(
            actor=officer, determination=determination, privacy_sensitive=False
        )
    assert silent.value.where == "comment"
