"""The audit log: who changed what, when, chained so tampering shows."""

from __future__ import annotations

from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "privdocs.audit"
    verbose_name = "Audit log"
