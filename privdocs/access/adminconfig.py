"""``django.contrib.admin`` with privdocs' admin site (a module of its own: an
app's configuration is imported before any model may be)."""

from __future__ import annotations

from django.contrib.admin.apps import AdminConfig


class RegistryAdminConfig(AdminConfig):
    """Django's admin app, with RegistryAdminSite as ``admin.site``."""

    default_site = "privdocs.access.adminsite.RegistryAdminSite"
