"""The separation-of-duties matrix: each step, by every role and pair of roles held by
one person, by every way of having contributed, allowed or refused with its message.

The expected answer of each case is written out by hand below (``expected_version``,
``expected_pta``), not derived from the permission table, and every case goes
through the services as a user's click would.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

import pytest
from django.contrib.auth.models import User

from privdocs.access.models import Role
from privdocs.access.permissions import (
    REFUSAL,
    REFUSAL_NOT_AN_AUTHOR,
    REFUSAL_OWN_PTA,
    REFUSAL_OWN_WORK,
    REFUSAL_PTA_NOT_AN_AUTHOR,
    PermissionDeniedError,
)
from privdocs.assessments.models import ThresholdAnalysis
from privdocs.assessments.services import (
    determination_confirm,
    pta_create,
    pta_participant_add,
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
    version_participant_add,
    version_publish,
    version_retire,
    version_return,
    version_submit,
)
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.definition import AnswerKind, Question
from privdocs.questionnaires.selectors import template_definition, template_get_current
from tests.personas import PTA_MINIMAL_ANSWERS, member

pytestmark = pytest.mark.django_db

A, R, P, D = Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR
#: Every role alone, and every pair of roles held by one person.
ROLE_SETS: tuple[frozenset[Role], ...] = tuple(
    frozenset(pair) for size in (1, 2) for pair in combinations((A, R, P, D), size)
)

#: Ways of having contributed to a version: opened it, saved a text section, saved
#: a section's table row, was invited as co-author, answered the PTA of the same
#: system (another document: it does not make one an author of the draft), none.
VERSION_CONTRIBUTIONS = ("opened", "section", "table_row", "invited", "pta", "none")
#: Ways of having contributed to a PTA: started it, was invited and saved an
#: answer, was invited, none. (A PTA has no section saves or tables.)
PTA_CONTRIBUTIONS = ("opened", "pta_answer", "invited", "none")
#: The contributions that make one an author of the version or the PTA.
AUTHORING = frozenset({"opened", "section", "table_row", "invited", "pta_answer"})


def _name(roles: frozenset[Role]) -> str:
    return "+".join(sorted(role.value for role in roles))


def _possible(roles: frozenset[Role], contribution: str) -> bool:
    """Whether someone holding ``roles`` can have contributed so at all."""
    if contribution == "none":
        return True
    if contribution in ("opened", "invited") and roles & {A, R}:
        return True  # drafts are opened and co-written by authors and reviewers
    if contribution in ("section", "table_row"):
        # An author saves only drafts they already take part in; a reviewer any.
        return R in roles
    # A PTA's co-author fills PTAs: an author, a reviewer or an administrator.
    return contribution == "pta" and bool(roles & {A, R, D})


def _possible_on_pta(roles: frozenset[Role], contribution: str) -> bool:
    return contribution == "none" or bool(roles & {A, R, D})


def expected_version(
    step: str, roles: frozenset[Role], contribution: str, document: str
) -> str | None:
    """The refusal message a version step answers, or None when it is taken."""
    wrote = contribution in AUTHORING
    if step == "submit":
        if not roles & {A, R}:
            return REFUSAL.format(action="version submit")
        return (
            None
            if wrote
            else REFUSAL_NOT_AN_AUTHOR.format(document=document, step="submit")
        )
    if step in ("forward", "return"):
        if R not in roles:
            return REFUSAL.format(action="version review")
        return REFUSAL_OWN_WORK.format(document=document) if wrote else None
    if step in ("approve", "return_department"):
        if P not in roles:
            return REFUSAL.format(action="version approve")
        return REFUSAL_OWN_WORK.format(document=document) if wrote else None
    # Publishing and retiring follow an approval by someone else: an author may.
    if not roles & {P, D}:
        return REFUSAL.format(action=f"version {step}")
    return None


def expected_pta(step: str, roles: frozenset[Role], contribution: str) -> str | None:
    """The refusal message a PTA step answers, or None when it is taken."""
    wrote = contribution in AUTHORING
    if step == "confirm":
        if not roles & {R, P}:
            return REFUSAL.format(action="determination confirm")
        return REFUSAL_OWN_PTA if wrote else None
    if not roles & {A, R, D}:
        return REFUSAL.format(action="pta edit")
    return None if wrote else REFUSAL_PTA_NOT_AN_AUTHOR


@dataclass(frozen=True)
class Office:
    """ICE under DHS, its system, and the colleagues who take the other steps."""

    ice: Organization
    system: System
    writer: User
    officer: User
    chief: User
    keeper: User


@pytest.fixture
def office(db: None) -> Office:
    dhs = Organization.objects.create(acronym="DHS", name="DHS", slug="dhs")
    ice = Organization.objects.create(acronym="ICE", name="ICE", slug="ice", parent=dhs)
    return Office(
        ice=ice,
        system=System.objects.create(organization=ice, name="Harbor", slug="harbor"),
        writer=member("writer", (ice, A)),
        officer=member("officer", (ice, R)),
        chief=member("chief", (dhs, P)),
        keeper=member("keeper", (dhs, D)),
    )


def _answer(question: Question) -> object:
    if question.kind is AnswerKind.TABLE:
        return [dict.fromkeys(question.columns, "a cell")]
    return f"Written for {question.id}."


def _draft(office: Office, subject: User, contribution: str) -> DocumentVersion:
    """A complete ICE draft, to which ``subject`` contributed as named."""
    template = template_get_current(kind=Kind.PIA)
    definition = template_definition(template)
    opener = subject if contribution == "opened" else office.writer
    version = draft_open_new(
        actor=opener,
        organization=office.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template.reference,
        system=office.system,
        answers={q.id: _answer(q) for q in definition.questions() if q.required},
    )
    if contribution == "section":
        draft_section_save(
            actor=subject,
            version=version,
            section_id="abstract",
            answers={"A.1": "Rewritten by the subject."},
            base_revision=0,
        )
    elif contribution == "table_row":
        rows = [*version.body["5.2"], {"risk": "Another risk", "mitigation": "Kept"}]
        draft_section_save(
            actor=subject,
            version=version,
            section_id="5.0",
            answers={"5.1": version.body["5.1"], "5.2": rows},
            base_revision=section_edit(version, "5.0").revision,
        )
    elif contribution == "invited":
        version_participant_add(actor=office.writer, version=version, user=subject)
    elif contribution == "pta":
        analysis = pta_create(actor=office.writer, system=office.system)
        pta_participant_add(actor=office.writer, analysis=analysis, user=subject)
        pta_save(actor=subject, analysis=analysis, answers={"1.5": "Subject's words."})
    return version


#: How each version step reaches its status before the subject takes it (by the
#: colleagues, none of whom took part), and how the subject takes it.
BEFORE: dict[str, tuple[Status, ...]] = {
    "submit": (),
    "forward": (Status.COMPONENT_REVIEW,),
    "return": (Status.COMPONENT_REVIEW,),
    "approve": (Status.COMPONENT_REVIEW, Status.DEPARTMENT_REVIEW),
    "return_department": (Status.COMPONENT_REVIEW, Status.DEPARTMENT_REVIEW),
    "publish": (Status.COMPONENT_REVIEW, Status.DEPARTMENT_REVIEW, Status.APPROVED),
    "retire": (
        Status.COMPONENT_REVIEW,
        Status.DEPARTMENT_REVIEW,
        Status.APPROVED,
        Status.PUBLISHED,
    ),
}
TAKE: dict[str, tuple[Callable[[User, DocumentVersion], object], Status]] = {
    "submit": (
        lambda actor, v: version_submit(actor=actor, version=v),
        Status.COMPONENT_REVIEW,
    ),
    "forward": (
        lambda actor, v: version_forward(actor=actor, version=v),
        Status.DEPARTMENT_REVIEW,
    ),
    "return": (
        lambda actor, v: version_return(actor=actor, version=v, comment="Redo 2.5."),
        Status.DRAFT,
    ),
    "approve": (
        lambda actor, v: version_approve(actor=actor, version=v),
        Status.APPROVED,
    ),
    "return_department": (
        lambda actor, v: version_return(actor=actor, version=v, comment="Redo 2.5."),
        Status.DRAFT,
    ),
    "publish": (
        lambda actor, v: version_publish(actor=actor, version=v),
        Status.PUBLISHED,
    ),
    "retire": (
        lambda actor, v: version_retire(actor=actor, version=v, reason="Replaced."),
        Status.RETIRED,
    ),
}


def _advance(
    office: Office, version: DocumentVersion, opener: User
) -> dict[Status, Callable[[], object]]:
    """The colleagues' steps that bring the version to each status."""
    return {
        Status.COMPONENT_REVIEW: lambda: version_submit(actor=opener, version=version),
        Status.DEPARTMENT_REVIEW: lambda: version_forward(
            actor=office.officer, version=version
        ),
        Status.APPROVED: lambda: version_approve(actor=office.chief, version=version),
        Status.PUBLISHED: lambda: version_publish(actor=office.keeper, version=version),
    }


VERSION_CASES = [
    pytest.param(step, roles, contribution, id=f"{step}-{_name(roles)}-{contribution}")
    for step in BEFORE
    for roles in ROLE_SETS
    for contribution in VERSION_CONTRIBUTIONS
    if _possible(roles, contribution)
]


@pytest.mark.parametrize(("step", "roles", "contribution"), VERSION_CASES)
def test_version_step(
    office: Office, step: str, roles: frozenset[Role], contribution: str
) -> None:
    """Who may take each step of a version, by roles and by what they wrote of it."""
    subject = member("subject", *((office.ice, role) for role in roles))
    version = _draft(office, subject, contribution)
    opener = subject if contribution == "opened" else office.writer
    for status in BEFORE[step]:
        _advance(office, version, opener)[status]()
    take, after = TAKE[step]
    before = DocumentVersion.objects.get(pk=version.pk).status
    expected = expected_version(step, roles, contribution, str(version))
    if expected is None:
        take(subject, version)
        assert DocumentVersion.objects.get(pk=version.pk).status == after
    else:
        with pytest.raises(PermissionDeniedError) as refused:
            take(subject, version)
        assert refused.value.message == expected
        assert DocumentVersion.objects.get(pk=version.pk).status == before


def _pta(office: Office, subject: User, contribution: str) -> ThresholdAnalysis:
    """A PTA of the system with every required answer, to which ``subject``
    contributed as named."""
    opener = subject if contribution == "opened" else office.writer
    analysis = pta_create(actor=opener, system=office.system)
    if contribution in ("invited", "pta_answer"):
        pta_participant_add(actor=office.writer, analysis=analysis, user=subject)
    if contribution == "pta_answer":
        pta_save(actor=subject, analysis=analysis, answers={"1.5": "Subject's words."})
    pta_save(
        actor=opener,
        analysis=analysis,
        answers={k: v for k, v in PTA_MINIMAL_ANSWERS.items() if k != "1.5"}
        | ({} if contribution == "pta_answer" else {"1.5": "The writer's words."}),
    )
    return analysis


PTA_CASES = [
    pytest.param(step, roles, contribution, id=f"{step}-{_name(roles)}-{contribution}")
    for step in ("confirm", "edit_pta")
    for roles in ROLE_SETS
    for contribution in PTA_CONTRIBUTIONS
    if _possible_on_pta(roles, contribution)
]


@pytest.mark.parametrize(("step", "roles", "contribution"), PTA_CASES)
def test_pta_step(
    office: Office, step: str, roles: frozenset[Role], contribution: str
) -> None:
    """Who may change a PTA and confirm its determination, by roles and authorship."""
    subject = member("subject", *((office.ice, role) for role in roles))
    analysis = _pta(office, subject, contribution)
    expected = expected_pta(step, roles, contribution)
    if step == "confirm":
        opener = subject if contribution == "opened" else office.writer
        determination = pta_submit(actor=opener, analysis=analysis)
        if expected is None:
            assert determination_confirm(
                actor=subject, determination=determination
            ).officer == (subject)
            return
        with pytest.raises(PermissionDeniedError) as refused:
            determination_confirm(actor=subject, determination=determination)
        determination.refresh_from_db()
        assert determination.confirmed_at is None
    else:
        if expected is None:
            pta_save(actor=subject, analysis=analysis, answers={"1.6": "Added."})
            analysis.refresh_from_db()
            assert analysis.answers["1.6"] == "Added."
            return
        with pytest.raises(PermissionDeniedError) as refused:
            pta_save(actor=subject, analysis=analysis, answers={"1.5": "Overwritten."})
        analysis.refresh_from_db()
        assert analysis.answers["1.5"] == "The writer's words."
    assert refused.value.message == expected


def test_the_matrix_covers_every_role_set_and_contribution() -> None:
    """Every role and pair of roles appears, and each contribution for some of them."""
    assert len(ROLE_SETS) == 10
    seen = {(case.values[1], case.values[2]) for case in VERSION_CASES}
    assert {contribution for _roles, contribution in seen} == set(VERSION_CONTRIBUTIONS)
    assert {roles for roles, _contribution in seen} == set(ROLE_SETS)
    assert {case.values[2] for case in PTA_CASES} == set(PTA_CONTRIBUTIONS)
