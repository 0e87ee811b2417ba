"""What the workspace API accepts (request bodies) and answers (one schema per resource)."""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import AfterValidator, StringConstraints

from privdocs.api.schemas import PageOut, PageQuery
from privdocs.core.text import answers_checked, text_checked

#: Text as the API accepts it: refused (422, naming the field) if it holds a
#: control character or a bidirectional override; see ``text_checked``.
CleanText = Annotated[str, AfterValidator(text_checked)]
#: Text that must say something: surrounding blanks are dropped, then it may not be empty.
SaidText = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1),
    AfterValidator(text_checked),
]
#: Answers by question id, every text in them checked.
Answers = Annotated[dict[str, Any], AfterValidator(answers_checked)]
#: What a determination says of a PIA or a SORN: assessments.models.Requirement.
RequirementValue = Literal["none", "new", "update", "covered"]
#: The kinds a determination opens: a PIA or a SORN.
DraftKind = Literal["PIA", "SORN"]


# Query parameters and request bodies.


class WorkspaceVersionQuery(PageQuery):
    """Which of the user's versions to list."""

    awaiting: bool = Field(
        default=False,
        description="Only what waits for you: reviews and approvals to give, and "
        "your own drafts.",
    )


class SectionSaveIn(Schema):
    """The answers of one section, and the revision the editor started from."""

    answers: Answers = Field(
        description="Answers by question id, for questions of this section only; "
        "an empty answer clears the question."
    )
    base_revision: int = Field(
        ge=0,
        description="The section's revision when you opened it (0: never saved).",
    )


class StepIn(Schema):
    """An optional comment kept with a forward or an approval."""

    comment: CleanText = Field(default="", max_length=10_000)


class ReturnIn(Schema):
    """Why the version goes back to its authors."""

    comment: SaidText = Field(max_length=10_000, description="What must change.")


class RetireIn(Schema):
    """Why a published version is withdrawn; the reading room shows it."""

    reason: SaidText = Field(max_length=10_000)


class DiscardIn(Schema):
    """Why a draft is discarded; the audit log keeps it."""

    reason: SaidText = Field(max_length=10_000)


class ParticipantIn(Schema):
    """Whom to invite as a co-author: their user name."""

    username: SaidText = Field(
        max_length=150, description="The user name of the person to invite."
    )


class DiscardedOut(Schema):
    """What was discarded."""

    identifier: str = Field(description="The draft's identifier, e.g. DHS/ICE/PIA-041.")


class PublishIn(Schema):
    """The publication date, when it is not today."""

    published_on: datetime.date | None = Field(
        default=None, description="Date of publication; today when absent."
    )


class CommentIn(Schema):
    """A comment on a section, or a reply in a thread."""

    section_id: CleanText = Field(max_length=32, description="Section id, e.g. 2.0.")
    body: SaidText = Field(max_length=10_000)
    parent_id: int | None = Field(
        default=None, description="The first comment of the thread, for a reply."
    )


class PtaAnswersIn(Schema):
    """Answers of a PTA; questions not named keep their answers."""

    answers: Answers = Field(description="Answers by question id.")


class DeterminationConfirmIn(Schema):
    """The privacy officer's decision: absent fields keep the rules' proposal."""

    comment: CleanText = Field(
        default="",
        max_length=10_000,
        description="Required when anything is overridden: why.",
    )
    privacy_sensitive: bool | None = None
    pia: RequirementValue | None = None
    pia_identifier: CleanText | None = Field(
        default=None,
        max_length=64,
        description="The existing PIA an update or coverage names.",
    )
    sorn: RequirementValue | None = None
    sorn_identifier: CleanText | None = Field(
        default=None,
        max_length=64,
        description="The existing SORN an update or coverage names.",
    )
    flags: list[CleanText] | None = Field(
        default=None, description="Other obligations, replacing the proposed ones."
    )


class DraftOpenIn(Schema):
    """Which document of the determination to open."""

    kind: DraftKind


# Answers.


class WorkspaceVersionSummary(Schema):
    """A version as listed in the workspace."""

    id: int
    identifier: str
    title: str
    organization: str
    kind: str
    status: str
    status_label: str
    updated_at: datetime.datetime
    api_url: str


class WorkspaceVersionPage(PageOut):
    """A page of the user's versions, last changed first (``awaiting``: oldest first)."""

    results: list[WorkspaceVersionSummary]


class ProgressOut(Schema):
    """How far the answers go: all questions, and the required ones."""

    answered: int
    total: int
    required: int
    required_answered: int
    missing: list[str] = Field(description="Required questions still unanswered.")
    complete: bool = Field(description="Every required question is answered.")


class SectionStateOut(Schema):
    """One section of the template: its saved revision and its progress."""

    id: str
    title: str
    revision: int = Field(description="Base revision for the next save.")
    saved_by: str | None
    saved_at: str | None
    progress: ProgressOut


class TransitionOut(Schema):
    """One step of the workflow."""

    from_status: str = Field(
        description='The status before the step; "" for the step that created the '
        "version (a draft opened, or a version an import read)."
    )
    to_status: str
    actor: str | None = Field(
        description="The user who took the step; None when a process did (an import)."
    )
    actor_label: str = Field(
        description="Who took the step as recorded then: the username, or the process "
        '("import: ice.txt").'
    )
    comment: str
    at: datetime.datetime


class CommentOut(Schema):
    """A comment on a section; replies name their thread's first comment."""

    id: int
    section_id: str
    parent_id: int | None
    author: str | None
    body: str
    created_at: datetime.datetime
    resolved_at: datetime.datetime | None
    resolved_by: str | None


class WorkspaceVersionOut(WorkspaceVersionSummary):
    """A version as its authors and reviewers work on it."""

    series: str
    update_letter: str
    template: str = Field(description="The template reference, e.g. dhs-pia@2010.1.")
    body: dict[str, Any] = Field(description="Answers by question id.")
    progress: ProgressOut | None = Field(
        description="None when the version was not written in a template."
    )
    sections: list[SectionStateOut]
    transitions: list[TransitionOut]
    comments: list[CommentOut]
    participants: list[str] = Field(
        description="The user names of its authors: who opened it, saved a section "
        "or was invited. None of them may review or approve it."
    )
    allowed: list[str] = Field(
        description="The steps you may take now: edit, invite, submit, comment, "
        "forward, return, approve, publish, retire, discard."
    )
    published_on: datetime.date | None


class SectionSavedOut(Schema):
    """The section's revision after the save."""

    section: str
    revision: int


class DeterminationOut(Schema):
    """What a PTA concluded: the rules' proposal and, once confirmed, the decision."""

    id: int
    pta_id: int
    privacy_sensitive: bool
    pia: str
    pia_identifier: str
    sorn: str
    sorn_identifier: str
    flags: list[str]
    reasons: list[dict[str, Any]] = Field(
        description="Each rule that fired, with its trigger and reason."
    )
    proposed: dict[str, Any] = Field(description="The rules' proposal, as made.")
    overridden: bool
    comment: str
    officer: str | None
    confirmed_at: datetime.datetime | None
    expires_on: datetime.date | None
    pia_version_id: int | None
    sorn_version_id: int | None
    api_url: str


class PtaOut(Schema):
    """A privacy threshold analysis of a system."""

    id: int
    system: str
    organization: str
    status: str
    template: str
    answers: dict[str, Any]
    progress: ProgressOut
    author: str | None = Field(description="Who started it.")
    authors: list[str] = Field(
        description="The user names of its authors: who started it, saved its "
        "answers or was invited. Only they change it; none of them confirms its "
        "determination."
    )
    determination_id: int | None
    api_url: str
