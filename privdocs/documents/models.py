"""Privacy document series, their versions, attached files and associations.

The fields that make an identifier (agency, component, kind, number, update letter)
are stored apart; ``privdocs.documents.identifiers`` formats them. Nothing here
slices identifier strings.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from privdocs.documents.identifiers import DocumentKind, Identifier
from privdocs.inventory.models import Organization, System


class Kind(models.TextChoices):
    """The kinds of privacy document a series can hold."""

    PTA = DocumentKind.PTA.value, "Privacy Threshold Analysis"
    PIA = DocumentKind.PIA.value, "Privacy Impact Assessment"
    SORN = DocumentKind.SORN.value, "System of Records Notice"
    PCR = DocumentKind.PCR.value, "Privacy Compliance Review"
    DPIA = DocumentKind.DPIA.value, "Data Protection Impact Assessment"


class DatePrecision(models.TextChoices):
    """How much of a date the source gave: a PCR of "June 2014" is a month."""

    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class NoticeAction(models.TextChoices):
    """What a SORN notice does, from its ACTION line."""

    NEW = "new", "New system of records"
    MODIFIED = "modified", "Modified system of records"
    RESCINDED = "rescinded", "Rescinded system of records"


class Status(models.TextChoices):
    """Where a version stands. Only ``documents.services.state`` assigns it."""

    DRAFT = "draft", "Draft"
    COMPONENT_REVIEW = "component_review", "In component review"
    DEPARTMENT_REVIEW = "department_review", "In department review"
    APPROVED = "approved", "Approved"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Previous version"
    RETIRED = "retired", "Retired"


#: Statuses the public may see (the reading room's one gate uses this).
PUBLIC_STATUSES = (Status.PUBLISHED, Status.SUPERSEDED, Status.RETIRED)


#: The last part of the original version's own address: ``/dhs/ice/pia-015/original/``.
ORIGINAL_PATH_PART = "original"


def document_url(identifier: Identifier, *, original: bool = False) -> str:
    """The reading-room URL of a series or version, stable across re-imports.

    ``original`` names the letterless first version itself rather than the series,
    whose address shows the version in force."""
    parts = identifier.path_parts()
    if original and not identifier.update:
        parts = (*parts, ORIGINAL_PATH_PART)
    return reverse("readingroom:document", kwargs={"path": "/".join(parts)})


class DocumentSeries(models.Model):
    """One numbered line of documents, such as DHS/ICE/PIA-015 or DHS/ICE-011."""

    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="series"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    agency = models.CharField(
        max_length=32, help_text="First part of the identifier, e.g. DHS."
    )
    component = models.CharField(
        max_length=32,
        blank=True,
        help_text="Second part, e.g. ICE; empty when the scheme has none.",
    )
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=500, blank=True)
    systems = models.ManyToManyField(System, blank=True, related_name="series")
    sections = models.JSONField(
        default=list,
        blank=True,
        help_text="Association sections the source page showed (SORN, PCR, PREVIOUS), even empty.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "document series"
        ordering = ["agency", "component", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "component", "kind", "number"],
                name="series_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return str(self.identifier)

    def get_absolute_url(self) -> str:
        """The series' permanent reading-room URL: ``/dhs/ice/pia-015/``."""
        return document_url(self.identifier)

    @property
    def identifier(self) -> Identifier:
        """The series identifier, without update letter."""
        return Identifier(
            agency=self.agency,
            component=self.component or None,
            kind=DocumentKind(self.kind),
            number=self.number,
        )


class DocumentVersion(models.Model):
    """One issue of a series: the original (letter "") or a lettered update."""

    series = models.ForeignKey(
        DocumentSeries, on_delete=models.CASCADE, related_name="versions"
    )
    update_letter = models.CharField(max_length=8, blank=True)
    # The position of the letter ("" 0, a 1, ..., z 26, aa 27): sortable in SQL.
    update_index = models.PositiveIntegerField()
    title = models.CharField(max_length=500)
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    retired_on = models.DateField(null=True, blank=True)
    retired_reason = models.TextField(blank=True)
    next_review_on = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    body = models.JSONField(
        default=dict,
        blank=True,
        help_text="Answers to the template's questions, by question id.",
    )
    template_version = models.CharField(max_length=64, blank=True)
    # Per section: the revision, who saved it and when; a save names the revision it
    # started from, so two people saving one section are told (no silent overwrite).
    section_state = models.JSONField(default=dict, blank=True)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="versions_taken_part",
        help_text="The draft's authors: who opened it, saved a section or was "
        "invited; none of them reviews or approves it.",
    )
    # Coverage a draft proposes (an update opened from a PTA of another system) is
    # the draft's alone: the series covers these systems once the version is
    # published, never before (a draft's system is not public).
    proposed_systems = models.ManyToManyField(
        System,
        blank=True,
        related_name="proposed_by",
        help_text="Systems this version adds to its series' coverage when published.",
    )
    review_reminded_on = models.DateField(null=True, blank=True)
    # The cover of a document read from its file: contact points and reviewing
    # official, each {name, title, office, email, phone}; a key not stated is absent.
    cover = models.JSONField(default=dict, blank=True)
    sections_template = models.CharField(
        max_length=64,
        blank=True,
        help_text="The template the text sections matched (dhs-pia@2010.1); empty "
        "when the headings are kept as found.",
    )
    # A SORN version's Federal Register notice.
    citation = models.CharField(
        max_length=32, blank=True, help_text="Federal Register citation: 85 FR 80806."
    )
    fr_document_number = models.CharField(
        max_length=32,
        blank=True,
        help_text="Federal Register document number: 2020-27346.",
    )
    action = models.CharField(max_length=12, choices=NoticeAction.choices, blank=True)
    comment_deadline = models.DateField(null=True, blank=True)
    effective_date = models.DateField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["series", "update_index"]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "update_letter"], name="version_unique_letter"
            ),
            models.UniqueConstraint(
                fields=["series", "update_index"], name="version_unique_index"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "published_on"], name="version_status_date"),
            # "Does this series have a public version?" is asked of every series
            # a page counts or lists; with this index it is answered from the
            # index alone.
            models.Index(fields=["series", "status"], name="version_series_status"),
            # The newest publications (home page, feeds) read from the top of
            # this index, not by sorting every public version.
            models.Index(
                fields=["-published_on", "-id"],
                condition=models.Q(
                    status__in=PUBLIC_STATUSES, published_on__isnull=False
                ),
                name="version_public_recent",
            ),
        ]

    def __str__(self) -> str:
        return str(self.identifier)

    def get_absolute_url(self) -> str:
        """Where a reader finds this version: ``/dhs/ice/pia-015/g/``; the original
        at its series' address while it is the version in force there, at
        ``/dhs/ice/pia-015/original/`` once an update supersedes it."""
        return document_url(self.identifier, original=self.status == Status.SUPERSEDED)

    @property
    def own_url(self) -> str:
        """The address of this version alone, whatever comes after it:
        ``/dhs/ice/pia-015/g/``, and ``/dhs/ice/pia-015/original/`` for the original."""
        return document_url(self.identifier, original=True)

    @property
    def identifier(self) -> Identifier:
        """The full identifier with its update letter."""
        series = self.series.identifier
        return Identifier(
            agency=series.agency,
            component=series.component,
            kind=series.kind,
            number=series.number,
            update=self.update_letter,
        )


class Attachment(models.Model):
    """A file of a version (the published PDF, a DOCX), kept by its sha256.

    ``file`` names the blob in the content-addressed store (``documents.blobs``);
    ``filename`` is only what a reader downloads it as, never a name on disk.
    """

    class Role(models.TextChoices):
        PUBLISHED = "published", "Published file"
        ORIGINAL = "original", "Original (Word)"
        APPENDIX = "appendix", "Appendix"
        DRAFT = "draft", "Draft file"

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="attachments"
    )
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.PUBLISHED)
    position = models.PositiveIntegerField(default=0)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100, default="application/pdf")
    sha256 = models.CharField(max_length=64)
    pages = models.PositiveIntegerField(null=True, blank=True)
    size_bytes = models.PositiveBigIntegerField()
    file = models.FileField(upload_to="blobs/", blank=True, max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "position", "filename"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "sha256"], name="attachment_unique_blob"
            ),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"),
                name="attachment_sha256_hex",
            ),
        ]

    def __str__(self) -> str:
        return self.filename


class VersionSection(models.Model):
    """One section of a version's text as read from its file or notice: what the
    search indexes by section and the page shows under its heading."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="text_sections"
    )
    position = models.PositiveIntegerField()
    number = models.CharField(
        max_length=16, blank=True, help_text="1.0, 2.3; empty for Abstract."
    )
    heading = models.CharField(max_length=500)
    text = models.TextField(blank=True)
    page = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["version", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"], name="section_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.number} {self.heading}".strip()


class Association(models.Model):
    """A link from a series to another document it cites: an associated SORN or PCR,
    or an earlier series it replaces.

    ``target`` is set when the cited series is in the registry; the cited identifier,
    title and Federal Register citation are kept as the source gave them.
    """

    class Relation(models.TextChoices):
        SORN = "SORN", "Associated SORN"
        PCR = "PCR", "Associated PCR"
        REPLACES = "REPLACES", "Replaces"

    source = models.ForeignKey(
        DocumentSeries, on_delete=models.CASCADE, related_name="associations"
    )
    kind = models.CharField(max_length=8, choices=Relation.choices)
    target = models.ForeignKey(
        DocumentSeries,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cited_by",
    )
    target_identifier = models.CharField(max_length=64, blank=True)
    title = models.CharField(max_length=500, blank=True)
    citation = models.CharField(max_length=32, blank=True, help_text="e.g. 73 FR 68435")
    cited_on = models.DateField(null=True, blank=True)
    cited_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["source", "kind", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "target_identifier", "title"],
                name="association_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} → {self.target_identifier or self.title}"


class Transition(models.Model):
    """One step of a version's workflow: who moved it from which status to which."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="transitions"
    )
    # Empty for the step that created the version.
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who it was when no user acted ("import: ice.txt"), and after the account is gone.
    actor_label = models.CharField(max_length=200, blank=True)
    comment = models.TextField(blank=True)
    occurred_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["version", "occurred_at", "pk"]

    def __str__(self) -> str:
        return f"{self.version}: {self.from_status or 'new'} → {self.to_status}"

    @property
    def step(self) -> str:
        """The step in the history's words: "Opened as a draft" for a new draft,
        "Created as published" for a version an import read, "In component review
        from draft" for a move."""
        to_label = Status(self.to_status).label
        if self.from_status:
            return f"{to_label} from {Status(self.from_status).label.lower()}"
        if self.to_status == Status.DRAFT:
            return "Opened as a draft"
        return f"Created as {to_label.lower()}"


class ReviewComment(models.Model):
    """A reviewer's or author's comment on one section; replies make a thread."""

    version = models.ForeignKey(
        DocumentVersion, on_delete=models.CASCADE, related_name="comments"
    )
    section_id = models.CharField(max_length=32)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["version", "section_id", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(body=""), name="comment_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.version} §{self.section_id}: {self.body[:40]}"


class CatalogRevision(models.Model):
    """One row whose number grows after every committed change to organizations,
    series or versions: what the reading room derives from the whole catalog (the
    home page's counts) is cached under it, so a change gives a new key at once."""

    value = models.BigIntegerField(default=1)

    class Meta:
        verbose_name = "catalog revision"

    def __str__(self) -> str:
        return f"Catalog revision {self.value}"
