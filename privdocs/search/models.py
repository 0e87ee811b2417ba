"""The search index: one row per document version, the text it is found by.

Both engines read these rows. On SQLite an FTS5 table (``search_entry_fts``) indexes
them as its external content; on PostgreSQL a generated ``document`` tsvector
column with a GIN index does. Both are made in the migrations, outside the model,
because neither has a portable Django field.
"""

from __future__ import annotations

from django.db import models

from privdocs.documents.models import DocumentVersion


class SearchEntry(models.Model):
    """What one version is found by, column by column, heaviest first."""

    version = models.OneToOneField(
        DocumentVersion,
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_entry",
    )
    # Words of the identifier in the spellings people type: "DHS ICE PIA 015 g
    # DHS ICE PIA 15 g", so that both "pia-015" and "pia 15" find it.
    identifier = models.TextField()
    title = models.TextField()
    systems = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        db_table = "search_entry"
        verbose_name_plural = "search entries"

    def __str__(self) -> str:
        return f"search entry of version {self.version_id}"
