"""One import is one change set: the file it read and every value it changed."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models


class ChangeSet(models.Model):
    """One run of ``privdocs import``: the file, its sha256, who ran it, the counts."""

    source = models.CharField(max_length=500)
    sha256 = models.CharField(max_length=64)
    format = models.CharField(max_length=16, help_text="page or catalog")
    actor_label = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict, blank=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-pk"]

    def __str__(self) -> str:
        return f"import {self.pk}: {self.source}"


class Change(models.Model):
    """What one import did to one row: created it, changed fields, or deleted it.

    ``before`` and ``after`` hold the changed fields by attribute name
    (``organization_id``, ``status``; ``systems`` for a series' systems, as a
    sorted list of primary keys), as JSON.
    """

    class Operation(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"

    change_set = models.ForeignKey(
        ChangeSet, on_delete=models.CASCADE, related_name="changes"
    )
    position = models.PositiveIntegerField()
    model = models.CharField(max_length=64, help_text="app_label.modelname")
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300, help_text="How a person names the row.")
    operation = models.CharField(max_length=8, choices=Operation.choices)
    before = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        ordering = ["change_set", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["change_set", "position"], name="change_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_operation_display()} {self.label}"
