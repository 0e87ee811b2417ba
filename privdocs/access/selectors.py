"""What a signed-in user may see in the workspace, and what awaits them."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import User
from django.db.models import Q, QuerySet

from privdocs.access.models import Role
from privdocs.access.permissions import AnyUser, organizations_of, roles_in
from privdocs.documents.models import PUBLIC_STATUSES, DocumentVersion, Status
from privdocs.documents.steps import AWAITED_STATUSES, acting_roles
from privdocs.inventory.models import Organization

#: An invitation names nobody known.
NO_SUCH_USER = (
    "No active user is named {username!r}: invite someone by their user name."
)


def _organizations_by_role(user: AnyUser) -> dict[Role, set[int]]:
    """For each role, the organizations (with their descendants) where the user holds it."""
    result: dict[Role, set[int]] = {role: set() for role in Role}
    for organization in organizations_of(user):
        for role in roles_in(user, organization):
            result[role].add(organization.pk)
    return result


def version_list_for_user(user: AnyUser) -> QuerySet[DocumentVersion]:
    """Versions the user may open in the workspace.

    Reviewers, approvers and administrators see every version of their
    organizations; an author sees the versions they take part in, and what is public.
    """
    by_role = _organizations_by_role(user)
    wide = by_role[Role.REVIEWER] | by_role[Role.APPROVER] | by_role[Role.ADMINISTRATOR]
    narrow = by_role[Role.AUTHOR]
    condition = Q(series__organization_id__in=wide) | Q(
        series__organization_id__in=narrow
    ) & (Q(participants=user.pk) | Q(status__in=PUBLIC_STATUSES))
    return (
        DocumentVersion.objects.filter(condition)
        .select_related("series__organization")
        .distinct()
        .order_by("-updated_at", "-pk")
    )


def version_list_awaiting(user: AnyUser) -> QuerySet[DocumentVersion]:
    """Versions waiting for this user: reviews and approvals to give (never on their
    own work), and their own drafts that were returned or not yet submitted."""
    by_role = _organizations_by_role(user)
    waiting = Q(participants=user.pk, status=Status.DRAFT)
    # Who a version waits for in each status comes from the workflow's steps.
    for status in AWAITED_STATUSES:
        organizations: set[int] = set()
        for role in acting_roles(status):
            organizations |= by_role[role]
        waiting |= Q(status=status, series__organization_id__in=organizations) & ~Q(
            participants=user.pk
        )
    return (
        DocumentVersion.objects.filter(waiting)
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
