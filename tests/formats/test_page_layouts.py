"""The page reader on every layout: fixture pages in text and HTML, bytes, streaming."""

from __future__ import annotations

import dataclasses
import datetime
import html
import io
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from privdocs.core.errors import FormatError
from privdocs.core.text import text_clean, text_stripped
from privdocs.documents.identifiers import DocumentKind, Identifier
from privdocs.formats.page import (
    BINARY_FILE,
    CHARACTERS_REMOVED,
    NO_SERIES_OF_TITLE,
    OTHER_ORGANIZATION,
    TITLE_CUT,
    TITLE_MAX,
    UNKNOWN_CHARSET,
    page_decode,
    page_read,
    parse_page,
)
from privdocs.formats.records import CatalogRecord, DatePrecision

PAGES = Path(__file__).parent / "pages"

Version = tuple[
    str, str, str | None, str, int | None, int | None, str, str | None, str | None
]
Association = tuple[str, str | None, str, str | None, str | None, str]
Series = tuple[
    str,
    str,
    tuple[str, ...],
    tuple[tuple[str, str | None], ...],
    tuple[Version, ...],
    tuple[Association, ...],
]
Facts = tuple[
    list[tuple[str, str | None, str | None]], list[Series], list[tuple[int, str]]
]


def _facts(record: CatalogRecord) -> Facts:
    """Every fact of a record as plain values, to compare with what a page says."""
    organizations = [(o.acronym, o.name, o.parent) for o in record.organizations]
    series: list[Series] = []
    for s in record.series:
        versions = tuple(
            (
                str(v.identifier),
                v.title,
                v.date.isoformat() if v.date else None,
                v.date_precision.value,
                v.pages,
                v.size_bytes,
                v.status,
                v.summary,
                v.citation,
            )
            for v in s.versions
        )
        associations = tuple(
            (
                a.kind,
                str(a.identifier) if a.identifier else None,
                a.title,
                a.citation,
                a.date.isoformat() if a.date else None,
                a.date_precision.value,
            )
            for a in s.associations
        )
        systems = tuple((system.name, system.acronym) for system in s.systems)
        series.append(
            (
                str(s.identifier),
                s.organization,
                s.sections,
                systems,
                versions,
                associations,
            )
        )
    return organizations, series, [(p.line, p.reason) for p in record.problems]


def _read(name: str) -> CatalogRecord:
    path = PAGES / name
    return parse_page(page_decode(path.read_bytes(), str(path)), source=str(path))


def _without_lines(record: CatalogRecord) -> CatalogRecord:
    """The record with its source and line numbers blanked, to compare two spellings."""
    series = tuple(
        dataclasses.replace(
            s,
            line=None,
            versions=tuple(dataclasses.replace(v, line=None) for v in s.versions),
        )
        for s in record.series
    )
    problems = tuple(dataclasses.replace(p, line=0) for p in record.problems)
    return dataclasses.replace(record, source="", series=series, problems=problems)


EXPECTED: dict[str, Facts] = {
    "bulleted": (
        [
            ("DHS", "Department of Homeland Security", None),
            ("S&T", "Science and Technology Directorate", "DHS"),
        ],
        [
            (
                "DHS/S&T/PIA-021",
                "S&T",
                ("SORN", "PCR"),
                (("Kestrel Sensor Grid", "KSG"),),
                (
                    (
                        "DHS/S&T/PIA-021",
                        "Kestrel Sensor Grid",
                        "2011-03-03",
                        "day",
                        7,
                        2097152,
                        "superseded",
                        None,
                        None,
                    ),
                    (
                        "DHS/S&T/PIA-021(a)",
                        "Kestrel Sensor Grid Update",
                        "2013-06-02",
                        "day",
                        9,
                        187976,
                        "superseded",
                        None,
                        None,
                    ),
                    (
                        "DHS/S&T/PIA-021(b)",
                        "Kestrel Sensor Grid Update",
                        "2016-05-04",
                        "day",
                        14,
                        166912,
                        "published",
                        "The grid reads weather sensors for tests. Nothing here is real.",
                        None,
                    ),
                ),
                (
                    (
                        "SORN",
                        "DHS/ALL-023",
                        "Test Personnel Records",
                        "74 FR 3084",
                        "2009-01-16",
                        "day",
                    ),
                    (
                        "SORN",
                        None,
                        "Test Visitor Logs",
                        "77 FR 33212",
                        "2012-06-05",
                        "day",
                    ),
                    (
                        "PCR",
                        None,
                        "Kestrel Sensor Grid PCR",
                        None,
                        "2014-06-01",
                        "month",
                    ),
                ),
            ),
            (
                "DHS/S&T/PIA-030",
                "S&T",
                (),
                (("Lark Field Notes", None),),
                (
                    (
                        "DHS/S&T/PIA-030(b)",
                        "Lark Field Notes",
                        "2017-07-07",
                        "day",
                        38,
                        1111491,
                        "superseded",
                        None,
                        None,
                    ),
                    (
                        "DHS/S&T/PIA-030(c)",
                        "Lark Field Notes",
                        "2018-08-08",
                        "day",
                        40,
                        8294236,
                        "published",
                        "Field notes of the lark survey.",
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/S&T/PIA-001",
                "S&T",
                (),
                (("The Owl Archive", None),),
                (
                    (
                        "DHS/S&T/PIA-001",
                        "Owl Archive",
                        "2010-01-05",
                        "day",
                        3,
                        None,
                        "published",
                        None,
                        None,
                    ),
                ),
                (),
            ),
        ],
        [],
    ),
    "wrapped": (
        [
            ("DHS", "Department of Homeland Security", None),
            ("TSA", "Transportation Security Administration", "DHS"),
        ],
        [
            (
                "DHS/TSA/PIA-018",
                "TSA",
                ("PREVIOUS",),
                (("Heron Screening Roster", "HSR"),),
                (
                    (
                        "DHS/TSA/PIA-018(e)",
                        "Heron Screening Roster Update",
                        "2010-05-02",
                        "day",
                        10,
                        308224,
                        "superseded",
                        None,
                        None,
                    ),
                    (
                        "DHS/TSA/PIA-018(f)",
                        "Heron Screening Roster Update",
                        "2012-04-12",
                        "day",
                        12,
                        459776,
                        "published",
                        "The roster lists screening lanes at test airports and their opening hours, kept for this test only.",
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/TSA/PIA-032",
                "TSA",
                ("SORN",),
                (("Plover Credential Check", None),),
                (
                    (
                        "DHS/TSA/PIA-032",
                        "Plover Credential Check",
                        "2013-09-30",
                        "day",
                        22,
                        626688,
                        "published",
                        "Plover checks credentials of test visitors.",
                        None,
                    ),
                ),
                (
                    (
                        "SORN",
                        "DHS/TSA-002",
                        "Test Security Threat Assessment Records",
                        "79 FR 46862",
                        "2014-08-11",
                        "day",
                    ),
                ),
            ),
        ],
        [],
    ),
    "library-2020s": (
        [
            ("DHS", "Department of Homeland Security", None),
            ("CBP", "U.S. Customs and Border Protection", "DHS"),
        ],
        [
            (
                "DHS/CBP/PIA-076",
                "CBP",
                (),
                (("Egret Port Camera Program", None),),
                (
                    (
                        "DHS/CBP/PIA-076",
                        "Egret Port Camera Program",
                        "2022-03-03",
                        "day",
                        None,
                        None,
                        "published",
                        "The Egret Port Camera Program records vehicles at test ports of entry. This assessment covers its new retention rules.",
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/CBP/PIA-077",
                "CBP",
                (),
                (("Gannet Mobile Queries", None),),
                (
                    (
                        "DHS/CBP/PIA-077",
                        "Gannet Mobile Queries",
                        None,
                        "day",
                        None,
                        None,
                        "published",
                        "The Gannet application lets officers run test queries from handheld devices.",
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/CBP/PIA-078",
                "CBP",
                (),
                (("Gull Cargo Manifests", None),),
                (
                    (
                        "DHS/CBP/PIA-078",
                        "Gull Cargo Manifests",
                        "2021-06-01",
                        "month",
                        None,
                        None,
                        "published",
                        "Gull keeps test cargo manifests for tests.",
                        None,
                    ),
                ),
                (),
            ),
        ],
        [],
    ),
    "component-2020s": (
        [
            ("DHS", "Department of Homeland Security", None),
            ("NPPD", "National Protection and Programs Directorate", "DHS"),
            ("USVISIT", None, "NPPD"),
        ],
        [
            (
                "DHS/NPPD/PIA-027",
                "NPPD",
                (),
                (("Cormorant Network Monitor", None),),
                (
                    (
                        "DHS/NPPD/PIA-027",
                        "Cormorant Network Monitor",
                        None,
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/NPPD/USVISIT/PIA-002",
                "USVISIT",
                (),
                (("Tern Biometric Index", None),),
                (
                    (
                        "DHS/NPPD/USVISIT/PIA-002",
                        "Tern Biometric Index",
                        None,
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        None,
                    ),
                ),
                (),
            ),
            (
                "DHS/NPPD/PIA-031",
                "NPPD",
                (),
                (("Puffin Visitor Badges", None),),
                (
                    (
                        "DHS/NPPD/PIA-031",
                        "Puffin Visitor Badges",
                        None,
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        None,
                    ),
                ),
                (),
            ),
        ],
        [],
    ),
    "single-document": (
        [("DHS", "Department of Homeland Security", None), ("ICE", None, "DHS")],
        [
            (
                "DHS/ICE/PIA-045",
                "ICE",
                ("SORN",),
                (("Osprey Case Management", None),),
                (
                    (
                        "DHS/ICE/PIA-045(a)",
                        "Osprey Case Management Update",
                        "2021-02-08",
                        "day",
                        None,
                        692306,
                        "published",
                        "The Osprey system manages test investigative cases. This update adds a new module for tests.",
                        None,
                    ),
                ),
                (
                    (
                        "SORN",
                        "DHS/ICE-009",
                        "Test External Investigations",
                        "75 FR 404",
                        "2010-01-05",
                        "day",
                    ),
                    (
                        "SORN",
                        "DHS/ALL-020",
                        "Test Internal Affairs",
                        "79 FR 23361",
                        "2014-04-28",
                        "day",
                    ),
                ),
            ),
        ],
        [],
    ),
    "sorn-listing": (
        [
            ("DHS", "Department of Homeland Security", None),
            ("ICE", "U.S. Immigration and Customs Enforcement", "DHS"),
        ],
        [
            (
                "DHS/ICE-011",
                "ICE",
                (),
                (("Test Criminal Arrest Records", None),),
                (
                    (
                        "DHS/ICE-011",
                        "Test Criminal Arrest Records",
                        "2016-10-19",
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        "81 FR 72080",
                    ),
                ),
                (),
            ),
            (
                "DHS/ICE-009",
                "ICE",
                ("PREVIOUS",),
                (("Test External Investigations", None),),
                (
                    (
                        "DHS/ICE-009",
                        "Test External Investigations",
                        "2010-01-05",
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        "75 FR 404",
                    ),
                ),
                (),
            ),
            (
                "DHS/ICE-014",
                "ICE",
                (),
                (("Test Homeland Advanced Recognition", None),),
                (
                    (
                        "DHS/ICE-014",
                        "Test Homeland Advanced Recognition",
                        None,
                        "day",
                        None,
                        None,
                        "published",
                        None,
                        "82 FR 1234",
                    ),
                ),
                (),
            ),
            (
                "DHS/ICE-002",
                "ICE",
                ("RETIRED",),
                (("Test Old Case Index", None),),
                (
                    (
                        "DHS/ICE-002",
                        "Test Old Case Index",
                        "2004-03-01",
                        "day",
                        None,
                        None,
                        "retired",
                        None,
                        "69 FR 9732",
                    ),
                ),
                (),
            ),
        ],
        [(6, "DHS/ICE-009 is already listed on this page")],
    ),
}


@pytest.mark.parametrize("layout", list(EXPECTED))
def test_layout_reads_to_its_exact_records(layout: str) -> None:
    """Each layout's text page gives exactly the records it shows: identifiers,
    titles, dates and their precision, pages, sizes, statuses, summaries, SORN
    citations, associations and the organizations with their names."""
    assert _facts(_read(f"{layout}.txt")) == EXPECTED[layout]


@pytest.mark.parametrize("layout", list(EXPECTED))
def test_html_twin_gives_the_same_records(layout: str) -> None:
    """The HTML twin of each text page gives the same records, but for line numbers."""
    text, page = _read(f"{layout}.txt"), _read(f"{layout}.html")
    assert _without_lines(text) == _without_lines(page)


def test_month_only_pcr_date_keeps_its_precision() -> None:
    """ "June 2014" is stored as June 1st with MONTH precision: no day is invented."""
    (series, *_) = _read("bulleted.txt").series
    pcr = series.associations[-1]
    assert (pcr.date, pcr.date_precision) == (
        datetime.date(2014, 6, 1),
        DatePrecision.MONTH,
    )


def test_table_of_contents_retired_item_marks_nothing_retired() -> None:
    """A "Retired PIAs" link in the page's table of contents is navigation."""
    record = _read("bulleted.txt")
    assert {v.status for s in record.series for v in s.versions} == {
        "published",
        "superseded",
    }
    assert all("RETIRED" not in s.sections for s in record.series)


def test_sorn_listing_reads_kindless_identifiers_as_sorns() -> None:
    """On a SORN listing page "DHS/ICE-011" is a SORN series, never a PIA."""
    record = _read("sorn-listing.txt")
    assert {s.identifier.kind for s in record.series} == {DocumentKind.SORN}


def test_mixed_organizations_are_reported() -> None:
    """A page titled for ICE that lists a CBP document reports that document."""
    record = _read("mixed.txt")
    assert [(p.line, p.reason) for p in record.problems] == [
        (
            7,
            OTHER_ORGANIZATION.format(
                identifier="DHS/CBP/PIA-302", organization="CBP", page="ICE"
            ),
        )
    ]
    assert [str(s.identifier) for s in record.series] == [
        "DHS/ICE/PIA-301",
        "DHS/CBP/PIA-302",
    ]


def test_page_with_nothing_of_its_titles_organization_is_refused() -> None:
    """A page titled for ICE that lists only CBP documents is the wrong page."""
    page = (
        "Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)\n\n"
        "DHS/CBP/PIA-302 - Border Lantern\n\n"
        "Border Lantern, June 2, 2013 (PDF, 5 pages)\n"
    )
    with pytest.raises(FormatError) as caught:
        parse_page(page, source="mixed.txt")
    assert str(caught.value) == "mixed.txt: " + NO_SERIES_OF_TITLE.format(
        page="ICE", others="CBP"
    )


def test_long_title_is_cut_at_a_word_and_reported() -> None:
    """A title longer than the registry holds is cut at a word boundary, reported."""
    name = " ".join(["Heron"] * 120)
    page = f"DHS/ICE/PIA-401 - {name}\n\n{name}, May 1, 2012 (PDF, 2 pages)\n"
    record = parse_page(page, source="long.txt")
    (series,) = record.series
    (version,) = series.versions
    assert len(version.title) <= TITLE_MAX
    assert version.title == " ".join(["Heron"] * 83)
    # The heading is cut; the system it names is cut to the registry's 255.
    assert [p.reason for p in record.problems] == [
        TITLE_CUT.format(what="title", length=len(name), limit=TITLE_MAX),
        TITLE_CUT.format(what="system name", length=len(version.title), limit=255),
    ]
    assert len(series.systems[0].name) <= 255


# Bytes -----------------------------------------------------------------------------

_PAGE = (
    "Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)\n\n"
    "DHS/ICE/PIA-501 - Caf\u00e9 R\u00e9sum\u00e9 Index \u2013 Test\n\n"
    "Caf\u00e9 R\u00e9sum\u00e9 Index, May 1, 2012 (PDF, 2 pages)\n"
)


@pytest.mark.parametrize(
    "raw",
    [
        _PAGE.encode("utf-8"),
        b"\xef\xbb\xbf" + _PAGE.encode("utf-8"),
        _PAGE.encode("utf-16"),
        _PAGE.encode("cp1252"),
        ("<meta charset='windows-1252'><pre>" + _PAGE + "</pre>").encode("cp1252"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-bom", "cp1252", "meta-charset"],
)
def test_encodings_decode_right(raw: bytes) -> None:
    """UTF-8 with or without BOM, UTF-16 with BOM and Windows-1252 read the same."""
    record = parse_page(page_decode(raw, "page"), source="page")
    (series,) = record.series
    assert series.versions[0].title == "Caf\u00e9 R\u00e9sum\u00e9 Index"
    assert "\ufffd" not in series.versions[0].title


def test_latin1_declared_page_is_read_as_windows_1252() -> None:
    """A page declaring ISO-8859-1 is read as Windows-1252, as browsers do."""
    raw = b'<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    raw += "<p>\u2018Quote\u2019 caf\u00e9</p>".encode("cp1252")
    assert page_decode(raw, "page").endswith("<p>\u2018Quote\u2019 caf\u00e9</p>")


def test_undecodable_bytes_are_refused_with_their_offset() -> None:
    """Bytes a declared charset cannot read refuse the file, naming the byte."""
    raw = b"<meta charset='utf-8'><p>caf\xe9</p>"
    with pytest.raises(FormatError) as caught:
        page_decode(raw, "page.html")
    assert str(caught.value).startswith("page.html: byte 28 (0xE9) cannot be read")


def test_unknown_charset_is_refused() -> None:
    """A charset Python does not know refuses the file."""
    with pytest.raises(FormatError) as caught:
        page_decode(b"<meta charset='klingon'><p>x</p>", "page.html")
    assert str(caught.value) == "page.html: " + UNKNOWN_CHARSET.format(
        charset="klingon"
    )


def test_utf16_without_bom_is_refused_as_binary() -> None:
    """NUL bytes without a byte order mark are no page."""
    with pytest.raises(FormatError) as caught:
        page_decode(_PAGE.encode("utf-16-le"), "page.txt")
    assert str(caught.value) == "page.txt: " + BINARY_FILE


def test_control_and_bidi_characters_are_stripped_and_reported() -> None:
    """Controls and bidi overrides are removed from the text and reported by line."""
    page = _PAGE.replace("Index \u2013", "Index\u202e \u2013").replace(
        "May 1", "May\x07 1"
    )
    record = parse_page(page, source="page")
    (series,) = record.series
    assert series.versions[0].title == "Caf\u00e9 R\u00e9sum\u00e9 Index"
    assert series.versions[0].date == datetime.date(2012, 5, 1)
    assert [(p.line, p.reason) for p in record.problems] == [
        (3, CHARACTERS_REMOVED.format(count=1, names="U+202E")),
        (5, CHARACTERS_REMOVED.format(count=1, names="U+0007")),
    ]


def test_text_clean_removes_controls_and_bidi_but_keeps_tabs_and_newlines() -> None:
    """text_clean keeps tab and newline and removes C0, C1, NUL and bidi controls."""
    value = "a\tb\nc\x00d\x85e\u202af\u2066g\u2069h\x1b"
    assert text_clean(value) == "a\tb\ncdefgh"
    assert text_stripped(value) == [
        "U+0000",
        "U+0085",
        "U+202A",
        "U+2066",
        "U+2069",
        "U+001B",
    ]


# Streaming ------------------------------------------------------------------------


def test_stream_in_batches_gives_the_whole_record(seed_path: Path) -> None:
    """Batches of the seed add up to the one record parse_page gives; progress runs."""
    raw = seed_path.read_bytes()
    whole = parse_page(page_decode(raw, "seed"), source="seed")
    calls: list[tuple[int, int]] = []
    batches = list(
        page_read(
            io.BytesIO(raw),
            source="seed",
            batch_size=10,
            progress=lambda done, total: calls.append((done, total)),
        )
    )
    assert [len(b.series) for b in batches] == [10, 10, 10, 8]
    assert tuple(s for b in batches for s in b.series) == whole.series
    assert batches[-1].organizations == whole.organizations
    assert calls[-1] == (len(raw), len(raw))


def test_retired_entry_of_a_yielded_series_comes_as_a_further_record() -> None:
    """A Retired PIAs entry of a series already yielded is a further SeriesRecord."""
    # Enough entries in between that PIA-601 is yielded before Retired PIAs.
    filler = "".join(
        f"DHS/ICE/PIA-{number} - Beta\n\nBeta, May 2, 2012 (PDF, 2 pages) "
        + "A summary. " * 40
        + "\n\n"
        for number in range(700, 900)
    )
    page = (
        "DHS/ICE/PIA-601 - Alpha\n\nAlpha, May 1, 2012 (PDF, 2 pages)\n\n"
        + filler
        + "Retired PIAs\n\n"
        "DHS/ICE/PIA-601(a) - Alpha Update, May 3, 2013 (PDF, 3 pages)\n"
    )
    batches = list(page_read(io.BytesIO(page.encode()), source="p", batch_size=50))
    listed = [
        (str(s.identifier), [(v.identifier.update, v.status) for v in s.versions])
        for b in batches
        for s in b.series
        if s.identifier.number == 601
    ]
    assert listed == [
        ("DHS/ICE/PIA-601", [("", "published")]),
        ("DHS/ICE/PIA-601", [("a", "retired")]),
    ]
    assert batches[-1].series[-1].sections == ("RETIRED",)


class _GeneratedPage(io.RawIOBase):
    """A page of ``entries`` entries, made as it is read: never whole in memory."""

    def __init__(self, entries: int) -> None:
        self._lines = self._generate(entries)
        self._buffer = b""

    @staticmethod
    def _generate(entries: int) -> Iterator[bytes]:
        yield b"Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)\n\n"
        for number in range(1, entries + 1):
            yield (
                f"DHS/ICE/PIA-{number:05d} - Ledger {number}\n\n"
                f"Ledger {number}, May 1, 2012 (PDF, 2 pages - 10 KB) A summary of "
                f"ledger {number} for the memory test.\n\n"
            ).encode()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        while len(self._buffer) < len(buffer):
            chunk = next(self._lines, b"")
            if not chunk:
                break
            self._buffer += chunk
        size = min(len(buffer), len(self._buffer))
        buffer[:size] = self._buffer[:size]
        self._buffer = self._buffer[size:]
        return size


def _peak_reading(entries: int) -> tuple[int, int]:
    stream = io.BufferedReader(_GeneratedPage(entries))
    tracemalloc.start()
    try:
        series = sum(
            len(batch.series) for batch in page_read(stream, source="generated")
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return series, peak


def test_memory_is_bounded_for_a_long_page() -> None:
    """Reading 50,000 entries peaks within 1.5x of reading 5,000: memory is bounded."""
    small_series, small = _peak_reading(5_000)
    large_series, large = _peak_reading(50_000)
    assert (small_series, large_series) == (5_000, 50_000)
    assert large <= 1.5 * small, (small, large)


# The property: a catalog rendered as a page reads back --------------------------

_NAMES = st.lists(
    st.sampled_from(["Harbor", "Ledger", "Quartz", "Beacon", "Archive", "Gauge"]),
    min_size=1,
    max_size=3,
).map(" ".join)
_DATES = st.dates(datetime.date(2000, 1, 1), datetime.date(2030, 12, 31))


@st.composite
def _catalogs(draw: st.DrawFn) -> list[dict[str, object]]:
    numbers = draw(st.lists(st.integers(1, 999), min_size=1, max_size=4, unique=True))
    catalog = []
    for number in numbers:
        updates = draw(st.integers(0, 3))
        catalog.append(
            {
                "number": number,
                "name": draw(_NAMES),
                "versions": [
                    (draw(_DATES), draw(st.integers(1, 90)), draw(st.integers(1, 900)))
                    for _ in range(updates + 1)
                ],
                "sorns": [
                    (draw(st.integers(1, 40)), draw(_NAMES), draw(_DATES))
                    for _ in range(draw(st.integers(0, 2)))
                ],
            }
        )
    return catalog


def _letter(index: int) -> str:
    return "" if index == 0 else "(" + "abc"[index - 1] + ")"


def _details(version: tuple[datetime.date, int, int]) -> str:
    date, pages, kb = version
    return f"{date:%B} {date.day}, {date.year} (PDF, {pages} pages - {kb} KB)"


def _render(catalog: list[dict[str, object]], layout: str) -> str:
    """The catalog as a page: the 2015 layout as text or HTML, or the dhs.gov
    bulleted rendering."""
    lines = ["Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)", ""]
    for entry in catalog:
        number, name = entry["number"], entry["name"]
        versions = entry["versions"]
        sorns = entry["sorns"]
        assert isinstance(versions, list) and isinstance(sorns, list)
        current = len(versions) - 1

        bullet, indent = ("- ", "    ") if layout == "bulleted" else ("", "")
        gap = [] if layout == "bulleted" else [""]
        lines += [f"{bullet}DHS/ICE/PIA-{number:03d}{_letter(current)} - {name}", *gap]
        lines += [f"{indent}{name}, {_details(versions[current])} A summary.", *gap]
        if current:
            lines += [f"{indent}Previous PIAs:", *gap]
            for index in reversed(range(current)):
                lines += [
                    f"{indent}DHS/ICE/PIA-{number:03d}{_letter(index)} - {name}, "
                    f"{_details(versions[index])}",
                    *gap,
                ]
        lines += [f"{indent}Associated SORN(s):", *gap]
        for sorn, title, date in sorns:
            lines += [
                f"{indent}{bullet}DHS/ICE-{sorn:03d} - {title}, {date:%B} {date.day}, "
                f"{date.year}, 7{sorn} FR {sorn}00",
                *gap,
            ]
        lines.append("")
    if layout == "html":
        body = "".join(f"<p>{html.escape(line)}</p>\n" for line in lines if line)
        return f"<html><body>\n{body}</body></html>\n"
    return "\n".join(lines) + "\n"


@settings(deadline=None)
@given(catalog=_catalogs(), layout=st.sampled_from(["plain", "bulleted", "html"]))
def test_rendered_catalog_reads_back(
    catalog: list[dict[str, object]], layout: str
) -> None:
    """A catalog rendered as a page in a supported layout reads back to itself."""
    record = parse_page(_render(catalog, layout), source="generated")
    assert record.problems == ()
    assert len(record.series) == len(catalog)
    for series, entry in zip(record.series, catalog, strict=True):
        versions = entry["versions"]
        sorns = entry["sorns"]
        assert isinstance(versions, list) and isinstance(sorns, list)
        assert series.identifier == Identifier(
            agency="DHS",
            component="ICE",
            kind=DocumentKind.PIA,
            number=entry["number"],  # type: ignore[arg-type]
        )
        read = [(v.date, v.pages, v.size_bytes, v.status) for v in series.versions]
        assert read == [
            (
                date,
                pages,
                kb * 1024,
                "published" if index == len(versions) - 1 else "superseded",
            )
            for index, (date, pages, kb) in enumerate(versions)
        ]
        assert [v.title for v in series.versions] == [entry["name"]] * len(versions)
        assert [
            (str(a.identifier), a.title, a.date, a.citation)
            for a in series.associations
        ] == [
            (f"DHS/ICE-{sorn:03d}", title, date, f"7{sorn} FR {sorn}00")
            for sorn, title, date in sorns
        ]


# Regressions: the bugs of the reader this one replaced -----------------------------

_ICE_TITLE = "Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)\n\n"


def test_regression_earlier_versions_without_heading_are_versions_not_summary() -> None:
    """Earlier versions right under the entry, with no "Previous PIAs" heading, are
    superseded versions; they were refused or glued into the summary."""
    page = _ICE_TITLE + (
        "DHS/ICE/PIA-701(b) - Alpha\n\n"
        "Alpha Update, May 1, 2014 (PDF, 3 pages)\n\n"
        "A summary.\n\n"
        "DHS/ICE/PIA-701(a) - Alpha Update, May 1, 2012 (PDF, 2 pages)\n\n"
        "DHS/ICE/PIA-701 - Alpha, May 1, 2010 (PDF, 1 page)\n"
    )
    record = parse_page(page, source="p")
    (series,) = record.series
    assert [(v.identifier.update, v.status, v.pages) for v in series.versions] == [
        ("", "superseded", 1),
        ("a", "superseded", 2),
        ("b", "published", 3),
    ]
    assert series.versions[-1].summary == "A summary."
    assert record.problems == ()


def test_regression_sorns_under_a_pia_are_associations_not_series() -> None:
    """SORNs listed under a PIA without a heading are its associations, never
    invented PIA series."""
    page = _ICE_TITLE + (
        "DHS/ICE/PIA-702 - Beta\n\n"
        "Beta, May 1, 2012 (PDF, 2 pages)\n\n"
        "DHS/ICE-011 - Test Arrest Records, October 19, 2016, 81 FR 72080\n\n"
        "DHS/ICE-009 - Test Investigations, 75 FR 404\n"
    )
    record = parse_page(page, source="p")
    (series,) = record.series
    assert [
        (str(a.identifier), a.title, a.citation, a.date) for a in series.associations
    ] == [
        (
            "DHS/ICE-011",
            "Test Arrest Records",
            "81 FR 72080",
            datetime.date(2016, 10, 19),
        ),
        ("DHS/ICE-009", "Test Investigations", "75 FR 404", None),
    ]


def test_regression_bulleted_sorn_line_keeps_its_identifier() -> None:
    """ "- DHS/ALL-023 - Title date, citation" keeps its identifier under its bullet."""
    page = _ICE_TITLE + (
        "DHS/ICE/PIA-703 - Gamma\n\nGamma, May 1, 2012 (PDF, 2 pages)\n\n"
        "Associated SORN(s):\n\n"
        "- DHS/ALL-023 - Test Personnel Records January 16, 2009, 74 FR 3084\n"
    )
    (series,) = parse_page(page, source="p").series
    (association,) = series.associations
    assert (str(association.identifier), association.title, association.date) == (
        "DHS/ALL-023",
        "Test Personnel Records",
        datetime.date(2009, 1, 16),
    )


@pytest.mark.parametrize(
    ("header", "name"),
    [
        (
            "Privacy Documents for U.S. Customs and Border Protection\n\n"
            "Customs and Border Protection (CBP) lists its documents here.\n\n",
            "U.S. Customs and Border Protection",
        ),
        ("Privacy Documents for U.S. Customs and Border Protection\n\n", None),
        (
            "Below, find the privacy documents for the U.S. Customs and Border "
            "Protection (CBP).\n\n",
            "U.S. Customs and Border Protection",
        ),
    ],
    ids=["acronym-in-next-sentence", "acronym-from-identifiers", "no-title"],
)
def test_regression_organization_keeps_its_full_name(
    header: str, name: str | None
) -> None:
    """The organization's full name is kept, its acronym found in the next sentence
    or the identifiers; a title without acronym still names CBP."""
    page = header + "DHS/CBP/PIA-704 - Delta\n\nDelta, May 1, 2012 (PDF, 2 pages)\n"
    record = parse_page(page, source="p")
    expected = name or "U.S. Customs and Border Protection"
    assert [(o.acronym, o.name) for o in record.organizations] == [
        ("DHS", "Department of Homeland Security"),
        ("CBP", expected),
    ]
    assert record.problems == ()


def test_kindless_html_heading_on_a_pia_page_is_a_pia() -> None:
    """ "<h3>DHS/NPPD-021 - ...</h3>" on a PIA page is a PIA written without its kind."""
    page = (
        "<h1>Privacy Documents for the National Protection and Programs Directorate "
        "(NPPD)</h1><h3>DHS/NPPD/PIA-020 - Epsilon</h3>"
        "<p>Epsilon, May 1, 2012 (PDF, 2 pages)</p>"
        "<h3>DHS/NPPD-021 - Zeta</h3><p>Zeta, May 2, 2012 (PDF, 3 pages)</p>"
    )
    record = parse_page(page, source="p.html")
    assert [str(s.identifier) for s in record.series] == [
        "DHS/NPPD/PIA-020",
        "DHS/NPPD/PIA-021",
    ]


def test_windows_line_endings_read_like_unix_ones() -> None:
    """A page saved with CRLF (or lone CR) line endings gives the same record."""
    text = _read("bulleted.txt")
    raw = (PAGES / "bulleted.txt").read_bytes()
    for ending in (b"\r\n", b"\r"):
        crlf = raw.replace(b"\n", ending)
        assert parse_page(page_decode(crlf, "p"), source=text.source) == text


@pytest.mark.parametrize("name", ["bulleted.txt", "bulleted.html", "wrapped.txt"])
def test_tiny_chunks_read_like_the_whole_page(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read 7 bytes at a time (tags, lines and UTF-8 characters cut between chunks),
    a page gives the same record as read whole."""
    raw = (PAGES / name).read_bytes()
    whole = parse_page(page_decode(raw, name), source=name)
    monkeypatch.setattr("privdocs.formats.page.CHUNK_BYTES", 7)
    monkeypatch.setattr("privdocs.formats.page.decoding.SNIFF_BYTES", 16)
    (streamed,) = page_read(io.BytesIO(raw), source=name, batch_size=1000)
    assert streamed == whole


def test_update_letter_only_on_the_document_line() -> None:
    """Under a letterless heading, the document line's "(a)" is the version's letter."""
    page = _ICE_TITLE + (
        "DHS/ICE/PIA-705 - Eta\n\n"
        "DHS/ICE/PIA-705(a) - Eta Update, May 1, 2014 (PDF, 3 pages)\n"
    )
    record = parse_page(page, source="p")
    (series,) = record.series
    assert [(str(v.identifier), v.title) for v in series.versions] == [
        ("DHS/ICE/PIA-705(a)", "Eta Update")
    ]
    assert record.problems == ()
