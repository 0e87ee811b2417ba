"""The Word file of a drafted document: cover, headings, answers of every kind, draft
marking, properties; and ``privdocs export document`` that writes it."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx.document import Document as WordDocument
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st

from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind, Status
from privdocs.documents.services.workflow import draft_open_new
from privdocs.formats.docx_document import (
    DRAFT_MARKING,
    NOT_ANSWERED,
    document_docx,
)
from privdocs.inventory.models import Organization
from privdocs.questionnaires.definition import (
    TemplateDefinition,
    definition_from_yaml,
    definition_parse,
)
from privdocs.questionnaires.selectors import template_get_current
from tests.personas import Tree

DEFINITIONS = (
    Path(__file__).resolve().parents[2] / "privdocs" / "questionnaires" / "definitions"
)
TODAY = datetime.date(2026, 11, 25)

#: A small PIA template with one question of every answer kind.
EVERY_KIND: dict[str, Any] = {
    "key": "test-pia",
    "version": "1",
    "title": "Test PIA",
    "kind": "PIA",
    "sections": [
        {
            "id": "abstract",
            "title": "Abstract",
            "questions": [
                {
                    "id": "A.1",
                    "text": "Summarize the system.",
                    "kind": "text",
                    "fipps": ["transparency"],
                }
            ],
        },
        {
            "id": "1.0",
            "title": "Authorities and Other Requirements",
            "questions": [
                {
                    "id": "1.1",
                    "text": "Which laws allow the collection?",
                    "kind": "list",
                    "fipps": ["purpose_specification"],
                },
                {
                    "id": "1.3",
                    "text": "Is there a security plan?",
                    "kind": "yesno",
                    "fipps": ["security"],
                },
                {
                    "id": "1.4",
                    "text": "When was the plan approved?",
                    "kind": "date",
                    "fipps": ["security"],
                },
                {
                    "id": "1.5",
                    "text": "Is a retention schedule approved?",
                    "kind": "choice",
                    "fipps": ["data_minimization"],
                    "options": [
                        {"value": "approved", "label": "Approved by NARA"},
                        {"value": "pending", "label": "Submitted, not yet approved"},
                    ],
                },
            ],
        },
        {
            "id": "2.0",
            "title": "Characterization of the Information",
            "questions": [
                {
                    "id": "2.2",
                    "text": "From whom is it collected?",
                    "kind": "multichoice",
                    "fipps": ["data_minimization"],
                    "options": [
                        {"value": "public", "label": "Members of the public"},
                        {"value": "employees", "label": "Employees and contractors"},
                        {"value": "other", "label": "Other agencies"},
                    ],
                },
                {
                    "id": "2.5",
                    "text": "Privacy Impact Analysis: risks and mitigations.",
                    "kind": "table",
                    "columns": ["risk", "mitigation"],
                    "fipps": ["data_minimization"],
                },
                {
                    "id": "2.6",
                    "text": "Anything else?",
                    "kind": "text",
                    "fipps": ["transparency"],
                },
            ],
        },
    ],
}

ANSWERS: dict[str, Any] = {
    "A.1": "ICE reads license plates at harbor gates.\nIt keeps them 30 days.\n\n"
    "This PIA is written because the readers are new.",
    "1.1": ["8 U.S.C. 1103", "  ", "19 U.S.C. 1589a"],
    "1.3": False,
    "1.4": "2026-11-02",
    "1.5": "pending",
    "2.2": ["public", "other"],
    "2.5": [
        {"risk": "Plates of passers-by are read.", "mitigation": "Reads expire."},
        {"risk": "", "mitigation": ""},
        {"risk": "Data is shared too widely.", "mitigation": "Role-based access."},
    ],
}


def every_kind() -> TemplateDefinition:
    """The template of every answer kind, parsed."""
    return definition_parse(EVERY_KIND, source="every-kind")


def shipped(name: str) -> TemplateDefinition:
    """A template privdocs ships, parsed from its YAML."""
    path = DEFINITIONS / f"{name}.yaml"
    return definition_from_yaml(path.read_text(encoding="utf-8"), source=path.name)


def version_of(
    *,
    kind: Kind = Kind.PIA,
    letter: str = "",
    status: Status = Status.DRAFT,
    published_on: datetime.date | None = None,
    body: dict[str, Any] | None = None,
    title: str = "Harbor Plate Reader",
    template: str = "test-pia@1",
) -> DocumentVersion:
    """An unsaved version of ICE with its series and organization (no database)."""
    organization = Organization(
        acronym="ICE", name="U.S. Immigration and Customs Enforcement", slug="ice"
    )
    series = DocumentSeries(
        organization=organization,
        kind=kind,
        agency="DHS",
        component="ICE",
        number=40 if kind == Kind.PIA else 11,
        title=title,
    )
    return DocumentVersion(
        series=series,
        update_letter=letter,
        update_index=len(letter),
        title=title,
        status=status,
        published_on=published_on,
        body=ANSWERS if body is None else body,
        template_version=template,
    )


def written(
    version: DocumentVersion, definition: TemplateDefinition | None = None
) -> WordDocument:
    """The file as Word would open it: written, then read back by python-docx."""
    out = io.BytesIO()
    document_docx(version, definition or every_kind(), out, today=TODAY)
    return docx.Document(io.BytesIO(out.getvalue()))


def styled(document: WordDocument, style: str) -> list[str]:
    """The text of the paragraphs in a style, in order."""
    return [p.text for p in document.paragraphs if p.style and p.style.name == style]


def following(document: WordDocument, heading: str) -> list[str]:
    """The text of the paragraphs after a heading, up to the next heading."""
    texts: list[str] = []
    started = False
    for paragraph in document.paragraphs:
        name = paragraph.style.name if paragraph.style else ""
        if started and name.startswith("Heading"):
            break
        if started:
            texts.append(paragraph.text)
        started = started or paragraph.text == heading
    return texts


class TestCover:
    def test_a_draft_update(self) -> None:
        """A lettered draft says "Update for the …", its identifier, the draft date,
        and carries the draft marking in the header of every section's pages."""
        document = written(version_of(letter="a"))
        assert styled(document, "Title") == [
            "Privacy Impact Assessment Update for the Harbor Plate Reader"
        ]
        assert styled(document, "Subtitle") == ["DHS/ICE/PIA-040(a)"]
        texts = [p.text for p in document.paragraphs]
        assert "Draft — November 25, 2026" in texts
        assert "U.S. Immigration and Customs Enforcement" in texts
        assert [s.header.paragraphs[0].text for s in document.sections] == [
            DRAFT_MARKING
        ] * len(document.sections)

    def test_a_version_in_review_names_its_status(self) -> None:
        """A version in review is still a draft for the public: its status is named."""
        document = written(version_of(status=Status.COMPONENT_REVIEW))
        assert "Draft — in component review, November 25, 2026" in [
            p.text for p in document.paragraphs
        ]
        assert document.sections[0].header.paragraphs[0].text == DRAFT_MARKING

    def test_a_published_original(self) -> None:
        """A published original: "Assessment for the …", its publication date in
        words, and no draft marking."""
        document = written(
            version_of(status=Status.PUBLISHED, published_on=datetime.date(2026, 11, 2))
        )
        assert styled(document, "Title") == [
            "Privacy Impact Assessment for the Harbor Plate Reader"
        ]
        texts = [p.text for p in document.paragraphs]
        assert "November 2, 2026" in texts
        assert not any("Draft" in text for text in texts)
        assert all(
            DRAFT_MARKING not in p.text
            for section in document.sections
            for p in section.header.paragraphs
        )

    def test_a_title_that_says_what_it_is_is_not_repeated(self) -> None:
        """An imported title already reading "Privacy Impact Assessment for …" is
        used as it is, and "the" is not doubled."""
        imported = written(
            version_of(title="Privacy Impact Assessment for the Harbor Plate Reader")
        )
        assert styled(imported, "Title") == [
            "Privacy Impact Assessment for the Harbor Plate Reader"
        ]
        the = written(version_of(title="the Harbor Plate Reader"))
        assert styled(the, "Title") == [
            "Privacy Impact Assessment for the Harbor Plate Reader"
        ]

    def test_a_sorn_shows_its_system_name_and_number(self) -> None:
        """A SORN's cover is its system name, then its number."""
        document = written(
            version_of(
                kind=Kind.SORN,
                title="CARIER",
                body={
                    "system_name": "Criminal Arrest Records and Immigration "
                    "Enforcement Records (CARIER)"
                },
                template="sorn-a108@2016.1",
            ),
            shipped("sorn-a108"),
        )
        assert styled(document, "Title") == [
            "Criminal Arrest Records and Immigration Enforcement Records (CARIER)"
        ]
        assert styled(document, "Subtitle") == ["DHS/ICE-011"]
        assert "What is the system called?" in styled(document, "Heading 2")

    def test_core_properties(self) -> None:
        """Title, subject (the template reference) and author are set for Word's
        File > Info."""
        properties = written(version_of(letter="b")).core_properties
        assert properties.title == (
            "Privacy Impact Assessment Update for the Harbor Plate Reader"
        )
        assert properties.subject == "test-pia@1"
        assert properties.author == "U.S. Immigration and Customs Enforcement"
        assert properties.identifier == "DHS/ICE/PIA-040(b)"

    def test_a_very_long_title_fits_the_title_property(self) -> None:
        """Word's properties hold 255 characters: a longer title is shortened there,
        and kept whole on the cover."""
        document = written(version_of(title="Harbor " * 80))
        assert len(document.core_properties.title) == 255
        assert document.core_properties.title.endswith("…")
        assert styled(document, "Title")[0].endswith("Harbor")


class TestBody:
    def test_sections_and_questions_are_headings(self) -> None:
        """Each section is a Heading 1 with its number (a worded id alone shows only
        its title); each question a Heading 2 with its number."""
        document = written(version_of())
        assert styled(document, "Heading 1") == [
            "Abstract",
            "1.0 Authorities and Other Requirements",
            "2.0 Characterization of the Information",
        ]
        assert styled(document, "Heading 2")[:3] == [
            "A.1 Summarize the system.",
            "1.1 Which laws allow the collection?",
            "1.3 Is there a security plan?",
        ]

    def test_text_is_split_into_paragraphs_on_blank_lines(self) -> None:
        """A blank line starts a new paragraph; a single line end stays a line break
        inside it."""
        document = written(version_of())
        assert following(document, "A.1 Summarize the system.") == [
            "ICE reads license plates at harbor gates.\nIt keeps them 30 days.",
            "This PIA is written because the readers are new.",
        ]

    def test_a_list_is_a_bullet_list(self) -> None:
        """List items are bullets, blank items left out."""
        document = written(version_of())
        assert following(document, "1.1 Which laws allow the collection?") == [
            "8 U.S.C. 1103",
            "19 U.S.C. 1589a",
        ]
        assert styled(document, "List Bullet")[:2] == [
            "8 U.S.C. 1103",
            "19 U.S.C. 1589a",
        ]

    def test_yes_no_date_and_choices_read_as_words(self) -> None:
        """No is an answer ("No"); a date reads "November 2, 2026"; a choice shows
        its label; chosen options are bullets of their labels."""
        document = written(version_of())
        assert following(document, "1.3 Is there a security plan?") == ["No"]
        assert following(document, "1.4 When was the plan approved?") == [
            "November 2, 2026"
        ]
        assert following(document, "1.5 Is a retention schedule approved?") == [
            "Submitted, not yet approved"
        ]
        assert following(document, "2.2 From whom is it collected?") == [
            "Members of the public",
            "Other agencies",
        ]
        assert "Other agencies" in styled(document, "List Bullet")

    def test_a_table_is_a_word_table_with_a_header_row(self) -> None:
        """The risk/mitigation analysis is a real table: a bold header row that Word
        repeats on every page, then the answered rows (blank rows left out)."""
        document = written(version_of())
        assert len(document.tables) == 1
        table = document.tables[0]
        cells = [[cell.text for cell in row.cells] for row in table.rows]
        assert cells == [
            ["Risk", "Mitigation"],
            ["Plates of passers-by are read.", "Reads expire."],
            ["Data is shared too widely.", "Role-based access."],
        ]
        header = table.rows[0]
        assert header.cells[0].paragraphs[0].runs[0].bold
        assert header._tr.trPr is not None
        assert header._tr.trPr.find(qn("w:tblHeader")) is not None

    def test_an_unanswered_question_says_so_in_italics(self) -> None:
        """A question without an answer shows an italic "Not answered."."""
        document = written(version_of())
        paragraphs = document.paragraphs
        index = next(
            i for i, p in enumerate(paragraphs) if p.text == "2.6 Anything else?"
        )
        answer = paragraphs[index + 1]
        assert answer.text == NOT_ANSWERED
        assert answer.runs[0].italic

    def test_an_answer_of_another_shape_is_shown_not_dropped(self) -> None:
        """An answer stored in another shape than the question asks (from an older
        template) is written as text rather than lost or failing."""
        document = written(version_of(body={"1.1": "8 U.S.C. 1103", "1.4": "soon"}))
        assert following(document, "1.1 Which laws allow the collection?") == [
            "8 U.S.C. 1103"
        ]
        assert following(document, "1.4 When was the plan approved?") == ["soon"]

    def test_characters_word_refuses_are_left_out(self) -> None:
        """Control characters pasted into an answer (a vertical tab from Word) are
        dropped instead of making the file fail; Windows line ends become one."""
        document = written(
            version_of(body={"A.1": "Plates\x0b read\x00.\r\nKept 30 days."})
        )
        assert following(document, "A.1 Summarize the system.") == [
            "Plates read.\nKept 30 days."
        ]

    def test_a_big_table_is_built_row_by_row(self, monkeypatch: Any) -> None:
        """A table of 400 rows is written without python-docx's whole-table cell
        lookups (which make big tables take minutes)."""

        def refuse(*args: Any) -> Any:
            raise AssertionError("a whole-table cell lookup")

        monkeypatch.setattr(docx.table.Table, "cell", refuse)
        monkeypatch.setattr(docx.table.Table, "_cells", property(refuse))
        rows = [
            {"risk": f"Risk {n}", "mitigation": f"Mitigation {n}"} for n in range(400)
        ]
        out = io.BytesIO()
        document_docx(version_of(body={"2.5": rows}), every_kind(), out, today=TODAY)
        monkeypatch.undo()
        table = docx.Document(io.BytesIO(out.getvalue())).tables[0]
        assert len(table.rows) == 401
        assert [c.text for c in table.rows[-1].cells] == ["Risk 399", "Mitigation 399"]

    def test_the_shipped_pia_template_whole(self) -> None:
        """The DHS PIA template gives its sections in order, Abstract to Responsible
        Officials, and the contact points as a table."""
        body = {
            "R.1": [
                {
                    "name": "Jane Roe",
                    "title": "Program Manager",
                    "office": "ICE",
                    "phone": "202-555-0100",
                }
            ]
        }
        document = written(
            version_of(body=body, template="dhs-pia@2010.1"), shipped("dhs-pia")
        )
        headings = styled(document, "Heading 1")
        assert headings[:3] == [
            "Abstract",
            "Overview",
            "1.0 Authorities and Other Requirements",
        ]
        assert headings[-2:] == [
            "8.0 Auditing and Accountability",
            "Responsible Officials",
        ]
        assert [c.text for c in document.tables[-1].rows[0].cells] == [
            "Name",
            "Title",
            "Office",
            "Phone",
        ]

    @settings(max_examples=25, deadline=None)
    @given(st.text(max_size=80))
    def test_any_text_answer_gives_a_readable_file(self, text: str) -> None:
        """Whatever text an author types, the file opens and the answer's words are
        in it (or "Not answered." for blank text)."""
        document = written(version_of(body={"2.6": text}))
        found = "\n".join(following(document, "2.6 Anything else?"))
        if not text.strip():
            assert found == NOT_ANSWERED
        else:
            visible = [word for word in text.split() if word.isalnum()]
            assert all(word in found for word in visible)


@pytest.mark.django_db
class TestExportDocumentCommand:
    @pytest.fixture
    def draft(self, personas: dict[str, Any], tree: Tree) -> DocumentVersion:
        """A PIA draft of ICE with its abstract answered."""
        template = template_get_current(kind=Kind.PIA)
        return draft_open_new(
            actor=personas["author"],
            organization=tree.ice,
            kind=Kind.PIA,
            title="Harbor Plate Reader",
            template_reference=template.reference,
            answers={"A.1": "Reads plates at harbor gates."},
        )

    def test_writes_the_file(self, draft: DocumentVersion, tmp_path: Path) -> None:
        """``export document ID --format docx --output F`` writes the Word file of
        that version and says so."""
        output = tmp_path / "pia.docx"
        errors = io.StringIO()
        call_command(
            "export",
            "document",
            str(draft),
            "--format",
            "docx",
            "--output",
            str(output),
            stderr=errors,
        )
        document = docx.Document(str(output))
        assert styled(document, "Subtitle") == [str(draft)]
        assert following(
            document, "A.1 Summarize the system and the reason for this PIA."
        ) == ["Reads plates at harbor gates."]
        assert f"{draft} written to {output}" in errors.getvalue()
        assert list(tmp_path.iterdir()) == [output]

    def test_refuses_an_unknown_identifier(
        self, draft: DocumentVersion, tmp_path: Path
    ) -> None:
        """An identifier the registry lacks exits 1 with a clear message, and
        writes nothing."""
        with pytest.raises(CommandError) as refused:
            call_command(
                "export",
                "document",
                "DHS/ICE/PIA-999",
                "--output",
                str(tmp_path / "x.docx"),
            )
        assert refused.value.returncode == 1
        assert str(refused.value).startswith(
            "No version DHS/ICE/PIA-999 in the registry"
        )
        assert list(tmp_path.iterdir()) == []

    def test_refuses_what_is_not_an_identifier(self, tmp_path: Path) -> None:
        """Text that is no identifier is refused with the parser's message."""
        with pytest.raises(CommandError) as refused:
            call_command(
                "export", "document", "harbor", "--output", str(tmp_path / "x.docx")
            )
        assert refused.value.returncode == 1
        assert "harbor" in str(refused.value)

    def test_refuses_a_version_without_a_template(
        self, draft: DocumentVersion, tmp_path: Path
    ) -> None:
        """A version not written in a known template (an imported one) has nothing
        to export: exit 1, saying why."""
        DocumentVersion.objects.filter(pk=draft.pk).update(template_version="")
        with pytest.raises(CommandError) as refused:
            call_command(
                "export", "document", str(draft), "--output", str(tmp_path / "x.docx")
            )
        assert refused.value.returncode == 1
        assert str(refused.value) == (
            f"{draft} was not written in a template privdocs knows (none recorded), "
            "so it has no answers to export."
        )
