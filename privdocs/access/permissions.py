"""The permission rules: which role may take which action on what, in one table.

Rights follow the organization tree: a role held in DHS holds in ICE. An author
sees and edits only the drafts they take part in; nobody reviews or approves a
version they took part in drafting. Taking part is recorded, never inferred: whoever
opens a draft, saves one of its sections (a table row is saved with its section) or
is invited to it is one of its participants; whoever starts a PTA, saves its answers
or is invited to it is one of its authors. Only a PTA's authors change it, and none
of them confirms its determination.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from privdocs.access.models import Membership, Role
from privdocs.assessments.models import ThresholdAnalysis
from privdocs.core.errors import ApplicationError
from privdocs.documents.models import DocumentVersion
from privdocs.inventory.models import Organization

AnyUser = AbstractBaseUser | AnonymousUser


class PermissionDeniedError(ApplicationError):
    """The user's roles do not allow the action (shown as 403, never a traceback)."""


class Action(StrEnum):
    """What a person can do in the workspace."""

    WORKSPACE_ENTER = "workspace_enter"
    PTA_EDIT = "pta_edit"
    PTA_INVITE = "pta_invite"
    DETERMINATION_CONFIRM = "determination_confirm"
    DRAFT_OPEN = "draft_open"
    VERSION_VIEW = "version_view"
    VERSION_EDIT = "version_edit"
    VERSION_INVITE = "version_invite"
    VERSION_SUBMIT = "version_submit"
    VERSION_COMMENT = "version_comment"
    VERSION_REVIEW = "version_review"
    VERSION_APPROVE = "version_approve"
    VERSION_PUBLISH = "version_publish"
    VERSION_RETIRE = "version_retire"
    VERSION_DISCARD = "version_discard"
    MEMBERS_MANAGE = "members_manage"


A, R, P, D = Role.AUTHOR, Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR

#: Which roles may take an action at all (before the rules on participation).
ROLES_ALLOWED: dict[Action, frozenset[Role]] = {
    Action.WORKSPACE_ENTER: frozenset({A, R, P, D}),
    Action.PTA_EDIT: frozenset({A, R, D}),
    Action.PTA_INVITE: frozenset({A, R, D}),
    Action.DETERMINATION_CONFIRM: frozenset({R, P}),
    Action.DRAFT_OPEN: frozenset({A, R}),
    Action.VERSION_VIEW: frozenset({A, R, P, D}),
    Action.VERSION_EDIT: frozenset({A, R}),
    Action.VERSION_INVITE: frozenset({A, R}),
    Action.VERSION_SUBMIT: frozenset({A, R}),
    Action.VERSION_COMMENT: frozenset({A, R, P}),
    Action.VERSION_REVIEW: frozenset({R}),
    Action.VERSION_APPROVE: frozenset({P}),
    Action.VERSION_PUBLISH: frozenset({P, D}),
    Action.VERSION_RETIRE: frozenset({P, D}),
    Action.VERSION_DISCARD: frozenset({A, R}),
    Action.MEMBERS_MANAGE: frozenset({D}),
}

#: Actions whose roles the participants of a version lose on it (no self-approval).
NOT_ON_OWN_WORK = frozenset({Action.VERSION_REVIEW, Action.VERSION_APPROVE})
#: Actions only a version's participants take, whatever their roles: submitting is
#: the authors' word that the draft is complete, and they choose their co-authors.
PARTICIPANTS_ONLY = frozenset({Action.VERSION_SUBMIT, Action.VERSION_INVITE})
#: Actions an author may take only on a version they take part in.
PARTICIPANTS_ONLY_FOR_AUTHORS = frozenset(
    {
        Action.VERSION_VIEW,
        Action.VERSION_EDIT,
        Action.VERSION_COMMENT,
        Action.VERSION_DISCARD,
    }
)
#: Actions on a PTA that only its authors take.
PTA_AUTHORS_ONLY = frozenset({Action.PTA_EDIT, Action.PTA_INVITE})
#: Actions on a PTA that none of its authors takes.
NOT_ON_OWN_PTA = frozenset({Action.DETERMINATION_CONFIRM})

REFUSAL = "Your roles do not allow you to {action} here."
#: A reviewer or approver who took part in writing the version.
REFUSAL_OWN_WORK = (
    "You took part in writing {document}: someone who did not must review and "
    "approve it."
)
#: Submitting or inviting on a version one does not take part in.
REFUSAL_NOT_AN_AUTHOR = (
    "Only the authors of {document} may {step} it; ask one of them to invite you "
    "as a co-author."
)
#: Changing a PTA one is not an author of.
REFUSAL_PTA_NOT_AN_AUTHOR = (
    "Only the authors of this PTA may change it; ask one of them to invite you as "
    "a co-author."
)
#: Confirming the determination of a PTA one is an author of.
REFUSAL_OWN_PTA = (
    "You wrote this PTA: another privacy officer must confirm its determination."
)
#: How REFUSAL_NOT_AN_AUTHOR names the step.
STEP_WORDS: dict[Action, str] = {
    Action.VERSION_SUBMIT: "submit",
    Action.VERSION_INVITE: "invite co-authors to",
}


def organization_lineage(organization: Organization) -> list[Organization]:
    """The organization and every organization above it, nearest first."""
    lineage = [organization]
    seen = {organization.pk}
    current = organization
    while current.parent_id is not None and current.parent_id not in seen:
        current = current.parent  # type: ignore[assignment]
        seen.add(current.pk)
        lineage.append(current)
    return lineage


def roles_in(user: AnyUser, organization: Organization) -> frozenset[Role]:
    """The roles a user holds in an organization, directly or from above it."""
    if not user.is_authenticated:
        return frozenset()
    if getattr(user, "is_superuser", False):
        return frozenset({Role.ADMINISTRATOR})
    ids = [org.pk for org in organization_lineage(organization)]
    return frozenset(
        Role(role)
        for role in Membership.objects.filter(
            user_id=user.pk, organization_id__in=ids
        ).values_list("role", flat=True)
    )


def organizations_of(user: AnyUser) -> list[Organization]:
    """Every organization where the user holds some role (descendants included)."""
    if not user.is_authenticated:
        return []
    if getattr(user, "is_superuser", False):
        return list(Organization.objects.all())
    roots = set(
        Membership.objects.filter(user_id=user.pk).values_list(
            "organization_id", flat=True
        )
    )
    everything = list(Organization.objects.all())
    return [org for org in everything if _descends(org, roots, everything)]


def _descends(
    organization: Organization, roots: set[int], everything: Iterable[Organization]
) -> bool:
    by_id = {org.pk: org for org in everything}
    current: Organization | None = organization
    seen: set[int] = set()
    while current is not None and current.pk not in seen:
        if current.pk in roots:
            return True
        seen.add(current.pk)
        current = by_id.get(current.parent_id) if current.parent_id else None
    return False


def version_takes_part(user: AnyUser, version: DocumentVersion) -> bool:
    """Whether the user is one of the version's participants (its authors)."""
    return user.pk is not None and version.participants.filter(pk=user.pk).exists()


def pta_takes_part(user: AnyUser, analysis: ThresholdAnalysis) -> bool:
    """Whether the user is one of the PTA's authors (started it, or was invited)."""
    if user.pk is None:
        return False
    return analysis.author_id == user.pk or (
        analysis.participants.filter(pk=user.pk).exists()
    )


def permission_refusal(
    user: AnyUser,
    action: Action,
    *,
    organization: Organization,
    version: DocumentVersion | None = None,
    analysis: ThresholdAnalysis | None = None,
) -> str | None:
    """Why the user may not take the action in the organization (on the version or
    PTA), as the message to show; None when they may."""
    roles = roles_in(user, organization)
    allowed = roles & ROLES_ALLOWED[action]
    refusal = REFUSAL.format(action=action.value.replace("_", " "))
    if not allowed:
        return refusal
    if version is not None:
        takes_part = version_takes_part(user, version)
        if action in NOT_ON_OWN_WORK and takes_part:
            return REFUSAL_OWN_WORK.format(document=version)
        if action in PARTICIPANTS_ONLY and not takes_part:
            return REFUSAL_NOT_AN_AUTHOR.format(
                document=version, step=STEP_WORDS[action]
            )
        # An author's right to a version comes from taking part in it; other roles
        # (reviewer, approver, administrator) see every version of their organizations.
        if (
            action in PARTICIPANTS_ONLY_FOR_AUTHORS
            and allowed == {Role.AUTHOR}
            and not takes_part
        ):
            return refusal
    if analysis is not None:
        writes = pta_takes_part(user, analysis)
        if action in PTA_AUTHORS_ONLY and not writes:
            return REFUSAL_PTA_NOT_AN_AUTHOR
        if action in NOT_ON_OWN_PTA and writes:
            return REFUSAL_OWN_PTA
    return None


def permission_allows(
    user: AnyUser,
    action: Action,
    *,
    organization: Organization,
    version: DocumentVersion | None = None,
    analysis: ThresholdAnalysis | None = None,
) -> bool:
    """Whether the user may take the action in the organization (on the version or
    PTA)."""
    return (
        permission_refusal(
            user, action, organization=organization, version=version, analysis=analysis
        )
        is None
    )


def permission_require(
    user: AnyUser,
    action: Action,
    *,
    organization: Organization,
    version: DocumentVersion | None = None,
    analysis: ThresholdAnalysis | None = None,
) -> None:
    """Raise PermissionDeniedError, saying why, unless the user may take the action."""
    refusal = permission_refusal(
        user, action, organization=organization, version=version, analysis=analysis
    )
    if refusal is not None:
        if version is not None:
            where = str(version)
        elif analysis is not None:
            where = f"PTA {analysis.pk}"
        else:
            where = organization.acronym
        raise PermissionDeniedError(refusal, where=where)
