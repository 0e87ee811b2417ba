"""A system's privacy threshold analysis (PTA) and the determination made on it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from privdocs.documents.models import DocumentSeries, DocumentVersion
from privdocs.inventory.models import System


class ThresholdAnalysis(models.Model):
    """A PTA: a program owner's answers about a system, awaiting or holding a determination."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Awaiting determination"
        DETERMINED = "determined", "Determined"

    system = models.ForeignKey(
        System, on_delete=models.PROTECT, related_name="threshold_analyses"
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    answers = models.JSONField(default=dict, blank=True)
    template_version = models.CharField(max_length=64)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="pta_participations",
        help_text="The PTA's authors: who started it, saved its answers or was "
        "invited; they alone change it, and none of them confirms its determination.",
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "privacy threshold analysis"
        verbose_name_plural = "privacy threshold analyses"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"PTA for {self.system} ({self.get_status_display()})"


class Requirement(models.TextChoices):
    """What a determination says of a PIA or a SORN."""

    NONE = "none", "Not required"
    NEW = "new", "New document required"
    UPDATE = "update", "Update of an existing document required"
    COVERED = "covered", "Covered by an existing document"


class Determination(models.Model):
    """What a PTA concluded: the rules' proposal, and the privacy officer's decision."""

    analysis = models.OneToOneField(
        ThresholdAnalysis, on_delete=models.CASCADE, related_name="determination"
    )
    #: The rules' proposal as they made it, kept even when the officer overrides it.
    proposed = models.JSONField(default=dict)
    privacy_sensitive = models.BooleanField()
    pia = models.CharField(max_length=8, choices=Requirement.choices)
    pia_series = models.ForeignKey(
        DocumentSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    pia_identifier = models.CharField(max_length=64, blank=True)
    sorn = models.CharField(max_length=8, choices=Requirement.choices)
    sorn_series = models.ForeignKey(
        DocumentSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sorn_identifier = models.CharField(max_length=64, blank=True)
    flags = models.JSONField(default=list, blank=True)
    reasons = models.JSONField(default=list, blank=True)
    overridden = models.BooleanField(default=False)
    comment = models.TextField(blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    #: The day of the last re-certification reminder (one before, one after expiry).
    recertify_reminded_on = models.DateField(null=True, blank=True)
    #: The drafts opened from this determination (one PIA, one SORN at most).
    pia_version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sorn_version = models.ForeignKey(
        DocumentVersion,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-confirmed_at", "-pk"]

    def __str__(self) -> str:
        return f"Determination on {self.analysis}"
