"""Admin screens for organizations and systems."""

from __future__ import annotations

from django.contrib import admin

from privdocs.access.adminsite import OrganizationScopedAdmin
from privdocs.audit.admin import AuditedAdminMixin
from privdocs.documents.admin_indexing import SearchIndexedAdminMixin
from privdocs.inventory.models import Organization, System


@admin.register(Organization)
class OrganizationAdmin(
    OrganizationScopedAdmin,
    SearchIndexedAdminMixin,
    AuditedAdminMixin,
    admin.ModelAdmin[Organization],
):
    organization_path = "pk"
    list_display = ["acronym", "name", "parent"]
    list_filter = ["parent"]
    search_fields = ["acronym", "name"]
    prepopulated_fields = {"slug": ["acronym"]}


@admin.register(System)
class SystemAdmin(
    OrganizationScopedAdmin,
    SearchIndexedAdminMixin,
    AuditedAdminMixin,
    admin.ModelAdmin[System],
):
    list_display = ["name", "acronym", "organization", "lifecycle"]
    list_filter = ["organization", "lifecycle"]
    search_fields = ["name", "acronym", "description"]
    prepopulated_fields = {"slug": ["name"]}
