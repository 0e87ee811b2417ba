"""The questionnaires app: templates (PTA, PIA, SORN, DPIA) as data, loaded on migrate."""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import DEFAULT_DB_ALIAS
from django.db.models.signals import post_migrate


def _sync_builtin_templates(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Load the shipped templates after ``migrate``, so every database has them."""
    from django.db import connections

    from privdocs.questionnaires.models import Template
    from privdocs.questionnaires.services import template_sync_builtin

    # Migrating this app back to zero also ends in post_migrate: no table, no load.
    if Template._meta.db_table not in connections[using].introspection.table_names():
        return
    template_sync_builtin(using=using, audited=False)


class QuestionnairesConfig(AppConfig):
    name = "privdocs.questionnaires"
    label = "questionnaires"
    verbose_name = "Templates"

    def ready(self) -> None:
        post_migrate.connect(
            _sync_builtin_templates,
            sender=self,
            dispatch_uid="privdocs.questionnaires.sync_builtin_templates",
        )
