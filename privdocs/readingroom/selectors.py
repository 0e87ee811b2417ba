"""Reads for the reading room's pages, every one built on the public selectors.

``documents.selectors`` decides what the public may see; nothing here reads a
series or version any other way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Lower

from privdocs.core.errors import IdentifierError
from privdocs.documents.identifiers import (
    DocumentKind,
    Identifier,
    identifier_from_path,
)
from privdocs.documents.models import (
    ORIGINAL_PATH_PART,
    Association,
    DocumentSeries,
    DocumentVersion,
    Status,
)
from privdocs.documents.selectors import (
    series_list_public,
    series_list_public_ids,
    system_list_public,
    version_list_public,
)
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


def organization_tree() -> list[Organization]:
    """Every organization with its parents loaded, without counts: enough to walk
    the tree (counting public series costs a pass over every series)."""
    return list(
        Organization.objects.select_related("parent__parent").order_by("acronym")
    )


def organization_list_publishing() -> list[Organization]:
    """Organizations with at least one public series, by acronym. Each check stops
    at the organization's first public series instead of counting them all."""
    public_series = series_list_public_ids().filter(organization=OuterRef("pk"))
    return list(
        Organization.objects.select_related("parent__parent")
        .filter(Exists(public_series))
        .order_by("acronym")
    )


def organization_children(organization: Organization) -> list[Organization]:
    """The organization's components, each with ``public_count`` (its public
    series), counted for those components only."""
    children = list(
        Organization.objects.select_related("parent__parent")
        .filter(parent=organization)
        .order_by("acronym")
    )
    counts: dict[int, int] = {}
    if children:
        counts = dict(
            series_list_public()
            .filter(organization__in=children)
            .order_by()
            .values_list("organization")
            .annotate(count=Count("pk"))
        )
    for child in children:
        child.public_count = counts.get(child.pk, 0)  # type: ignore[attr-defined]
    return children


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
    """Public series of these organizations, versions (without bodies), systems and
    associations loaded, as the lists of documents show them."""
    return series_list_public(bodies=False).filter(
        organization__in=list(organization_ids)
    )


#: The group of retired series on an organization page, after every kind.
RETIRED_GROUP = "retired"
#: Kinds in the order pages list them, then the retired series.
PAGE_GROUPS = (*(kind.value for kind in DocumentKind), RETIRED_GROUP)


def _current_version_field(field: str) -> Subquery:
    """A field of each series' version in force (as ``listings.current_version``
    picks it: the latest published one, else the latest public one), in SQL."""
    published_first = Case(
        When(status=Status.PUBLISHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    current = (
        version_list_public()
        .filter(series=OuterRef("pk"))
        .order_by(published_first, "-update_index")
    )
    return Subquery(current.values(field)[:1])


def _series_arranged(organization_id: int) -> QuerySet[DocumentSeries]:
    """The organization's public series with what their page sorts and groups by:
    ``page_group`` (the kind's position, or last for retired series), the kind's
    position, and the current version's date and title."""
    kind_position = Case(
        *(When(kind=kind.value, then=Value(i)) for i, kind in enumerate(DocumentKind)),
        default=Value(len(DocumentKind)),
        output_field=IntegerField(),
    )
    return (
        series_list_for_organizations([organization_id])
        .annotate(
            current_status=_current_version_field("status"),
            current_date=_current_version_field("published_on"),
            current_title=_current_version_field("title"),
            kind_position=kind_position,
        )
        .annotate(
            page_group=Case(
                When(current_status=Status.RETIRED, then=Value(len(DocumentKind))),
                default=F("kind_position"),
                output_field=IntegerField(),
            )
        )
    )


def series_group_counts(organization_id: int) -> dict[str, int]:
    """How many public series of the organization each page group holds (a kind's
    value, or ``RETIRED_GROUP``), in one grouped query."""
    arranged = _series_arranged(organization_id).order_by()
    # The stubs cannot see an annotation's name.
    rows = arranged.values("page_group").annotate(count=Count("pk"))  # type: ignore[misc]
    return {PAGE_GROUPS[row["page_group"]]: row["count"] for row in rows}


def series_page_for_organization(
    organization_id: int, *, sort: str, offset: int, limit: int
) -> list[DocumentSeries]:
    """One page of the organization's public series, loaded as pages need them.

    Current series come first, by kind, then the retired ones; within each group
    by identifier (``number``), newest current version first (``date``) or by
    its title (``name``). Sorting and slicing run in SQL, so only the page's
    series, versions, systems and associations are loaded.
    """
    by_number = ["agency", "component", "kind_position", "number"]
    sort_fields: list[Any] = []
    if sort == "date":
        sort_fields = [F("current_date").desc(nulls_last=True)]
    elif sort == "name":
        sort_fields = [Lower("current_title")]
    ordered = _series_arranged(organization_id).order_by(
        "page_group", *sort_fields, *by_number
    )
    return list(ordered[offset : offset + limit])


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


def document_from_url(path: str) -> tuple[Identifier, bool] | None:
    """The identifier a document path names and whether it names the original
    ("dhs/ice/pia-015/original"); None when it names no document."""
    series_path, _, last = path.strip("/").rpartition("/")
    if last.lower() == ORIGINAL_PATH_PART:
        series_identifier = identifier_from_url(series_path)
        if series_identifier is not None and not series_identifier.update:
            return series_identifier, True
    identifier = identifier_from_url(path)
    return (identifier, False) if identifier is not None else None


def series_list_citing(series: DocumentSeries) -> QuerySet[DocumentSeries]:
    """Public series that cite this one (a SORN's PIAs), by identifier."""
    # Read from the associations that point at this series (an index on the
    # target), not by testing every series of the registry.
    citing = Association.objects.filter(target=series).values("source_id")
    return series_list_public().filter(pk__in=citing)


def series_urls_public(series_ids: Iterable[int | None]) -> dict[int, str]:
    """The reading-room URLs of those of these series the public may open."""
    wanted = {pk for pk in series_ids if pk is not None}
    if not wanted:
        return {}
    public = (
        series_list_public_ids()
        .filter(pk__in=wanted)
        .only("agency", "component", "kind", "number")
    )
    return {series.pk: series.get_absolute_url() for series in public}


def system_get(organization: Organization, slug: str) -> System | None:
    """A public system of this organization by its slug (see ``system_list_public``:
    a system no public document covers answers as missing)."""
    return (
        system_list_public()
        .select_related("organization")
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
    # The newest ids first, read from the (status, published_on) index alone;
    # then only those rows, never every public version's row with its body.
    ids = list(
        versions.order_by("-published_on", "-pk").values_list("pk", flat=True)[:limit]
    )
    return list(
        version_list_public()
        .filter(pk__in=ids)
        .select_related("series__organization")
        .order_by("-published_on", "-pk")
    )
