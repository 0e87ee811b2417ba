"""The page importer's parser: pure, on fixture pages in text and HTML and on the seed."""

from __future__ import annotations

import dataclasses
import datetime
import html
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from privdocs.core.errors import FormatError
from privdocs.documents.identifiers import DocumentKind, Identifier, parse_identifier
from privdocs.formats.page import (
    BINARY_FILE,
    DETAILS_BEFORE_FIRST_SERIES,
    EMPTY_FILE,
    INVALID_DATE,
    JSON_FILE,
    NO_DOCUMENT_LINE,
    NO_SERIES_HEADING,
    NOT_AN_ASSOCIATION,
    PDF_DETAILS_NOT_UNDERSTOOD,
    PREVIOUS_OF_OTHER_SERIES,
    SERIES_LISTED_TWICE,
    UNREADABLE_IDENTIFIER,
    parse_document_line,
    parse_page,
    parse_pdf_details,
)
from privdocs.formats.records import (
    AssociationRecord,
    CatalogRecord,
    OrganizationRecord,
    SeriesRecord,
    SystemRecord,
    VersionRecord,
)

PAGES = Path(__file__).parent / "pages"
KB = 1024
MB = 1024 * 1024


def _parse_fixture(name: str) -> CatalogRecord:
    path = PAGES / name
    return parse_page(path.read_text(encoding="utf-8"), source=str(path))


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


def _ice(number: int, update: str = "") -> Identifier:
    return Identifier(
        agency="DHS",
        component="ICE",
        kind=DocumentKind.PIA,
        number=number,
        update=update,
    )


def _series(record: CatalogRecord) -> dict[str, SeriesRecord]:
    return {str(series.identifier): series for series in record.series}


def _version(series: SeriesRecord, update: str) -> VersionRecord:
    (version,) = [v for v in series.versions if v.identifier.update == update]
    return version


# The fixture pages -----------------------------------------------------------------


@pytest.fixture(scope="module", params=["spellings.txt", "spellings.html"])
def spellings(request: pytest.FixtureRequest) -> CatalogRecord:
    """The page of every spelling, once as plain text and once as HTML."""
    return _parse_fixture(request.param)


def test_text_and_html_give_the_same_record() -> None:
    """The same page as plain text and as HTML gives the same record, but for lines."""
    text = _parse_fixture("spellings.txt")
    page = _parse_fixture("spellings.html")
    assert _without_lines(text) == _without_lines(page)
    assert text.problems == ()
    assert [s.line for s in text.series] != [s.line for s in page.series]


def test_organizations_and_last_published(spellings: CatalogRecord) -> None:
    """DHS by its name, the component named by the page title, and the page's date."""
    assert spellings.organizations == (
        OrganizationRecord(acronym="DHS", name="Department of Homeland Security"),
        OrganizationRecord(
            acronym="ICE",
            name="U.S. Immigration and Customs Enforcement",
            parent="DHS",
        ),
    )
    assert spellings.last_published == datetime.date(2015, 10, 5)
    assert spellings.problems == ()


def test_series_in_page_order_with_retired_ones_last(spellings: CatalogRecord) -> None:
    """Series come in page order; one known only from Retired PIAs comes at the end."""
    assert [str(s.identifier) for s in spellings.series] == [
        "DHS/ICE/PIA-101",
        "DHS/ICE/PIA-102",
        "DHS/ICE/PIA-103",
        "DHS/ICE/PIA-104",
        "DHS/ICE/PIA-105",
        "DHS/ICE/PIA-106",
        "DHS/ICE/PIA-107",
        "DHS/ICE/PIA-090",
    ]
    assert {s.organization for s in spellings.series} == {"ICE"}


def test_previous_pias_become_earlier_versions(spellings: CatalogRecord) -> None:
    """Lines under Previous PIAs are superseded versions, oldest first, with details."""
    series = _series(spellings)["DHS/ICE/PIA-101"]
    assert series.sections == ("SORN", "PCR", "PREVIOUS")
    assert [(v.identifier, v.status) for v in series.versions] == [
        (_ice(101), "superseded"),
        (_ice(101, "a"), "superseded"),
        (_ice(101, "b"), "published"),
    ]
    original, update_a, current = series.versions
    assert (original.title, original.date, original.pages, original.size_bytes) == (
        "Harbor Ledger System",
        datetime.date(2010, 1, 9),
        7,
        288 * KB,
    )
    assert (update_a.date, update_a.pages, update_a.size_bytes) == (
        datetime.date(2012, 5, 5),
        9,
        149 * KB,
    )
    assert (current.title, current.date, current.pages, current.size_bytes) == (
        "Harbor Ledger System (HLS) Update",
        datetime.date(2014, 3, 3),
        6,
        167 * KB,
    )
    assert current.summary == "The ledger lists vessel arrivals. It is a test entry."
    assert series.systems == (SystemRecord(name="Harbor Ledger System", acronym="HLS"),)


def test_associated_sorns_with_citation_and_date(spellings: CatalogRecord) -> None:
    """An associated SORN line gives its identifier, title, FR citation and date."""
    series = _series(spellings)
    assert series["DHS/ICE/PIA-101"].associations == (
        AssociationRecord(
            kind="SORN",
            identifier=parse_identifier("DHS/ICE-011"),
            title="Test Arrest Records (TAR)",
            citation="81 FR 72080",
            date=datetime.date(2016, 10, 19),
        ),
    )
    (department_wide,) = series["DHS/ICE/PIA-105"].associations
    assert department_wide.identifier == parse_identifier("DHS/ALL-002")
    assert department_wide.citation == "73 FR 71659"


def test_287g_is_part_of_the_name_and_the_summary_goes_on(
    spellings: CatalogRecord,
) -> None:
    """ "287(g)" is no update letter; a sentence after "(PDF 12 pages)" keeps its subject."""
    series = _series(spellings)["DHS/ICE/PIA-102"]
    (version,) = series.versions
    assert version.identifier == _ice(102)
    assert series.systems == (SystemRecord(name="287(g) Partner Roster"),)
    assert (version.pages, version.size_bytes) == (12, None)
    assert version.summary == (
        "287(g) Partner Roster is a roster of partners, and the sentence goes on "
        "after the bracket."
    )
    assert series.sections == ("SORN",)
    assert series.associations == ()


def test_heading_that_repeats_its_identifier(spellings: CatalogRecord) -> None:
    """ "DHS/ICE/PIA-103 - DHS/ICE/PIA-103 - Name" names the system once; sizes in MB."""
    series = _series(spellings)["DHS/ICE/PIA-103"]
    assert series.systems == (SystemRecord(name="Quay Camera Archive", acronym="QCA"),)
    (version,) = series.versions
    assert (version.pages, version.size_bytes) == (None, round(1.5 * MB))
    assert series.sections == ()


def test_glued_update_letter_and_document_line_with_identifier(
    spellings: CatalogRecord,
) -> None:
    """ "PIA-104a" is update a; a document line opening with its identifier loses it."""
    series = _series(spellings)["DHS/ICE/PIA-104"]
    current = _version(series, "a")
    assert current.status == "published"
    assert current.title == "Lantern Case Tracker (LCT-Net)"
    assert current.size_bytes == round(313.6 * KB)
    assert current.summary == "Case tracking for tests."
    assert series.systems == (
        SystemRecord(name="Lantern Case Tracker", acronym="LCT-Net"),
    )
    retired = _version(series, "")
    assert (retired.status, retired.date, retired.size_bytes) == (
        "retired",
        datetime.date(2009, 2, 2),
        100 * KB,
    )
    assert series.sections == ("RETIRED",)


def test_dashed_identifier_without_separator(spellings: CatalogRecord) -> None:
    """ "DHS-ICE-PIA-105 Name" is a heading; a lone no-break space line is skipped."""
    series = _series(spellings)["DHS/ICE/PIA-105"]
    (version,) = series.versions
    assert (version.title, version.date, version.pages, version.size_bytes) == (
        "Beacon Records Index",
        datetime.date(2014, 9, 9),
        19,
        None,
    )
    assert series.sections == ("SORN",)


def test_document_line_without_details_guesses_nothing(
    spellings: CatalogRecord,
) -> None:
    """A document line with no date and no PDF details leaves them None."""
    series = _series(spellings)["DHS/ICE/PIA-106"]
    (version,) = series.versions
    assert version.identifier == _ice(106, "g")
    assert version.title == "Privacy Impact Assessment for Tide Gauge Database"
    # No summary on the page: None, so an import keeps the registry's.
    assert (version.date, version.pages, version.size_bytes, version.summary) == (
        None,
        None,
        None,
        None,
    )
    assert series.sections == ("PREVIOUS", "SORN")


def test_summary_in_two_paragraphs(spellings: CatalogRecord) -> None:
    """A paragraph after the document line continues the summary."""
    series = _series(spellings)["DHS/ICE/PIA-107"]
    (version,) = series.versions
    assert (version.title, version.date, version.pages, version.size_bytes) == (
        "Quartz Ledger 2.2",
        datetime.date(2011, 1, 19),
        20,
        252 * KB,
    )
    assert version.summary == (
        "The ledger keeps quartz.\n\nA second paragraph of the summary."
    )


def test_retired_series_not_otherwise_listed(spellings: CatalogRecord) -> None:
    """A Retired PIAs entry of a series the page does not list is a retired series."""
    series = _series(spellings)["DHS/ICE/PIA-090"]
    (version,) = series.versions
    assert version.status == "retired"
    assert (version.date, version.pages, version.size_bytes) == (
        datetime.date(2008, 3, 2),
        11,
        2 * MB,
    )
    assert version.summary == "The pier index was retired."
    assert series.sections == ("RETIRED",)
    assert series.systems == (SystemRecord(name="Old Pier Index", acronym="OPI"),)


def test_html_fragment_without_document_tags() -> None:
    """A fragment of HTML (no <html>, no <body>) is read as HTML."""
    record = parse_page(
        "<section><h2>DHS/ICE/PIA-101 &ndash; Harbor Ledger</h2>"
        "<p>Harbor Ledger, May 1, 2011 (PDF, 2 pages)</p></section>",
        source="fragment.html",
    )
    (series,) = record.series
    (version,) = series.versions
    assert (version.title, version.date, version.pages) == (
        "Harbor Ledger",
        datetime.date(2011, 5, 1),
        2,
    )


@pytest.mark.parametrize(
    ("line", "summary"),
    [
        ("Ledger, May 1, 2011 (PDF, 2 pages). eTD is a system.", "eTD is a system."),
        ("Ledger, May 1, 2011 (PDF, 2 pages) is a system.", "Ledger is a system."),
        ("Ledger, May 1, 2011, (PDF, 2 pages), is a system.", "Ledger is a system."),
        ("Ledger May 1, 2011 (PDF, 2 pages) The system.", "The system."),
    ],
)
def test_summary_after_the_pdf_details(line: str, summary: str) -> None:
    """A summary that goes on with the title's sentence keeps the title as subject."""
    assert parse_document_line(line).summary == summary


# Lines not understood ---------------------------------------------------------------


def test_lines_not_understood_are_problems_with_their_line() -> None:
    """Each line the parser cannot read is reported with its number and reason."""
    record = _parse_fixture("problems.txt")
    assert [(p.line, p.reason) for p in record.problems] == [
        (3, DETAILS_BEFORE_FIRST_SERIES),
        (7, PDF_DETAILS_NOT_UNDERSTOOD.format(text=", many pages")),
        (7, INVALID_DATE.format(text="February 30, 2012")),
        (11, NOT_AN_ASSOCIATION.format(section="Associated SORN(s)")),
        (
            13,
            UNREADABLE_IDENTIFIER.format(
                error="'DHS/ICE/PIA-0x2' is not a document identifier: after the "
                "number expected nothing or an update letter like (g) or 032a, "
                "not 'x2'"
            ),
        ),
        (15, NO_DOCUMENT_LINE),
        (
            23,
            PREVIOUS_OF_OTHER_SERIES.format(
                section="Previous PIAs", identifier="DHS/ICE/PIA-203"
            ),
        ),
        (25, SERIES_LISTED_TWICE.format(identifier="DHS/ICE/PIA-201")),
    ]
    assert record.problems[0].text == "Stray Ledger, May 1, 2011 (PDF, 3 pages - 10 KB)"
    series = _series(record)
    assert list(series) == ["DHS/ICE/PIA-201", "DHS/ICE/PIA-202", "DHS/ICE/PIA-203"]
    anchor = series["DHS/ICE/PIA-201"].versions
    assert [(v.title, v.date, v.pages, v.summary) for v in anchor] == [
        ("Anchor Registry", None, None, "Anchors, registered.")
    ]
    (buoy,) = series["DHS/ICE/PIA-202"].versions
    assert (buoy.title, buoy.date, buoy.status) == ("Buoy Register", None, "published")
    assert len(series["DHS/ICE/PIA-203"].versions) == 1


# Files that are not pages -------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", EMPTY_FILE),
        (" \n\u00a0\n\t\n", EMPTY_FILE),
        (bytes(range(256)).decode("utf-8", errors="replace") * 4, BINARY_FILE),
        ('{"series": [{"identifier": "DHS/ICE/PIA-001"}]}', JSON_FILE),
        ("[1, 2, 3]", JSON_FILE),
        ("name,age\nalice,30\n", NO_SERIES_HEADING),
        (
            "<html><body><h1>Hello</h1><p>No documents.</p></body></html>",
            NO_SERIES_HEADING,
        ),
    ],
    ids=["empty", "blank", "binary", "json-object", "json-array", "csv", "html"],
)
def test_refuses_files_that_are_not_pages(content: str, message: str) -> None:
    """A file that is not such a page is refused with a message naming the file."""
    with pytest.raises(FormatError) as caught:
        parse_page(content, source="upload/file.dat")
    assert str(caught.value) == f"upload/file.dat: {message}"


# The real page of 2015 -----------------------------------------------------------------


def test_seed_page(seed_path: Path) -> None:
    """The DHS ICE page of 2015: 38 series, every line understood, spot checks."""
    record = parse_page(seed_path.read_text(encoding="utf-8"), source=str(seed_path))
    assert len(record.series) == 38
    assert record.problems == ()
    assert record.last_published == datetime.date(2015, 10, 5)
    assert [o.acronym for o in record.organizations] == ["DHS", "ICE"]
    series = _series(record)
    assert sorted(i for i, s in series.items() if "PREVIOUS" in s.sections) == [
        "DHS/ICE/PIA-015",
        "DHS/ICE/PIA-020",
    ]
    # The seed's Previous PIAs lists are empty (the copied page lost its links), so
    # both series hold their current version only: nothing is guessed.
    assert [v.identifier.update for v in series["DHS/ICE/PIA-015"].versions] == ["g"]
    assert [v.identifier.update for v in series["DHS/ICE/PIA-020"].versions] == ["b"]
    assert all(v.status == "published" for s in record.series for v in s.versions)

    def facts(identifier: str) -> tuple[object, ...]:
        (version,) = series[identifier].versions
        return (
            version.identifier.update,
            version.date,
            version.pages,
            version.size_bytes,
        )

    assert facts("DHS/ICE/PIA-001") == ("a", datetime.date(2011, 6, 23), 6, 167 * KB)
    assert facts("DHS/ICE/PIA-005") == ("b", datetime.date(2011, 1, 19), 7, 288 * KB)
    assert facts("DHS/ICE/PIA-008") == ("a", datetime.date(2013, 1, 24), 9, 149 * KB)
    assert facts("DHS/ICE/PIA-012") == ("", datetime.date(2009, 10, 14), 21, 252 * KB)
    assert facts("DHS/ICE/PIA-014") == ("", datetime.date(2009, 12, 28), 16, 212 * KB)
    assert facts("DHS/ICE/PIA-015") == ("g", None, None, None)
    assert facts("DHS/ICE/PIA-020") == ("b", datetime.date(2013, 1, 24), 12, None)
    assert facts("DHS/ICE/PIA-032") == ("a", datetime.date(2014, 1, 16), 30, 313 * KB)
    assert facts("DHS/ICE/PIA-039") == ("", datetime.date(2015, 3, 19), 19, None)
    assert facts("DHS/ICE/PIA-043") == ("", datetime.date(2015, 7, 9), 19, None)

    def system(identifier: str) -> tuple[str, str | None]:
        (found,) = series[identifier].systems
        return found.name, found.acronym

    assert system("DHS/ICE/PIA-001") == (
        "Student And Exchange Visitor Information System",
        "SEVIS",
    )
    assert system("DHS/ICE/PIA-005")[1] == "BMIS Web"
    assert system("DHS/ICE/PIA-014") == ("287(g) Program Database", None)
    assert system("DHS/ICE/PIA-019") == ("Online Detainee Locator System", "ODLS")
    assert system("DHS/ICE/PIA-032")[1] == "FALCON-SA"
    assert system("DHS/ICE/PIA-039")[0].startswith("Acquisition and Use")
    (pia32,) = series["DHS/ICE/PIA-032"].versions
    assert not pia32.title.startswith("DHS")
    (pia8,) = series["DHS/ICE/PIA-008"].versions
    assert (pia8.summary or "").startswith(f"{pia8.title} is a ")
    assert "SORN" in series["DHS/ICE/PIA-023"].sections
    assert series["DHS/ICE/PIA-004"].sections == ("SORN", "PCR")
    assert series["DHS/ICE/PIA-043"].sections == ()


# Properties -----------------------------------------------------------------------------

_SEPARATORS = st.sampled_from([" - ", " \u2013 ", ", ", " ", " \u2014 ", "\u00a0- "])
_OPENERS = st.sampled_from(["", ",", ", ", " ", ",\u00a0 "])
_UNITS = st.sampled_from([("KB", KB), ("kb", KB), ("MB", MB), ("KiB", KB)])


@given(
    opener=_OPENERS,
    pages=st.none() | st.integers(min_value=1, max_value=999),
    page_word=st.sampled_from(["pages", "Pages", "page"]),
    hundredths=st.none() | st.integers(min_value=1, max_value=999_999),
    decimals=st.sampled_from([0, 1, 2]),
    unit=_UNITS,
    unit_space=st.sampled_from(["", " "]),
    separator=_SEPARATORS,
    trailing=st.sampled_from(["", " "]),
)
def test_pdf_details_in_every_spelling(
    opener: str,
    pages: int | None,
    page_word: str,
    hundredths: int | None,
    decimals: int,
    unit: tuple[str, int],
    unit_space: str,
    separator: str,
    trailing: str,
) -> None:
    """Pages and size are read whatever the punctuation; sizes round half up to bytes."""
    parts: list[str] = []
    if pages is not None:
        parts.append(f"{pages} {page_word}")
    expected_size = None
    if hundredths is not None:
        # Keep only as many decimals as written, then convert exactly.
        hundredths -= hundredths % (10 ** (2 - decimals))
        whole, fraction = divmod(hundredths, 100)
        written = f"{whole}" + (f".{fraction:02d}"[: decimals + 1] if decimals else "")
        parts.append(f"{written}{unit_space}{unit[0]}")
        expected_size = (hundredths * unit[1] + 50) // 100
    body = opener + separator.join(parts) + trailing
    assert parse_pdf_details(body) == (pages, expected_size, None)


_WORDS = st.sampled_from(
    ["Harbor", "Ledger", "Quartz", "Beacon", "Archive", "Index", "Tracker", "Gauge"]
)


@st.composite
def _entries(draw: st.DrawFn) -> list[dict[str, object]]:
    numbers = draw(
        st.lists(
            st.integers(min_value=1, max_value=999), min_size=1, max_size=5, unique=True
        )
    )
    entries = []
    for number in numbers:
        entries.append(
            {
                "identifier": _ice(number, draw(st.sampled_from(["", "a", "c", "aa"]))),
                "name": " ".join(draw(st.lists(_WORDS, min_size=1, max_size=4))),
                "acronym": draw(st.none() | st.sampled_from(["HLS", "eTD", "QL-Net"])),
                "date": draw(
                    st.dates(datetime.date(1995, 1, 1), datetime.date(2030, 12, 31))
                ),
                "pages": draw(st.integers(min_value=1, max_value=400)),
                "kb": draw(st.none() | st.integers(min_value=1, max_value=50_000)),
                "spelling": draw(st.sampled_from(["slash", "dash"])),
            }
        )
    return entries


def _heading(entry: dict[str, object]) -> str:
    identifier = entry["identifier"]
    assert isinstance(identifier, Identifier)
    spelled = str(identifier)
    if entry["spelling"] == "dash":
        spelled = spelled.replace("/", "-")
    acronym = f" ({entry['acronym']})" if entry["acronym"] else ""
    return f"{spelled} - {entry['name']}{acronym}"


def _document(entry: dict[str, object]) -> str:
    date = entry["date"]
    assert isinstance(date, datetime.date)
    size = f" - {entry['kb']} KB" if entry["kb"] is not None else ""
    return (
        f"{entry['name']}, {date:%B} {date.day}, {date.year} "
        f"(PDF, {entry['pages']} pages{size}). A summary."
    )


@given(entries=_entries(), as_html=st.booleans())
def test_generated_pages_read_back(
    entries: list[dict[str, object]], as_html: bool
) -> None:
    """Any page written in the published format reads back to what was written."""
    title = "Privacy Documents for U.S. Immigration and Customs Enforcement (ICE)"
    if as_html:
        body = "".join(
            f"<h3>{html.escape(_heading(e))}</h3>\n<p>{html.escape(_document(e))}</p>\n"
            for e in entries
        )
        page = f"<html><body><h1>{title}</h1>\n{body}</body></html>"
    else:
        page = (
            title
            + "\n\n"
            + "".join(f"{_heading(e)}\n\n{_document(e)}\n\n" for e in entries)
        )
    record = parse_page(page, source="generated")
    assert record.problems == ()
    assert len(record.series) == len(entries)
    for series, entry in zip(record.series, entries, strict=True):
        (version,) = series.versions
        kb = entry["kb"]
        assert version.identifier == entry["identifier"]
        assert (version.date, version.pages) == (entry["date"], entry["pages"])
        assert version.size_bytes == (kb * KB if isinstance(kb, int) else None)
        assert (version.title, version.summary) == (entry["name"], "A summary.")
        assert series.systems == (
            SystemRecord(name=str(entry["name"]), acronym=entry["acronym"]),  # type: ignore[arg-type]
        )


@given(
    title=st.lists(_WORDS, min_size=1, max_size=5).map(" ".join),
    date=st.dates(datetime.date(1995, 1, 1), datetime.date(2030, 12, 31)),
    comma=st.sampled_from([",", ""]),
)
def test_document_line_without_pdf_details(
    title: str, date: datetime.date, comma: str
) -> None:
    """A document line with a date but no PDF details gives the date, pages None."""
    line = parse_document_line(f"{title}{comma} {date:%B} {date.day}, {date.year}.")
    assert (line.title, line.date, line.pages, line.size_bytes, line.summary) == (
        title,
        date,
        None,
        None,
        None,
    )
