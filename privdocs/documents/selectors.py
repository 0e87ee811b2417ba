"""Queries over privacy documents. What the public may see is decided here, once."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from privdocs.documents.identifiers import Identifier
from privdocs.documents.models import (
    PUBLIC_STATUSES,
    Association,
    DocumentSeries,
    DocumentVersion,
)
from privdocs.inventory.models import System


def version_list_public() -> QuerySet[DocumentVersion]:
    """Versions the public may see: published, previous and retired ones."""
    return DocumentVersion.objects.filter(status__in=PUBLIC_STATUSES)


def series_list_public_ids() -> QuerySet[DocumentSeries]:
    """Series with at least one public version, unloaded: for ``pk__in`` filters."""
    return DocumentSeries.objects.filter(
        Exists(version_list_public().filter(series=OuterRef("pk")))
    )


def system_list_public() -> QuerySet[System]:
    """Systems the public may see: those a public series covers. A system known only
    to drafts, PTAs or a draft's proposed coverage is not public, on any path."""
    return System.objects.filter(
        Exists(
            DocumentSeries.systems.through.objects.filter(
                system_id=OuterRef("pk"),
                documentseries_id__in=series_list_public_ids().values("pk"),
            )
        )
    )


def series_list_public(*, bodies: bool = True) -> QuerySet[DocumentSeries]:
    """Series with at least one public version, each with its public versions
    (oldest first), systems and associations prefetched.

    ``bodies=False`` leaves the versions' bodies unread, for lists that never show
    them (a body is most of a version's size).
    """
    public_versions = version_list_public()
    listed_versions = public_versions.order_by("update_index")
    if not bodies:
        listed_versions = listed_versions.defer("body", "section_state")
    return (
        DocumentSeries.objects.filter(
            Exists(public_versions.filter(series=OuterRef("pk")))
        )
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=listed_versions,
                to_attr="public_versions",
            ),
            "systems",
            Prefetch(
                "associations",
                queryset=Association.objects.order_by("kind", "position"),
            ),
        )
        .order_by("agency", "component", "kind", "number")
    )


def version_get_by_identifier(identifier: Identifier) -> DocumentVersion | None:
    """The version an identifier names, whatever its status (no letter: the
    original), with its series and organization loaded."""
    series = identifier.series
    return (
        DocumentVersion.objects.select_related("series__organization")
        .filter(
            series__agency=series.agency,
            series__component=series.component or "",
            series__kind=series.kind.value,
            series__number=series.number,
            update_letter=identifier.update,
        )
        .first()
    )
