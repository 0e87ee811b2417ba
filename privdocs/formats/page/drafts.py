"""What the grammar builds while it reads: drafts of series and versions, and memory.

Mutable while their entry is open, frozen into records (``formats.records``) once
finished. Also the organization a page names, and which series it has listed.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from privdocs.documents.identifiers import DocumentKind, Identifier
from privdocs.formats.page.details import TITLE_TRIM, DocumentLine
from privdocs.formats.page.profiles import ACRONYM_RE, Section
from privdocs.formats.page.tokenizer import Block, BlockKind
from privdocs.formats.records import (
    AssociationRecord,
    DatePrecision,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)

# An acronym in brackets after a system name: (SEVIS), (eTD), (VSPTS-Net), (BMIS Web);
# not the "(g)" of "287(g) Program Database", which has no space before it.
_SYSTEM_ACRONYM_RE = re.compile(
    r"\s\((?P<acronym>[A-Za-z0-9][A-Za-z0-9&.\-]*(?: [A-Za-z0-9][A-Za-z0-9&.\-]*)?)\)"
)


def system_from_heading(title: str) -> SystemRecord | None:
    """The system a heading names, with the acronym in brackets if it gives one."""
    for match in _SYSTEM_ACRONYM_RE.finditer(title):
        acronym = match["acronym"]
        first_word = acronym.split(" ")[0]
        if sum(1 for character in first_word if character.isupper()) >= 2:
            name = title[: match.start()].strip(TITLE_TRIM)
            return SystemRecord(name=name or acronym, acronym=acronym)
    name = title.strip(TITLE_TRIM)
    return SystemRecord(name=name) if name else None


def cut_at_word(text: str, limit: int) -> str:
    """``text`` if short enough, else its longest start of whole words within ``limit``."""
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut[:limit].rstrip(TITLE_TRIM)


@dataclass
class VersionDraft:
    """A version being read: its document line, then summary paragraphs."""

    identifier: Identifier
    title: str
    status: str
    line: int
    date: datetime.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    pages: int | None = None
    size_bytes: int | None = None
    summary: str | None = None
    citation: str | None = None

    @property
    def detailed(self) -> bool:
        return not (
            self.date is None and self.pages is None and self.size_bytes is None
        )

    def add_summary(self, text: str) -> None:
        self.summary = f"{self.summary}\n\n{text}" if self.summary else text

    def fill(self, line: DocumentLine) -> None:
        self.date, self.date_precision = line.date, line.date_precision
        self.pages, self.size_bytes = line.pages, line.size_bytes

    def record(self) -> VersionRecord:
        return VersionRecord(
            identifier=self.identifier,
            title=self.title,
            date=self.date,
            date_precision=self.date_precision,
            pages=self.pages,
            size_bytes=self.size_bytes,
            summary=self.summary,
            status=self.status,
            line=self.line,
            citation=self.citation,
        )


@dataclass
class SeriesDraft:
    """A series being read: its heading, versions, associations and sections."""

    identifier: Identifier
    heading_title: str
    line: int
    systems: tuple[SystemRecord, ...] = ()
    versions: list[VersionDraft] = field(default_factory=list)
    associations: list[AssociationRecord] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    #: How its heading stood: a bulleted line at some indentation, or not.
    heading_kind: BlockKind = BlockKind.PARAGRAPH
    heading_indent: int = 0

    def add_section(self, section: Section) -> None:
        if section.value not in self.sections:
            self.sections.append(section.value)

    def version_get(self, update: str) -> VersionDraft | None:
        return next(
            (v for v in self.versions if v.identifier.update == update),
            None,
        )

    def record(self) -> SeriesRecord:
        versions = sorted(self.versions, key=lambda version: version.identifier)
        return SeriesRecord(
            identifier=self.identifier.series,
            organization=self.identifier.organization,
            systems=self.systems,
            versions=tuple(version.record() for version in versions),
            associations=tuple(self.associations),
            sections=tuple(self.sections),
            line=self.line,
        )


@dataclass
class HeadingDraft:
    """A heading read, its document line not yet."""

    series: SeriesDraft
    identifier: Identifier
    block: Block
    status: str
    #: A series line of a 2020s component page: no document line is expected.
    series_line: bool = False


class SeenSeries:
    """Which series a page listed: a bitmap per agency, component and kind.

    A 50,000-entry page keeps a few kilobytes here, not 50,000 identifiers.
    """

    _BITMAP_MAX = 1 << 20

    def __init__(self) -> None:
        self._bitmaps: dict[tuple[str, str | None, DocumentKind], bytearray] = {}
        self._large: set[Identifier] = set()

    def add(self, identifier: Identifier) -> None:
        number = identifier.number
        if number >= self._BITMAP_MAX:
            self._large.add(identifier.series)
            return
        key = (identifier.agency, identifier.component, identifier.kind)
        bitmap = self._bitmaps.setdefault(key, bytearray())
        if len(bitmap) <= number // 8:
            bitmap.extend(bytes(number // 8 + 1 - len(bitmap)))
        bitmap[number // 8] |= 1 << (number % 8)

    def __contains__(self, identifier: Identifier) -> bool:
        number = identifier.number
        if number >= self._BITMAP_MAX:
            return identifier.series in self._large
        bitmap = self._bitmaps.get(
            (identifier.agency, identifier.component, identifier.kind)
        )
        if bitmap is None or len(bitmap) <= number // 8:
            return False
        return bool(bitmap[number // 8] & (1 << (number % 8)))


@dataclass
class PageOrganization:
    """The organization a page is for, as its title or a sentence names it."""

    acronym: str | None
    name: str | None
    #: Whether the page itself said so (title or sentence), not only its identifiers.
    stated: bool = True


def organization_from_words(words: str) -> PageOrganization:
    """ "U.S. Customs and Border Protection", "Science and Technology (S&T) Directorate"."""
    words = words.strip(" .,:;|")
    acronym = ACRONYM_RE.search(words)
    if acronym is None:
        if re.fullmatch(r"[A-Z][A-Z&]*[A-Z]", words):
            return PageOrganization(acronym=words, name=None)
        return PageOrganization(acronym=None, name=words or None)
    name = re.sub(r"\s+", " ", words[: acronym.start()] + " " + words[acronym.end() :])
    return PageOrganization(acronym=acronym["acronym"], name=name.strip(" .,") or None)
