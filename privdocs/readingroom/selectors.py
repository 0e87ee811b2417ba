"""Reads for the reading room's pages, every one built on the public selectors.

``documents.selectors`` decides what the public may see; nothing here reads a
series or version any other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db.models import Count, Exists, OuterRef, QuerySet

from privdocs.core.errors import IdentifierError
from privdocs.documents.identifiers import Identifier, identifier_from_path
from privdocs.documents.models import Association, DocumentSeries, DocumentVersion
from privdocs.documents.selectors import series_list_public, version_list_public
from privdocs.inventory.models import Organization, System

#: How many publications the home page and the feeds list.
RECENT_COUNT = 10
FEED_COUNT = 50


def organization_path(organization: Organization) -> str:
    """The organization's URL path from the root of its tree: "dhs/ice"."""
    slugs = []
    node: Organization | None = organization
    while node is not None:
        slugs.append(node.slug)
        node = node.parent
    return "/".join(reversed(slugs))


def organization_list() -> list[Organization]:
    """Every organization, parents loaded, each with ``public_count``: its public series."""
    counts = dict(
        series_list_public()
        .order_by()
        .values_list("organization")
        .annotate(count=Count("pk"))
    )
    organizations = list(
        Organization.objects.select_related("parent__parent").order_by("acronym")
    )
    for organization in organizations:
        organization.public_count = counts.get(organization.pk, 0)  # type: ignore[attr-defined]
    return organizations


def organization_get_by_path(path: str) -> Organization | None:
    """The organization at "dhs" or "dhs/ice" (slugs from the top of the tree)."""
    slugs = [slug for slug in path.split("/") if slug]
    if not slugs or len(slugs) > 3:
        return None
    candidates = Organization.objects.select_related("parent__parent").filter(
        slug=slugs[-1]
    )
    for organization in candidates:
        if organization_path(organization) == "/".join(slugs):
            return organization
    return None


def organization_descendant_ids(
    organization: Organization, organizations: Sequence[Organization]
) -> set[int]:
    """The organization's own id and those of every organization beneath it."""
    ids = {organization.pk}
    grew = True
    while grew:
        below = {o.pk for o in organizations if o.parent_id in ids}
        grew = not below <= ids
        ids |= below
    return ids


def series_list_for_organizations(
    organization_ids: Iterable[int],
) -> QuerySet[DocumentSeries]:
    """Public series of these organizations, versions, systems and associations loaded."""
    return series_list_public().filter(organization__in=list(organization_ids))


def series_get_public(identifier: Identifier) -> DocumentSeries | None:
    """The public series an identifier names, loaded as the pages need it."""
    series = identifier.series
    return (
        series_list_public()
        .filter(
            agency=series.agency,
            component=series.component or "",
            kind=series.kind.value,
            number=series.number,
        )
        .first()
    )


def identifier_from_url(path: str) -> Identifier | None:
    """The identifier a URL path names ("dhs/ice/pia-015/g"), or None if it names none."""
    try:
        return identifier_from_path([part for part in path.split("/") if part])
    except IdentifierError:
        return None


def series_list_citing(series: DocumentSeries) -> QuerySet[DocumentSeries]:
    """Public series that cite this one (a SORN's PIAs), by identifier."""
    return series_list_public().filter(
        Exists(Association.objects.filter(source=OuterRef("pk"), target=series))
    )


def series_urls_public(series_ids: Iterable[int | None]) -> dict[int, str]:
    """The reading-room URLs of those of these series the public may open."""
    wanted = {pk for pk in series_ids if pk is not None}
    if not wanted:
        return {}
    public = DocumentSeries.objects.filter(
        Exists(version_list_public().filter(series=OuterRef("pk"))), pk__in=wanted
    ).only("agency", "component", "kind", "number")
    return {series.pk: series.get_absolute_url() for series in public}


def system_get(organization: Organization, slug: str) -> System | None:
    """A system of this organization by its slug."""
    return (
        System.objects.select_related("organization")
        .filter(organization=organization, slug=slug)
        .first()
    )


def version_list_recent(
    organization_ids: Iterable[int] | None = None, *, limit: int = RECENT_COUNT
) -> list[DocumentVersion]:
    """The latest public versions with a publication date, newest first."""
    versions = version_list_public().filter(published_on__isnull=False)
    if organization_ids is not None:
        versions = versions.filter(series__organization__in=list(organization_ids))
    return list(
        versions.select_related("series__organization").order_by(
            "-published_on", "-pk"
        )[:limit]
    )
