"""Queries over privacy documents. What the public may see is decided here, once."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from privdocs.documents.models import (
    PUBLIC_STATUSES,
    Association,
    DocumentSeries,
    DocumentVersion,
)


def version_list_public() -> QuerySet[DocumentVersion]:
    """Versions the public may see: published, previous and retired ones."""
    return DocumentVersion.objects.filter(status__in=PUBLIC_STATUSES)


def series_list_public() -> QuerySet[DocumentSeries]:
    """Series with at least one public version, each with its public versions
    (oldest first), systems and associations prefetched."""
    public_versions = version_list_public()
    return (
        DocumentSeries.objects.filter(
            Exists(public_versions.filter(series=OuterRef("pk")))
        )
        .select_related("organization")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=public_versions.order_by("update_index"),
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
