"""One row per change of state or content, each chained to the one before by a hash."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """An append-only entry: who did what to which object, and the hash that seals it.

    ``hash`` covers every other field and ``previous_hash``, so changing, removing
    or reordering any entry breaks the chain that ``privdocs audit verify`` checks.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="audit_events",
    )
    # Kept apart from the foreign key: the entry must still say who it was after
    # the account is deleted, and imports run without a user.
    actor_label = models.CharField(max_length=200)
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    summary = models.CharField(max_length=500)
    changes = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["occurred_at"], name="audit_time"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.summary}"
