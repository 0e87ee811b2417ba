"""Privacy threshold analyses and the determinations that follow from them."""

from __future__ import annotations

from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "privdocs.assessments"
    verbose_name = "Assessments"
