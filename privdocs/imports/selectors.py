"""Questions about past imports: which there were, and what one changed."""

from __future__ import annotations

from django.db.models import QuerySet

from privdocs.core.errors import NotFoundError
from privdocs.imports.models import ChangeSet
from privdocs.imports.services import NOT_FOUND


def change_set_list() -> QuerySet[ChangeSet]:
    """Every import, newest first."""
    return ChangeSet.objects.order_by("-pk")


def change_set_get(*, change_set_id: int) -> ChangeSet:
    """One import, or NotFoundError naming the number."""
    found = ChangeSet.objects.filter(pk=change_set_id).first()
    if found is None:
        raise NotFoundError(NOT_FOUND.format(id=change_set_id))
    return found
