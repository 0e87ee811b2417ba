"""What a signed-in user may open in the workspace, and what awaits them.

The workspace's gates, one per object kind (version, system, PTA, determination):
every workspace page and API endpoint finds the object it names through them, so
an object the user may not open answers exactly as one that does not exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from privdocs.access.models import Membership, Role
from privdocs.access.permissions import AnyUser
from privdocs.assessments.models import Determination, ThresholdAnalysis
from privdocs.documents.models import DocumentVersion, Status
from privdocs.documents.steps import AWAITED_STATUSES, acting_roles
from privdocs.inventory.models import Organization, System

#: The roles that open every version of their organizations (an author opens only
#: the versions they take part in), as ``permissions.permission_allows`` rules.
WIDE_ROLES = frozenset({Role.REVIEWER, Role.APPROVER, Role.ADMINISTRATOR})
#: What the workspace answers for an object that is missing *or* not the user's to
#: open: the same words, naming nothing of the object.
NOT_YOURS_OR_MISSING = (
    "Nothing here that you may open: it does not exist, or your roles do not give "
    "you access to it."
)


@dataclass(frozen=True)
class Reach:
    """The roles a user holds in each organization, inherited down the tree, read
    in two queries (memberships, then the organization tree) whatever the tree's size."""

    roles: dict[int, frozenset[Role]]

    def organizations(self, roles: Iterable[Role] | None = None) -> set[int]:
        """Ids of the organizations where the user holds one of ``roles`` (any role
        when None)."""
        wanted = frozenset(roles) if roles is not None else frozenset(Role)
        return {pk for pk, held in self.roles.items() if held & wanted}


def reach_of(user: AnyUser) -> Reach:
    """Where the user holds which roles (a superuser administers everything)."""
    if not user.is_authenticated:
        return Reach(roles={})
    tree = dict(Organization.objects.values_list("pk", "parent_id"))
    if getattr(user, "is_superuser", False):
        return Reach(roles=dict.fromkeys(tree, frozenset({Role.ADMINISTRATOR})))
    direct: dict[int, set[Role]] = {}
    for organization_id, role in Membership.objects.filter(user_id=user.pk).values_list(
        "organization_id", "role"
    ):
        direct.setdefault(organization_id, set()).add(Role(role))
    roles: dict[int, frozenset[Role]] = {}
    for pk in tree:
        held: set[Role] = set()
        node: int | None = pk
        seen: set[int] = set()
        while node is not None and node not in seen:
            seen.add(node)
            held |= direct.get(node, set())
            node = tree.get(node)
        if held:
            roles[pk] = frozenset(held)
    return Reach(roles=roles)


#: An invitation names nobody known.
NO_SUCH_USER = (
    "No active user is named {username!r}: invite someone by their user name."
)


def version_list_for_user(
    user: AnyUser, *, reach: Reach | None = None
) -> QuerySet[DocumentVersion]:
    """Versions the user may open in the workspace: the gate of every workspace
    list and page of versions, so that a list links only what opens.

    Reviewers, approvers and administrators open every version of their
    organizations; an author opens the versions they take part in (as
    ``permissions.permission_allows`` rules for ``VERSION_VIEW``; a public version
    they did not write is read in the reading room).
    """
    if user.pk is None:
        return DocumentVersion.objects.none()
    reach = reach or reach_of(user)
    wide = reach.organizations(WIDE_ROLES)
    narrow = reach.organizations([Role.AUTHOR]) - wide
    taking_part = DocumentVersion.participants.through.objects.filter(
        user_id=int(user.pk)
    ).values("documentversion_id")
    condition = Q(series__organization_id__in=wide) | (
        Q(series__organization_id__in=narrow) & Q(pk__in=taking_part)
    )
    return (
        DocumentVersion.objects.filter(condition)
        .select_related("series__organization")
        .order_by("-updated_at", "-pk")
    )


def version_get_for_user(
    user: AnyUser, pk: int, *, reach: Reach | None = None
) -> DocumentVersion | None:
    """The version, if the user may open it; None when it is missing or not theirs
    (the two must look the same to the user)."""
    return version_list_for_user(user, reach=reach).filter(pk=pk).first()


def system_list_for_user(
    user: AnyUser, *, reach: Reach | None = None
) -> QuerySet[System]:
    """The systems of every organization where the user holds a role."""
    reach = reach or reach_of(user)
    return (
        System.objects.filter(organization_id__in=reach.organizations())
        .select_related("organization")
        .order_by("organization__acronym", "name", "pk")
    )


def system_get_for_user(
    user: AnyUser, pk: int, *, reach: Reach | None = None
) -> System | None:
    """The system, if it belongs to one of the user's organizations."""
    return system_list_for_user(user, reach=reach).filter(pk=pk).first()


def analysis_get_for_user(
    user: AnyUser, pk: int, *, reach: Reach | None = None
) -> ThresholdAnalysis | None:
    """The PTA, if the user holds a role in its system's organization (those who
    fill PTAs and those who decide on them read them)."""
    return (
        ThresholdAnalysis.objects.select_related("system__organization", "author")
        .filter(
            pk=pk,
            system__organization_id__in=(reach or reach_of(user)).organizations(),
        )
        .first()
    )


def determination_get_for_user(user: AnyUser, pk: int) -> Determination | None:
    """The determination, if the user may read its PTA."""
    return (
        Determination.objects.select_related(
            "analysis__system__organization", "officer"
        )
        .filter(
            pk=pk,
            analysis__system__organization_id__in=reach_of(user).organizations(),
        )
        .first()
    )


def version_list_awaiting(user: AnyUser) -> QuerySet[DocumentVersion]:
    """Versions waiting for this user: reviews and approvals to give (never on their
    own work), and their own drafts that were returned or not yet submitted."""
    reach = reach_of(user)
    by_role = {role: reach.organizations([role]) for role in Role}
    waiting = Q(participants=user.pk, status=Status.DRAFT)
    # Who a version waits for in each status comes from the workflow's steps.
    for status in AWAITED_STATUSES:
        organizations: set[int] = set()
        for role in acting_roles(status):
            organizations |= by_role[role]
        waiting |= Q(status=status, series__organization_id__in=organizations) & ~Q(
            participants=user.pk
        )
    openable = version_list_for_user(user, reach=reach).order_by().values("pk")
    return (
        DocumentVersion.objects.filter(waiting, pk__in=openable)
        .select_related("series__organization")
        .distinct()
        .order_by("updated_at", "pk")
    )


def version_list_review_due(
    *,
    today: datetime.date,
    within_days: int,
    organizations: list[Organization] | None = None,
) -> QuerySet[DocumentVersion]:
    """Published versions whose periodic review falls before ``today + within_days``
    (overdue ones first), in the given organizations or everywhere."""
    versions = DocumentVersion.objects.filter(
        status=Status.PUBLISHED,
        next_review_on__isnull=False,
        next_review_on__lte=today + datetime.timedelta(days=within_days),
    )
    if organizations is not None:
        versions = versions.filter(
            series__organization_id__in=[org.pk for org in organizations]
        )
    return versions.select_related("series__organization").order_by(
        "next_review_on", "pk"
    )


def user_get_by_username(*, username: str) -> User | None:
    """The active user of that user name (as typed, blanks dropped), or None."""
    return User.objects.filter(username=username.strip(), is_active=True).first()
