"""Admin edits keep the search index in step, as the services do for imports."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.forms import ModelForm
from django.http import HttpRequest

from privdocs.documents.models import DocumentSeries, DocumentVersion
from privdocs.inventory.models import Organization, System
from privdocs.search.services import search_index_versions


def versions_touched(obj: Model) -> list[int]:
    """Ids of the versions whose index rows show something of this object."""
    versions = DocumentVersion.objects.all()
    if isinstance(obj, DocumentVersion):
        return [obj.pk]
    if isinstance(obj, DocumentSeries):
        versions = versions.filter(series=obj)
    elif isinstance(obj, System):
        versions = versions.filter(series__systems=obj)
    elif isinstance(obj, Organization):
        versions = versions.filter(series__organization=obj)
    else:
        return []
    return list(versions.values_list("pk", flat=True))


class SearchIndexedAdminMixin:
    """Refresh the index rows an admin edit touched: after the inlines and
    many-to-many fields are saved, and after a delete."""

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        search_index_versions(versions_touched(form.instance))

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        touched = versions_touched(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        search_index_versions(touched)
