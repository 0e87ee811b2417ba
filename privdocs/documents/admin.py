"""Admin screens for series, versions, files and associations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from privdocs.audit.admin import AuditedAdminMixin
from privdocs.documents.admin_indexing import SearchIndexedAdminMixin
from privdocs.documents.models import (
    Association,
    Attachment,
    DocumentSeries,
    DocumentVersion,
    ReviewComment,
    Transition,
)
from privdocs.documents.revision import catalog_revision_bump_on_commit


class CatalogRevisionAdminMixin:
    """An admin edit of a series or a version may change what the reading room
    shows: bump the catalog revision (series and versions send no signal for it)."""

    def save_related(
        self, request: HttpRequest, form: ModelForm[Any], formsets: Any, change: bool
    ) -> None:
        super().save_related(request, form, formsets, change)  # type: ignore[misc]
        catalog_revision_bump_on_commit()

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        super().delete_model(request, obj)  # type: ignore[misc]
        catalog_revision_bump_on_commit()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)  # type: ignore[misc]
        catalog_revision_bump_on_commit()


class VersionInline(admin.TabularInline[DocumentVersion, DocumentSeries]):
    model = DocumentVersion
    fields = ["update_letter", "title", "status", "published_on", "pages", "size_bytes"]
    readonly_fields = ["status"]
    extra = 0
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # A version is born in the workspace or an import, through the one door.
        return False


class AssociationInline(admin.TabularInline[Association, DocumentSeries]):
    model = Association
    fk_name = "source"
    fields = ["kind", "target_identifier", "title", "citation", "cited_on", "target"]
    raw_id_fields = ["target"]
    extra = 0


class TransitionInline(admin.TabularInline[Transition, DocumentVersion]):
    model = Transition
    fields = readonly_fields = (
        "occurred_at",
        "step",
        "from_status",
        "to_status",
        "actor",
        "actor_label",
        "comment",
    )
    can_delete = False
    extra = 0
    max_num = 0

    @admin.display(description="step")
    def step(self, obj: Transition) -> str:
        """The step in words ("Opened as a draft"), so a creation's empty
        "from" status reads as what it is."""
        return obj.step


class CommentInline(admin.TabularInline[ReviewComment, DocumentVersion]):
    model = ReviewComment
    fields = readonly_fields = (
        "section_id",
        "author",
        "body",
        "created_at",
        "resolved_at",
    )
    can_delete = False
    extra = 0
    max_num = 0


class AttachmentInline(admin.TabularInline[Attachment, DocumentVersion]):
    model = Attachment
    fields = ["filename", "content_type", "pages", "size_bytes", "sha256"]
    extra = 0


@admin.register(DocumentSeries)
class DocumentSeriesAdmin(
    CatalogRevisionAdminMixin,
    SearchIndexedAdminMixin,
    AuditedAdminMixin,
    admin.ModelAdmin[DocumentSeries],
):
    list_display = ["__str__", "title", "kind", "organization"]
    list_filter = ["kind", "organization"]
    search_fields = ["title", "number", "component"]
    filter_horizontal = ["systems"]
    inlines = [VersionInline, AssociationInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(
    CatalogRevisionAdminMixin,
    SearchIndexedAdminMixin,
    AuditedAdminMixin,
    admin.ModelAdmin[DocumentVersion],
):
    list_display = ["__str__", "title", "status", "published_on", "pages", "size_bytes"]
    list_filter = ["status", "series__kind", "series__organization"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_on"
    list_select_related = ["series"]
    # Status changes go through the workflow services, never a bare edit. The
    # answers and the participants too: the editor records who writes, and who
    # writes may not review or approve, so neither is edited where nobody is recorded.
    readonly_fields = [
        "status",
        "update_index",
        "section_state",
        "body",
        "participants",
    ]
    inlines = [AttachmentInline, TransitionInline, CommentInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A version is born in the workspace or an import, through the one door
        # (a Transition from no status); the admin edits what exists.
        return False
