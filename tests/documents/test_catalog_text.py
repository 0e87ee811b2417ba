"""An import that states a version's text, cover, notice and files writes them;
one that does not leaves them alone; undo takes them back."""

from __future__ import annotations

import dataclasses
import datetime
import io

import pytest

from privdocs.documents.blobs import blob_open, blob_put
from privdocs.documents.models import Attachment, DocumentVersion, VersionSection
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import (
    ContactRecord,
    CoverRecord,
    FileRecord,
    NoticeRecord,
    SectionRecord,
)
from privdocs.imports.services import change_set_undo
from tests.factories import catalog, series, version

pytestmark = pytest.mark.django_db

PDF_BYTES = b"%PDF-1.7 a small stand-in for a PDF\n"


def _with_text(pages: int = 3):  # type: ignore[no-untyped-def]
    blob = blob_put(io.BytesIO(PDF_BYTES))
    return dataclasses.replace(
        version("DHS/ICE/PIA-039"),
        sections=(
            SectionRecord("Abstract", "Harbor inspections are recorded."),
            SectionRecord("Authorities", "8 U.S.C. 1103.", number="1.0", page=2),
        ),
        sections_template="dhs-pia@2010.1",
        cover=CoverRecord(
            contact_points=(
                ContactRecord(name="Pat Doe", email=None, phone="202-555-0100"),
            ),
            reviewing_official=ContactRecord(
                name="Lee Roe", title="Chief Privacy Officer"
            ),
        ),
        files=(
            FileRecord(
                name=blob.name,
                filename="privacy-pia-ice-039.pdf",
                sha256=blob.sha256,
                size_bytes=blob.size_bytes,
                content_type="application/pdf",
                pages=pages,
            ),
        ),
    )


def test_a_stated_text_cover_and_file_are_written_once() -> None:
    record = _with_text()
    first = catalog_apply(record=catalog(series("DHS/ICE/PIA-039", record)))
    again = catalog_apply(record=catalog(series("DHS/ICE/PIA-039", record)))

    stored = DocumentVersion.objects.get()
    assert [(s.number, s.heading, s.page) for s in stored.text_sections.all()] == [
        ("", "Abstract", None),
        ("1.0", "Authorities", 2),
    ]
    assert stored.sections_template == "dhs-pia@2010.1"
    assert stored.cover == {
        "contact_points": [{"name": "Pat Doe", "phone": "202-555-0100"}],
        "reviewing_official": {"name": "Lee Roe", "title": "Chief Privacy Officer"},
    }
    attachment = Attachment.objects.get()
    assert attachment.filename == "privacy-pia-ice-039.pdf"
    assert attachment.file.name.startswith("blobs/")
    with blob_open(attachment.file.name) as kept:
        assert kept.read() == PDF_BYTES
    assert first.counts["files"]["created"] == 1
    assert not again.changed


def test_a_listing_without_text_leaves_the_text_alone() -> None:
    catalog_apply(record=catalog(series("DHS/ICE/PIA-039", _with_text())))
    catalog_apply(record=catalog(series("DHS/ICE/PIA-039", version("DHS/ICE/PIA-039"))))
    assert VersionSection.objects.count() == 2
    assert Attachment.objects.count() == 1
    assert DocumentVersion.objects.get().cover != {}


def test_a_notice_fills_the_sorn_fields() -> None:
    record = dataclasses.replace(
        version("DHS/ICE-011"),
        citation="85 FR 80806",
        notice=NoticeRecord(
            fr_document_number="2020-27346",
            action="modified",
            comment_deadline=datetime.date(2021, 1, 13),
            effective_date=datetime.date(2021, 1, 13),
        ),
    )
    catalog_apply(record=catalog(series("DHS/ICE-011", record)))
    stored = DocumentVersion.objects.get()
    assert (stored.citation, stored.fr_document_number, stored.action) == (
        "85 FR 80806",
        "2020-27346",
        "modified",
    )
    assert stored.effective_date == datetime.date(2021, 1, 13)


def test_undo_takes_the_sections_and_files_back() -> None:
    catalog_apply(record=catalog(series("DHS/ICE/PIA-039", version("DHS/ICE/PIA-039"))))
    summary = catalog_apply(record=catalog(series("DHS/ICE/PIA-039", _with_text())))
    assert summary.change_set is not None
    change_set_undo(change_set_id=summary.change_set.pk, actor_label="test")
    assert VersionSection.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert DocumentVersion.objects.get().cover == {}


def test_a_heading_longer_than_the_column_is_not_rewritten_on_every_import() -> None:
    long_heading = "Privacy Impact Analysis: " + "retention " * 60
    record = dataclasses.replace(
        version("DHS/ICE/PIA-039"),
        sections=(SectionRecord(long_heading, "Kept six years.", number="5.0"),),
    )
    catalog_apply(record=catalog(series("DHS/ICE/PIA-039", record)))
    again = catalog_apply(record=catalog(series("DHS/ICE/PIA-039", record)))
    assert len(VersionSection.objects.get().heading) == 500
    assert not again.changed
