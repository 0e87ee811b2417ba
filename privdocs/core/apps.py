"""The core app: errors, shared base templates and the command-line entry points."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "privdocs.core"
    label = "core"
    verbose_name = "privdocs core"
