"""Text of a page to classified blocks: headings, paragraphs, list items, table rows.

Incremental: text is fed in chunks and blocks come out as soon as they are whole,
so a 50 MB page never sits in memory. Plain text is cut at blank lines, bullets
and indentation, and hard-wrapped lines are joined again; HTML is read with
``HTMLParser.feed``. Each block is then classified (``classify``) without context;
the grammar decides what a classified block means where it stands.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser

from privdocs.core.errors import IdentifierError
from privdocs.core.text import TEXT_STRIPPED_RE
from privdocs.documents.identifiers import (
    DocumentKind,
    Identifier,
    find_citation,
    find_identifier,
    find_slug_identifier,
    parse_identifier,
)
from privdocs.formats.page.details import (
    SENTENCE_BREAK_RE,
    TITLE_LIKE_MAX,
    is_title_like,
    parse_document_line,
)
from privdocs.formats.page.profiles import (
    FOOTER_RE,
    NAVIGATION_RE,
    TITLE_RE,
    PageProfile,
    Section,
)
from privdocs.formats.records import Problem

CHARACTERS_REMOVED = (
    "removed {count} control, bidirectional-override or replacement character(s) "
    "({names})"
)

# No-break, thin and zero-width spaces: the seed has lines of a lone U+00A0 and
# "(PDF,\u00a0 6 pages - 128 KB)".
_SPACES_RE = re.compile(r"[\s\u00a0\u2007\u2009\u202f\u200b\ufeff]+")
# What the page cleaner removes: text_clean's characters and U+FFFD, which a lossy
# conversion before us left instead of a character.
_REMOVED_RE = re.compile(f"{TEXT_STRIPPED_RE.pattern}|\ufffd")
# "  \u2022 \u00a0" on a line of its own is an empty list item; "- DHS/ALL-023 - ..."
# is a dhs.gov text rendering's bullet.
_BULLET_RE = re.compile(r"^(?:[\u2022\u25e6\u25aa\u25cf\u00b7*]|-(?=\s|$))\s*")
# A plain-text page never starts with a tag; an HTML page or fragment always does.
HTML_START_RE = re.compile(r"^\s*<[!?A-Za-z]")
# Something that starts like an identifier ("DHS/ICE/PIA-0x1") but is none.
_IDENTIFIER_HEAD_RE = re.compile(
    r"^[A-Za-z]{2,}\s*[/\-\u2010-\u2015]\s*[A-Za-z&]+\s*[/\-\u2010-\u2015]\s*"
    r"(?:PTA|PIA|SORN|PCR|DPIA)\b",
    re.IGNORECASE,
)
# What joins an identifier to the words after it: a hyphen or dash, a colon, a space.
_AFTER_IDENTIFIER_RE = re.compile(r"^[\s:|\-\u2010-\u2015]*")
# Links written out in a text rendering: "[Title](https://...)" or "Title (https://...)".
_MARKDOWN_LINK_RE = re.compile(r"\[(?P<label>[^\]]+)\]\((?P<url>https?://[^)\s]+)\)")
_BARE_URL_RE = re.compile(r"[(<\[]?\s*(?P<url>https?://[^\s)\]>]+)\s*[)>\]]?")
# A hard-wrapped line was cut because its next word did not fit in about this
# width; a longer line is a paragraph a browser rendered on one line.
_WRAP_WIDTH = 64
_WRAPPED_LINE_MAX = 100


class BlockKind(enum.StrEnum):
    """What a block was on the page."""

    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"
    ROW = "row"


@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table row, with the line it starts on.

    ``links`` are the (address, text) of its links; ``navigation`` is set for
    blocks of the site's navigation (an HTML ``<nav>``).
    """

    kind: BlockKind
    text: str
    line: int
    indent: int = 0
    links: tuple[tuple[str, str], ...] = ()
    navigation: bool = False


def clean_spaces(text: str) -> str:
    """Runs of spaces of any kind as one space, trimmed."""
    return _SPACES_RE.sub(" ", text).strip()


class Cleaner:
    """Removes control and bidi characters from text fed in chunks, reporting each line.

    Also makes every line end a newline: "\\r\\n" and a lone "\\r" become "\\n".
    """

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._line = 1
        self._carriage = False

    def feed(self, text: str) -> str:
        """The cleaned text of the chunk; a trailing "\\r" waits for the next one."""
        if self._carriage:
            text = "\r" + text
            self._carriage = False
        if text.endswith("\r"):
            text, self._carriage = text[:-1], True
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        if _REMOVED_RE.search(text):
            self._report(text)
            text = _REMOVED_RE.sub("", text)
        self._line += text.count("\n")
        return text

    def finish(self) -> str:
        """What the last chunk held back."""
        if self._carriage:
            self._carriage = False
            self._line += 1
            return "\n"
        return ""

    def _report(self, text: str) -> None:
        for offset, line in enumerate(text.split("\n")):
            found = [
                f"U+{ord(match.group(0)):04X}" for match in _REMOVED_RE.finditer(line)
            ]
            if found:
                self.problems.append(
                    Problem(
                        line=self._line + offset,
                        text=clean_spaces(_REMOVED_RE.sub("", line))[:200],
                        reason=CHARACTERS_REMOVED.format(
                            count=len(found), names=", ".join(dict.fromkeys(found))
                        ),
                    )
                )


def _text_links(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The text without written-out links, and those links with the text before."""
    links: list[tuple[str, str]] = []

    def markdown(match: re.Match[str]) -> str:
        links.append((match["url"], match["label"]))
        return match["label"]

    text = _MARKDOWN_LINK_RE.sub(markdown, text)

    def bare(match: re.Match[str]) -> str:
        links.append((match["url"], text[: match.start()].strip()))
        return " "

    if "http" in text:
        text = _BARE_URL_RE.sub(bare, text)
    return clean_spaces(text), tuple(links)


class TextTokenizer:
    """Blocks of a plain-text page, fed line by line.

    A blank line ends a block. So does a bullet, a line that starts a block by
    itself (an identifier, a section heading: ``starts_block``) and a change of
    indentation (the indented summaries of dhs.gov text renderings), unless the
    line before was hard-wrapped: an unclosed bracket ("(" / "PDF, 12 pages - 449
    KB)") or a line cut because the next word did not fit.
    """

    def __init__(self, starts_block: Callable[[str], bool]) -> None:
        self._starts_block = starts_block
        self._parts: list[str] = []
        self._line = 0
        self._indent = 0
        self._kind = BlockKind.PARAGRAPH
        self._last = ""

    def feed_line(self, number: int, raw: str) -> list[Block]:
        """The blocks this line ends."""
        expanded = raw.expandtabs(4)
        indent = len(expanded) - len(expanded.lstrip())
        text = clean_spaces(expanded)
        if not text:
            return self._flush()
        bullet = _BULLET_RE.match(text)
        blocks: list[Block] = []
        if self._parts and not self._continues(text, indent, bullet is not None):
            blocks = self._flush()
        if not self._parts:
            if bullet is not None:
                text = text[bullet.end() :]
                if not text:
                    return blocks
                self._kind = BlockKind.ITEM
            else:
                self._kind = BlockKind.PARAGRAPH
            self._line, self._indent = number, indent
        self._parts.append(text)
        self._last = text
        return blocks

    def close(self) -> list[Block]:
        """The last block."""
        return self._flush()

    def _continues(self, text: str, indent: int, bullet: bool) -> bool:
        joined = " ".join(self._parts)
        if joined.count("(") > joined.count(")"):
            return True
        if bullet or self._starts_block(text):
            return False
        last = self._last
        first_word = text.split(" ", 1)[0]
        wrapped = (
            len(last) <= _WRAPPED_LINE_MAX
            and len(last) + 1 + len(first_word) > _WRAP_WIDTH
        )
        if not wrapped:
            return False
        return indent == self._indent or self._kind is BlockKind.ITEM

    def _flush(self) -> list[Block]:
        if not self._parts:
            return []
        text, links = _text_links(" ".join(self._parts))
        self._parts = []
        if not text:
            return []
        return [
            Block(
                kind=self._kind,
                text=text,
                line=self._line,
                indent=self._indent,
                links=links,
            )
        ]


class HtmlTokenizer(HTMLParser):
    """Blocks of an HTML page, fed in chunks; inline elements (links, emphasis) join in.

    A table row is one block, its cells joined by " | "; text inside ``<nav>`` is
    navigation.
    """

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
            "pre",
            "section",
            "table",
            "tbody",
            "thead",
            "tfoot",
            "tr",
            "ul",
            "caption",
        ]
    )
    CELL_TAGS = frozenset(["td", "th"])
    SKIPPED_TAGS = frozenset(
        ["head", "script", "style", "noscript", "template", "title", "svg"]
    )
    HEADING_TAGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
    NAVIGATION_TAGS = frozenset(["nav"])

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._open: list[str] = []
        self._parts: list[str] = []
        self._links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._href_start = 0
        self._line = 0
        self._skipping = 0
        self._navigation = 0

    def take(self) -> list[Block]:
        """The blocks finished so far, handed over once."""
        blocks, self.blocks = self.blocks, []
        return blocks

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIPPED_TAGS:
            self._skipping += 1
        elif tag in self.CELL_TAGS:
            if "".join(self._parts).strip():
                self._parts.append(" | ")
        elif tag == "a":
            self._href = dict(attrs).get("href") or None
            self._href_start = len("".join(self._parts))
        elif tag in self.BLOCK_TAGS:
            self._flush()
            if tag in self.NAVIGATION_TAGS or ("role", "navigation") in attrs:
                self._navigation += 1
                self._open.append(f"nav:{tag}")
            elif tag not in ("br", "hr"):
                self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag == "a":
            if self._href is not None:
                text = clean_spaces("".join(self._parts)[self._href_start :])
                self._links.append((self._href, text))
            self._href = None
        elif tag in self.BLOCK_TAGS:
            self._flush()
            for name in (tag, f"nav:{tag}"):
                if name in self._open:
                    while True:
                        popped = self._open.pop()
                        if popped.startswith("nav:"):
                            self._navigation -= 1
                        if popped == name:
                            break
                    break

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if "pre" in self._open and "\n" in data:
            # Preformatted text keeps its lines: each is a block.
            first, *others = data.split("\n")
            self.handle_data(first)
            for other in others:
                self._flush()
                self._line += 1
                self.handle_data(other)
            return
        if not "".join(self._parts).strip() and data.strip():
            self._line = self.getpos()[0] + data[
                : len(data) - len(data.lstrip())
            ].count("\n")
        if self._parts or data.strip():
            self._parts.append(data)

    def close(self) -> None:
        super().close()
        self._flush()

    def _flush(self) -> None:
        text = clean_spaces("".join(self._parts)).strip(" |")
        links, self._links = tuple(self._links), []
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
            if tag == "tr":
                kind = BlockKind.ROW
                break
            if tag in ("p", "dd", "dt"):
                break
        self.blocks.append(
            Block(
                kind=kind,
                text=text,
                line=self._line,
                links=links,
                navigation=self._navigation > 0,
            )
        )


# Classification ---------------------------------------------------------------------


class TokenKind(enum.StrEnum):
    """What a block is, before the grammar knows where it stands.

    An IDENTIFIER_LINE becomes a series heading, an earlier-version line or an
    association line depending on the section and series it stands in.
    """

    NAVIGATION = "navigation"
    FOOTER = "footer"
    TITLE = "title"
    SECTION = "section"
    #: An identifier and a title, no date: a series heading (or earlier version).
    HEADING = "heading"
    #: An identifier with a date, PDF details or a citation: a one-line entry,
    #: an earlier version or an association.
    IDENTIFIER_LINE = "identifier line"
    #: A title with a date or PDF details, no identifier: the document line.
    DOCUMENT_LINE = "document line"
    PROSE = "prose"
    UNREADABLE = "unreadable identifier"


@dataclass(frozen=True)
class Token:
    """A classified block: its kind and what the classifier read from it."""

    kind: TokenKind
    block: Block
    identifier: Identifier | None = None
    #: The words after the identifier or after a section heading's colon.
    rest: str = ""
    section: Section | None = None
    error: str | None = None


def leading_identifier(
    text: str, *, kind_hint: DocumentKind | None = None
) -> tuple[Identifier, str] | IdentifierError | None:
    """The identifier a block starts with and the words after it."""
    found = find_identifier(text, kind_hint=kind_hint)
    if found is None or found[1] != 0:
        if _IDENTIFIER_HEAD_RE.match(text):
            word = text.split(" ")[0]
            try:
                parse_identifier(word)
            except IdentifierError as error:
                return error
            return IdentifierError(word)
        return None
    identifier, _, end = found
    return identifier, _AFTER_IDENTIFIER_RE.sub("", text[end:], count=1)


def _slug_identifier(block: Block) -> Identifier | None:
    """The identifier of a block titled by a link whose address names it."""
    if len(block.text) > TITLE_LIKE_MAX:
        return None
    for address, label in block.links:
        identifier = find_slug_identifier(address)
        if identifier is None:
            continue
        if block.text.startswith(label) or (
            not label and not SENTENCE_BREAK_RE.search(block.text)
        ):
            return identifier
    return None


def has_details(text: str) -> bool:
    """Whether a line after an identifier gives a date, PDF details or a citation."""
    line = parse_document_line(text)
    if line.has_details and is_title_like(line.title):
        return True
    return find_citation(text) is not None and len(text) <= 2 * TITLE_LIKE_MAX


def starts_block(profile: PageProfile) -> Callable[[str], bool]:
    """Whether a line of plain text starts a block of its own on this profile's pages."""
    section_re = profile.section_re

    def check(text: str) -> bool:
        found = find_identifier(text)
        return bool(
            (found is not None and found[1] == 0)
            or section_re.match(text)
            or FOOTER_RE.match(text)
        )

    return check


def classify(block: Block, profile: PageProfile) -> Token:
    """What a block is, by its own words."""
    text = block.text
    if block.navigation or NAVIGATION_RE.match(text):
        return Token(TokenKind.NAVIGATION, block)
    if FOOTER_RE.match(text):
        return Token(TokenKind.FOOTER, block)
    section = profile.section_re.match(text)
    if section:
        name = next(
            member for member in Section if section.group(member.value) is not None
        )
        return Token(TokenKind.SECTION, block, section=name, rest=section["rest"] or "")
    # "DHS/NPPD-021 - ..." as a page's heading is a document of the kind it lists.
    hint = profile.kind if block.kind is BlockKind.HEADING else None
    leading = leading_identifier(text, kind_hint=hint)
    if isinstance(leading, IdentifierError):
        return Token(TokenKind.UNREADABLE, block, error=str(leading))
    if leading is None:
        slug = _slug_identifier(block)
        if slug is not None:
            leading = slug, text
    if leading is not None:
        identifier, rest = leading
        kind = TokenKind.IDENTIFIER_LINE if has_details(rest) else TokenKind.HEADING
        return Token(kind, block, identifier=identifier, rest=rest)
    if TITLE_RE.match(text) and len(text) <= TITLE_LIKE_MAX:
        return Token(TokenKind.TITLE, block)
    line = parse_document_line(text)
    if line.has_details and is_title_like(line.title):
        return Token(TokenKind.DOCUMENT_LINE, block, rest=text)
    return Token(TokenKind.PROSE, block, rest=text)
