"""Imports as change sets: what each import changed, so that it can be listed and undone."""

from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "privdocs.imports"
    label = "imports"
    verbose_name = "Imports"
