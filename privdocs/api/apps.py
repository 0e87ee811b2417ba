"""The JSON API under /api/v1/, described by OpenAPI."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "privdocs.api"
    label = "api"
    verbose_name = "API"
