"""Tests for parsing and formatting document identifiers and FR citations."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from privdocs.core.errors import IdentifierError
from privdocs.documents.identifiers import (
    BAD_UPDATE_LETTER,
    IDENTIFIER_WITHOUT_NUMBER,
    INVALID_CITATION_PART,
    INVALID_IDENTIFIER_PART,
    NOT_A_CITATION,
    NOT_A_DOCUMENT_PATH,
    NOT_AN_IDENTIFIER,
    NOT_AN_UPDATE_INDEX,
    NOT_AN_UPDATE_LETTER,
    Citation,
    DocumentKind,
    Identifier,
    find_citation,
    find_identifier,
    find_slug_identifier,
    identifier_from_path,
    next_update,
    parse_citation,
    parse_identifier,
    parse_query_identifier,
    update_index,
    update_letter,
)

PIA = DocumentKind.PIA
SORN = DocumentKind.SORN
EN_DASH = "\u2013"
EM_DASH = "\u2014"
KIND_WORDS = frozenset(kind.value for kind in DocumentKind)


def ident(
    component: str | None,
    kind: DocumentKind,
    number: int,
    update: str = "",
    agency: str = "DHS",
) -> Identifier:
    return Identifier(
        agency=agency, component=component, kind=kind, number=number, update=update
    )


# Every spelling below was seen on a DHS page.
SEEN_SPELLINGS = [
    ("DHS/ICE/PIA-015(g)", ident("ICE", PIA, 15, "g"), "DHS/ICE/PIA-015(g)"),
    ("DHS/ICE/PIA-032a", ident("ICE", PIA, 32, "a"), "DHS/ICE/PIA-032(a)"),
    ("DHS/ICE/PIA-032(a)", ident("ICE", PIA, 32, "a"), "DHS/ICE/PIA-032(a)"),
    ("DHS-ICE-PIA-039", ident("ICE", PIA, 39), "DHS/ICE/PIA-039"),
    (f"DHS/CBP/PIA {EN_DASH} 025", ident("CBP", PIA, 25), "DHS/CBP/PIA-025"),
    (f"DHS/ICE/PIA {EN_DASH} 001", ident("ICE", PIA, 1), "DHS/ICE/PIA-001"),
    ("DHS/CBP/PIA-0076", ident("CBP", PIA, 76), "DHS/CBP/PIA-076"),
    ("DHS-TSA-PIA-045", ident("TSA", PIA, 45), "DHS/TSA/PIA-045"),
    ("DHS/ICE/PIA-001(aa)", ident("ICE", PIA, 1, "aa"), "DHS/ICE/PIA-001(aa)"),
    ("DHS/ICE-011", ident("ICE", SORN, 11), "DHS/ICE-011"),
    ("DHS/CBP-005", ident("CBP", SORN, 5), "DHS/CBP-005"),
    ("DHS/ALL-002", ident("ALL", SORN, 2), "DHS/ALL-002"),
    ("DHS/NPPD-021", ident("NPPD", SORN, 21), "DHS/NPPD-021"),
    ("DHS/ICE/PCR-001", ident("ICE", DocumentKind.PCR, 1), "DHS/ICE/PCR-001"),
    ("DHS/ICE/PTA-003", ident("ICE", DocumentKind.PTA, 3), "DHS/ICE/PTA-003"),
    ("DHS/ICE/DPIA-004", ident("ICE", DocumentKind.DPIA, 4), "DHS/ICE/DPIA-004"),
    ("DHS/S&T/PIA-012", ident("S&T", PIA, 12), "DHS/S&T/PIA-012"),
    ("DHS/PIA-001", ident(None, PIA, 1), "DHS/PIA-001"),
    ("DHS/SORN-007", ident(None, SORN, 7), "DHS/SORN-007"),
    ("DHS/ICE/SORN-011", ident("ICE", SORN, 11), "DHS/ICE-011"),
    ("  dhs/ice/pia-015(G)  ", ident("ICE", PIA, 15, "g"), "DHS/ICE/PIA-015(g)"),
    (f"DHS {EM_DASH} ICE {EM_DASH} PIA-015G", ident("ICE", PIA, 15, "g"), None),
    ("DHS/ICE/PIA-1234", ident("ICE", PIA, 1234), "DHS/ICE/PIA-1234"),
]


@pytest.mark.parametrize(("text", "expected", "canonical"), SEEN_SPELLINGS)
def test_parse_identifier_reads_every_seen_spelling(
    text: str, expected: Identifier, canonical: str | None
) -> None:
    """Each spelling seen on a page parses to its fields and canonical form."""
    parsed = parse_identifier(text)
    assert parsed == expected
    assert str(parsed) == (canonical or str(expected))


def test_identifier_without_kind_word_is_a_sorn_unless_hinted() -> None:
    """'DHS/NPPD-021' is a SORN, or a PIA when listed as one."""
    assert parse_identifier("DHS/NPPD-021").kind is SORN
    hinted = parse_identifier("DHS/NPPD-021", kind_hint=PIA)
    assert hinted == ident("NPPD", PIA, 21)
    assert str(hinted) == "DHS/NPPD/PIA-021"


def test_kind_word_wins_over_kind_hint() -> None:
    """A kind written in the identifier is not overridden by the hint."""
    assert parse_identifier("DHS/ICE/PIA-001", kind_hint=SORN).kind is PIA


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", NOT_AN_IDENTIFIER.format(given="")),
        ("   ", NOT_AN_IDENTIFIER.format(given="   ")),
        ("hello", NOT_AN_IDENTIFIER.format(given="hello")),
        ("DHS/ICE/XYZ", NOT_AN_IDENTIFIER.format(given="DHS/ICE/XYZ")),
        ("287(g)", NOT_AN_IDENTIFIER.format(given="287(g)")),
        ("DHS-011", NOT_AN_IDENTIFIER.format(given="DHS-011")),
        ("DHS/PIA/PIA-001", NOT_AN_IDENTIFIER.format(given="DHS/PIA/PIA-001")),
        ("DHS/ICE/PIA-", IDENTIFIER_WITHOUT_NUMBER.format(given="DHS/ICE/PIA-")),
        ("DHS/ICE/PIA", IDENTIFIER_WITHOUT_NUMBER.format(given="DHS/ICE/PIA")),
        ("DHS/ICE-", IDENTIFIER_WITHOUT_NUMBER.format(given="DHS/ICE-")),
        (
            "DHS/ICE/PIA-01(",
            BAD_UPDATE_LETTER.format(given="DHS/ICE/PIA-01(", rest="("),
        ),
        (
            "DHS/ICE/PIA-01(1)",
            BAD_UPDATE_LETTER.format(given="DHS/ICE/PIA-01(1)", rest="(1)"),
        ),
        (
            "DHS/ICE/PIA-015 Acquisition",
            BAD_UPDATE_LETTER.format(
                given="DHS/ICE/PIA-015 Acquisition", rest=" Acquisition"
            ),
        ),
    ],
)
def test_parse_identifier_refuses_with_message(text: str, message: str) -> None:
    """A non-identifier is refused, saying what was given and what was expected."""
    with pytest.raises(IdentifierError) as caught:
        parse_identifier(text)
    assert caught.value.message == message


def test_not_an_identifier_message_reads_well() -> None:
    """The message names the input and shows both identifier shapes."""
    assert NOT_AN_IDENTIFIER.format(given="DHS/ICE/XYZ") == (
        "'DHS/ICE/XYZ' is not a document identifier: expected something like "
        "DHS/ICE/PIA-015(g) or DHS/ICE-011"
    )


@pytest.mark.parametrize(
    ("fields", "part"),
    [
        ({"agency": "dhs"}, "agency"),
        ({"agency": "PIA"}, "agency"),
        ({"component": "PIA"}, "component"),
        ({"component": "ice"}, "component"),
        ({"component": ""}, "component"),
        ({"number": -1}, "number"),
        ({"update": "G"}, "update letter"),
        ({"update": "1"}, "update letter"),
    ],
)
def test_identifier_refuses_invalid_fields(
    fields: dict[str, object], part: str
) -> None:
    """An Identifier can only hold values its canonical spelling can express."""
    valid: dict[str, object] = {
        "agency": "DHS",
        "component": "ICE",
        "kind": PIA,
        "number": 1,
        "update": "",
    }
    with pytest.raises(IdentifierError) as caught:
        Identifier(**(valid | fields))  # type: ignore[arg-type]
    value = next(iter(fields.values()))
    assert caught.value.message.startswith(
        INVALID_IDENTIFIER_PART.split("{expected}")[0].format(value=value, part=part)
    )


def test_series_and_is_update() -> None:
    """An update belongs to the series of its original version."""
    update = parse_identifier("DHS/ICE/PIA-015(g)")
    assert update.is_update
    assert update.series == parse_identifier("DHS/ICE/PIA-015")
    assert not update.series.is_update
    assert str(update.series) == "DHS/ICE/PIA-015"


@pytest.mark.parametrize(
    ("line", "expected", "span"),
    [
        (
            "DHS/ICE/PIA-019 - DHS/ICE/PIA-019 - Online Detainee Locator System (ODLS)",
            ident("ICE", PIA, 19),
            (0, 15),
        ),
        (
            "DHS-ICE-PIA-039 Acquisition and Use of License Plate Reader Data",
            ident("ICE", PIA, 39),
            (0, 15),
        ),
        ("DHS/ICE/PIA-032a - FALCON", ident("ICE", PIA, 32, "a"), (0, 16)),
        ("DHS/CBP/PIA-001(e) - Title", ident("CBP", PIA, 1, "e"), (0, 18)),
        (
            "DHS/CBP-005 - Advance Passenger Information System (APIS) "
            "November 18, 2008, 73 FR 68435",
            ident("CBP", SORN, 5),
            (0, 11),
        ),
        (
            "Section 287(g) of the INA; see DHS/ICE/PIA-010.",
            ident("ICE", PIA, 10),
            (31, 46),
        ),
        (f"Earlier: DHS/ICE/PIA {EN_DASH} 001", ident("ICE", PIA, 1), (9, 26)),
    ],
)
def test_find_identifier_returns_first_with_span(
    line: str, expected: Identifier, span: tuple[int, int]
) -> None:
    """The first identifier in a line is found with its span."""
    assert find_identifier(line) == (expected, *span)


@pytest.mark.parametrize(
    "line",
    [
        "Delegation of Immigration Authority Section 287(g) Program",
        "287(g)",
        "COVID-19 response",
        "Form I-94 arrival records",
        "Back To Top",
        "",
    ],
)
def test_find_identifier_ignores_numbers_in_prose(line: str) -> None:
    """A number without an agency and a kind or component before it is no identifier."""
    assert find_identifier(line) is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ice pia 15g", ident("ICE", PIA, 15, "g")),
        ("ICE PIA-15(g)", ident("ICE", PIA, 15, "g")),
        ("dhs ice pia 015 g", ident("ICE", PIA, 15, "g")),
        ("DHS-ICE-PIA-039", ident("ICE", PIA, 39)),
        ("ice pia 39", ident("ICE", PIA, 39)),
        ("ice-pia-39", ident("ICE", PIA, 39)),
        ("ice-011", ident("ICE", SORN, 11)),
        ("DHS/ICE-011", ident("ICE", SORN, 11)),
        ("DHS/ICE/PIA-015(g)", ident("ICE", PIA, 15, "g")),
        ("  cbp pia 0076  ", ident("CBP", PIA, 76)),
        ("dhs pia 1", ident(None, PIA, 1)),
        ("doj fbi pia 2", ident("FBI", PIA, 2, agency="DOJ")),
    ],
)
def test_parse_query_identifier_reads_search_box_spellings(
    query: str, expected: Identifier
) -> None:
    """Forgiving search-box spellings of an identifier are understood."""
    assert parse_query_identifier(query) == expected


@pytest.mark.parametrize(
    "query",
    [
        "",
        "ice",
        "license plate reader",
        "287(g) program",
        "287(g)",
        "section 287(g)",
        "ice 11",
        "pia 2024",
        "dhs-011",
        "ice pia",
        "ice pia 15 program",
        "one two three pia 4",
    ],
)
def test_parse_query_identifier_leaves_ordinary_words_alone(query: str) -> None:
    """Ordinary search words, even with a number, are not taken as identifiers."""
    assert parse_query_identifier(query) is None


def test_parse_query_identifier_uses_default_agency() -> None:
    """A query without an agency gets the default agency."""
    found = parse_query_identifier("fbi pia 3", default_agency="doj")
    assert found == ident("FBI", PIA, 3, agency="DOJ")


@pytest.mark.parametrize(
    ("letter", "index"),
    [
        ("", 0),
        ("a", 1),
        ("g", 7),
        ("z", 26),
        ("aa", 27),
        ("az", 52),
        ("ba", 53),
        ("zz", 702),
        ("aaa", 703),
    ],
)
def test_update_index_is_bijective_base_26(letter: str, index: int) -> None:
    """Update letters count a..z, then aa, ab, ... like spreadsheet columns."""
    assert update_index(letter) == index
    assert update_letter(index) == letter


@pytest.mark.parametrize(
    ("letter", "following"), [("", "a"), ("a", "b"), ("z", "aa"), ("az", "ba")]
)
def test_next_update(letter: str, following: str) -> None:
    """The update after z is aa."""
    assert next_update(letter) == following


@pytest.mark.parametrize("letter", ["G", "1", "(g)", " a"])
def test_update_index_refuses_non_letters(letter: str) -> None:
    """Only lower-case letters are update letters."""
    with pytest.raises(IdentifierError) as caught:
        update_index(letter)
    assert caught.value.message == NOT_AN_UPDATE_LETTER.format(given=letter)


def test_update_letter_refuses_negative_index() -> None:
    """There is no update before the original."""
    with pytest.raises(IdentifierError) as caught:
        update_letter(-1)
    assert caught.value.message == NOT_AN_UPDATE_INDEX.format(given=-1)


def test_sorting_orders_updates_after_original_and_aa_after_z() -> None:
    """Versions of a series sort "" < a < z < aa < ab, not alphabetically."""
    ordered = [ident("ICE", PIA, 15, letter) for letter in ["", "a", "b", "z", "aa"]]
    ordered.append(ident("ICE", PIA, 15, "ab"))
    shuffled = [ordered[position] for position in (3, 0, 5, 1, 4, 2)]
    assert sorted(shuffled) == ordered


def test_sorting_orders_by_agency_component_kind_number() -> None:
    """A component-less identifier sorts first; kinds in PTA, PIA, SORN order."""
    ordered = [
        ident(None, PIA, 9),
        ident("CBP", PIA, 99),
        ident("ICE", DocumentKind.PTA, 50),
        ident("ICE", PIA, 2),
        ident("ICE", PIA, 10),
        ident("ICE", SORN, 1),
        ident("ALL", PIA, 1, agency="DOJ"),
    ]
    shuffled = [ordered[position] for position in (6, 2, 0, 4, 1, 5, 3)]
    assert sorted(shuffled) == ordered


@pytest.mark.parametrize(
    ("identifier", "parts"),
    [
        (ident("ICE", PIA, 15, "g"), ("dhs", "ice", "pia-015", "g")),
        (ident("ICE", PIA, 15), ("dhs", "ice", "pia-015")),
        (ident("ICE", SORN, 11), ("dhs", "ice", "sorn-011")),
        (ident(None, PIA, 1), ("dhs", "pia-001")),
        (ident(None, PIA, 1, "b"), ("dhs", "pia-001", "b")),
    ],
)
def test_path_parts(identifier: Identifier, parts: tuple[str, ...]) -> None:
    """URL parts are lower-case, as in /dhs/ice/pia-015/g/."""
    assert identifier.path_parts() == parts
    assert identifier_from_path(parts) == identifier


@pytest.mark.parametrize(
    "parts",
    [
        (),
        ("dhs",),
        ("dhs", "ice"),
        ("dhs", "ice", "pia-"),
        ("dhs", "ice", "pia-015", ""),
        ("dhs", "ice", "pia-015", "1"),
        ("dhs", "ice", "pia-015", "g", "x"),
        ("dhs", "pia", "pia-015"),
        ("d", "ice", "pia-015"),
        ("dhs", "ice", "xyz-015"),
        ("dhs", "\u017fice", "pia-015"),
    ],
)
def test_identifier_from_path_refuses_bad_parts(parts: tuple[str, ...]) -> None:
    """A path that path_parts could not have made is refused."""
    with pytest.raises(IdentifierError) as caught:
        identifier_from_path(parts)
    assert caught.value.message == NOT_A_DOCUMENT_PATH.format(given=parts)


@pytest.mark.parametrize(
    "text", ["73 FR 68435", "73 F.R. 68435", "73 Fed. Reg. 68435", "73 FR 68,435"]
)
def test_parse_citation_spellings(text: str) -> None:
    """The Federal Register is cited as FR, F.R. or Fed. Reg.; pages with commas."""
    citation = parse_citation(text)
    assert citation == Citation(volume=73, page=68435)
    assert str(citation) == "73 FR 68435"


@pytest.mark.parametrize("text", ["", "hello", "73 FR", "FR 68435", "73 XY 68435"])
def test_parse_citation_refuses_with_message(text: str) -> None:
    """A non-citation is refused, saying what was expected."""
    with pytest.raises(IdentifierError) as caught:
        parse_citation(text)
    assert caught.value.message == NOT_A_CITATION.format(given=text)


def test_citation_refuses_volume_zero() -> None:
    """Volumes and pages start at 1."""
    with pytest.raises(IdentifierError) as caught:
        parse_citation("0 FR 12")
    assert caught.value.message == INVALID_CITATION_PART.format(value=0, part="volume")


def test_find_citation_in_sorn_line() -> None:
    """The citation at the end of an associated-SORN line is found with its span."""
    line = "DHS/CBP-005 - APIS November 18, 2008, 73 FR 68435"
    assert find_citation(line) == (Citation(73, 68435), 38, 49)
    assert find_citation("No citation, 2008") is None
    assert find_citation("0 FR 1; 74 Fed. Reg. 1,234") == (Citation(74, 1234), 8, 26)


# Property tests.

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
agencies = st.text(UPPER, min_size=2, max_size=5).filter(
    lambda word: word not in KIND_WORDS
)
components = st.one_of(
    st.none(),
    st.sampled_from(["ICE", "CBP", "ALL", "NPPD", "S&T", "I&A", "USCIS"]),
    st.text(UPPER, min_size=1, max_size=5).filter(lambda word: word not in KIND_WORDS),
)
identifiers = st.builds(
    Identifier,
    agency=agencies,
    component=components,
    kind=st.sampled_from(DocumentKind),
    number=st.integers(0, 20_000),
    update=st.integers(0, 800).map(update_letter),
)
separators = st.sampled_from(
    ["/", "-", EN_DASH, EM_DASH, " / ", " - ", f" {EN_DASH} ", f"{EM_DASH} "]
)


@st.composite
def spellings(
    draw: st.DrawFn,
) -> tuple[Identifier, str, DocumentKind | None]:
    """An identifier, one of its real-world spellings, and the kind hint it needs."""
    identifier = draw(identifiers)
    kind_hint: DocumentKind | None = None
    parts = [identifier.agency]
    if identifier.component is not None:
        parts += [draw(separators), identifier.component]
    written_kind = identifier.component is None or draw(st.booleans())
    if written_kind:
        parts += [draw(separators), identifier.kind.value]
        parts.append(draw(st.sampled_from(["-", " ", "", f" {EN_DASH} "])))
    else:
        parts.append(draw(separators))
        if identifier.kind is not SORN:
            kind_hint = identifier.kind
    width = draw(st.integers(1, 6))
    parts.append(f"{identifier.number:0{width}d}")
    if identifier.update:
        glued = draw(st.booleans())
        parts.append(identifier.update if glued else f"({identifier.update})")
    cases: list[Callable[[str], str]] = [str.upper, str.lower, str.title, str]
    case = draw(st.sampled_from(cases))
    return identifier, case("".join(parts)), kind_hint


@given(identifiers)
def test_canonical_string_parses_back(identifier: Identifier) -> None:
    """parse(str(x)) == x for every identifier."""
    assert parse_identifier(str(identifier)) == identifier


@given(spellings())
def test_every_spelling_parses_and_formats_stably(
    spelling: tuple[Identifier, str, DocumentKind | None],
) -> None:
    """Each variant spelling parses to its identifier; formatting is idempotent."""
    identifier, text, kind_hint = spelling
    parsed = parse_identifier(text, kind_hint=kind_hint)
    assert parsed == identifier
    canonical = str(parsed)
    assert str(parse_identifier(canonical)) == canonical


@given(
    spellings().filter(lambda spelling: spelling[2] is None),
    st.sampled_from(["", "See ", "Associated SORN(s): ", "(", "1. "]),
    st.sampled_from(["", " - Online Detainee Locator System (ODLS)", ", 2008", ")"]),
)
def test_find_identifier_finds_spelling_inside_line(
    spelling: tuple[Identifier, str, DocumentKind | None], before: str, after: str
) -> None:
    """An identifier spelled any way is found inside a line, with its exact span."""
    identifier, text, _ = spelling
    found = find_identifier(before + text + after)
    assert found == (identifier, len(before), len(before) + len(text))


@given(identifiers)
def test_query_reads_canonical_string(identifier: Identifier) -> None:
    """The search box understands the canonical spelling."""
    found = parse_query_identifier(str(identifier), default_agency=identifier.agency)
    assert found == identifier


@given(st.integers(0, 10**6))
def test_update_letter_and_index_are_inverse(index: int) -> None:
    """update_index(update_letter(n)) == n."""
    assert update_index(update_letter(index)) == index


@given(st.text("abcdefghijklmnopqrstuvwxyz", max_size=4))
def test_update_index_and_letter_are_inverse(letter: str) -> None:
    """update_letter(update_index(s)) == s, and next_update steps by one."""
    assert update_letter(update_index(letter)) == letter
    assert update_index(next_update(letter)) == update_index(letter) + 1


@given(st.integers(0, 10**6))
def test_update_letters_strictly_increase(index: int) -> None:
    """Later updates have longer letters, or the same length and later letters."""
    letter, following = update_letter(index), update_letter(index + 1)
    assert (len(letter), letter) < (len(following), following)


@given(identifiers, st.integers(0, 2000), st.integers(0, 2000))
def test_updates_sort_in_index_order(
    identifier: Identifier, first: int, second: int
) -> None:
    """Within a series, identifiers sort by update index, not alphabetically."""
    one = dataclasses.replace(identifier, update=update_letter(first))
    other = dataclasses.replace(identifier, update=update_letter(second))
    assert (one < other) == (first < second)
    assert (one == other) == (first == second)


@given(identifiers, identifiers)
def test_ordering_agrees_with_sort_key(one: Identifier, other: Identifier) -> None:
    """< and == agree with sort_key."""
    assert (one < other) == (one.sort_key() < other.sort_key())
    assert (one == other) == (one.sort_key() == other.sort_key())


@given(identifiers)
def test_path_parts_round_trip(identifier: Identifier) -> None:
    """identifier_from_path(x.path_parts()) == x."""
    parts = identifier.path_parts()
    assert all(part == part.lower() for part in parts)
    assert identifier_from_path(parts) == identifier


@given(
    st.builds(Citation, volume=st.integers(1, 999), page=st.integers(1, 10**6)),
    st.sampled_from(
        ["{v} FR {p}", "{v} F.R. {p}", "{v} Fed. Reg. {p}", "{v} FR {p:,}"]
    ),
)
def test_citation_round_trip(citation: Citation, spelling: str) -> None:
    """Every spelling of a citation parses back to it, and str() is canonical."""
    text = spelling.format(v=citation.volume, p=citation.page)
    assert parse_citation(text) == citation
    assert parse_citation(str(citation)) == citation


# Spellings of the page reader's layouts.


@pytest.mark.parametrize(
    ("line", "expected", "rest"),
    [
        (
            "DHS/NPPD/USVISIT/PIA-002 - Tern",
            ident("NPPD/USVISIT", PIA, 2),
            " - Tern",
        ),
        ("DHS-USSS-PIA-001 Owl", ident("USSS", PIA, 1), " Owl"),
        ("DHS/S&T/PIA-012 - Lark", ident("S&T", PIA, 12), " - Lark"),
        (f"DHS/CBP/PIA {EN_DASH} 025 - Gull", ident("CBP", PIA, 25), " - Gull"),
        (
            "DHS/NPPD/PIA-001The EINSTEIN Program",
            ident("NPPD", PIA, 1),
            "The EINSTEIN Program",
        ),
        ("DHS/ICE/PIA-032a - FALCON", ident("ICE", PIA, 32, "a"), " - FALCON"),
    ],
    ids=["four-parts", "dashed", "s-and-t", "spaced", "glued-title", "glued-letter"],
)
def test_find_identifier_reads_page_spellings(
    line: str, expected: Identifier, rest: str
) -> None:
    """Four parts, dashes, spaced dashes and a title glued to the number are read."""
    found = find_identifier(line)
    assert found is not None
    assert found[0] == expected
    assert line[found[2] :] == rest


def test_four_part_identifier_formats_and_paths_round_trip() -> None:
    """DHS/NPPD/USVISIT/PIA-002(a) keeps its program in text and URL parts."""
    identifier = ident("NPPD/USVISIT", PIA, 2, "a")
    assert str(identifier) == "DHS/NPPD/USVISIT/PIA-002(a)"
    assert identifier.path_parts() == ("dhs", "nppd", "usvisit", "pia-002", "a")
    assert identifier_from_path(identifier.path_parts()) == identifier
    assert identifier.organization == "USVISIT"
    assert parse_identifier(str(identifier)) == identifier


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://www.dhs.gov/publication/dhs-ice-pia-045-ice-investigative-case",
            ident("ICE", PIA, 45),
        ),
        ("/publication/dhs-nppd-pia-027a-cormorant/", ident("NPPD", PIA, 27, "a")),
        ("/publication/dhs-ice-011-criminal-arrest?x=1", ident("ICE", SORN, 11)),
        ("/publication/privacy-impact-assessment-dhs-ice-pia-045", None),
        ("https://www.dhs.gov/", None),
    ],
)
def test_find_slug_identifier(url: str, expected: Identifier | None) -> None:
    """A publication URL's last part names its identifier when it starts with one."""
    assert find_slug_identifier(url) == expected
