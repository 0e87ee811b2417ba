"""Change sets in the admin, read-only: undo is ``privdocs import undo``."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from privdocs.imports.models import Change, ChangeSet


class ChangeInline(admin.TabularInline[Change, ChangeSet]):
    model = Change
    fields = ["position", "operation", "label", "before", "after"]
    readonly_fields = ["position", "operation", "label", "before", "after"]
    extra = 0
    can_delete = False


@admin.register(ChangeSet)
class ChangeSetAdmin(admin.ModelAdmin[ChangeSet]):
    list_display = ["pk", "source", "format", "actor_label", "created_at", "undone_at"]
    readonly_fields = [
        "source",
        "sha256",
        "format",
        "actor_label",
        "created_at",
        "counts",
        "undone_at",
        "undone_by",
    ]
    inlines = [ChangeInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
