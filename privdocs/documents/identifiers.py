"""Parse and format every spelling of privacy document identifiers and FR citations.

This is the one place that knows how ``DHS/ICE/PIA-015(g)`` is spelled: on pages
(``DHS-ICE-PIA-039``, ``DHS/CBP/PIA \u2013 025``, ``DHS/CBP/PIA-0076``,
``DHS/NPPD/USVISIT/PIA-002``, ``PIA-001The EINSTEIN Program``), in URLs
(``/dhs/ice/pia-015/g/``, a publication slug ``dhs-ice-pia-045-ice-investigative-…``)
and in a search box (``ice pia 15g``). Pure Python: no Django, no database.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from privdocs.core.errors import IdentifierError


class DocumentKind(enum.StrEnum):
    """The kinds of privacy document, in the order they are usually written."""

    PTA = "PTA"
    PIA = "PIA"
    SORN = "SORN"
    PCR = "PCR"
    DPIA = "DPIA"


IDENTIFIER_EXAMPLES = "DHS/ICE/PIA-015(g) or DHS/ICE-011"
NOT_AN_IDENTIFIER = (
    "{given!r} is not a document identifier: expected something like "
    + IDENTIFIER_EXAMPLES
)
IDENTIFIER_WITHOUT_NUMBER = (
    "{given!r} is not a document identifier: the number is missing; expected "
    "something like " + IDENTIFIER_EXAMPLES
)
BAD_UPDATE_LETTER = (
    "{given!r} is not a document identifier: after the number expected nothing or "
    "an update letter like (g) or 032a, not {rest!r}"
)
INVALID_IDENTIFIER_PART = (
    "{value!r} is not a valid {part} of a document identifier: expected {expected}"
)
NOT_AN_UPDATE_LETTER = (
    "{given!r} is not an update letter: expected lower-case letters like a, g or aa"
)
NOT_AN_UPDATE_INDEX = (
    "{given!r} is not an update index: expected 0 for the original or a positive number"
)
NOT_A_DOCUMENT_PATH = (
    "{given!r} is not a document path: expected parts like "
    "('dhs', 'ice', 'pia-015', 'g') or ('dhs', 'ice', 'sorn-011')"
)
NOT_A_CITATION = (
    "{given!r} is not a Federal Register citation: expected something like 73 FR 68435"
)
INVALID_CITATION_PART = (
    "{value!r} is not a valid {part} of a Federal Register citation: expected a "
    "positive number"
)

# ASCII: case-insensitive [a-z] would also match the Kelvin sign and the long s.
_FLAGS = re.IGNORECASE | re.ASCII
_KIND_ORDER = {kind: position for position, kind in enumerate(DocumentKind)}
_KIND_WORDS = "|".join(kind.value for kind in DocumentKind)
_NOT_KIND_WORD = rf"(?!(?:{_KIND_WORDS})(?![A-Za-z&]))"
_DASHES = "\\-\u2010-\u2015\u2212"  # hyphen, en dash, em dash and friends
# Spaces (also no-break), but an identifier never runs across lines.
_SPACE = "[ \t\u00a0\u2009\u202f]*"
_SEPARATOR = rf"{_SPACE}[/{_DASHES}]{_SPACE}"
_AGENCY = rf"{_NOT_KIND_WORD}[A-Za-z]{{2,}}"
# "S&T" and "I&A" are DHS components.
_COMPONENT = rf"{_NOT_KIND_WORD}[A-Za-z](?:[A-Za-z&]*[A-Za-z])?"
# SORNs have no kind word: "DHS/ICE-011", "DHS/ALL-002", "DHS/NPPD-021". A PIA of
# a program within a component has four parts: "DHS/NPPD/USVISIT/PIA-002"; the
# component is then "NPPD/USVISIT".
_HEAD = (
    rf"(?P<agency>{_AGENCY}){_SEPARATOR}"
    rf"(?:(?:(?P<component>{_COMPONENT})"
    rf"(?:{_SEPARATOR}(?P<program>{_COMPONENT}))?{_SEPARATOR})?"
    rf"(?P<kind>{_KIND_WORDS})(?:{_SEPARATOR}|{_SPACE})"
    rf"|(?P<sorn_component>{_COMPONENT}){_SEPARATOR})"
)
# The update letter is bracketed, "015(g)", or glued on, "032a"; a word after a
# space is not one ("DHS-ICE-PIA-039 Acquisition and Use ...").
_UPDATE = r"(?:\((?P<paren>[A-Za-z]+)\)|(?P<glued>[A-Za-z]+))?(?![A-Za-z0-9])"
_IDENTIFIER_RE = re.compile(
    rf"(?<![A-Za-z0-9&]){_HEAD}(?P<number>\d+){_UPDATE}", _FLAGS
)
_HEAD_AND_NUMBER_RE = re.compile(rf"{_HEAD}\d+", _FLAGS)
_HEAD_WITHOUT_NUMBER_RE = re.compile(
    rf"{_AGENCY}{_SEPARATOR}"
    rf"(?:(?:{_COMPONENT}(?:{_SEPARATOR}{_COMPONENT})?{_SEPARATOR})?(?:{_KIND_WORDS})"
    rf"|{_COMPONENT})"
    rf"(?:{_SEPARATOR})?",
    _FLAGS,
)
_QUERY_RE = re.compile(
    rf"(?P<head>.*?)(?P<separator>{_SEPARATOR}|{_SPACE})(?P<number>\d+)"
    r"(?:\((?P<paren>[A-Za-z]+)\)|(?P<glued>[A-Za-z]+)"
    # "dhs ice pia 015 g": a short word after the number is its update letter.
    r"|\s+(?P<spaced>[A-Za-z]{1,2}))?",
    _FLAGS,
)
_QUERY_WORD_SPLIT_RE = re.compile(rf"[\s/{_DASHES}]+")
_AGENCY_RE = re.compile(r"[A-Z]{2,}")
_COMPONENT_PART = r"[A-Z](?:[A-Z&]*[A-Z])?"
_COMPONENT_PART_RE = re.compile(_COMPONENT_PART)
_COMPONENT_RE = re.compile(rf"{_COMPONENT_PART}(?:/{_COMPONENT_PART})?")
# "PIA-001The EINSTEIN Program": a capitalised word glued to the number of an
# identifier written in capitals is the title, not an update letter.
_GLUED_TITLE_RE = re.compile(r"[A-Z][a-z]+")
_UPDATE_RE = re.compile(r"[a-z]*")
_PATH_DOCUMENT_RE = re.compile(rf"(?P<kind>{_KIND_WORDS})-(?P<number>\d+)", _FLAGS)
_PATH_UPDATE_RE = re.compile(r"[A-Za-z]+", re.ASCII)
_CITATION_RE = re.compile(
    r"(?<![\d.,])(?P<volume>\d{1,3})\s*(?:F\.?\s*R\.?|Fed\.?\s*Reg\.?)\s*"
    # "73 FR 68,435": the page may carry thousands separators.
    r"(?P<page>\d{1,3}(?:,\d{3})+|\d+)(?![\d])",
    _FLAGS,
)


@functools.total_ordering
@dataclass(frozen=True)
class Identifier:
    """One document's identifier: agency, component, kind, number, update letter."""

    agency: str
    component: str | None
    kind: DocumentKind
    number: int
    update: str = ""

    def __post_init__(self) -> None:
        if not _AGENCY_RE.fullmatch(self.agency) or _is_kind_word(self.agency):
            raise IdentifierError(
                INVALID_IDENTIFIER_PART.format(
                    value=self.agency,
                    part="agency",
                    expected="upper-case letters like DHS",
                )
            )
        if self.component is not None and (
            not _COMPONENT_RE.fullmatch(self.component)
            or any(_is_kind_word(part) for part in self.component.split("/"))
        ):
            raise IdentifierError(
                INVALID_IDENTIFIER_PART.format(
                    value=self.component,
                    part="component",
                    expected="upper-case letters like ICE or S&T",
                )
            )
        if self.number < 0:
            raise IdentifierError(
                INVALID_IDENTIFIER_PART.format(
                    value=self.number, part="number", expected="0 or more"
                )
            )
        if not _UPDATE_RE.fullmatch(self.update):
            raise IdentifierError(
                INVALID_IDENTIFIER_PART.format(
                    value=self.update,
                    part="update letter",
                    expected="lower-case letters like g or aa",
                )
            )

    @property
    def series(self) -> Identifier:
        """The series this version belongs to: the same without the update letter."""
        return replace(self, update="") if self.update else self

    @property
    def organization(self) -> str:
        """The acronym of the organization that owns it: ICE; USVISIT for
        DHS/NPPD/USVISIT/PIA-002; the agency for DHS/PIA-001 and DHS/ALL/PIA-001."""
        if self.component is None or self.component == "ALL":
            return self.agency
        return self.component.split("/")[-1]

    @property
    def is_update(self) -> bool:
        """Whether this is a lettered update rather than the original version."""
        return self.update != ""

    def __str__(self) -> str:
        """The canonical spelling: DHS/ICE/PIA-015(g), DHS/ICE-011, DHS/PIA-001."""
        number = f"{self.number:03d}"
        update = f"({self.update})" if self.update else ""
        if self.kind is DocumentKind.SORN and self.component is not None:
            return f"{self.agency}/{self.component}-{number}{update}"
        prefix = f"{self.agency}/{self.component}" if self.component else self.agency
        return f"{prefix}/{self.kind.value}-{number}{update}"

    def sort_key(self) -> tuple[str, str, int, int, int]:
        """Agency, component, kind, number, then update ("" < a < z < aa)."""
        return (
            self.agency,
            self.component or "",
            _KIND_ORDER[self.kind],
            self.number,
            update_index(self.update),
        )

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, Identifier):
            return NotImplemented
        return self.sort_key() < other.sort_key()

    def path_parts(self) -> tuple[str, ...]:
        """URL parts, lower-case: ("dhs", "ice", "pia-015", "g"); a four-part
        identifier gives ("dhs", "nppd", "usvisit", "pia-002")."""
        parts = [self.agency.lower()]
        if self.component is not None:
            parts.extend(self.component.lower().split("/"))
        parts.append(f"{self.kind.value.lower()}-{self.number:03d}")
        if self.update:
            parts.append(self.update)
        return tuple(parts)


_KIND_WORD_SET = frozenset(DocumentKind.__members__)


def _is_kind_word(word: str) -> bool:
    return word.upper() in _KIND_WORD_SET


def _is_name(word: str) -> bool:
    """Whether an upper-case word can be a component (or, if long enough, agency)."""
    return (
        word.isascii()
        and _COMPONENT_PART_RE.fullmatch(word) is not None
        and not _is_kind_word(word)
    )


def _identifier_from_match(
    match: re.Match[str], kind_hint: DocumentKind | None
) -> Identifier:
    if match["kind"]:
        kind = DocumentKind(match["kind"].upper())
        component = match["component"]
        if component and match["program"]:
            component = f"{component}/{match['program']}"
    else:
        kind = kind_hint or DocumentKind.SORN
        component = match["sorn_component"]
    return Identifier(
        agency=match["agency"].upper(),
        component=component.upper() if component else None,
        kind=kind,
        number=int(match["number"]),
        update=(match["paren"] or match["glued"] or "").lower(),
    )


def parse_identifier(text: str, *, kind_hint: DocumentKind | None = None) -> Identifier:
    """Parse one identifier in any spelling seen on pages; raise IdentifierError.

    ``kind_hint`` is the kind of an identifier written without a kind word
    ("DHS/NPPD-021" listed as a PIA); without a hint such an identifier is a SORN.
    A kind word in the text wins over the hint.
    """
    stripped = text.strip()
    match = _IDENTIFIER_RE.fullmatch(stripped)
    if match:
        return _identifier_from_match(match, kind_hint)
    if _HEAD_WITHOUT_NUMBER_RE.fullmatch(stripped):
        raise IdentifierError(IDENTIFIER_WITHOUT_NUMBER.format(given=text))
    prefix = _HEAD_AND_NUMBER_RE.match(stripped)
    if prefix:
        rest = stripped[prefix.end() :]
        raise IdentifierError(BAD_UPDATE_LETTER.format(given=text, rest=rest))
    raise IdentifierError(NOT_AN_IDENTIFIER.format(given=text))


def find_identifier(
    text: str, *, kind_hint: DocumentKind | None = None
) -> tuple[Identifier, int, int] | None:
    """Find the first identifier in a longer line: (identifier, start, end) or None.

    An identifier written without a kind word is taken as a SORN, or as
    ``kind_hint`` when given. In ``PIA-001The EINSTEIN Program`` the title is glued
    to the number: the identifier ends at the number.
    """
    match = _IDENTIFIER_RE.search(text)
    if match is None:
        return None
    glued = match["glued"]
    head = text[match.start() : match.start("number")]
    if glued and _GLUED_TITLE_RE.fullmatch(glued) and head.upper() == head:
        end = match.end("number")
        identifier = replace(_identifier_from_match(match, kind_hint), update="")
        return identifier, match.start(), end
    return _identifier_from_match(match, kind_hint), match.start(), match.end()


def find_slug_identifier(url: str) -> Identifier | None:
    """The identifier a publication URL's last part starts with, or None.

    ``https://www.dhs.gov/publication/dhs-ice-pia-045-ice-investigative-case-management``
    names DHS/ICE/PIA-045; only the start of the last part counts, so a slug that
    merely mentions an identifier later names none.
    """
    path = re.split(r"[?#]", url.strip(), maxsplit=1)[0].rstrip("/")
    segment = path.rsplit("/", 1)[-1]
    if not segment:
        return None
    found = find_identifier(segment)
    if found is None or found[1] != 0:
        return None
    return found[0]


def parse_query_identifier(
    text: str, *, default_agency: str = "DHS"
) -> Identifier | None:
    """Read an identifier typed in a search box ("ice pia 15g"); None if not one.

    The agency may be left out. Plain words with a number ("section 287(g)",
    "pia 2024") are not identifiers: a kind word needs an agency or component
    before it, and a SORN needs a slash or dash before its number ("ice-011").
    """
    match = _QUERY_RE.fullmatch(text.strip())
    if match is None:
        return None
    words = [word.upper() for word in _QUERY_WORD_SPLIT_RE.split(match["head"])]
    words = [word for word in words if word]
    kind: DocumentKind | None = None
    if words and _is_kind_word(words[-1]):
        kind = DocumentKind(words.pop())
    if not words or len(words) > 2:
        return None
    if any(not _is_name(word) for word in words):
        return None
    default = default_agency.upper()
    if kind is None:
        before_number = match["head"] + match["separator"]
        if not re.search(rf"[/{_DASHES}]\s*\Z", before_number) or words == [default]:
            return None
        kind = DocumentKind.SORN
    if len(words) == 2:
        agency, component = words
    elif words[0] == default:
        agency, component = default, None
    else:
        agency, component = default, words[0]
    if not _AGENCY_RE.fullmatch(agency):
        return None
    return Identifier(
        agency=agency,
        component=component,
        kind=kind,
        number=int(match["number"]),
        update=(match["paren"] or match["glued"] or match["spaced"] or "").lower(),
    )


def identifier_from_path(parts: Sequence[str]) -> Identifier:
    """Read URL parts made by Identifier.path_parts; raise IdentifierError if bad."""
    error = IdentifierError(NOT_A_DOCUMENT_PATH.format(given=tuple(parts)))
    if not 2 <= len(parts) <= 5 or not all(part.isascii() for part in parts):
        raise error
    agency, rest = parts[0].upper(), list(parts[1:])
    names: list[str] = []
    while rest and len(names) < 2 and not _PATH_DOCUMENT_RE.fullmatch(rest[0]):
        names.append(rest.pop(0).upper())
    component = "/".join(names) if names else None
    if not rest or len(rest) > 2:
        raise error
    document = _PATH_DOCUMENT_RE.fullmatch(rest[0])
    update = rest[1] if len(rest) == 2 else ""
    if document is None or (len(rest) == 2 and not _PATH_UPDATE_RE.fullmatch(update)):
        raise error
    if not (_is_name(agency) and _AGENCY_RE.fullmatch(agency)):
        raise error
    if any(not _is_name(name) for name in names):
        raise error
    return Identifier(
        agency=agency,
        component=component,
        kind=DocumentKind(document["kind"].upper()),
        number=int(document["number"]),
        update=update.lower(),
    )


def update_index(letter: str) -> int:
    """Position of an update letter: "" -> 0, "a" -> 1, "z" -> 26, "aa" -> 27."""
    if not _UPDATE_RE.fullmatch(letter):
        raise IdentifierError(NOT_AN_UPDATE_LETTER.format(given=letter))
    index = 0
    for character in letter:
        index = index * 26 + (ord(character) - ord("a") + 1)
    return index


def update_letter(index: int) -> str:
    """The update letter at a position: 0 -> "", 1 -> "a", 26 -> "z", 27 -> "aa"."""
    if index < 0:
        raise IdentifierError(NOT_AN_UPDATE_INDEX.format(given=index))
    characters: list[str] = []
    while index > 0:
        index, remainder = divmod(index - 1, 26)
        characters.append(chr(ord("a") + remainder))
    return "".join(reversed(characters))


def next_update(letter: str) -> str:
    """The letter of the update after this one: "" -> "a", "z" -> "aa"."""
    return update_letter(update_index(letter) + 1)


@dataclass(frozen=True)
class Citation:
    """A Federal Register citation: volume and first page, "73 FR 68435"."""

    volume: int
    page: int

    def __post_init__(self) -> None:
        for part, value in (("volume", self.volume), ("page", self.page)):
            if value < 1:
                raise IdentifierError(
                    INVALID_CITATION_PART.format(value=value, part=part)
                )

    def __str__(self) -> str:
        """The canonical spelling, "73 FR 68435"."""
        return f"{self.volume} FR {self.page}"


def _citation_from_match(match: re.Match[str]) -> Citation:
    return Citation(
        volume=int(match["volume"]), page=int(match["page"].replace(",", ""))
    )


def parse_citation(text: str) -> Citation:
    """Parse "73 FR 68435", "73 F.R. 68435", "73 Fed. Reg. 68,435"; raise if not."""
    match = _CITATION_RE.fullmatch(text.strip())
    if match is None:
        raise IdentifierError(NOT_A_CITATION.format(given=text))
    return _citation_from_match(match)


def find_citation(text: str) -> tuple[Citation, int, int] | None:
    """Find the first citation in a longer line: (citation, start, end) or None."""
    for match in _CITATION_RE.finditer(text):
        if int(match["volume"]) > 0 and int(match["page"].replace(",", "")) > 0:
            return _citation_from_match(match), match.start(), match.end()
    return None
