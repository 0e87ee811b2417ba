"""The workspace through the JSON API: a signed-in user's versions, PTAs and
determinations, and every step of the workflow.

Each write calls the service that takes the step; the service checks the user's
roles (PermissionDeniedError: 403), the document's state (WorkflowError: 409, or
422 when it names the field at fault) and concurrent edits (EditConflictError: 409).
Reads check the same permission rules before showing anything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ninja
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.errors import ValidationError
from ninja.security import django_auth

from privdocs.access.permissions import (
    PermissionDeniedError,
)
from privdocs.access.selectors import (
    NO_SUCH_USER,
    analysis_get_for_user,
    determination_get_for_user,
    system_get_for_user,
    user_get_by_username,
    version_get_for_user,
    version_list_awaiting,
    version_list_for_user,
)
from privdocs.api.errors import ErrorOut, ResourceNotFoundError
from privdocs.api.pagination import page_of
from privdocs.api.workspace_schemas import (
    CommentIn,
    CommentOut,
    DeterminationConfirmIn,
    DeterminationOut,
    DiscardedOut,
    DiscardIn,
    DraftOpenIn,
    ParticipantIn,
    ProgressOut,
    PtaAnswersIn,
    PtaOut,
    PublishIn,
    RetireIn,
    ReturnIn,
    SectionSavedOut,
    SectionSaveIn,
    SectionStateOut,
    StepIn,
    TransitionOut,
    WorkspaceVersionOut,
    WorkspaceVersionPage,
    WorkspaceVersionQuery,
    WorkspaceVersionSummary,
)
from privdocs.assessments.models import Determination, Requirement, ThresholdAnalysis
from privdocs.assessments.services import (
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_participant_add,
    pta_save,
    pta_submit,
)
from privdocs.core.errors import NotFoundError
from privdocs.documents.models import DocumentVersion, Kind, ReviewComment, Status
from privdocs.documents.services.workflow import (
    comment_add,
    comment_resolve,
    draft_section_save,
    section_edit,
    version_approve,
    version_discard,
    version_forward,
    version_participant_add,
    version_publish,
    version_retire,
    version_return,
    version_submit,
)
from privdocs.documents.steps import version_steps_allowed
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import (
    AnswerProgress,
    TemplateDefinition,
    answers_progress,
    section_progress,
)
from privdocs.questionnaires.selectors import template_definition_get

NO_VERSION = "No document version {version_id} in the workspace"
NO_SYSTEM = "No system {system_id}"
NO_PTA = "No PTA {pta_id}"
NO_DETERMINATION = "No determination {determination_id}"
NO_COMMENT = "No comment {comment_id} on {version}"
NOT_A_USER = "Sign in with a user account to use the workspace."
TEMPLATE_GONE = "The template {reference} of this PTA is no longer in the registry."

# 400: a control character in the address (privdocs.core.middleware); 422: an id
# in the path that is not a whole number.
READ_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    422: ErrorOut,
}
LIST_ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {
    **READ_ERRORS,
    400: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}

router = Router(auth=django_auth, tags=["workspace"])


# Reading what the URL names.


def _actor(request: HttpRequest) -> User:
    """The signed-in user (django_auth lets no one else through)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError(NOT_A_USER)
    return user


def _version_get(user: User, version_id: int) -> DocumentVersion:
    """The version, if the user may open it. Missing and not the user's answer the
    same 404, which names only the id that was asked for."""
    found = version_get_for_user(user, version_id)
    if found is None:
        raise ResourceNotFoundError(
            NO_VERSION.format(version_id=version_id), extra={"version_id": version_id}
        )
    return found


def _system_get(user: User, system_id: int) -> System:
    found = system_get_for_user(user, system_id)
    if found is None:
        raise ResourceNotFoundError(
            NO_SYSTEM.format(system_id=system_id), extra={"system_id": system_id}
        )
    return found


def _pta_get(user: User, pta_id: int) -> ThresholdAnalysis:
    found = analysis_get_for_user(user, pta_id)
    if found is None:
        raise ResourceNotFoundError(
            NO_PTA.format(pta_id=pta_id), extra={"pta_id": pta_id}
        )
    return found


def _determination_get(user: User, determination_id: int) -> Determination:
    found = determination_get_for_user(user, determination_id)
    if found is None:
        raise ResourceNotFoundError(
            NO_DETERMINATION.format(determination_id=determination_id),
            extra={"determination_id": determination_id},
        )
    return found


def _comment_get(version: DocumentVersion, comment_id: int) -> ReviewComment:
    found = (
        ReviewComment.objects.select_related("version__series__organization")
        .filter(version=version, pk=comment_id)
        .first()
    )
    if found is None:
        raise ResourceNotFoundError(
            NO_COMMENT.format(comment_id=comment_id, version=version),
            extra={"comment_id": comment_id},
        )
    return found


def _definition(reference: str) -> TemplateDefinition | None:
    """The template a document names; None for one written outside any template."""
    if not reference:
        return None
    try:
        return template_definition_get(reference=reference)
    except NotFoundError:
        return None


# Building the answers.


def _username(user: User | None) -> str | None:
    return user.get_username() if user is not None else None


def _progress_out(progress: AnswerProgress) -> ProgressOut:
    return ProgressOut(
        answered=progress.answered,
        total=progress.total,
        required=progress.required,
        required_answered=progress.required_answered,
        missing=list(progress.missing),
        complete=progress.complete,
    )


def _version_summary(
    request: HttpRequest, version: DocumentVersion
) -> WorkspaceVersionSummary:
    series = version.series
    return WorkspaceVersionSummary(
        id=version.pk,
        identifier=str(version.identifier),
        title=version.title,
        organization=series.organization.acronym,
        kind=series.kind,
        status=version.status,
        status_label=Status(version.status).label,
        updated_at=version.updated_at,
        api_url=request.build_absolute_uri(
            reverse("api:workspace_version", kwargs={"version_id": version.pk})
        ),
    )


def _version_out(
    request: HttpRequest, user: User, version: DocumentVersion
) -> WorkspaceVersionOut:
    definition = _definition(version.template_version)
    sections: list[SectionStateOut] = []
    for section in definition.sections if definition else ():
        edit = section_edit(version, section.id)
        sections.append(
            SectionStateOut(
                id=section.id,
                title=section.title,
                revision=edit.revision,
                saved_by=edit.by or None,
                saved_at=edit.at or None,
                progress=_progress_out(section_progress(section, version.body)),
            )
        )
    transitions = version.transitions.select_related("actor").order_by(
        "occurred_at", "pk"
    )
    comments = version.comments.select_related("author", "resolved_by").order_by(
        "created_at", "pk"
    )
    summary = _version_summary(request, version)
    return WorkspaceVersionOut(
        **summary.model_dump(),
        series=str(version.series.identifier),
        update_letter=version.update_letter,
        template=version.template_version,
        body=version.body,
        progress=(
            _progress_out(answers_progress(definition, version.body))
            if definition
            else None
        ),
        sections=sections,
        transitions=[
            TransitionOut(
                from_status=step.from_status,
                to_status=step.to_status,
                actor=_username(step.actor),
                actor_label=step.actor_label,
                comment=step.comment,
                at=step.occurred_at,
            )
            for step in transitions
        ],
        comments=[_comment_out(comment) for comment in comments],
        participants=list(
            version.participants.order_by("username").values_list("username", flat=True)
        ),
        allowed=version_steps_allowed(user, version),
        published_on=version.published_on,
    )


def _comment_out(comment: ReviewComment) -> CommentOut:
    return CommentOut(
        id=comment.pk,
        section_id=comment.section_id,
        parent_id=comment.parent_id,
        author=_username(comment.author),
        body=comment.body,
        created_at=comment.created_at,
        resolved_at=comment.resolved_at,
        resolved_by=_username(comment.resolved_by),
    )


def _pta_out(request: HttpRequest, analysis: ThresholdAnalysis) -> PtaOut:
    definition = _definition(analysis.template_version)
    if definition is None:
        raise NotFoundError(TEMPLATE_GONE.format(reference=analysis.template_version))
    determination = Determination.objects.filter(analysis=analysis).first()
    return PtaOut(
        id=analysis.pk,
        system=analysis.system.name,
        organization=analysis.system.organization.acronym,
        status=analysis.status,
        template=analysis.template_version,
        answers=analysis.answers,
        progress=_progress_out(answers_progress(definition, analysis.answers)),
        author=_username(analysis.author),
        authors=_pta_authors(analysis),
        determination_id=determination.pk if determination else None,
        api_url=request.build_absolute_uri(
            reverse("api:workspace_pta", kwargs={"pta_id": analysis.pk})
        ),
    )


def _pta_authors(analysis: ThresholdAnalysis) -> list[str]:
    names = set(analysis.participants.values_list("username", flat=True))
    if analysis.author is not None:
        names.add(analysis.author.get_username())
    return sorted(names)


def _invitee(payload: ParticipantIn) -> User:
    """The user an invitation names; an unknown name is the request's fault (422)."""
    found = user_get_by_username(username=payload.username)
    if found is None:
        raise ValidationError(
            [
                {
                    "loc": ("body", "username"),
                    "msg": NO_SUCH_USER.format(username=payload.username),
                }
            ]
        )
    return found


def _determination_out(
    request: HttpRequest, determination: Determination
) -> DeterminationOut:
    return DeterminationOut(
        id=determination.pk,
        pta_id=determination.analysis_id,
        privacy_sensitive=determination.privacy_sensitive,
        pia=determination.pia,
        pia_identifier=determination.pia_identifier,
        sorn=determination.sorn,
        sorn_identifier=determination.sorn_identifier,
        flags=list(determination.flags),
        reasons=list(determination.reasons),
        proposed=dict(determination.proposed),
        overridden=determination.overridden,
        comment=determination.comment,
        officer=_username(determination.officer),
        confirmed_at=determination.confirmed_at,
        expires_on=determination.expires_on,
        pia_version_id=determination.pia_version_id,
        sorn_version_id=determination.sorn_version_id,
        api_url=request.build_absolute_uri(
            reverse(
                "api:workspace_determination",
                kwargs={"determination_id": determination.pk},
            )
        ),
    )


# Versions.


@router.get(
    "/versions",
    response={200: WorkspaceVersionPage, **LIST_ERRORS},
    url_name="workspace_versions",
    operation_id="workspace_version_list",
    summary="Your versions",
)
def versions(
    request: HttpRequest, query: Query[WorkspaceVersionQuery]
) -> WorkspaceVersionPage:
    """The versions you may open, last changed first; with awaiting=true, only those
    waiting for you, oldest first."""
    user = _actor(request)
    listed: QuerySet[DocumentVersion] = (
        version_list_awaiting(user) if query.awaiting else version_list_for_user(user)
    )
    page = page_of(request, listed, page=query.page, page_size=query.page_size)
    return WorkspaceVersionPage(
        count=page.count,
        next=page.next,
        previous=page.previous,
        results=[_version_summary(request, item) for item in page.items],
    )


@router.get(
    "/versions/{version_id}",
    response={200: WorkspaceVersionOut, **READ_ERRORS},
    url_name="workspace_version",
    operation_id="workspace_version_get",
    summary="One version in the workspace",
)
def version(request: HttpRequest, version_id: int) -> WorkspaceVersionOut:
    """A version with its answers, progress, section revisions, history, comments and
    the steps you may take."""
    user = _actor(request)
    return _version_out(request, user, _version_get(user, version_id))


@router.put(
    "/versions/{version_id}/sections/{section_id}",
    response={200: SectionSavedOut, **WRITE_ERRORS},
    url_name="workspace_section",
    operation_id="workspace_section_save",
    summary="Save a section",
)
def section_save(
    request: HttpRequest, version_id: int, section_id: str, payload: SectionSaveIn
) -> SectionSavedOut:
    """Save the answers of one section of a draft. If someone saved it since
    base_revision, nothing is written: 409 with both texts."""
    revision = draft_section_save(
        actor=_actor(request),
        version=_version_get(_actor(request), version_id),
        section_id=section_id,
        answers=payload.answers,
        base_revision=payload.base_revision,
    )
    return SectionSavedOut(section=section_id, revision=revision)


def _step(
    request: HttpRequest,
    version_id: int,
    take: Callable[[User, DocumentVersion], object],
) -> WorkspaceVersionOut:
    """Take one workflow step through its service, and answer the version as it is now."""
    user = _actor(request)
    take(user, _version_get(user, version_id))
    return _version_out(request, user, _version_get(user, version_id))


@router.post(
    "/versions/{version_id}/submit",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_submit",
    operation_id="workspace_version_submit",
    summary="Submit for review",
)
def submit(request: HttpRequest, version_id: int) -> WorkspaceVersionOut:
    """Send a complete draft to component review (again: nothing changes)."""
    return _step(
        request,
        version_id,
        lambda user, found: version_submit(actor=user, version=found),
    )


@router.post(
    "/versions/{version_id}/forward",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_forward",
    operation_id="workspace_version_forward",
    summary="Forward to department review",
)
def forward(
    request: HttpRequest, version_id: int, payload: StepIn | None = None
) -> WorkspaceVersionOut:
    """The component privacy officer sends the version on to department review."""
    comment = payload.comment if payload else ""
    return _step(
        request,
        version_id,
        lambda user, found: version_forward(actor=user, version=found, comment=comment),
    )


@router.post(
    "/versions/{version_id}/return",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_return",
    operation_id="workspace_version_return",
    summary="Return to the authors",
)
def return_(
    request: HttpRequest, version_id: int, payload: ReturnIn
) -> WorkspaceVersionOut:
    """A reviewer or approver returns the version to draft, saying what must change."""
    return _step(
        request,
        version_id,
        lambda user, found: version_return(
            actor=user, version=found, comment=payload.comment
        ),
    )


@router.post(
    "/versions/{version_id}/approve",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_approve",
    operation_id="workspace_version_approve",
    summary="Approve",
)
def approve(
    request: HttpRequest, version_id: int, payload: StepIn | None = None
) -> WorkspaceVersionOut:
    """The chief privacy officer approves a version in department review."""
    comment = payload.comment if payload else ""
    return _step(
        request,
        version_id,
        lambda user, found: version_approve(actor=user, version=found, comment=comment),
    )


@router.post(
    "/versions/{version_id}/publish",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_publish",
    operation_id="workspace_version_publish",
    summary="Publish",
)
def publish(
    request: HttpRequest, version_id: int, payload: PublishIn | None = None
) -> WorkspaceVersionOut:
    """Publish an approved version: the reading room, search and feeds show it at
    once, and the series' earlier version becomes previous."""
    published_on = payload.published_on if payload else None
    return _step(
        request,
        version_id,
        lambda user, found: version_publish(
            actor=user, version=found, published_on=published_on
        ),
    )


@router.post(
    "/versions/{version_id}/retire",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_retire",
    operation_id="workspace_version_retire",
    summary="Retire",
)
def retire(
    request: HttpRequest, version_id: int, payload: RetireIn
) -> WorkspaceVersionOut:
    """Withdraw a published version, with the reason the reading room shows."""
    return _step(
        request,
        version_id,
        lambda user, found: version_retire(
            actor=user, version=found, reason=payload.reason
        ),
    )


@router.post(
    "/versions/{version_id}/discard",
    response={200: DiscardedOut, **WRITE_ERRORS},
    url_name="workspace_version_discard",
    operation_id="workspace_version_discard",
    summary="Discard a draft",
)
def discard(request: HttpRequest, version_id: int, payload: DiscardIn) -> DiscardedOut:
    """Delete a draft that will not go on (and its series, if it was the series' first
    version); the audit log keeps its history and the reason. Afterwards the version
    is gone: asking again answers 404."""
    identifier = version_discard(
        actor=_actor(request),
        version=_version_get(_actor(request), version_id),
        reason=payload.reason,
    )
    return DiscardedOut(identifier=identifier)


@router.post(
    "/versions/{version_id}/participants",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_version_participants",
    operation_id="workspace_version_participant_add",
    summary="Invite a co-author to a draft",
)
def participants(
    request: HttpRequest, version_id: int, payload: ParticipantIn
) -> WorkspaceVersionOut:
    """One of the draft's authors invites someone who may edit drafts of its
    organization; from then on they take part, so they may not review or approve it
    (again: nothing changes)."""
    user = _actor(request)
    version_participant_add(
        actor=user, version=_version_get(user, version_id), user=_invitee(payload)
    )
    return _version_out(request, user, _version_get(user, version_id))


@router.post(
    "/versions/{version_id}/comments",
    response={201: CommentOut, **WRITE_ERRORS},
    url_name="workspace_comments",
    operation_id="workspace_comment_add",
    summary="Comment on a section",
)
def comments(
    request: HttpRequest, version_id: int, payload: CommentIn
) -> ninja.Status[CommentOut]:
    """Comment on a section of the version, or reply in a thread (parent_id)."""
    found = _version_get(_actor(request), version_id)
    parent = (
        _comment_get(found, payload.parent_id)
        if payload.parent_id is not None
        else None
    )
    comment = comment_add(
        actor=_actor(request),
        version=found,
        section_id=payload.section_id,
        body=payload.body,
        parent=parent,
    )
    return ninja.Status(201, _comment_out(comment))


@router.post(
    "/versions/{version_id}/comments/{comment_id}/resolve",
    response={200: CommentOut, **WRITE_ERRORS},
    url_name="workspace_comment_resolve",
    operation_id="workspace_comment_resolve",
    summary="Resolve a thread",
)
def comment_resolved(
    request: HttpRequest, version_id: int, comment_id: int
) -> CommentOut:
    """Mark a thread resolved, from its first comment (again: nothing changes)."""
    comment = _comment_get(_version_get(_actor(request), version_id), comment_id)
    return _comment_out(comment_resolve(actor=_actor(request), comment=comment))


# PTAs and determinations.


@router.post(
    "/systems/{system_id}/ptas",
    response={201: PtaOut, **WRITE_ERRORS},
    url_name="workspace_ptas",
    operation_id="workspace_pta_create",
    summary="Start a PTA",
)
def ptas(request: HttpRequest, system_id: int) -> ninja.Status[PtaOut]:
    """Start a privacy threshold analysis of a system, in the current PTA template."""
    analysis = pta_create(
        actor=_actor(request), system=_system_get(_actor(request), system_id)
    )
    return ninja.Status(201, _pta_out(request, analysis))


@router.get(
    "/ptas/{pta_id}",
    response={200: PtaOut, **READ_ERRORS},
    url_name="workspace_pta",
    operation_id="workspace_pta_get",
    summary="One PTA",
)
def pta_read(request: HttpRequest, pta_id: int) -> PtaOut:
    """A PTA with its answers, progress and determination, if any."""
    analysis = _pta_get(_actor(request), pta_id)
    return _pta_out(request, analysis)


@router.put(
    "/ptas/{pta_id}",
    response={200: PtaOut, **WRITE_ERRORS},
    url_name="workspace_pta_save",
    operation_id="workspace_pta_save",
    summary="Save a PTA's answers",
)
def pta(request: HttpRequest, pta_id: int, payload: PtaAnswersIn) -> PtaOut:
    """Save answers of a PTA in draft; questions not named keep their answers, an
    empty answer clears one."""
    analysis = pta_save(
        actor=_actor(request),
        analysis=_pta_get(_actor(request), pta_id),
        answers=payload.answers,
    )
    return _pta_out(request, _pta_get(_actor(request), analysis.pk))


@router.post(
    "/ptas/{pta_id}/participants",
    response={200: PtaOut, **WRITE_ERRORS},
    url_name="workspace_pta_participants",
    operation_id="workspace_pta_participant_add",
    summary="Invite a co-author to a PTA",
)
def pta_participants(
    request: HttpRequest, pta_id: int, payload: ParticipantIn
) -> PtaOut:
    """One of the PTA's authors invites someone who may fill PTAs of its
    organization; from then on they may change it, and may not confirm its
    determination (again: nothing changes)."""
    user = _actor(request)
    pta_participant_add(
        actor=user, analysis=_pta_get(user, pta_id), user=_invitee(payload)
    )
    return _pta_out(request, _pta_get(user, pta_id))


@router.post(
    "/ptas/{pta_id}/submit",
    response={200: DeterminationOut, **WRITE_ERRORS},
    url_name="workspace_pta_submit",
    operation_id="workspace_pta_submit",
    summary="Submit a PTA",
)
def pta_submitted(request: HttpRequest, pta_id: int) -> DeterminationOut:
    """Submit a complete PTA and get the determination the rules propose (again:
    the same determination)."""
    determination = pta_submit(
        actor=_actor(request), analysis=_pta_get(_actor(request), pta_id)
    )
    return _determination_out(
        request, _determination_get(_actor(request), determination.pk)
    )


@router.get(
    "/determinations/{determination_id}",
    response={200: DeterminationOut, **READ_ERRORS},
    url_name="workspace_determination",
    operation_id="workspace_determination_get",
    summary="One determination",
)
def determination_read(request: HttpRequest, determination_id: int) -> DeterminationOut:
    """A determination: the rules' proposal with its reasons, and the decision."""
    found = _determination_get(_actor(request), determination_id)
    return _determination_out(request, found)


@router.post(
    "/determinations/{determination_id}/confirm",
    response={200: DeterminationOut, **WRITE_ERRORS},
    url_name="workspace_determination_confirm",
    operation_id="workspace_determination_confirm",
    summary="Confirm a determination",
)
def determination(
    request: HttpRequest, determination_id: int, payload: DeterminationConfirmIn
) -> DeterminationOut:
    """The privacy officer confirms the proposal or overrides parts of it (a comment
    then says why); confirming again changes nothing."""
    confirmed = determination_confirm(
        actor=_actor(request),
        determination=_determination_get(_actor(request), determination_id),
        comment=payload.comment,
        privacy_sensitive=payload.privacy_sensitive,
        pia=Requirement(payload.pia) if payload.pia else None,
        pia_identifier=payload.pia_identifier,
        sorn=Requirement(payload.sorn) if payload.sorn else None,
        sorn_identifier=payload.sorn_identifier,
        flags=payload.flags,
    )
    return _determination_out(
        request, _determination_get(_actor(request), confirmed.pk)
    )


@router.post(
    "/determinations/{determination_id}/drafts",
    response={200: WorkspaceVersionOut, **WRITE_ERRORS},
    url_name="workspace_determination_drafts",
    operation_id="workspace_determination_open_draft",
    summary="Open the PIA or SORN of a determination",
)
def drafts(
    request: HttpRequest, determination_id: int, payload: DraftOpenIn
) -> WorkspaceVersionOut:
    """Open the draft a confirmed determination calls for, pre-filled from the PTA;
    asking again answers the draft already opened."""
    user = _actor(request)
    found = _determination_get(user, determination_id)
    # The service checks the right to open drafts, and to see one already opened.
    opened = determination_open_draft(
        actor=user, determination=found, kind=Kind(payload.kind)
    )
    return _version_out(request, user, _version_get(user, opened.pk))
