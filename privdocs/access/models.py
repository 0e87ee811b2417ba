"""Memberships: a user's role in an organization (and, through the tree, below it)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from privdocs.inventory.models import Organization


class Role(models.TextChoices):
    """The roles of a privacy office, from drafting to approving."""

    AUTHOR = "author", "Author"
    REVIEWER = "reviewer", "Component privacy officer"
    APPROVER = "approver", "Chief privacy officer"
    ADMINISTRATOR = "administrator", "Administrator"


class Membership(models.Model):
    """A user holds a role in an organization and in every organization below it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__acronym", "user__username", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.organization.acronym}"
