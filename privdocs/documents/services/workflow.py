"""The workflow of a privacy document, from draft to publication and retirement.

Every step is one service: it checks the actor's right, moves the status through
``state`` (the one door, which records the Transition and the audit entry and
refreshes the search index), and sends the e-mail, all in one transaction (the mail
after commit). Views, the API and commands call these; only ``state`` assigns
``status``.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from privdocs.access.permissions import (
    Action,
    organization_lineage,
    permission_allows,
    permission_require,
)
from privdocs.audit.services import audit_record
from privdocs.core.errors import (
    ApplicationError,
    NotFoundError,
    StepConflictError,
    StepInputError,
)
from privdocs.documents import notifications
from privdocs.documents.identifiers import update_letter
from privdocs.documents.models import (
    DocumentSeries,
    DocumentVersion,
    Kind,
    ReviewComment,
    Status,
    Transition,
)
from privdocs.documents.services.state import (
    Actor,
    version_create,
    version_move,
    versions_supersede,
)
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.definition import (
    TemplateDefinition,
    answers_errors,
)
from privdocs.questionnaires.selectors import template_definition, template_get
from privdocs.search.services import search_index_versions


class WorkflowError(StepConflictError):
    """A step that the version's status does not allow, or that lacks what it needs."""


class WorkflowInputError(WorkflowError, StepInputError):
    """A step refused for what was asked: a title, comment, reason, answer or user name
    at fault, named by ``where``."""


#: An invitation names someone without the right to edit the organization's drafts.
NOT_A_COAUTHOR = (
    "{username} may not edit drafts of {organization}: invite an author or a "
    "component privacy officer of {organization}."
)


@dataclass(frozen=True)
class SectionEdit:
    """Who last saved a section, and its revision."""

    revision: int
    by: str
    at: str


class EditConflictError(ApplicationError):
    """Someone else saved the section since you opened it: merge, then save again."""

    def __init__(
        self,
        *,
        section_id: str,
        theirs: dict[str, Any],
        yours: dict[str, Any],
        edit: SectionEdit,
    ) -> None:
        super().__init__(
            f"{edit.by} saved section {section_id} while you were editing it "
            f"(revision {edit.revision}). Compare both texts, merge, and save again.",
            where=f"section {section_id}",
        )
        self.section_id = section_id
        self.theirs = theirs
        self.yours = yours
        self.edit = edit


#: The kinds a workspace drafts (a PTA is an assessment, not a drafted document).
DRAFTED_KINDS = (Kind.PIA, Kind.SORN, Kind.DPIA, Kind.PCR)
#: Statuses of a version still being worked on (a series holds at most one).
OPEN_STATUSES = (
    Status.DRAFT,
    Status.COMPONENT_REVIEW,
    Status.DEPARTMENT_REVIEW,
    Status.APPROVED,
)


def _identifier_parts(organization: Organization) -> tuple[str, str]:
    """(agency, component) for a series of the organization: DHS > ICE gives (DHS, ICE)."""
    path = organization_lineage(organization)
    agency = path[-1].acronym
    component = path[-2].acronym if len(path) > 1 else ""
    return agency, component


def _definition(version: DocumentVersion) -> TemplateDefinition:
    return template_definition(template_get(reference=version.template_version))


def _transition(
    version: DocumentVersion,
    *,
    actor: User,
    to_status: Status,
    comment: str = "",
    action: str,
    also_save: tuple[str, ...] = (),
    reindex: bool = False,
) -> Transition:
    """Move the status through the one door (Transition, audit entry, and the search
    index when ``reindex``), and mail the people concerned after commit."""
    transition = version_move(
        version,
        actor=Actor.of(actor),
        to_status=to_status,
        action=f"version.{action}",
        comment=comment,
        also_save=also_save,
        reindex=reindex,
    )
    transaction.on_commit(lambda: notifications.notify_transition(transition.pk))
    return transition


#: What a step on a version discarded meanwhile is told (404 in pages and API).
VERSION_GONE = "{version} is no longer there: it was discarded."


def _locked(version: DocumentVersion) -> DocumentVersion:
    """The version re-read under a row lock, so concurrent steps queue.

    A step that waited behind a discard finds no row: NotFoundError, never
    DoesNotExist (nor, for a comment, an IntegrityError at commit)."""
    try:
        return (
            # Only the version's row: a lock on its organization would make every
            # draft of the organization queue behind this one.
            DocumentVersion.objects.select_for_update(of=("self",))
            .select_related("series__organization")
            .get(pk=version.pk)
        )
    except DocumentVersion.DoesNotExist:
        raise NotFoundError(
            VERSION_GONE.format(version=version), where=str(version)
        ) from None


def _require_status(
    version: DocumentVersion, allowed: tuple[Status, ...], step: str
) -> None:
    if version.status not in allowed:
        raise WorkflowError(
            f"{version} is {Status(version.status).label.lower()}; "
            f"it cannot be {step} now.",
            where=str(version),
        )


def series_next_number(*, agency: str, component: str, kind: str) -> int:
    """The next free number of a kind in an agency and component (highest plus one)."""
    highest = DocumentSeries.objects.filter(
        agency=agency, component=component, kind=kind
    ).aggregate(Max("number"))["number__max"]
    return (highest or 0) + 1


def draft_open_new(
    *,
    actor: User,
    organization: Organization,
    kind: Kind,
    title: str,
    template_reference: str,
    system: System | None = None,
    answers: Mapping[str, Any] | None = None,
) -> DocumentVersion:
    """Open the first draft of a new series, taking the organization's next number."""
    permission_require(actor, Action.DRAFT_OPEN, organization=organization)
    if kind not in DRAFTED_KINDS:
        raise WorkflowError(f"A {kind} is not drafted in the workspace.")
    if not title.strip():
        raise WorkflowInputError("A new document needs a title.", where="title")
    definition = template_definition(template_get(reference=template_reference))
    if definition.kind != kind:
        raise WorkflowError(
            f"Template {template_reference} is for a {definition.kind}, not a {kind}."
        )
    agency, component = _identifier_parts(organization)
    for attempt in range(3):
        try:
            with transaction.atomic():
                # The organization row serializes number allocation on PostgreSQL.
                Organization.objects.select_for_update().filter(
                    pk=organization.pk
                ).first()
                series = DocumentSeries.objects.create(
                    organization=organization,
                    kind=kind,
                    agency=agency,
                    component=component,
                    number=series_next_number(
                        agency=agency, component=component, kind=kind
                    ),
                    title=title.strip(),
                )
                if system is not None:
                    series.systems.add(system)
                return _version_create(
                    series=series,
                    actor=actor,
                    title=title.strip(),
                    template_reference=template_reference,
                    answers=answers or {},
                    definition=definition,
                    action="draft.open",
                )
        except IntegrityError:
            # Another draft took the same number between our read and write.
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def draft_open_update(
    *,
    actor: User,
    series: DocumentSeries,
    template_reference: str = "",
    answers: Mapping[str, Any] | None = None,
) -> DocumentVersion:
    """Open the next lettered update of a series, pre-filled from its latest version.

    A series holds one open version at a time: asking again returns the open one.
    """
    permission_require(actor, Action.DRAFT_OPEN, organization=series.organization)
    with transaction.atomic():
        DocumentSeries.objects.select_for_update().filter(pk=series.pk).first()
        open_version = series.versions.filter(status__in=OPEN_STATUSES).first()
        if open_version is not None:
            return open_version
        latest = series.versions.order_by("-update_index").first()
        if latest is None:
            raise WorkflowError(f"{series} has no version to update.")
        reference = template_reference or latest.template_version
        if not reference:
            raise WorkflowError(
                f"{latest} was not written in a template; name one for the update."
            )
        definition = template_definition(template_get(reference=reference))
        known = {question.id for question in definition.questions()}
        prefilled = {key: value for key, value in latest.body.items() if key in known}
        for key, value in (answers or {}).items():
            prefilled.setdefault(key, value)
        return _version_create(
            series=series,
            actor=actor,
            title=latest.title,
            template_reference=reference,
            answers=prefilled,
            definition=definition,
            action="draft.open_update",
            index=latest.update_index + 1,
        )


def _version_create(
    *,
    series: DocumentSeries,
    actor: User,
    title: str,
    template_reference: str,
    answers: Mapping[str, Any],
    definition: TemplateDefinition,
    action: str,
    index: int = 0,
) -> DocumentVersion:
    known = {question.id for question in definition.questions()}
    body = {key: value for key, value in answers.items() if key in known}
    version = version_create(
        actor=Actor.of(actor),
        status=Status.DRAFT,
        action=action,
        fields={
            "series": series,
            "update_letter": update_letter(index),
            "update_index": index,
            "title": title,
            "template_version": template_reference,
            "body": body,
        },
        changes={"template": template_reference, "prefilled": sorted(body)},
    )
    version.participants.add(actor)
    return version


def version_participant_add(
    *, actor: User, version: DocumentVersion, user: User
) -> bool:
    """Invite a co-author to a draft: one of its authors names someone who may edit
    drafts of its organization. The invited person takes part from then on, so they
    may not review or approve it. Returns False when they already took part."""
    with transaction.atomic():
        version = _locked(version)
        organization = version.series.organization
        permission_require(
            actor, Action.VERSION_INVITE, organization=organization, version=version
        )
        _require_status(version, (Status.DRAFT,), "given co-authors")
        if not permission_allows(user, Action.VERSION_EDIT, organization=organization):
            raise WorkflowInputError(
                NOT_A_COAUTHOR.format(
                    username=user.get_username(), organization=organization.acronym
                ),
                where="username",
            )
        if version.participants.filter(pk=user.pk).exists():
            return False
        version.participants.add(user)
        audit_record(
            action="version.participant_add",
            summary=f"{version}: {user.get_username()} takes part",
            actor=actor,
            object_type="documents.documentversion",
            object_id=version.pk,
            changes={"participant": user.get_username()},
        )
        return True


def section_edit(version: DocumentVersion, section_id: str) -> SectionEdit:
    """Who last saved a section and its revision (revision 0: never saved)."""
    state = version.section_state.get(section_id) or {}
    return SectionEdit(
        revision=int(state.get("revision", 0)),
        by=str(state.get("by", "")),
        at=str(state.get("at", "")),
    )


def draft_section_save(
    *,
    actor: User,
    version: DocumentVersion,
    section_id: str,
    answers: Mapping[str, Any],
    base_revision: int,
) -> int:
    """Save the answers of one section; returns the section's new revision.

    ``base_revision`` is the revision the editor started from. If someone saved the
    section since, nothing is written and EditConflictError carries both texts. The
    same answers posted twice are saved once.
    """
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_EDIT,
            organization=version.series.organization,
            version=version,
        )
        _require_status(version, (Status.DRAFT,), "edited")
        definition = _definition(version)
        section = definition.section(section_id)
        ids = [question.id for question in section.questions]
        unknown = sorted(set(answers) - set(ids))
        if unknown:
            raise WorkflowInputError(
                f"Section {section_id} has no question {', '.join(unknown)}.",
                where=f"section {section_id}",
            )
        errors = answers_errors(definition, answers, require_complete=False)
        if errors:
            first = sorted(errors)[0]
            raise WorkflowInputError(errors[first], where=f"question {first}")
        current = {qid: version.body[qid] for qid in ids if qid in version.body}
        submitted = dict(answers)
        edit = section_edit(version, section_id)
        if _same_answers(current, submitted, ids):
            return edit.revision
        if edit.revision != base_revision:
            raise EditConflictError(
                section_id=section_id, theirs=current, yours=submitted, edit=edit
            )
        body = {key: value for key, value in version.body.items() if key not in ids}
        body.update(
            {
                key: value
                for key, value in submitted.items()
                if value not in ("", None, [])
            }
        )
        revision = edit.revision + 1
        version.body = body
        version.section_state = {
            **version.section_state,
            section_id: {
                "revision": revision,
                "by": actor.get_username(),
                "at": timezone.now().isoformat(timespec="seconds"),
            },
        }
        version.save(update_fields=["body", "section_state", "updated_at"])
        # Whoever writes a section (a table row is saved with its section) is one
        # of the draft's authors from now on, and may not review or approve it.
        version.participants.add(actor)
        audit_record(
            action="version.section_save",
            summary=f"{version}: section {section_id} saved (revision {revision})",
            actor=actor,
            object_type="documents.documentversion",
            object_id=version.pk,
            changes={"section": section_id, "questions": sorted(submitted)},
        )
        return revision


def _same_answers(
    current: Mapping[str, Any], submitted: Mapping[str, Any], ids: list[str]
) -> bool:
    def normal(value: Any) -> Any:
        return None if value in ("", None, []) else value

    return all(normal(current.get(qid)) == normal(submitted.get(qid)) for qid in ids)


def version_submit(*, actor: User, version: DocumentVersion) -> Transition | None:
    """Send a complete draft to component review. A second submit does nothing."""
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_SUBMIT,
            organization=version.series.organization,
            version=version,
        )
        if version.status == Status.COMPONENT_REVIEW:
            return None
        _require_status(version, (Status.DRAFT,), "submitted")
        errors = answers_errors(
            _definition(version), version.body, require_complete=True
        )
        if errors:
            missing = ", ".join(sorted(errors))
            raise WorkflowError(
                f"{len(errors)} required answer(s) missing or invalid: {missing}.",
                where=str(version),
            )
        return _transition(
            version, actor=actor, to_status=Status.COMPONENT_REVIEW, action="submit"
        )


def version_forward(
    *, actor: User, version: DocumentVersion, comment: str = ""
) -> Transition | None:
    """The component privacy officer sends the version on to department review."""
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_REVIEW,
            organization=version.series.organization,
            version=version,
        )
        if version.status == Status.DEPARTMENT_REVIEW:
            return None
        _require_status(version, (Status.COMPONENT_REVIEW,), "forwarded")
        return _transition(
            version,
            actor=actor,
            to_status=Status.DEPARTMENT_REVIEW,
            comment=comment,
            action="forward",
        )


def version_return(
    *, actor: User, version: DocumentVersion, comment: str
) -> Transition | None:
    """A reviewer or approver returns the version to its authors, saying why."""
    with transaction.atomic():
        version = _locked(version)
        organization = version.series.organization
        # A second click on "Return": harmless for those who could return it.
        if version.status == Status.DRAFT and any(
            permission_allows(actor, action, organization=organization, version=version)
            for action in (Action.VERSION_REVIEW, Action.VERSION_APPROVE)
        ):
            return None
        action = (
            Action.VERSION_APPROVE
            if version.status == Status.DEPARTMENT_REVIEW
            else Action.VERSION_REVIEW
        )
        permission_require(actor, action, organization=organization, version=version)
        _require_status(
            version, (Status.COMPONENT_REVIEW, Status.DEPARTMENT_REVIEW), "returned"
        )
        if not comment.strip():
            raise WorkflowInputError(
                "Say what must change: a return needs a comment.", where="comment"
            )
        return _transition(
            version,
            actor=actor,
            to_status=Status.DRAFT,
            comment=comment.strip(),
            action="return",
        )


def version_approve(
    *, actor: User, version: DocumentVersion, comment: str = ""
) -> Transition | None:
    """The chief privacy officer approves the version (department level)."""
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_APPROVE,
            organization=version.series.organization,
            version=version,
        )
        if version.status == Status.APPROVED:
            return None
        _require_status(version, (Status.DEPARTMENT_REVIEW,), "approved")
        return _transition(
            version,
            actor=actor,
            to_status=Status.APPROVED,
            comment=comment,
            action="approve",
        )


def review_due_on(published_on: datetime.date) -> datetime.date:
    """The next periodic review: the configured number of years after publication."""
    years = int(getattr(settings, "PRIVDOCS_REVIEW_INTERVAL_YEARS", 3))
    try:
        return published_on.replace(year=published_on.year + years)
    except ValueError:  # 29 February in a year that has none
        return published_on.replace(year=published_on.year + years, day=28)


def version_publish(
    *,
    actor: User,
    version: DocumentVersion,
    published_on: datetime.date | None = None,
) -> Transition | None:
    """Publish an approved version: the reading room shows it at once, and the
    series' earlier published version becomes "previous"."""
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_PUBLISH,
            organization=version.series.organization,
            version=version,
        )
        if version.status == Status.PUBLISHED:
            return None
        _require_status(version, (Status.APPROVED,), "published")
        day = published_on or timezone.localdate()
        earlier = list(
            version.series.versions.filter(status=Status.PUBLISHED).exclude(
                pk=version.pk
            )
        )
        versions_supersede(earlier, actor=Actor.of(actor), by=version)
        # The coverage the draft proposed becomes the series' now, not before.
        version.series.systems.add(*version.proposed_systems.all())
        version.published_on = day
        version.next_review_on = review_due_on(day)
        version.review_reminded_on = None
        return _transition(
            version,
            actor=actor,
            to_status=Status.PUBLISHED,
            action="publish",
            also_save=("published_on", "next_review_on", "review_reminded_on"),
            reindex=True,
        )


def version_retire(
    *, actor: User, version: DocumentVersion, reason: str
) -> Transition | None:
    """Retire a published version, with the reason the reading room will show."""
    with transaction.atomic():
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_RETIRE,
            organization=version.series.organization,
            version=version,
        )
        if version.status == Status.RETIRED:
            return None
        _require_status(version, (Status.PUBLISHED,), "retired")
        if not reason.strip():
            raise WorkflowInputError("A retirement needs its reason.", where="reason")
        version.retired_on = timezone.localdate()
        version.retired_reason = reason.strip()
        version.next_review_on = None
        return _transition(
            version,
            actor=actor,
            to_status=Status.RETIRED,
            comment=reason.strip(),
            action="retire",
            also_save=("retired_on", "retired_reason", "next_review_on"),
            reindex=True,
        )


def version_discard(*, actor: User, version: DocumentVersion, reason: str) -> str:
    """Delete a draft that will not go on (opened by mistake, project dropped), and
    its series too when the draft was the series' first version. Returns what was
    discarded ("DHS/ICE/PIA-041"). The audit log keeps the draft's history and the
    reason; a determination that opened it can open another."""
    if not reason.strip():
        raise WorkflowInputError("Say why the draft is discarded.", where="reason")
    with transaction.atomic():
        # Discarded a moment ago (a double click): NotFoundError, nothing to do.
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_DISCARD,
            organization=version.series.organization,
            version=version,
        )
        _require_status(version, (Status.DRAFT,), "discarded")
        series = version.series
        discarded, pk = str(version), version.pk
        whole_series = not series.versions.exclude(pk=pk).exists()
        version.delete()
        if whole_series:
            series.delete()
        audit_record(
            action="version.discard",
            summary=f"{discarded}: draft discarded"
            + (" with its new series" if whole_series else ""),
            actor=actor,
            object_type="documents.documentversion",
            object_id=pk,
            changes={"reason": reason.strip(), "series_removed": whole_series},
        )
        search_index_versions([pk])
    return discarded


def comment_add(
    *,
    actor: User,
    version: DocumentVersion,
    section_id: str,
    body: str,
    parent: ReviewComment | None = None,
) -> ReviewComment:
    """Comment on a section of a version, or reply in a thread."""
    with transaction.atomic():
        # A discard of the draft waits for the comment, or the comment for the
        # discard (then: NotFoundError, before any check reads the gone draft).
        version = _locked(version)
        permission_require(
            actor,
            Action.VERSION_COMMENT,
            organization=version.series.organization,
            version=version,
        )
        if not body.strip():
            raise WorkflowInputError("A comment cannot be empty.", where="comment")
        _definition(version).section(section_id)
        if parent is not None and (parent.version_id != version.pk or parent.parent_id):
            raise WorkflowError("Replies go to a comment of the same version's thread.")
        comment = ReviewComment.objects.create(
            version=version,
            section_id=section_id,
            parent=parent,
            author=actor,
            body=body.strip(),
        )
        audit_record(
            action="comment.add",
            summary=f"{version}: comment on section {section_id}",
            actor=actor,
            object_type="documents.reviewcomment",
            object_id=comment.pk,
        )
        return comment


def comment_resolve(*, actor: User, comment: ReviewComment) -> ReviewComment:
    """Mark a thread resolved (resolving twice changes nothing)."""
    version = comment.version
    permission_require(
        actor,
        Action.VERSION_COMMENT,
        organization=version.series.organization,
        version=version,
    )
    if comment.parent_id is not None:
        raise WorkflowError("Resolve the thread from its first comment.")
    if comment.resolved_at is not None:
        return comment
    with transaction.atomic():
        comment.resolved_at = timezone.now()
        comment.resolved_by = actor
        comment.save(update_fields=["resolved_at", "resolved_by"])
        audit_record(
            action="comment.resolve",
            summary=f"{version}: thread on section {comment.section_id} resolved",
            actor=actor,
            object_type="documents.reviewcomment",
            object_id=comment.pk,
        )
        return comment
