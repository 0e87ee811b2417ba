"""Read a component's published privacy documents page (plain text or HTML) into records.

One grammar for both spellings of the page: the text is first cut into blocks
(headings, paragraphs, list items, each with its line number), and the blocks are
read in order by ``_PageGrammar``. Pure: no Django, no database. What the page
looks like is described in docs/importing.md.
"""

from __future__ import annotations

import datetime
import enum
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from html.parser import HTMLParser

from privdocs.core.errors import FormatError, IdentifierError
from privdocs.documents.identifiers import (
    DocumentKind,
    Identifier,
    find_citation,
    find_identifier,
    parse_identifier,
)
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    OrganizationRecord,
    Problem,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)

# Why a file is refused as a whole (FormatError, with the file's name as ``where``).
EMPTY_FILE = "the file is empty: expected a published privacy documents page"
BINARY_FILE = (
    "a binary file, not a published privacy documents page (plain text or HTML)"
)
JSON_FILE = "a JSON file, not a published privacy documents page (plain text or HTML)"
NO_SERIES_HEADING = (
    "not a published privacy documents page: found no series heading such as "
    "'DHS/ICE/PIA-015(g) - System name'"
)

# Why one line was not understood (Problem.reason).
UNREADABLE_IDENTIFIER = "an identifier that cannot be read ({error})"
DETAILS_BEFORE_FIRST_SERIES = "document details before the first series heading"
SECTION_OUTSIDE_SERIES = "a section heading outside any series"
SERIES_LISTED_TWICE = "{identifier} is listed a second time; the first listing is kept"
HEADING_REPEATS_OTHER_IDENTIFIER = (
    "the heading names two different identifiers, {first} and {second}"
)
DOCUMENT_LINE_OTHER_IDENTIFIER = (
    "the document line names {found}, but its heading names {expected}"
)
NO_DOCUMENT_LINE = "a series heading without a document line"
INVALID_DATE = "{text!r} is not a valid date"
PDF_DETAILS_NOT_UNDERSTOOD = "PDF details {text!r} not understood"
PREVIOUS_OF_OTHER_SERIES = (
    "listed under Previous PIAs but belongs to another series than {identifier}"
)
VERSION_LISTED_TWICE = "{identifier} is already listed on this page"
TEXT_WITHOUT_VERSION = "text under {section} that belongs to no listed document"
NOT_AN_ASSOCIATION = "a line under {section} without an identifier, date or citation"
NOT_UNDERSTOOD = "not understood"
IDENTIFIER_LINE_OUT_OF_PLACE = (
    "a document line of {identifier} outside Previous PIAs and Retired PIAs"
)

PUBLISHED = "published"
SUPERSEDED = "superseded"
RETIRED = "retired"

#: Names of departments, which pages name only by their acronym in identifiers.
AGENCY_NAMES = {"DHS": "Department of Homeland Security"}

#: The kind of document a page lists: "Previous PIAs", "DHS/NPPD-021" read as a PIA.
PAGE_KIND = DocumentKind.PIA


class Section(enum.StrEnum):
    """The sections a page shows under (or, for RETIRED, after) its series."""

    SORN = "SORN"
    PCR = "PCR"
    PREVIOUS = "PREVIOUS"
    RETIRED = "RETIRED"


class BlockKind(enum.StrEnum):
    """What a block was on the page."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


@dataclass(frozen=True)
class Block:
    """One heading, paragraph or list item of a page, with the line it starts on."""

    kind: BlockKind
    text: str
    line: int


# No-break, thin and zero-width spaces: the seed has lines of a lone U+00A0 and
# "(PDF,\u00a0 6 pages - 128 KB)".
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b\ufeff]+")
# "  \u2022 \u00a0" on a line of its own is an empty list item.
_BULLET_RE = re.compile(r"^[\u2022\u25e6\u25aa\u00b7*]\s*")
# A plain-text page never starts with a tag; an HTML page or fragment always does.
_HTML_START_RE = re.compile(r"^\s*<[!?A-Za-z]")

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DATE_RE = re.compile(
    r"\b(?P<month>January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)"
    r"\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b",
    re.IGNORECASE,
)
_PDF_RE = re.compile(r"\(\s*PDF\b(?P<body>[^()]*)\)", re.IGNORECASE)
_PAGES_RE = re.compile(r"(?P<pages>\d+)\s*pages?\b", re.IGNORECASE)
# "167 KB", "252KB", "1.5 MB", "1,024 KB"; 1 KB = 1024 bytes.
_SIZE_RE = re.compile(
    r"(?P<size>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>KiB|KB|K|MiB|MB|M|bytes|B)\b",
    re.IGNORECASE,
)
_UNIT_BYTES = {"K": 1024, "M": 1024 * 1024, "B": 1}
_DETAIL_FILLER_RE = re.compile(r"[\s,;:\-\u2010-\u2015|/]*")
# What joins an identifier to the words after it: a hyphen or dash, a colon, a space.
_AFTER_IDENTIFIER_RE = re.compile(r"^[\s:|\-\u2010-\u2015]*")
_TITLE_TRIM = " \t,;:.-\u2010\u2011\u2012\u2013\u2014\u2015"
_SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z]")
# Something that starts like an identifier ("DHS/ICE/PIA-0x1") but is none.
_IDENTIFIER_HEAD_RE = re.compile(
    r"^[A-Za-z]{2,}\s*[/\-\u2010-\u2015]\s*[A-Za-z&]+\s*[/\-\u2010-\u2015]\s*"
    r"(?:PTA|PIA|SORN|PCR|DPIA)\b",
    re.IGNORECASE,
)
_SECTION_RE = re.compile(
    r"^(?:(?P<sorn>Associated\s+SORN(?:s|\(s\))?)|(?P<pcr>Associated\s+PCR(?:s|\(s\))?)"
    r"|(?P<previous>Previous\s+(?:PIA|Version)(?:s|\(s\))?)"
    r"|(?P<retired>Retired\s+PIA(?:s|\(s\))?))\s*(?::\s*(?P<rest>.*))?$",
    re.IGNORECASE,
)
_TITLE_RE = re.compile(
    r"^Privacy Documents for (?:the )?(?P<name>.+?)\s*\((?P<acronym>[A-Z][A-Z&]*)\)$"
)
_FOOTER_RE = re.compile(
    r"^(?P<label>Created|Last\s+Published|Last\s+Updated?|Last\s+Reviewed)\s+Date\s*:?"
    r"\s*(?P<date>.*)$",
    re.IGNORECASE,
)
_BACK_TO_TOP_RE = re.compile(r"^(?:Back\s+to\s+Top|Top)$", re.IGNORECASE)
# Later pages replace the list of previous versions with this sentence.
_PRIOR_VERSIONS_NOTE_RE = re.compile(r"prior versions are available", re.IGNORECASE)
# An acronym in brackets after a system name: (SEVIS), (eTD), (VSPTS-Net), (BMIS Web);
# not the "(g)" of "287(g) Program Database", which has no space before it.
_ACRONYM_RE = re.compile(
    r"\s\((?P<acronym>[A-Za-z0-9][A-Za-z0-9&.\-]*(?: [A-Za-z0-9][A-Za-z0-9&.\-]*)?)\)"
)


def parse_page(text: str, *, source: str) -> CatalogRecord:
    """Read a published privacy documents page; raise FormatError if it is not one."""
    _refuse_non_page(text, source=source)
    if text.startswith("\ufeff"):
        text = text[1:]
    blocks = html_blocks(text) if _HTML_START_RE.match(text) else text_blocks(text)
    grammar = _PageGrammar()
    for block in blocks:
        grammar.feed(block)
    if not grammar.series:
        raise FormatError(NO_SERIES_HEADING, where=source)
    return grammar.record(source=source)


def _refuse_non_page(text: str, *, source: str) -> None:
    stripped = text.strip().lstrip("\ufeff")
    if not stripped:
        raise FormatError(EMPTY_FILE, where=source)
    # The import command decodes with errors="replace": junk shows as NULs and U+FFFD.
    junk = sum(1 for character in text if character in "\x00\ufffd")
    if "\x00" in text or junk > max(3, len(text) // 100):
        raise FormatError(BINARY_FILE, where=source)
    if stripped[0] in "[{":
        try:
            json.loads(stripped)
        except ValueError:
            pass
        else:
            raise FormatError(JSON_FILE, where=source)


def _clean(text: str) -> str:
    return _SPACES_RE.sub(" ", text).strip()


def text_blocks(text: str) -> Iterator[Block]:
    """One block per non-blank line; a line starting with a bullet is a list item."""
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _clean(raw)
        kind = BlockKind.PARAGRAPH
        bullet = _BULLET_RE.match(line)
        if bullet:
            line, kind = line[bullet.end() :], BlockKind.ITEM
        if line:
            yield Block(kind=kind, text=line, line=number)


def html_blocks(text: str) -> list[Block]:
    """The headings, paragraphs and list items of an HTML page, in order."""
    reader = _HtmlBlockReader()
    reader.feed(text)
    reader.close()
    return reader.blocks


class _HtmlBlockReader(HTMLParser):
    """Collects the text of block elements; inline elements (links, emphasis) join in."""

    BLOCK_TAGS = frozenset(
        [
            "address",
            "article",
            "aside",
            "blockquote",
            "body",
            "br",
            "dd",
            "div",
            "dl",
            "dt",
            "figcaption",
            "footer",
            "form",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "header",
            "hr",
            "li",
            "main",
            "nav",
            "ol",
            "p",
            "section",
            "table",
            "tbody",
            "td",
            "th",
            "thead",
            "tr",
            "ul",
        ]
    )
    SKIPPED_TAGS = frozenset(
        ["head", "script", "style", "noscript", "template", "title"]
    )
    HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._open: list[str] = []
        self._parts: list[str] = []
        self._line = 0
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED_TAGS:
            self._skipping += 1
        elif tag in self.BLOCK_TAGS:
            self._flush()
            if tag not in ("br", "hr"):
                self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCK_TAGS:
            self._flush()
            if tag in self._open:
                while self._open.pop() != tag:
                    pass

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if not self._parts and data.strip():
            self._line = self.getpos()[0] + data[
                : len(data) - len(data.lstrip())
            ].count("\n")
        if self._parts or data.strip():
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = _clean("".join(self._parts))
        self._parts = []
        if not text:
            return
        kind = BlockKind.PARAGRAPH
        for tag in reversed(self._open):
            if tag in self.HEADING_TAGS:
                kind = BlockKind.HEADING
                break
            if tag == "li":
                kind = BlockKind.ITEM
                break
            if tag in ("p", "td", "th", "dd", "dt"):
                break
        self.blocks.append(Block(kind=kind, text=text, line=self._line))


@dataclass(frozen=True)
class DocumentLine:
    """What a document line says: title, date, PDF pages and size, and its summary."""

    title: str
    date: datetime.date | None
    pages: int | None
    size_bytes: int | None
    summary: str
    problems: tuple[str, ...] = ()


def parse_document_line(text: str) -> DocumentLine:
    """Split ``Title, June 23, 2011 (PDF, 6 pages - 167 KB). Summary`` into its parts.

    Values the line does not give stay None. A summary that continues the title's
    sentence ("Title, <date> (PDF 12 pages) is a system ...") is given whole.
    """
    problems: list[str] = []
    pages: int | None = None
    size_bytes: int | None = None
    date: datetime.date | None = None
    pdf = _PDF_RE.search(text)
    if pdf is not None:
        before, after = text[: pdf.start()], text[pdf.end() :]
        pages, size_bytes, pdf_problem = parse_pdf_details(pdf["body"])
        if pdf_problem:
            problems.append(pdf_problem)
        dates = list(_DATE_RE.finditer(before))
        if dates:
            title = before[: dates[-1].start()]
            between = before[dates[-1].end() :].strip(_TITLE_TRIM)
            if between:
                title = f"{title.strip(_TITLE_TRIM)} {between}"
            date, date_problem = _date_from_match(dates[-1])
            if date_problem:
                problems.append(date_problem)
        else:
            title = before
    else:
        found = _DATE_RE.search(text)
        # A date deep in a sentence is the summary's, not the document's.
        if found is not None and not _SENTENCE_BREAK_RE.search(
            text[: found.start()].strip(_TITLE_TRIM)
        ):
            title, after = text[: found.start()], text[found.end() :]
            date, date_problem = _date_from_match(found)
            if date_problem:
                problems.append(date_problem)
        else:
            title, after = text, ""
    title = title.strip(_TITLE_TRIM)
    return DocumentLine(
        title=title,
        date=date,
        pages=pages,
        size_bytes=size_bytes,
        summary=_summary_after(title, after),
        problems=tuple(problems),
    )


def _summary_after(title: str, after: str) -> str:
    rest = after.lstrip(" ,;:.)")
    separator = after[: len(after) - len(rest)]
    if rest and rest[0].islower() and "." not in separator and title:
        # "Bonds Online System, <date>, (PDF ...), is a web-based application ...":
        # the sentence goes on after the bracket, so the title is its subject.
        return f"{title} {rest}"
    return rest.strip()


def _date_from_match(match: re.Match[str]) -> tuple[datetime.date | None, str | None]:
    month = _MONTHS[match["month"][:3].lower()]
    try:
        return datetime.date(int(match["year"]), month, int(match["day"])), None
    except ValueError:
        return None, INVALID_DATE.format(text=match.group(0))


def parse_date(text: str) -> datetime.date | None:
    """The first date written like "October 5, 2015" in ``text``; None if none or invalid."""
    found = _DATE_RE.search(text)
    return _date_from_match(found)[0] if found else None


def parse_pdf_details(body: str) -> tuple[int | None, int | None, str | None]:
    """Pages, size in bytes and a problem, from what follows "PDF" in its brackets.

    Reads ", 6 pages - 167 KB ", " 9 pages, 149 KB", ",7 pages \u2013 288 KB",
    " 12 pages", ", 1.5 MB"; what is not given is None.
    """
    rest = body
    pages: int | None = None
    size_bytes: int | None = None
    pages_match = _PAGES_RE.search(rest)
    if pages_match:
        pages = int(pages_match["pages"])
        rest = rest[: pages_match.start()] + " " + rest[pages_match.end() :]
    size_match = _SIZE_RE.search(rest)
    if size_match:
        unit = _UNIT_BYTES[size_match["unit"][0].upper()]
        amount = Decimal(size_match["size"].replace(",", "")) * unit
        size_bytes = int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))
        rest = rest[: size_match.start()] + " " + rest[size_match.end() :]
    if not _DETAIL_FILLER_RE.fullmatch(rest):
        return pages, size_bytes, PDF_DETAILS_NOT_UNDERSTOOD.format(text=body.strip())
    return pages, size_bytes, None


def system_from_heading(title: str) -> SystemRecord | None:
    """The system a heading names, with the acronym in brackets if it gives one."""
    for match in _ACRONYM_RE.finditer(title):
        acronym = match["acronym"]
        first_word = acronym.split(" ")[0]
        if sum(1 for character in first_word if character.isupper()) >= 2:
            name = title[: match.start()].strip(_TITLE_TRIM)
            return SystemRecord(name=name or acronym, acronym=acronym)
    name = title.strip(_TITLE_TRIM)
    return SystemRecord(name=name) if name else None


@dataclass
class _VersionDraft:
    identifier: Identifier
    title: str
    date: datetime.date | None
    pages: int | None
    size_bytes: int | None
    summary: str
    status: str
    line: int

    def add_summary(self, text: str) -> None:
        self.summary = f"{self.summary}\n\n{text}" if self.summary else text

    def record(self) -> VersionRecord:
        return VersionRecord(
            identifier=self.identifier,
            title=self.title,
            date=self.date,
            pages=self.pages,
            size_bytes=self.size_bytes,
            summary=self.summary,
            status=self.status,
            line=self.line,
        )


@dataclass
class _SeriesDraft:
    identifier: Identifier
    heading_title: str
    line: int
    systems: tuple[SystemRecord, ...] = ()
    versions: list[_VersionDraft] = field(default_factory=list)
    associations: list[AssociationRecord] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    @property
    def organization(self) -> str:
        component = self.identifier.component
        # Department-wide documents (DHS/ALL/PIA-...) belong to the department.
        if component is None or component == "ALL":
            return self.identifier.agency
        return component

    def add_section(self, section: Section) -> None:
        if section.value not in self.sections:
            self.sections.append(section.value)

    def version_get(self, update: str) -> _VersionDraft | None:
        return next(
            (v for v in self.versions if v.identifier.update == update),
            None,
        )

    def record(self) -> SeriesRecord:
        versions = sorted(self.versions, key=lambda version: version.identifier)
        return SeriesRecord(
            identifier=self.identifier.series,
            organization=self.organization,
            systems=self.systems,
            versions=tuple(version.record() for version in versions),
            associations=tuple(self.associations),
            sections=tuple(self.sections),
            line=self.line,
        )


@dataclass(frozen=True)
class _Leading:
    """An identifier at the start of a block and the words after it."""

    identifier: Identifier
    text: str
    rest: str


def _leading_identifier(text: str) -> _Leading | IdentifierError | None:
    found = find_identifier(text)
    if found is None or found[1] != 0:
        if _IDENTIFIER_HEAD_RE.match(text):
            try:
                parse_identifier(text.split(" ")[0])
            except IdentifierError as error:
                return error
            return IdentifierError(text.split(" ")[0])
        return None
    identifier, _, end = found
    rest = _AFTER_IDENTIFIER_RE.sub("", text[end:], count=1)
    return _Leading(identifier=identifier, text=text[:end], rest=rest)


@dataclass(frozen=True)
class _Awaiting:
    """A series heading read, its document line not yet."""

    series: _SeriesDraft
    identifier: Identifier
    block: Block


def _has_details(text: str) -> bool:
    return bool(_PDF_RE.search(text) or _DATE_RE.search(text))


class _PageGrammar:
    """Reads blocks in page order: header, series entries, Retired PIAs, footer."""

    def __init__(self) -> None:
        self.series: dict[Identifier, _SeriesDraft] = {}
        self.problems: list[Problem] = []
        self.component: tuple[str, str] | None = None
        self.last_published: datetime.date | None = None
        self._current: _SeriesDraft | None = None
        self._section: Section | None = None
        # The version that following paragraphs add to (its summary continues).
        self._version: _VersionDraft | None = None
        # A heading whose document line has not come yet.
        self._awaiting: _Awaiting | None = None
        self._skipping = False
        self._in_footer = False

    def problem(self, block: Block, reason: str) -> None:
        self.problems.append(Problem(line=block.line, text=block.text, reason=reason))

    def feed(self, block: Block) -> None:
        """Read one block."""
        if self._in_footer or _BACK_TO_TOP_RE.match(block.text):
            return
        footer = _FOOTER_RE.match(block.text)
        if footer:
            self._end_entry()
            self._in_footer = True
            if footer["label"].lower().startswith("last published"):
                self.last_published = parse_date(footer["date"])
            return
        section = _SECTION_RE.match(block.text)
        leading = None if section else _leading_identifier(block.text)
        if self._skipping:
            # The rest of a series listed twice, up to the next heading.
            if isinstance(leading, _Leading) and (
                block.kind is BlockKind.HEADING or not _has_details(leading.rest)
            ):
                self._heading(block, leading)
            elif section and section["retired"]:
                self._open_section(block, section)
            return
        if section:
            self._open_section(block, section)
        elif isinstance(leading, IdentifierError):
            self.problem(block, UNREADABLE_IDENTIFIER.format(error=leading))
        elif leading is not None:
            self._identifier_block(block, leading)
        else:
            self._text_block(block)

    # Sections ---------------------------------------------------------------

    def _open_section(self, block: Block, match: re.Match[str]) -> None:
        if match["retired"]:
            # Retired PIAs is a section of the page, after all series: its entries
            # name the series they belong to.
            self._end_entry()
            self._section = Section.RETIRED
        elif self._current is None:
            self.problem(block, SECTION_OUTSIDE_SERIES)
            return
        else:
            self._close_document()
            self._section = (
                Section.SORN
                if match["sorn"]
                else Section.PCR
                if match["pcr"]
                else Section.PREVIOUS
            )
            self._version = None
            self._current.add_section(self._section)
        rest = match["rest"]
        if rest:
            # "Associated SORN(s): DHS/ICE-011 - ..." on one line.
            self.feed(Block(kind=block.kind, text=rest, line=block.line))

    # Blocks that start with an identifier --------------------------------------

    def _identifier_block(self, block: Block, leading: _Leading) -> None:
        identifier = leading.identifier
        current = self._current
        awaiting = self._awaiting
        if (
            awaiting is not None
            and identifier.series == awaiting.identifier.series
            and block.kind is not BlockKind.HEADING
        ):
            # "DHS/ICE/PIA-032(a) - FALCON ..., <date> (PDF ...)" under its heading
            # "DHS/ICE/PIA-032a - ...": the document line repeats the identifier.
            self._document(block, awaiting, leading.rest, named=identifier)
        elif self._section is Section.RETIRED:
            if _has_details(leading.rest):
                self._retired_version(block, leading)
            else:
                self._heading(block, leading, retired=True)
        elif block.kind is BlockKind.HEADING:
            self._heading(block, leading)
        elif (
            current is not None
            and self._section in (Section.SORN, Section.PCR)
            and identifier.kind is not PAGE_KIND
        ):
            self._association(block, current, identifier, leading.rest)
        elif (
            self._section is Section.PREVIOUS
            and current is not None
            and identifier.series == current.identifier.series
        ):
            self._add_version(block, current, leading, status=SUPERSEDED)
        elif not _has_details(leading.rest):
            self._heading(block, leading)
        elif self._section is Section.PREVIOUS and current is not None:
            self.problem(
                block, PREVIOUS_OF_OTHER_SERIES.format(identifier=current.identifier)
            )
        else:
            self.problem(
                block, IDENTIFIER_LINE_OUT_OF_PLACE.format(identifier=identifier)
            )

    def _heading(
        self, block: Block, leading: _Leading, *, retired: bool = False
    ) -> None:
        self._close_document()
        if not retired:
            self._end_entry()
        # "DHS/NPPD-021 - ..." as a heading is a PIA written without its kind word.
        identifier = parse_identifier(leading.text, kind_hint=PAGE_KIND)
        title = leading.rest
        repeated = _leading_identifier(title)
        if isinstance(repeated, _Leading):
            # "DHS/ICE/PIA-019 - DHS/ICE/PIA-019 - Online ...": said twice.
            if repeated.identifier.series != identifier.series:
                self.problem(
                    block,
                    HEADING_REPEATS_OTHER_IDENTIFIER.format(
                        first=identifier, second=repeated.identifier
                    ),
                )
            title = repeated.rest
        title = title.strip(_TITLE_TRIM)
        existing = self.series.get(identifier.series)
        if existing is not None and not retired:
            self.problem(
                block, SERIES_LISTED_TWICE.format(identifier=identifier.series)
            )
            self._skipping = True
            return
        self._skipping = False
        if existing is None:
            system = system_from_heading(title)
            existing = _SeriesDraft(
                identifier=identifier.series,
                heading_title=title,
                line=block.line,
                systems=(system,) if system else (),
            )
            self.series[identifier.series] = existing
        if retired:
            existing.add_section(Section.RETIRED)
        else:
            self._current = existing
            self._section = None
        self._awaiting = _Awaiting(series=existing, identifier=identifier, block=block)

    def _association(
        self,
        block: Block,
        series: _SeriesDraft,
        identifier: Identifier | None,
        rest: str,
    ) -> None:
        kind = Section.PCR if self._section is Section.PCR else Section.SORN
        citation = find_citation(rest)
        date_match = _DATE_RE.search(rest)
        ends = [len(rest)]
        if citation is not None:
            ends.append(citation[1])
        if date_match is not None:
            ends.append(date_match.start())
        date: datetime.date | None = None
        if date_match is not None:
            date, date_problem = _date_from_match(date_match)
            if date_problem:
                self.problem(block, date_problem)
        title = _PDF_RE.sub("", rest[: min(ends)]).strip(_TITLE_TRIM)
        series.associations.append(
            AssociationRecord(
                kind=kind.value,
                identifier=identifier,
                title=title,
                citation=str(citation[0]) if citation else None,
                date=date,
            )
        )

    def _retired_version(self, block: Block, leading: _Leading) -> None:
        self._close_document()
        series = self.series.get(leading.identifier.series)
        if series is None:
            series = _SeriesDraft(
                identifier=leading.identifier.series,
                heading_title="",
                line=block.line,
            )
            self.series[leading.identifier.series] = series
        series.add_section(Section.RETIRED)
        self._add_version(block, series, leading, status=RETIRED)

    def _add_version(
        self, block: Block, series: _SeriesDraft, leading: _Leading, *, status: str
    ) -> None:
        identifier = leading.identifier
        if series.version_get(identifier.update) is not None:
            self.problem(block, VERSION_LISTED_TWICE.format(identifier=identifier))
            self._version = None
            return
        document = parse_document_line(leading.rest)
        for reason in document.problems:
            self.problem(block, reason)
        version = _VersionDraft(
            identifier=identifier,
            title=document.title or series.heading_title,
            date=document.date,
            pages=document.pages,
            size_bytes=document.size_bytes,
            summary=document.summary,
            status=status,
            line=block.line,
        )
        series.versions.append(version)
        if not series.systems and document.title:
            system = system_from_heading(document.title)
            series.systems = (system,) if system else ()
        self._version = version

    # Blocks without an identifier ----------------------------------------------

    def _text_block(self, block: Block) -> None:
        current = self._current
        if self._awaiting is not None:
            self._document(block, self._awaiting, block.text, named=None)
        elif self._section is Section.RETIRED or (
            self._current is not None and self._section is Section.PREVIOUS
        ):
            if self._section is Section.PREVIOUS and _PRIOR_VERSIONS_NOTE_RE.search(
                block.text
            ):
                return
            if self._version is None:
                self.problem(
                    block,
                    TEXT_WITHOUT_VERSION.format(section=_section_name(self._section)),
                )
            else:
                self._version.add_summary(block.text)
        elif current is None:
            self._header(block)
        elif self._section is not None:
            if find_citation(block.text) or _DATE_RE.search(block.text):
                self._association(block, current, None, block.text)
            else:
                self.problem(
                    block,
                    NOT_AN_ASSOCIATION.format(section=_section_name(self._section)),
                )
        elif self._version is not None:
            # The summary goes on in a paragraph of its own.
            self._version.add_summary(block.text)
        else:
            self.problem(block, NOT_UNDERSTOOD)

    def _header(self, block: Block) -> None:
        title = _TITLE_RE.match(block.text)
        if title:
            self.component = (title["acronym"], title["name"])
        elif _PDF_RE.search(block.text):
            self.problem(block, DETAILS_BEFORE_FIRST_SERIES)
        # Anything else before the first series is the site's banner and navigation.

    def _document(
        self,
        block: Block,
        awaiting: _Awaiting,
        text: str,
        *,
        named: Identifier | None,
    ) -> None:
        self._awaiting = None
        series, identifier = awaiting.series, awaiting.identifier
        if named is not None and named != identifier:
            self.problem(
                block,
                DOCUMENT_LINE_OTHER_IDENTIFIER.format(found=named, expected=identifier),
            )
        status = RETIRED if self._section is Section.RETIRED else PUBLISHED
        leading = _Leading(identifier=identifier, text=str(identifier), rest=text)
        self._add_version(block, series, leading, status=status)

    def _close_document(self) -> None:
        """A heading followed directly by a section or another heading."""
        awaiting = self._awaiting
        if awaiting is None:
            return
        self._awaiting = None
        self.problem(awaiting.block, NO_DOCUMENT_LINE)
        series, identifier = awaiting.series, awaiting.identifier
        if series.version_get(identifier.update) is not None:
            return
        status = RETIRED if self._section is Section.RETIRED else PUBLISHED
        series.versions.append(
            _VersionDraft(
                identifier=identifier,
                title=series.heading_title,
                date=None,
                pages=None,
                size_bytes=None,
                summary="",
                status=status,
                line=awaiting.block.line,
            )
        )

    def _end_entry(self) -> None:
        self._close_document()
        self._current = None
        self._section = None
        self._version = None
        self._skipping = False

    # The result --------------------------------------------------------------

    def record(self, *, source: str) -> CatalogRecord:
        """Everything read, as a CatalogRecord."""
        self._end_entry()
        series = [draft.record() for draft in self.series.values()]
        return CatalogRecord(
            organizations=tuple(self._organizations(series)),
            series=tuple(series),
            source=source,
            last_published=self.last_published,
            problems=tuple(sorted(self.problems, key=lambda problem: problem.line)),
        )

    def _organizations(
        self, series: Iterable[SeriesRecord]
    ) -> Iterator[OrganizationRecord]:
        agencies: dict[str, None] = {}
        components: dict[str, str] = {}
        for record in series:
            agencies[record.identifier.agency] = None
            if record.organization != record.identifier.agency:
                components[record.organization] = record.identifier.agency
        for agency in agencies:
            yield OrganizationRecord(
                acronym=agency, name=AGENCY_NAMES.get(agency, agency)
            )
        for acronym, parent in components.items():
            name = acronym
            if self.component is not None and self.component[0] == acronym:
                name = self.component[1]
            yield OrganizationRecord(acronym=acronym, name=name, parent=parent)


def _section_name(section: Section) -> str:
    return {
        Section.SORN: "Associated SORN(s)",
        Section.PCR: "Associated PCR(s)",
        Section.PREVIOUS: "Previous PIAs",
        Section.RETIRED: "Retired PIAs",
    }[section]
