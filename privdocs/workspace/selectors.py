"""What the workspace pages read: systems, PTAs, threads and versions as each page
shows them, always limited to what the user may see."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from privdocs.access.models import Role
from privdocs.access.permissions import AnyUser, organizations_of
from privdocs.access.selectors import Reach, reach_of, version_list_for_user
from privdocs.assessments.models import Determination, ThresholdAnalysis
from privdocs.assessments.selectors import determination_list_to_recertify
from privdocs.core.errors import NotFoundError
from privdocs.documents.models import (
    DocumentSeries,
    DocumentVersion,
    ReviewComment,
    Status,
    Transition,
)
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.definition import TemplateDefinition
from privdocs.questionnaires.selectors import template_definition_get

#: The roles that decide on a PTA's determination.
DECIDING_ROLES = frozenset({Role.REVIEWER, Role.APPROVER})


def organizations_where(user: AnyUser, roles: frozenset[Role]) -> list[Organization]:
    """The user's organizations (descendants included) where they hold one of
    ``roles``, the tree read once (``access.selectors.reach_of``)."""
    ids = reach_of(user).organizations(roles)
    return list(
        Organization.objects.select_related("parent__parent")
        .filter(pk__in=ids)
        .order_by("acronym")
    )


def series_list_for_system(
    user: AnyUser, system: System, *, reach: Reach | None = None
) -> QuerySet[DocumentSeries]:
    """The series that cover the system or that a draft proposes it to, each with
    the versions the user may open (oldest first); a series with none of those is
    left out, so the page names nothing the user may not open."""
    openable = version_list_for_user(user, reach=reach)
    return (
        DocumentSeries.objects.filter(
            Q(systems=system) | Q(versions__proposed_systems=system),
            pk__in=openable.order_by().values("series_id"),
        )
        .distinct()
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=openable.order_by("update_index"),
                to_attr="openable_versions",
            )
        )
        .order_by("agency", "component", "kind", "number")
    )


def analysis_list_for_system(system: System) -> QuerySet[ThresholdAnalysis]:
    """A system's PTAs, newest first, with their determinations and authors."""
    return (
        ThresholdAnalysis.objects.filter(system=system)
        .select_related("determination", "author", "determination__officer")
        .order_by("-created_at", "-pk")
    )


def analysis_list_awaiting(user: AnyUser) -> QuerySet[ThresholdAnalysis]:
    """Submitted PTAs waiting for this privacy officer's determination (never
    the PTAs they are an author of)."""
    ids = [
        organization.pk for organization in organizations_where(user, DECIDING_ROLES)
    ]
    return (
        ThresholdAnalysis.objects.filter(
            status=ThresholdAnalysis.Status.SUBMITTED,
            system__organization_id__in=ids,
        )
        .exclude(author_id=user.pk)
        .exclude(participants=user.pk)
        .select_related("system__organization")
        .order_by("submitted_at", "pk")
    )


def determination_list_expiring(
    user: AnyUser, *, today: datetime.date, within_days: int
) -> QuerySet[Determination]:
    """The PTAs to re-certify in the user's organizations (see
    ``determination_list_to_recertify``)."""
    return determination_list_to_recertify(
        today=today, within_days=within_days, organizations=organizations_of(user)
    )


def analysis_list_of_author(user: AnyUser) -> QuerySet[ThresholdAnalysis]:
    """The PTAs this user is an author of that are not yet determined."""
    return (
        ThresholdAnalysis.objects.filter(Q(author_id=user.pk) | Q(participants=user.pk))
        .exclude(status=ThresholdAnalysis.Status.DETERMINED)
        .distinct()
        .select_related("system__organization")
        .order_by("-updated_at", "-pk")
    )


def version_previous(version: DocumentVersion) -> DocumentVersion | None:
    """The version an update replaces: the series' version just before it."""
    return (
        DocumentVersion.objects.filter(
            series_id=version.series_id, update_index__lt=version.update_index
        )
        .select_related("series")
        .order_by("-update_index")
        .first()
    )


def transition_list(version: DocumentVersion) -> QuerySet[Transition]:
    """A version's workflow history, oldest first, with who took each step."""
    return version.transitions.select_related("actor").order_by("occurred_at", "pk")


def transition_last_return(version: DocumentVersion) -> Transition | None:
    """The latest return to the authors, when the version is back in draft because of it."""
    last = version.transitions.select_related("actor").order_by("-occurred_at", "-pk")
    step = last.first()
    if step is None or step.to_status != Status.DRAFT or not step.comment:
        return None
    return step


@dataclass
class Thread:
    """A comment on a section and its replies."""

    comment: ReviewComment
    replies: list[ReviewComment] = field(default_factory=list)


def thread_list_by_section(version: DocumentVersion) -> dict[str, list[Thread]]:
    """A version's comment threads by section id, oldest first, in one query."""
    comments = ReviewComment.objects.filter(version=version).select_related(
        "author", "resolved_by"
    )
    threads: dict[int, Thread] = {}
    replies: list[ReviewComment] = []
    for comment in comments.order_by("created_at", "pk"):
        if comment.parent_id is None:
            threads[comment.pk] = Thread(comment=comment)
        else:
            replies.append(comment)
    for reply in replies:
        if reply.parent_id in threads:
            threads[reply.parent_id].replies.append(reply)
    result: dict[str, list[Thread]] = {}
    for thread in threads.values():
        result.setdefault(thread.comment.section_id, []).append(thread)
    return result


def comment_get(version: DocumentVersion, comment_id: int) -> ReviewComment | None:
    """A comment of this version, or None."""
    return (
        ReviewComment.objects.filter(version=version, pk=comment_id)
        .select_related("version__series__organization")
        .first()
    )


class DefinitionCache:
    """Template definitions by reference, read once per page (many drafts share one)."""

    def __init__(self) -> None:
        self._definitions: dict[str, TemplateDefinition | None] = {}

    def get(self, reference: str) -> TemplateDefinition | None:
        """The definition a version names, or None when it names none we have."""
        if not reference:
            return None
        if reference not in self._definitions:
            try:
                self._definitions[reference] = template_definition_get(
                    reference=reference
                )
            except NotFoundError:
                self._definitions[reference] = None
        return self._definitions[reference]


def version_list_drafts_of(user: AnyUser) -> QuerySet[DocumentVersion]:
    """The drafts this user takes part in and may open, last changed first."""
    openable = version_list_for_user(user).order_by().values("pk")
    return (
        DocumentVersion.objects.filter(
            participants=user.pk, status=Status.DRAFT, pk__in=openable
        )
        .select_related("series__organization")
        .distinct()
        .order_by("-updated_at", "-pk")
    )
