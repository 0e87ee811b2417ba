"""Read a component's published privacy documents page (plain text or HTML) into records.

Bytes are decoded (``decoding``), cleaned of control and bidi characters, cut
into blocks and classified (``tokenizer``), and read by the page grammar
(``grammar``) with the words of its page family (``profiles``). Pure: no Django,
no database. ``page_read`` streams a page of any size in batches of finished
series; ``parse_page`` reads a whole text into one record. What a page may look
like is described in docs/importing.md.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator
from typing import BinaryIO

from privdocs.core.errors import FormatError
from privdocs.formats.page.decoding import (
    BINARY_FILE,
    EMPTY_FILE,
    JSON_FILE,
    UNDECODABLE,
    UNKNOWN_CHARSET,
    PageDecoder,
    page_decode,
    refuse_non_page,
)
from privdocs.formats.page.details import (
    INVALID_DATE,
    PDF_DETAILS_NOT_UNDERSTOOD,
    DocumentLine,
    parse_date,
    parse_document_line,
    parse_pdf_details,
)
from privdocs.formats.page.grammar import (
    DETAILS_BEFORE_FIRST_SERIES,
    DOCUMENT_LINE_OTHER_IDENTIFIER,
    EARLIER_UPDATE_IS_LATER,
    HEADING_REPEATS_OTHER_IDENTIFIER,
    NO_DOCUMENT_LINE,
    NO_SERIES_OF_TITLE,
    NOT_AN_ASSOCIATION,
    NOT_UNDERSTOOD,
    OTHER_ORGANIZATION,
    PREVIOUS_OF_OTHER_SERIES,
    SECTION_OUTSIDE_SERIES,
    SERIES_LISTED_TWICE,
    TEXT_WITHOUT_VERSION,
    TITLE_CUT,
    TITLE_MAX,
    UNREADABLE_IDENTIFIER,
    VERSION_LISTED_TWICE,
    PageGrammar,
)
from privdocs.formats.page.profiles import PIA_PAGE, SORN_PAGE, PageProfile
from privdocs.formats.page.tokenizer import (
    CHARACTERS_REMOVED,
    HTML_START_RE,
    Block,
    Cleaner,
    HtmlTokenizer,
    TextTokenizer,
    starts_block,
)
from privdocs.formats.records import CatalogRecord, Problem, SeriesRecord

__all__ = [
    "BINARY_FILE",
    "CHARACTERS_REMOVED",
    "DETAILS_BEFORE_FIRST_SERIES",
    "DOCUMENT_LINE_OTHER_IDENTIFIER",
    "EARLIER_UPDATE_IS_LATER",
    "EMPTY_FILE",
    "HEADING_REPEATS_OTHER_IDENTIFIER",
    "INVALID_DATE",
    "JSON_FILE",
    "NOT_AN_ASSOCIATION",
    "NOT_UNDERSTOOD",
    "NO_DOCUMENT_LINE",
    "NO_SERIES_HEADING",
    "NO_SERIES_OF_TITLE",
    "OTHER_ORGANIZATION",
    "PDF_DETAILS_NOT_UNDERSTOOD",
    "PIA_PAGE",
    "PREVIOUS_OF_OTHER_SERIES",
    "SECTION_OUTSIDE_SERIES",
    "SERIES_LISTED_TWICE",
    "SORN_PAGE",
    "TEXT_WITHOUT_VERSION",
    "TITLE_CUT",
    "TITLE_MAX",
    "UNDECODABLE",
    "UNKNOWN_CHARSET",
    "UNREADABLE_IDENTIFIER",
    "VERSION_LISTED_TWICE",
    "DocumentLine",
    "PageProfile",
    "page_decode",
    "page_read",
    "parse_date",
    "parse_document_line",
    "parse_page",
    "parse_pdf_details",
]

NO_SERIES_HEADING = (
    "not a published privacy documents page: found no series heading such as "
    "'DHS/ICE/PIA-015(g) - System name'"
)

#: Bytes read from the stream at a time.
CHUNK_BYTES = 64 * 1024
#: Characters of text looked at before deciding it is HTML, JSON or binary.
_HEAD_CHARACTERS = 4096

Progress = Callable[[int, int], None]


class _PageReader:
    """Decoded text in, CatalogRecords of finished series out, in batches."""

    def __init__(self, *, source: str, profile: PageProfile | None) -> None:
        self.source = source
        self.grammar = PageGrammar(profile=profile)
        self._cleaner = Cleaner()
        self._head: list[str] = []
        self._head_length = 0
        self._started = False
        self._html: HtmlTokenizer | None = None
        self._text: TextTokenizer | None = None
        self._partial = ""
        self._line = 0
        self._blank = True

    def feed(self, text: str) -> None:
        """Read more of the page's text."""
        if not text:
            return
        if not self._started:
            self._head.append(text)
            self._head_length += len(text)
            if self._head_length < _HEAD_CHARACTERS:
                return
            text = self._start()
        self._tokenize(self._cleaner.feed(text))

    def finish(self) -> None:
        """The end of the page's text."""
        if not self._started:
            self._tokenize(self._cleaner.feed(self._start()))
        self._tokenize(self._cleaner.finish())
        if self._html is not None:
            self._html.close()
            self._read(self._html.take())
        elif self._text is not None:
            if self._partial:
                self._line += 1
                self._read(self._text.feed_line(self._line, self._partial))
                self._partial = ""
            self._read(self._text.close())
        if self._blank:
            raise FormatError(EMPTY_FILE, where=self.source)
        try:
            self.grammar.finish()
        except FormatError as error:
            raise FormatError(error.message, where=self.source) from None
        if not self.grammar.series_count:
            raise FormatError(NO_SERIES_HEADING, where=self.source)

    def batch(self, size: int) -> CatalogRecord | None:
        """A record of up to ``size`` finished series; None when there is nothing new."""
        series = self.grammar.take_finished(limit=size)
        problems = self.grammar.take_problems() + self._cleaner_problems()
        if not series and not problems:
            return None
        return self._record(series, problems)

    def last_batch(self) -> CatalogRecord:
        """The record of the rest of the page, once finished."""
        series = self.grammar.take_finished(everything=True)
        problems = self.grammar.take_problems() + self._cleaner_problems()
        return self._record(series, problems)

    def _record(
        self, series: list[SeriesRecord], problems: list[Problem]
    ) -> CatalogRecord:
        return CatalogRecord(
            organizations=self.grammar.organizations(),
            series=tuple(series),
            source=self.source,
            last_published=self.grammar.last_published,
            problems=tuple(sorted(problems, key=lambda problem: problem.line)),
        )

    @property
    def finished_count(self) -> int:
        """How many finished series wait for the next batch."""
        return self.grammar.finished_count

    def _cleaner_problems(self) -> list[Problem]:
        problems, self._cleaner.problems = self._cleaner.problems, []
        return problems

    def _start(self) -> str:
        self._started = True
        text = "".join(self._head)
        self._head = []
        text = text.removeprefix("\ufeff")
        if text.strip(" \t\r\n\u00a0\ufeff"):
            self._blank = False
        refuse_non_page(text[:_HEAD_CHARACTERS], source=self.source)
        if HTML_START_RE.match(text):
            self._html = HtmlTokenizer()
        else:
            self._text = TextTokenizer(starts_block(self.grammar.profile))
        return text

    def _tokenize(self, text: str) -> None:
        if not text:
            return
        if self._blank and text.strip(" \t\r\n\u00a0\ufeff"):
            self._blank = False
        if self._html is not None:
            self._html.feed(text)
            self._read(self._html.take())
            return
        if self._text is None:
            return
        lines = (self._partial + text).split("\n")
        self._partial = lines.pop()
        for line in lines:
            self._line += 1
            self._read(self._text.feed_line(self._line, line))

    def _read(self, blocks: list[Block]) -> None:
        for block in blocks:
            self.grammar.feed(block)


def parse_page(
    text: str, *, source: str, profile: PageProfile | None = None
) -> CatalogRecord:
    """Read a whole published privacy documents page; raise FormatError if it is not one.

    The profile (PIA or SORN listing) is found from the page when not given.
    """
    reader = _PageReader(source=source, profile=profile)
    reader.feed(text)
    reader.finish()
    return reader.last_batch()


def _stream_size(stream: BinaryIO) -> int:
    try:
        return os.fstat(stream.fileno()).st_size
    except (OSError, AttributeError, io.UnsupportedOperation):
        pass
    try:
        position = stream.tell()
        end = stream.seek(0, io.SEEK_END)
        stream.seek(position)
    except (OSError, AttributeError, io.UnsupportedOperation):
        return 0
    return end - position


def page_read(
    stream: BinaryIO,
    *,
    source: str,
    batch_size: int = 500,
    progress: Progress | None = None,
    profile: PageProfile | None = None,
) -> Iterator[CatalogRecord]:
    """Read a page from a binary stream in bounded memory, a batch of series at a time.

    Each CatalogRecord holds up to about ``batch_size`` finished series, the
    organizations known so far and that batch's problems. A series the page lists
    again under "Retired PIAs" after its batch was yielded comes as a further
    SeriesRecord with the same identifier, holding the retired version: merge by
    identifier. ``progress`` is called with (bytes read, total bytes; 0 if unknown).
    A FormatError may come after some batches (a page that names one organization
    but lists another's documents is known only at its end): apply the batches in
    one transaction.
    """
    decoder = PageDecoder(source=source)
    reader = _PageReader(source=source, profile=profile)
    total = _stream_size(stream)
    done = 0
    yielded = False
    while True:
        chunk = stream.read(CHUNK_BYTES)
        if not chunk:
            break
        done += len(chunk)
        reader.feed(decoder.feed(chunk))
        if progress is not None:
            progress(done, max(total, done))
        while reader.finished_count >= batch_size:
            record = reader.batch(batch_size)
            if record is None:
                break
            yielded = True
            yield record
    reader.feed(decoder.finish())
    reader.finish()
    while reader.finished_count > batch_size:
        record = reader.batch(batch_size)
        if record is None:
            break
        yielded = True
        yield record
    record = reader.last_batch()
    if record.series or record.problems or not yielded:
        yield record
