"""A privacy document drafted in a template, written out as a Word (DOCX) file.

Pure given its inputs: the version (with its series and organization already
loaded, as ``select_related("series__organization")`` gives them), the template
definition it was written in, and the stream to write to. It makes no database
query, so it is tested without one.

The file has a cover (the title as DHS writes it, the identifier, the date or the
draft status), then every section as a Heading 1 and every question as a
Heading 2 followed by its answer: paragraphs of text, Yes or No, option labels,
bullet lists, dates in words, and real Word tables for table answers. A version
the public may not see yet carries "DRAFT — not for public release" in the header
of every page.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping, Sequence
from typing import Any, BinaryIO

from django.utils import timezone
from docx import Document
from docx.document import Document as WordDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from privdocs.documents.identifiers import DocumentKind
from privdocs.documents.models import PUBLIC_STATUSES, DocumentVersion, Kind, Status
from privdocs.documents.redline import answer_text
from privdocs.questionnaires.definition import (
    AnswerKind,
    Question,
    Section,
    TemplateDefinition,
    answer_error,
    answer_is_given,
)

#: The MIME type of a Word document, for downloads.
DOCX_CONTENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)
#: The header of every page of a version the public may not see yet.
DRAFT_MARKING = "DRAFT — not for public release"
#: What an unanswered question shows, in italics.
NOT_ANSWERED = "Not answered."
#: The longest a document property (title, subject, author) may be.
PROPERTY_LENGTH = 255

# Characters XML 1.0 forbids (text pasted from other programs carries them, a
# vertical tab from Word for instance); lxml refuses the whole document otherwise.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_DRAFT_RED = RGBColor(0xB0, 0x00, 0x20)


def _clean(text: str) -> str:
    """Text safe for Word: one kind of line end, no characters XML forbids."""
    return _NOT_XML.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _date_in_words(day: datetime.date) -> str:
    """``November 2, 2026``: a date as DHS covers write it."""
    return f"{day:%B} {day.day}, {day.year}"


def _cover_title(version: DocumentVersion) -> str:
    """The title on the cover: "Privacy Impact Assessment for the …", "… Update for
    the …" for a lettered version; a SORN's system name."""
    kind = Kind(version.series.kind)
    if kind == Kind.SORN:
        body = version.body if isinstance(version.body, Mapping) else {}
        name = body.get("system_name")
        if isinstance(name, str) and name.strip():
            return _clean(name.strip())
        return _clean(version.title)
    title = _clean(version.title.strip())
    label = str(kind.label)
    if title.lower().startswith(label.lower()):
        return title  # an imported title that already says what it is
    article = "" if title.lower().startswith("the ") else "the "
    update = " Update" if version.update_letter else ""
    return f"{label}{update} for {article}{title}"


def _cover_date(version: DocumentVersion, *, today: datetime.date) -> str:
    """The date line: the publication date, or the draft status and today's date."""
    if version.status in PUBLIC_STATUSES:
        if version.published_on is None:
            return str(Status(version.status).label)
        return _date_in_words(version.published_on)
    if version.status == Status.DRAFT:
        return f"Draft — {_date_in_words(today)}"
    status = str(Status(version.status).label)
    return f"Draft — {status.lower()}, {_date_in_words(today)}"


def _property(text: str) -> str:
    """A document property: Word's properties hold at most 255 characters."""
    return text if len(text) <= PROPERTY_LENGTH else text[: PROPERTY_LENGTH - 1] + "…"


def _heading_label(number: str, title: str) -> str:
    """A heading: the number, then the title or question."""
    # "2.0 Characterization…", "A.1 Summarize…", but only "Abstract" for a section
    # whose id is a word and "What is the system called?" for a SORN's
    # ``system_name``: ids without a digit are keys, not numbers a reader sees.
    if any(character.isdigit() for character in number):
        return f"{number} {title}"
    return title


def _column_heading(column: str) -> str:
    """``data_element`` → ``Data element``."""
    return column.replace("_", " ").capitalize()


def _field_run(paragraph: Paragraph, instruction: str) -> None:
    """A Word field (``PAGE``): Word fills in its value when it lays out the page."""
    run = paragraph.add_run()
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    code = OxmlElement("w:instrText")
    code.set(qn("xml:space"), "preserve")
    code.text = f" {instruction} "
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run._r.append(begin)
    run._r.append(code)
    run._r.append(end)


def _page_furniture(document: WordDocument, identifier: str, *, draft: bool) -> None:
    """The draft marking in every page's header; the identifier and page in the footer."""
    for section in document.sections:
        if draft:
            header = section.header.paragraphs[0]
            header.text = ""
            marking = header.add_run(DRAFT_MARKING)
            marking.bold = True
            marking.font.color.rgb = _DRAFT_RED
        footer = section.footer.paragraphs[0]
        footer.text = f"{identifier} · page "
        _field_run(footer, "PAGE")


def _cover(
    document: WordDocument,
    version: DocumentVersion,
    *,
    today: datetime.date,
) -> str:
    """The cover page; returns the title it shows."""
    title = _cover_title(version)
    document.add_paragraph(title, style="Title")
    document.add_paragraph(str(version), style="Subtitle")
    document.add_paragraph(_cover_date(version, today=today))
    organization = version.series.organization
    document.add_paragraph(_clean(organization.name))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return title


def _text_paragraphs(document: WordDocument, text: str) -> None:
    """Text as paragraphs."""
    # A blank line starts a new paragraph; a single line end stays a line break.
    for block in _BLANK_LINE.split(_clean(text).strip()):
        if block.strip():
            document.add_paragraph(block.strip())


def _bullets(document: WordDocument, items: Sequence[str]) -> None:
    """Items as a bullet list, blank ones left out."""
    for item in items:
        if item.strip():
            document.add_paragraph(_clean(item.strip()), style="List Bullet")


def _repeat_as_header(table: Table) -> None:
    """Word repeats the first row at the top of every page the table runs onto."""
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    row_properties.append(OxmlElement("w:tblHeader"))


def _table(
    document: WordDocument, question: Question, rows: Sequence[Mapping[str, Any]]
) -> None:
    """A table answer as a Word table: a header row, then the answered rows."""
    columns = question.columns
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        cell.paragraphs[0].add_run(_column_heading(column)).bold = True
    _repeat_as_header(table)
    # Row by row, each row's own cells: table.cell(row, column) walks the whole
    # table every call and makes a table of hundreds of rows take minutes.
    for row in rows:
        texts = [_clean(str(row.get(column) or "").strip()) for column in columns]
        if not any(texts):
            continue
        for cell, text in zip(table.add_row().cells, texts, strict=True):
            cell.text = text


def _not_answered(document: WordDocument) -> None:
    """The italic mark of a question left unanswered."""
    document.add_paragraph().add_run(NOT_ANSWERED).italic = True


def _answer(document: WordDocument, question: Question, value: Any) -> None:
    """One answer, in the form its kind takes on paper."""
    if not answer_is_given(question, value):
        _not_answered(document)
        return
    kind = question.kind
    if answer_error(question, value) is not None:
        # A value of another shape than the question's (an old template's answer):
        # shown as the reader would see it, never dropped.
        _text_paragraphs(document, answer_text(question, value))
    elif kind is AnswerKind.DATE:
        document.add_paragraph(_date_in_words(datetime.date.fromisoformat(value)))
    elif kind is AnswerKind.LIST:
        _bullets(document, [str(item) for item in value])
    elif kind is AnswerKind.MULTICHOICE:
        _bullets(document, [question.option_label(str(item)) for item in value])
    elif kind is AnswerKind.TABLE:
        _table(document, question, value)
    elif kind is AnswerKind.TEXT:
        _text_paragraphs(document, value)
    else:  # yes/no and choice: one short line
        document.add_paragraph(_clean(answer_text(question, value)))


def _section(document: WordDocument, section: Section, body: Mapping[str, Any]) -> None:
    """A section's heading, then each question's heading and answer."""
    document.add_heading(_clean(_heading_label(section.id, section.title)), level=1)
    for question in section.questions:
        document.add_heading(
            _clean(_heading_label(question.id, question.text)), level=2
        )
        _answer(document, question, body.get(question.id))


def document_docx(
    version: DocumentVersion,
    definition: TemplateDefinition,
    out: BinaryIO,
    *,
    today: datetime.date | None = None,
) -> None:
    """Write ``version``, answered in ``definition``, to ``out`` as a DOCX file.

    ``today`` dates the cover of a version not yet published (default: today in
    the site's time zone). The version's series and organization must be loaded
    with it: nothing here queries the database.
    """
    day = today if today is not None else timezone.localdate()
    document = Document()
    identifier = str(version)
    draft = version.status not in PUBLIC_STATUSES
    title = _cover(document, version, today=day)
    body = version.body if isinstance(version.body, Mapping) else {}
    for section in definition.sections:
        _section(document, section, body)
    _page_furniture(document, identifier, draft=draft)

    properties = document.core_properties
    properties.title = _property(title)
    properties.subject = _property(definition.reference)
    properties.author = _property(_clean(version.series.organization.name))
    properties.identifier = _property(identifier)
    properties.keywords = str(DocumentKind(version.series.kind).value)
    properties.last_modified_by = "privdocs"
    # Word reads these as UTC; python-docx writes the clock time it is given.
    if version.created_at is not None:
        properties.created = version.created_at.astimezone(datetime.UTC)
    if version.updated_at is not None:
        properties.modified = version.updated_at.astimezone(datetime.UTC)
    document.save(out)
