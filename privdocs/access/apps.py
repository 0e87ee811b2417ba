"""Who may do what: users' roles in organizations, and the permission rules."""

from __future__ import annotations

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "privdocs.access"
    verbose_name = "Access"
