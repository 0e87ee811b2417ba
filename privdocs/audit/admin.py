"""The audit log in the admin: browse, filter, export; never add, change or delete."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse

from privdocs.audit.exports import export_audit
from privdocs.audit.models import AuditEvent
from privdocs.audit.services import audit_record


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    list_display = ["sequence", "occurred_at", "actor_label", "action", "summary"]
    list_filter = ["action", "object_type"]
    search_fields = ["summary", "actor_label", "object_id"]
    date_hierarchy = "occurred_at"
    actions = ["export_all_csv"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    def has_delete_permission(
        self, request: HttpRequest, obj: AuditEvent | None = None
    ) -> bool:
        return False

    @admin.action(description="Export the whole audit log as CSV")
    def export_all_csv(
        self, request: HttpRequest, queryset: QuerySet[AuditEvent]
    ) -> HttpResponse:
        # The whole chain, not the selection: a partial export cannot be verified.
        buffer = io.StringIO()
        export_audit(buffer, "csv")
        response = HttpResponse(buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
        return response


def _plain(value: Any) -> Any:
    """A form value as JSON can hold it: objects by their names, sets as sorted lists."""
    if isinstance(value, QuerySet | list | tuple | set):
        return sorted(str(item) for item in value)
    if isinstance(value, models.Model):
        return str(value)
    return value


class AuditedAdminMixin:
    """Record every admin add, change and delete in the audit log, with its fields."""

    def save_model(
        self, request: HttpRequest, obj: Any, form: ModelForm[Any], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)  # type: ignore[misc]
        changed = [name for name in form.changed_data if name in form.fields]
        audit_record(
            actor=request.user,
            action="admin.change" if change else "admin.add",
            object_type=obj._meta.label,
            object_id=obj.pk,
            summary=f"{'Changed' if change else 'Added'} {obj._meta.verbose_name} {obj}",
            # Many-to-many fields are saved after this, so read the form, not obj.
            changes={name: _plain(form.cleaned_data.get(name)) for name in changed},
        )

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        label, pk, text = obj._meta.label, obj.pk, str(obj)
        super().delete_model(request, obj)  # type: ignore[misc]
        audit_record(
            actor=request.user,
            action="admin.delete",
            object_type=label,
            object_id=pk,
            summary=f"Deleted {obj._meta.verbose_name} {text}",
        )

    def save_formset(
        self, request: HttpRequest, form: ModelForm[Any], formset: Any, change: bool
    ) -> None:
        # Inline rows (a series' versions, a version's files) are saved here, not
        # in save_model: record each added, changed and deleted row too.
        super().save_formset(request, form, formset, change)  # type: ignore[misc]
        for inline_form in formset.forms:
            obj = inline_form.instance
            if obj.pk is None or not inline_form.has_changed():
                continue
            if obj in formset.deleted_objects:
                continue
            audit_record(
                actor=request.user,
                action="admin.change" if inline_form.initial else "admin.add",
                object_type=obj._meta.label,
                object_id=obj.pk,
                summary=f"Edited {obj._meta.verbose_name} {obj} (inline)",
                changes={
                    name: _plain(inline_form.cleaned_data.get(name))
                    for name in inline_form.changed_data
                },
            )
        for obj in formset.deleted_objects:
            audit_record(
                actor=request.user,
                action="admin.delete",
                object_type=obj._meta.label,
                summary=f"Deleted {obj._meta.verbose_name} {obj} (inline)",
            )

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        for obj in queryset:
            self.delete_model(request, obj)
