"""Filters the reading room's templates use to write sizes and statuses as readers expect."""

from __future__ import annotations

from django import template

from privdocs.documents.models import Status
from privdocs.readingroom.listings import size_human

register = template.Library()


@register.filter
def filesize(size_bytes: int | None) -> str:
    """ "167 KB", as published pages write a file's size."""
    return size_human(size_bytes)


@register.filter
def status_label(status: str) -> str:
    """The reader's words for a status: "Previous version" for superseded."""
    try:
        return str(Status(status).label)
    except ValueError:
        return status


@register.filter
def get_count(counts: dict[str, int] | None, key: object) -> int:
    """The count a facet gives a value (0 when the facet does not list it)."""
    if not counts:
        return 0
    return counts.get(str(key), 0)
