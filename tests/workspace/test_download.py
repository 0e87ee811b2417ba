"""Downloading a version as a Word file from the workspace: who may, what they get."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import docx
import pytest
from django.urls import reverse

from privdocs.access.selectors import NOT_YOURS_OR_MISSING
from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.workflow import version_submit
from privdocs.formats.docx_document import DOCX_CONTENT_TYPE, DRAFT_MARKING
from tests.workspace.conftest import ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

OpenDraft = Callable[..., DocumentVersion]


def download_url(version: DocumentVersion) -> str:
    """The address of the version's Word file."""
    return reverse("workspace:document_docx", kwargs={"pk": version.pk})


def filename_of(version: DocumentVersion) -> str:
    """``DHS/ICE/PIA-001`` is downloaded as ``DHS-ICE-PIA-001.docx``."""
    return str(version).replace("/", "-") + ".docx"


class TestDownload:
    def test_a_participant_downloads_the_draft(
        self,
        client_for: ClientFor,
        open_draft: OpenDraft,
        django_assert_max_num_queries: Any,
    ) -> None:
        """The author taking part gets the Word file of the draft, as an attachment
        named after the identifier, marked as a draft, not kept in caches; a
        few queries whatever the document's length."""
        version = open_draft(complete=True)
        client = client_for("author")
        with django_assert_max_num_queries(10):
            response = client.get(download_url(version))
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX_CONTENT_TYPE
        assert response["Content-Disposition"] == (
            f'attachment; filename="{filename_of(version)}"'
        )
        assert "no-store" in response["Cache-Control"]
        document = docx.Document(io.BytesIO(response.content))
        assert document.sections[0].header.paragraphs[0].text == DRAFT_MARKING
        headings = [
            p.text
            for p in document.paragraphs
            if p.style is not None and p.style.name == "Heading 1"
        ]
        assert "2.0 Characterization of the Information" in headings
        assert len(document.tables) >= 1

    def test_a_reviewer_downloads_what_is_in_review(
        self, client_for: ClientFor, personas: Personas, open_draft: OpenDraft
    ) -> None:
        """The component's reviewer downloads a version submitted for review."""
        version = open_draft(complete=True)
        version_submit(actor=user_of(personas, "author"), version=version)
        response = client_for("reviewer").get(download_url(version))
        assert response.status_code == 200
        assert response["Content-Type"] == DOCX_CONTENT_TYPE
        assert filename_of(version) in response["Content-Disposition"]

    def test_an_outsider_is_refused(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A reviewer of another component may not read the draft, so gets the 404
        page a missing document gets, not the file."""
        version = open_draft()
        response = client_for("outsider").get(download_url(version))
        assert response.status_code == 404
        assert response["Content-Type"].startswith("text/html")
        assert NOT_YOURS_OR_MISSING in response.content.decode()
        assert str(version) not in response.content.decode()

    def test_the_anonymous_public_is_sent_to_sign_in(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Without signing in, the download sends to the sign-in page."""
        response = client_for("anonymous").get(download_url(open_draft()))
        assert response.status_code == 302
        assert reverse("workspace:login") in response["Location"]

    def test_a_version_without_a_template_is_not_found(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A version that names no template privdocs has (an imported one) has no
        answers to write: 404, saying so."""
        version = open_draft()
        DocumentVersion.objects.filter(pk=version.pk).update(template_version="")
        response = client_for("author").get(download_url(version))
        assert response.status_code == 404
        assert b"not written in a template privdocs knows" in response.content

    def test_the_document_page_links_to_the_download(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """The document page offers the Word file when the version has a template,
        and not when it has none."""
        version = open_draft()
        client = client_for("author")
        page = client.get(reverse("workspace:document", kwargs={"pk": version.pk}))
        assert download_url(version).encode() in page.content
        DocumentVersion.objects.filter(pk=version.pk).update(template_version="")
        page = client.get(reverse("workspace:document", kwargs={"pk": version.pk}))
        assert download_url(version).encode() not in page.content
