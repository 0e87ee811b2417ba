"""Admin screen for memberships (administrators grant roles here)."""

from __future__ import annotations

from django.contrib import admin

from privdocs.access.adminsite import OrganizationScopedAdmin
from privdocs.access.models import Membership
from privdocs.audit.admin import AuditedAdminMixin


@admin.register(Membership)
class MembershipAdmin(
    OrganizationScopedAdmin, AuditedAdminMixin, admin.ModelAdmin[Membership]
):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "user__email", "organization__acronym"]
    raw_id_fields = ["user"]
