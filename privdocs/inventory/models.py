"""Organizations (department > component > office) and their information systems."""

from __future__ import annotations

from django.db import models
from django.db.models import Q


class Organization(models.Model):
    """A department, component or office; ``parent`` makes the tree (DHS > ICE)."""

    acronym = models.CharField(
        max_length=32, unique=True, help_text="As used in identifiers, e.g. ICE."
    )
    name = models.CharField(max_length=255)
    slug = models.SlugField(max_length=64, unique=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["acronym"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(acronym=""), name="organization_acronym_not_empty"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.name} ({self.acronym})"
            if self.name != self.acronym
            else self.acronym
        )


class System(models.Model):
    """An information system, program or technology an organization runs."""

    class Lifecycle(models.TextChoices):
        PLANNED = "planned", "Planned"
        DEVELOPMENT = "development", "In development"
        OPERATIONAL = "operational", "Operational"
        RETIRED = "retired", "Retired"
        UNKNOWN = "unknown", "Unknown"

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="systems"
    )
    name = models.CharField(max_length=255)
    acronym = models.CharField(max_length=64, blank=True)
    slug = models.SlugField(max_length=128)
    description = models.TextField(blank=True)
    lifecycle = models.CharField(
        max_length=16, choices=Lifecycle.choices, default=Lifecycle.UNKNOWN
    )
    owner_contact = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["organization__acronym", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "slug"], name="system_unique_slug"
            ),
            models.UniqueConstraint(
                fields=["organization", "acronym"],
                condition=~Q(acronym=""),
                name="system_unique_acronym",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def label(self) -> str:
        """What the catalog export names a system by: its acronym, else its name."""
        return self.acronym or self.name
