"""Admin screens for PTAs and determinations: browse them; the workspace changes them."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from privdocs.assessments.models import Determination, ThresholdAnalysis

DETERMINATION_FIELDS: tuple[str, ...] = (
    "privacy_sensitive",
    "pia",
    "pia_identifier",
    "sorn",
    "sorn_identifier",
    "flags",
    "reasons",
    "overridden",
    "comment",
    "officer",
    "confirmed_at",
    "expires_on",
)


class DeterminationInline(admin.StackedInline[Determination, ThresholdAnalysis]):
    model = Determination
    fields = DETERMINATION_FIELDS
    readonly_fields = DETERMINATION_FIELDS
    can_delete = False
    extra = 0


@admin.register(ThresholdAnalysis)
class ThresholdAnalysisAdmin(admin.ModelAdmin[ThresholdAnalysis]):
    list_display = ["__str__", "system", "status", "author", "submitted_at"]
    list_filter = ["status", "system__organization"]
    search_fields = ["system__name", "system__acronym"]
    list_select_related = ["system", "author"]
    readonly_fields = [
        "system",
        "status",
        "answers",
        "template_version",
        "author",
        "submitted_at",
    ]
    inlines = [DeterminationInline]

    # PTAs change through the workspace's services (audited, permission-checked).
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(
        self, request: HttpRequest, obj: ThresholdAnalysis | None = None
    ) -> bool:
        return False
