"""The stored templates: one row per (key, version), never edited in place once used."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from privdocs.documents.models import Kind


class Template(models.Model):
    """One version of a questionnaire template, its definition kept as parsed data.

    A document names the template it was written in by ``reference``
    (``dhs-pia@2010.1``, kept in ``DocumentVersion.template_version``), so the
    definition of a stored version does not change: new wording is a new version.
    """

    key = models.SlugField(max_length=64, help_text="For example dhs-pia.")
    version = models.CharField(max_length=32, help_text="For example 2010.1.")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=8, choices=Kind.choices)
    definition = models.JSONField(
        help_text="Sections and questions, as checked by the template parser."
    )
    is_active = models.BooleanField(
        default=True, help_text="Offered for new documents of its kind."
    )
    builtin = models.BooleanField(
        default=False, help_text="Shipped with privdocs and loaded on migrate."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["kind", "key", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "version"], name="template_key_version_unique"
            )
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        """``dhs-pia@2010.1``: what a document stores to name this template."""
        return f"{self.key}@{self.version}"
