"""The workflow through its services: the whole story from PTA to the reading room,
concurrent edits, double submits, numbering, supersession, retirement and mail."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core import mail
from django.core.management import call_command

from privdocs.access.models import Membership, Role
from privdocs.access.permissions import PermissionDeniedError
from privdocs.assessments.models import Requirement, ThresholdAnalysis
from privdocs.assessments.services import (
    AssessmentError,
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.audit.models import AuditEvent
from privdocs.audit.selectors import audit_verify
from privdocs.core.errors import NotFoundError
from privdocs.documents.models import (
    DocumentSeries,
    DocumentVersion,
    Kind,
    Status,
    Transition,
)
from privdocs.documents.revision import catalog_revision, catalog_revision_bump
from privdocs.documents.selectors import version_list_public
from privdocs.documents.services.reviews import review_reminders_send
from privdocs.documents.services.workflow import (
    VERSION_GONE,
    EditConflictError,
    WorkflowError,
    comment_add,
    comment_resolve,
    draft_open_new,
    draft_open_update,
    draft_section_save,
    section_edit,
    version_approve,
    version_discard,
    version_forward,
    version_publish,
    version_retire,
    version_return,
    version_submit,
)
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import AnswerKind, Question, TemplateDefinition
from privdocs.questionnaires.selectors import (
    template_definition,
    template_get,
    template_get_current,
)
from privdocs.search.services import search_public
from tests.personas import Tree

pytestmark = pytest.mark.django_db

Personas = dict[str, User | AnonymousUser]
OnCommit = Callable[..., AbstractContextManager[Any]]


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks: OnCommit) -> OnCommit:
    """Runs the on-commit callbacks (the mail) of the block when it ends."""
    return django_capture_on_commit_callbacks


#: A PTA for a new system with license plate readers, retrieved by plate and name.
PTA_ANSWERS: dict[str, Any] = {
    "1.1": "Harbor Plate Reader",
    "1.3": "technology",
    "1.4": "new",
    "1.5": "Reads license plates of vehicles entering harbor facilities.",
    "2.1": True,
    "2.2": ["public"],
    "2.3": ["license plate number", "vehicle photograph", "time and place"],
    "2.8": True,
    "2.7": ["automatic"],
    "3.1": ["license_plate_readers"],
    "5.1": True,
}


def user(personas: Personas, name: str) -> User:
    found = personas[name]
    assert isinstance(found, User)
    return found


def sample_answer(question: Question) -> Any:
    """A valid answer of the question's kind."""
    values: dict[AnswerKind, Any] = {
        AnswerKind.TEXT: f"Answer to {question.id}.",
        AnswerKind.YESNO: True,
        AnswerKind.DATE: "2026-01-15",
        AnswerKind.LIST: ["first item"],
    }
    if question.kind in values:
        return values[question.kind]
    if question.kind is AnswerKind.CHOICE:
        return question.options[0].value
    if question.kind is AnswerKind.MULTICHOICE:
        return [question.options[0].value]
    return [dict.fromkeys(question.columns, "cell")]


def fill_sections(
    version: DocumentVersion, author: User, definition: TemplateDefinition
) -> None:
    """Answer every required question, section by section, as an author would."""
    for section in definition.sections:
        answers = {
            question.id: sample_answer(question)
            for question in section.questions
            if question.required and question.id not in version.body
        }
        if answers:
            version.refresh_from_db()
            draft_section_save(
                actor=author,
                version=version,
                section_id=section.id,
                answers={
                    **{
                        q.id: version.body[q.id]
                        for q in section.questions
                        if q.id in version.body
                    },
                    **answers,
                },
                base_revision=section_edit(version, section.id).revision,
            )


@pytest.fixture
def system(tree: Tree) -> System:
    return System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )


def test_the_whole_story_from_pta_to_the_reading_room(
    personas: Personas, tree: Tree, system: System
) -> None:
    """A PTA leads to a new PIA, which is reviewed, returned, fixed, approved and
    published, and then appears in the reading room's selectors and search."""
    author, reviewer, approver = (
        user(personas, n) for n in ("author", "reviewer", "approver")
    )

    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
    determination = pta_submit(actor=author, analysis=analysis)
    assert (determination.pia, determination.sorn) == (Requirement.NEW, Requirement.NEW)
    assert {reason["rule"] for reason in determination.reasons} >= {
        "rule_collects_pii",
        "rule_sensitive_technology",
        "rule_retrieval_by_identifier",
    }
    determination = determination_confirm(actor=reviewer, determination=determination)
    assert determination.confirmed_at is not None and not determination.overridden

    version = determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )
    assert str(version) == "DHS/ICE/PIA-001"
    assert version.body["O.1"] == PTA_ANSWERS["1.5"]  # pre-filled from the PTA
    assert (
        determination_open_draft(
            actor=author, determination=determination, kind=Kind.PIA
        )
        == version
    ), "asking twice opens nothing new"

    definition = template_definition(template_get(reference=version.template_version))
    with pytest.raises(WorkflowError, match="required answer"):
        version_submit(actor=author, version=version)
    fill_sections(version, author, definition)
    version_submit(actor=author, version=version)
    version.refresh_from_db()
    assert version.status == Status.COMPONENT_REVIEW

    comment = comment_add(
        actor=reviewer,
        version=version,
        section_id="2.0",
        body="Name the sources of plates.",
    )
    version_return(actor=reviewer, version=version, comment="See the comment on 2.0.")
    version.refresh_from_db()
    assert version.status == Status.DRAFT
    draft_section_save(
        actor=author,
        version=version,
        section_id="2.0",
        answers={
            **{
                q.id: version.body[q.id]
                for q in definition.section("2.0").questions
                if q.id in version.body
            },
            "2.2": "Cameras at the harbor gates, read automatically.",
        },
        base_revision=section_edit(version, "2.0").revision,
    )
    comment_resolve(actor=author, comment=comment)
    version_submit(actor=author, version=version)
    version_forward(actor=reviewer, version=version)
    version_approve(actor=approver, version=version)
    assert not version_list_public().filter(pk=version.pk).exists()
    version_publish(
        actor=approver, version=version, published_on=datetime.date(2026, 11, 2)
    )

    version.refresh_from_db()
    assert version.status == Status.PUBLISHED
    assert version.next_review_on == datetime.date(2029, 11, 2)
    assert version_list_public().filter(pk=version.pk).exists()
    results = search_public("harbor plate reader")
    assert [hit.identifier for hit in results.hits][:1] == ["DHS/ICE/PIA-001"]
    steps = list(
        Transition.objects.filter(version=version).values_list(
            "from_status", "to_status", "actor_label"
        )
    )
    assert steps == [
        ("", Status.DRAFT, "author"),
        (Status.DRAFT, Status.COMPONENT_REVIEW, "author"),
        (Status.COMPONENT_REVIEW, Status.DRAFT, "reviewer"),
        (Status.DRAFT, Status.COMPONENT_REVIEW, "author"),
        (Status.COMPONENT_REVIEW, Status.DEPARTMENT_REVIEW, "reviewer"),
        (Status.DEPARTMENT_REVIEW, Status.APPROVED, "approver"),
        (Status.APPROVED, Status.PUBLISHED, "approver"),
    ]
    status_entries = [
        (entry.action, entry.changes["status"])
        for entry in AuditEvent.objects.filter(
            object_type="documents.documentversion", object_id=version.pk
        ).order_by("sequence")
        if "status" in entry.changes
    ]
    assert status_entries == [
        ("draft.open", ["", "draft"]),
        ("version.submit", ["draft", "component_review"]),
        ("version.return", ["component_review", "draft"]),
        ("version.submit", ["draft", "component_review"]),
        ("version.forward", ["component_review", "department_review"]),
        ("version.approve", ["department_review", "approved"]),
        ("version.publish", ["approved", "published"]),
    ]
    assert list(audit_verify()) == []


class TestNoLostWork:
    @pytest.fixture
    def draft(self, personas: Personas, tree: Tree) -> DocumentVersion:
        reviewer = user(personas, "reviewer")
        version = draft_open_new(
            actor=reviewer,
            organization=tree.ice,
            kind=Kind.PIA,
            title="Harbor Visitor Log",
            template_reference=template_get_current(kind="PIA").reference,
        )
        version.participants.add(user(personas, "author"))
        return version

    def test_second_save_of_a_section_is_told_and_sees_both_texts(
        self, personas: Personas, draft: DocumentVersion
    ) -> None:
        """Two people open section 1.0 at revision 0; the second save is refused with
        both texts, nothing is overwritten, and saving from their revision merges."""
        author, reviewer = user(personas, "author"), user(personas, "reviewer")
        draft_section_save(
            actor=author,
            version=draft,
            section_id="1.0",
            answers={"1.1": "8 U.S.C. 1357"},
            base_revision=0,
        )
        with pytest.raises(EditConflictError) as conflict:
            draft_section_save(
                actor=reviewer,
                version=draft,
                section_id="1.0",
                answers={"1.1": "6 U.S.C. 202"},
                base_revision=0,
            )
        assert conflict.value.theirs == {"1.1": "8 U.S.C. 1357"}
        assert conflict.value.yours == {"1.1": "6 U.S.C. 202"}
        assert conflict.value.edit.by == "author" and conflict.value.edit.revision == 1
        draft.refresh_from_db()
        assert draft.body["1.1"] == "8 U.S.C. 1357"
        merged = "8 U.S.C. 1357; 6 U.S.C. 202"
        revision = draft_section_save(
            actor=reviewer,
            version=draft,
            section_id="1.0",
            answers={"1.1": merged},
            base_revision=conflict.value.edit.revision,
        )
        draft.refresh_from_db()
        assert (revision, draft.body["1.1"]) == (2, merged)

    def test_the_same_save_posted_twice_is_harmless(
        self, personas: Personas, draft: DocumentVersion
    ) -> None:
        """A double click on Save saves once and raises no conflict."""
        author = user(personas, "author")
        for _ in range(2):
            revision = draft_section_save(
                actor=author,
                version=draft,
                section_id="1.0",
                answers={"1.1": "8 U.S.C. 1357"},
                base_revision=0,
            )
        assert revision == 1

    def test_double_submit_changes_nothing_the_second_time(
        self, personas: Personas, draft: DocumentVersion, on_commit: OnCommit
    ) -> None:
        """Submitting twice makes one transition (after the draft's opening) and one
        mail."""
        author = user(personas, "author")
        definition = template_definition(template_get(reference=draft.template_version))
        fill_sections(draft, author, definition)
        mail.outbox.clear()
        with on_commit(execute=True):
            assert version_submit(actor=author, version=draft) is not None
        with on_commit(execute=True):
            assert version_submit(actor=author, version=draft) is None
        assert list(
            Transition.objects.filter(version=draft).values_list(
                "from_status", "to_status"
            )
        ) == [("", Status.DRAFT), (Status.DRAFT, Status.COMPONENT_REVIEW)]
        assert len(mail.outbox) == 1
        assert "reviewer@example.gov" in mail.outbox[0].to

    def test_a_bad_answer_names_its_question_and_saves_nothing(
        self, personas: Personas, draft: DocumentVersion
    ) -> None:
        """A wrong kind of answer is refused with the question's id; the body is unchanged."""
        with pytest.raises(WorkflowError) as refused:
            draft_section_save(
                actor=user(personas, "author"),
                version=draft,
                section_id="1.0",
                answers={"1.1": ["not", "text"]},
                base_revision=0,
            )
        assert refused.value.where == "question 1.1"
        draft.refresh_from_db()
        assert draft.body == {}


class TestRules:
    def test_outsider_and_author_of_another_draft_are_refused(
        self, personas: Personas, tree: Tree
    ) -> None:
        """Services check rights themselves: the web, API and CLI share one door."""
        version = draft_open_new(
            actor=user(personas, "reviewer"),
            organization=tree.ice,
            kind=Kind.PIA,
            title="Harbor Visitor Log",
            template_reference=template_get_current(kind="PIA").reference,
        )
        for name in ("outsider", "author"):
            with pytest.raises(PermissionDeniedError):
                draft_section_save(
                    actor=user(personas, name),
                    version=version,
                    section_id="1.0",
                    answers={"1.1": "x"},
                    base_revision=0,
                )

    def test_nobody_approves_their_own_document(
        self, personas: Personas, tree: Tree
    ) -> None:
        """A chief privacy officer who also drafts (an author of DHS too) cannot approve
        the draft they opened, even once it reaches department review."""
        approver = user(personas, "approver")
        Membership.objects.create(
            user=approver, organization=tree.dhs, role=Role.AUTHOR
        )
        version = draft_open_new(
            actor=approver,
            organization=tree.ice,
            kind=Kind.PIA,
            title="Own work",
            template_reference=template_get_current(kind="PIA").reference,
        )
        fill_sections(
            version,
            approver,
            template_definition(template_get(reference=version.template_version)),
        )
        version.participants.add(user(personas, "author"))
        version_submit(actor=user(personas, "author"), version=version)
        version_forward(actor=user(personas, "reviewer"), version=version)
        with pytest.raises(PermissionDeniedError):
            version_approve(actor=approver, version=version)

    def test_a_return_needs_a_comment(self, personas: Personas, tree: Tree) -> None:
        """Returning without saying why is refused and leaves the status as it was."""
        author = user(personas, "author")
        version = draft_open_new(
            actor=author,
            organization=tree.ice,
            kind=Kind.PIA,
            title="T",
            template_reference=template_get_current(kind="PIA").reference,
        )
        fill_sections(
            version,
            author,
            template_definition(template_get(reference=version.template_version)),
        )
        version_submit(actor=author, version=version)
        with pytest.raises(WorkflowError, match="needs a comment"):
            version_return(
                actor=user(personas, "reviewer"), version=version, comment=" "
            )
        version.refresh_from_db()
        assert version.status == Status.COMPONENT_REVIEW

    def test_steps_out_of_order_are_refused_with_the_status(
        self, personas: Personas, tree: Tree
    ) -> None:
        """Publishing a draft says it is a draft; nothing changes."""
        version = draft_open_new(
            actor=user(personas, "author"),
            organization=tree.ice,
            kind=Kind.PIA,
            title="T",
            template_reference=template_get_current(kind="PIA").reference,
        )
        with pytest.raises(WorkflowError, match="is draft; it cannot be published now"):
            version_publish(actor=user(personas, "approver"), version=version)

    def test_a_pta_author_cannot_confirm_its_determination(
        self, personas: Personas, system: System
    ) -> None:
        """The reviewer who wrote a PTA asks another officer to confirm it."""
        reviewer = user(personas, "reviewer")
        analysis = pta_create(actor=reviewer, system=system)
        pta_save(actor=reviewer, analysis=analysis, answers=PTA_ANSWERS)
        determination = pta_submit(actor=reviewer, analysis=analysis)
        with pytest.raises(PermissionDeniedError, match="another privacy officer"):
            determination_confirm(actor=reviewer, determination=determination)
        confirmed = determination_confirm(
            actor=user(personas, "approver"), determination=determination
        )
        assert confirmed.officer == user(personas, "approver")

    def test_an_override_needs_its_comment_and_is_kept_beside_the_proposal(
        self, personas: Personas, system: System
    ) -> None:
        """The officer overrides the SORN to 'covered by DHS/ICE-011' with a comment;
        the rules' proposal stays stored as it was."""
        author = user(personas, "author")
        analysis = pta_create(actor=author, system=system)
        pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
        determination = pta_submit(actor=author, analysis=analysis)
        assert pta_submit(actor=author, analysis=analysis) == determination
        reviewer = user(personas, "reviewer")
        with pytest.raises(AssessmentError, match="comment is required"):
            determination_confirm(
                actor=reviewer,
                determination=determination,
                sorn=Requirement.COVERED,
                sorn_identifier="DHS/ICE-011",
            )
        confirmed = determination_confirm(
            actor=reviewer,
            determination=determination,
            sorn=Requirement.COVERED,
            sorn_identifier="DHS/ICE-011",
            comment="CARIER covers plate records.",
        )
        assert confirmed.overridden and confirmed.sorn == Requirement.COVERED
        assert confirmed.proposed["sorn"] == "new"
        analysis.refresh_from_db()
        assert analysis.status == ThresholdAnalysis.Status.DETERMINED


class TestSeries:
    def test_new_series_take_the_next_number_and_updates_the_next_letter(
        self, personas: Personas, tree: Tree
    ) -> None:
        """PIA-001, PIA-002; an update of PIA-001 after publication is PIA-001(a), and
        publishing it makes the original "previous"."""
        approver, author, reviewer = (
            user(personas, n) for n in ("approver", "author", "reviewer")
        )
        reference = template_get_current(kind="PIA").reference
        first = draft_open_new(
            actor=author,
            organization=tree.ice,
            kind=Kind.PIA,
            title="One",
            template_reference=reference,
        )
        second = draft_open_new(
            actor=author,
            organization=tree.ice,
            kind=Kind.PIA,
            title="Two",
            template_reference=reference,
        )
        assert (first.series.number, second.series.number) == (1, 2)

        def through(version: DocumentVersion) -> None:
            fill_sections(
                version, author, template_definition(template_get(reference=reference))
            )
            version_submit(actor=author, version=version)
            version_forward(actor=reviewer, version=version)
            version_approve(actor=approver, version=version)
            version_publish(actor=approver, version=version)

        through(first)
        update = draft_open_update(actor=author, series=first.series)
        assert str(update) == "DHS/ICE/PIA-001(a)"
        assert update.body == DocumentVersion.objects.get(pk=first.pk).body
        assert draft_open_update(actor=author, series=first.series) == update
        through(update)
        first.refresh_from_db()
        assert first.status == Status.SUPERSEDED
        assert list(
            first.transitions.values_list(
                "from_status", "to_status", "actor_label", "comment"
            )
        )[-2:] == [
            (Status.APPROVED, Status.PUBLISHED, "approver", ""),
            (
                Status.PUBLISHED,
                Status.SUPERSEDED,
                "approver",
                "superseded by DHS/ICE/PIA-001(a)",
            ),
        ]
        superseded = AuditEvent.objects.get(action="version.supersede")
        assert (superseded.object_id, superseded.changes["status"]) == (
            str(first.pk),
            ["published", "superseded"],
        )
        version_retire(
            actor=approver, version=update, reason="The system was decommissioned."
        )
        update.refresh_from_db()
        assert (update.status, update.retired_reason) == (
            Status.RETIRED,
            "The system was decommissioned.",
        )
        assert DocumentSeries.objects.count() == 2


def test_review_reminders_go_once_and_again_when_overdue(
    personas: Personas, tree: Tree, on_commit: OnCommit
) -> None:
    """A review due within 90 days is reminded once; once overdue, once more; the
    command lists it."""
    author, reviewer, approver = (
        user(personas, n) for n in ("author", "reviewer", "approver")
    )
    reference = template_get_current(kind="PIA").reference
    version = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Due",
        template_reference=reference,
    )
    fill_sections(
        version, author, template_definition(template_get(reference=reference))
    )
    version_submit(actor=author, version=version)
    version_forward(actor=reviewer, version=version)
    version_approve(actor=approver, version=version)
    version_publish(
        actor=approver, version=version, published_on=datetime.date(2023, 12, 1)
    )
    mail.outbox.clear()
    today = datetime.date(2026, 10, 1)
    with on_commit(execute=True):
        assert review_reminders_send(today=today) == 1
        assert review_reminders_send(today=today) == 0
    assert "periodic review due 2026-12-01" in mail.outbox[0].subject
    with on_commit(execute=True):
        assert review_reminders_send(today=datetime.date(2026, 12, 2)) == 1
    assert "overdue" in mail.outbox[-1].subject
    assert set(mail.outbox[0].to) == {"author@example.gov", "reviewer@example.gov"}

    out = io.StringIO()
    call_command("reviews", "list", "--today", "2026-12-02", stdout=out)
    assert "OVERDUE  DHS/ICE/PIA-001" in out.getvalue()


def test_discarding_a_new_draft_frees_its_number_and_keeps_the_record(
    personas: Personas, tree: Tree, system: System
) -> None:
    """A new series' only draft is discarded with its series: the next draft takes
    the same number, the audit log keeps the reason, and the determination that
    opened it can open another; a second discard finds nothing to do."""
    author, reviewer = user(personas, "author"), user(personas, "reviewer")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
    determination = determination_confirm(
        actor=reviewer, determination=pta_submit(actor=author, analysis=analysis)
    )
    draft = determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )
    assert str(draft) == "DHS/ICE/PIA-001"

    with pytest.raises(WorkflowError, match="Say why"):
        version_discard(actor=author, version=draft, reason=" ")
    assert (
        version_discard(actor=author, version=draft, reason="Opened by mistake.")
        == "DHS/ICE/PIA-001"
    )
    assert not DocumentSeries.objects.filter(kind=Kind.PIA).exists()
    entry = AuditEvent.objects.get(action="version.discard")
    assert entry.changes == {"reason": "Opened by mistake.", "series_removed": True}
    assert list(audit_verify()) == []
    with pytest.raises(NotFoundError, match="it was discarded"):
        version_discard(actor=author, version=draft, reason="Again.")

    determination.refresh_from_db()
    assert determination.pia_version is None
    again = determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )
    assert str(again) == "DHS/ICE/PIA-001"


def test_discarding_an_update_draft_keeps_its_series(
    personas: Personas, tree: Tree
) -> None:
    """An update's draft goes alone: the published version stays in force; a draft
    already submitted, or another author's, cannot be discarded."""
    author, reviewer, approver = (
        user(personas, n) for n in ("author", "reviewer", "approver")
    )
    reference = template_get_current(kind="PIA").reference
    published = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=reference,
    )
    fill_sections(
        published, author, template_definition(template_get(reference=reference))
    )
    version_submit(actor=author, version=published)
    version_forward(actor=reviewer, version=published)
    version_approve(actor=approver, version=published)
    version_publish(actor=approver, version=published)
    update = draft_open_update(actor=reviewer, series=published.series)
    assert str(update) == "DHS/ICE/PIA-001(a)"
    with pytest.raises(PermissionDeniedError):
        version_discard(actor=author, version=update, reason="Not mine.")
    version_discard(actor=reviewer, version=update, reason="The change was dropped.")
    assert list(published.series.versions.values_list("update_letter", flat=True)) == [
        ""
    ]
    with pytest.raises(WorkflowError, match="cannot be discarded"):
        version_discard(actor=reviewer, version=published, reason="No.")


@pytest.mark.django_db(transaction=True)
def test_catalog_revision_private_draft_save_leaves_it_publishing_moves_it(
    personas: Personas, tree: Tree, system: System
) -> None:
    """Opening a draft, saving its sections and taking it through review leave the
    catalog revision (so the cached public pages) as it was; publishing moves it
    once its transaction commits."""
    author, reviewer = user(personas, "author"), user(personas, "reviewer")
    approver = user(personas, "approver")
    catalog_revision_bump()
    before = catalog_revision()
    assert before is not None
    version = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Plate Reader",
        template_reference=template_get_current(kind=Kind.PIA).reference,
        system=system,
    )
    fill_sections(
        version, author, template_definition(template_get_current(kind=Kind.PIA))
    )
    assert catalog_revision() == before, "a draft section save moved the revision"
    version_submit(actor=author, version=version)
    version_forward(actor=reviewer, version=version)
    version_approve(actor=approver, version=version)
    assert catalog_revision() == before, "a step inside the workspace moved it"
    version_publish(actor=approver, version=version)
    assert catalog_revision() == before + 1


def test_discard_race_a_step_on_a_discarded_draft_is_told_it_is_gone(
    personas: Personas, tree: Tree
) -> None:
    """A submit, a section save or a comment that reaches the draft after a discard
    (it read the draft before) raises NotFoundError naming the draft, never
    DoesNotExist or IntegrityError."""
    author = user(personas, "author")
    draft = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Camera",
        template_reference=template_get_current(kind=Kind.PIA).reference,
    )
    version_discard(actor=author, version=draft, reason="Opened by mistake.")
    steps: list[Callable[[], Any]] = [
        lambda: version_submit(actor=author, version=draft),
        lambda: draft_section_save(
            actor=author,
            version=draft,
            section_id="1.0",
            answers={"1.1": "6 U.S.C. 202"},
            base_revision=0,
        ),
        lambda: comment_add(
            actor=author, version=draft, section_id="1.0", body="Cite it in full."
        ),
    ]
    for step in steps:
        with pytest.raises(NotFoundError) as gone:
            step()
        assert gone.value.message == VERSION_GONE.format(version=draft)
        assert gone.value.where == "DHS/ICE/PIA-001"
