"""Privacy documents: series, versions, associations, files."""

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "privdocs.documents"
    label = "documents"
    verbose_name = "Privacy documents"

    def ready(self) -> None:
        # Imported here: models are only importable once the app registry is ready.
        from privdocs.documents.revision import connect

        connect()
