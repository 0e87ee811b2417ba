"""Privacy documents: series, versions, associations, files."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "privdocs.documents"
    label = "documents"
    verbose_name = "Privacy documents"
