"""The facts of one document line: title, date (with its precision), PDF pages and size.

``Title, June 23, 2011 (PDF, 6 pages - 167 KB). Summary`` of the 2008-2016 pages,
``Title PDF 676.08 KB 02/08/2021`` of a 2020s attachments table, ``Title, June 2014``
of a PCR line. Pure functions on one line of text; nothing here knows the page.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from privdocs.documents.identifiers import find_citation
from privdocs.formats.records import DatePrecision

INVALID_DATE = "{text!r} is not a valid date"
PDF_DETAILS_NOT_UNDERSTOOD = "PDF details {text!r} not understood"

#: Longest text before a date or "(PDF" that is still a document's title; a longer
#: one is a summary that mentions a date (the 2020s lists have no document line).
TITLE_LIKE_MAX = 250

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
_MONTH_NAMES = (
    r"January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
# "June 23, 2011", "Sept. 9 2014", "June 2014" (a month only: a PCR line), and the
# 2020s tables' "02/08/2021". Dates glued to a bracket ("2011(PDF") still count.
DATE_RE = re.compile(
    rf"\b(?P<month>{_MONTH_NAMES})\.?\s+"
    r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+)?(?P<year>(?:19|20)\d{2})(?!\d)"
    r"|(?<![\d/])(?P<numeric_month>\d{1,2})/(?P<numeric_day>\d{1,2})/"
    r"(?P<numeric_year>(?:19|20)\d{2})(?![\d/])",
    re.IGNORECASE,
)
# "(PDF, 6 pages - 167 KB)"; the 2020s "PDF 676.08 KB" and "PDF | 1.06 MB" unbracketed.
PDF_RE = re.compile(
    r"\(\s*PDF\b(?P<body>[^()]*)\)"
    r"|\bPDF\b(?P<bare>\s*[|,:\-]?\s*(?:\d+\s*pages?\s*[|,;\-\u2013]?\s*)?"
    r"\d[\d,]*(?:\.\d+)?\s*(?:KiB|KB|K|MiB|MB|M|bytes)\b)",
    re.IGNORECASE,
)
_PAGES_RE = re.compile(r"(?P<pages>\d+)\s*pages?\b", re.IGNORECASE)
# "167 KB", "163KB", "7.91MB", "1.06 MB", "1,024 KB"; 1 KB = 1024 bytes.
_SIZE_RE = re.compile(
    r"(?P<size>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*"
    r"(?P<unit>KiB|KB|K|MiB|MB|M|bytes|B)\b",
    re.IGNORECASE,
)
_UNIT_BYTES = {"K": 1024, "M": 1024 * 1024, "B": 1}
_DETAIL_FILLER_RE = re.compile(r"[\s,;:\-\u2010-\u2015|/]*")
TITLE_TRIM = " \t,;:.-|\u2010\u2011\u2012\u2013\u2014\u2015"
SENTENCE_BREAK_RE = re.compile(r"[.!?]\s+[A-Z]")
# What may stand between the PDF details and a date after them: "| 02/08/2021".
_BEFORE_DATE_RE = re.compile(r"[\s,;:|\-\u2013]*")


@dataclass(frozen=True)
class StatedDate:
    """A date as the page states it: a day, or a month given as its 1st."""

    date: datetime.date
    precision: DatePrecision


@dataclass(frozen=True)
class DocumentLine:
    """What a document line says; what it does not say is None."""

    title: str
    date: datetime.date | None
    pages: int | None
    size_bytes: int | None
    summary: str | None
    problems: tuple[str, ...] = ()
    date_precision: DatePrecision = DatePrecision.DAY
    #: Whether the line has a date or PDF details, even ones that cannot be read.
    has_details: bool = False


def date_from_match(match: re.Match[str]) -> tuple[StatedDate | None, str | None]:
    """The date a DATE_RE match names, or a problem if there is no such day."""
    if match["numeric_month"]:
        year, month = int(match["numeric_year"]), int(match["numeric_month"])
        day, precision = int(match["numeric_day"]), DatePrecision.DAY
    else:
        year, month = int(match["year"]), _MONTHS[match["month"][:3].lower()]
        if match["day"]:
            day, precision = int(match["day"]), DatePrecision.DAY
        else:
            day, precision = 1, DatePrecision.MONTH
    try:
        return StatedDate(datetime.date(year, month, day), precision), None
    except ValueError:
        return None, INVALID_DATE.format(text=match.group(0))


def parse_date(text: str) -> datetime.date | None:
    """The first date written like "October 5, 2015" in ``text``; None if none or invalid."""
    found = DATE_RE.search(text)
    stated = date_from_match(found)[0] if found else None
    return stated.date if stated else None


def is_title_like(text: str) -> bool:
    """Whether ``text`` can be a document's title rather than a sentence of a summary."""
    stripped = text.strip(TITLE_TRIM)
    return len(stripped) <= TITLE_LIKE_MAX and not SENTENCE_BREAK_RE.search(stripped)


def parse_pdf_details(body: str) -> tuple[int | None, int | None, str | None]:
    """Pages, size in bytes and a problem, from what follows "PDF" in its brackets.

    Reads ", 6 pages - 167 KB ", " 9 pages, 149 KB", ",7 pages \u2013 288 KB",
    " 12 pages", ", 1.5 MB", " 676.08 KB"; what is not given is None.
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


# The grammar asks about the same line more than once (to classify it, then to
# read it); the answer is a frozen value of a pure function.
@functools.lru_cache(maxsize=256)
def parse_document_line(text: str) -> DocumentLine:
    """Split ``Title, June 23, 2011 (PDF, 6 pages - 167 KB). Summary`` into its parts.

    Values the line does not give stay None. A summary that continues the title's
    sentence ("Title, <date> (PDF 12 pages) is a system ...") is given whole.
    """
    problems: list[str] = []
    pages: int | None = None
    size_bytes: int | None = None
    stated: StatedDate | None = None

    def read_date(match: re.Match[str]) -> None:
        nonlocal stated
        stated, problem = date_from_match(match)
        if problem:
            problems.append(problem)

    pdf = PDF_RE.search(text)
    if pdf is not None:
        before, after = text[: pdf.start()], text[pdf.end() :]
        body = pdf["body"] if pdf["body"] is not None else pdf["bare"]
        pages, size_bytes, pdf_problem = parse_pdf_details(body)
        if pdf_problem:
            problems.append(pdf_problem)
        dates = list(DATE_RE.finditer(before))
        if dates:
            title = before[: dates[-1].start()]
            between = before[dates[-1].end() :].strip(TITLE_TRIM)
            if between:
                title = f"{title.strip(TITLE_TRIM)} {between}"
            read_date(dates[-1])
        else:
            title = before
            # "Title | PDF 676.08 KB | 02/08/2021": the table's date comes after.
            filler = _BEFORE_DATE_RE.match(after)
            start = filler.end() if filler else 0
            following = DATE_RE.match(after, start)
            if following is not None:
                read_date(following)
                after = after[following.end() :]
    else:
        found = DATE_RE.search(text)
        # A date deep in a sentence is the summary's, not the document's.
        citation = find_citation(text)
        if found is not None and is_title_like(text[: found.start()]):
            title, after = text[: found.start()], text[found.end() :]
            read_date(found)
        elif citation is not None and is_title_like(text[: citation[1]]):
            # "DHS/ICE-014 - Title, 82 FR 1234": a SORN line with no date.
            title, after = text[: citation[1]], text[citation[2] :]
        else:
            title, after = text, ""
    title = title.strip(TITLE_TRIM)
    return DocumentLine(
        has_details=pdf is not None or stated is not None or bool(problems),
        title=title,
        date=stated.date if stated else None,
        date_precision=stated.precision if stated else DatePrecision.DAY,
        pages=pages,
        size_bytes=size_bytes,
        summary=summary_after(title, after),
        problems=tuple(problems),
    )


def summary_after(title: str, after: str) -> str | None:
    """The summary that follows a document line's details; None if there is none."""
    rest = after.lstrip(" ,;:.)|")
    separator = after[: len(after) - len(rest)]
    if rest and rest[0].islower() and "." not in separator and title:
        # "Bonds Online System, <date>, (PDF ...), is a web-based application ...":
        # the sentence goes on after the bracket, so the title is its subject.
        return f"{title} {rest}"
    return rest.strip() or None


_TRAILING_DATE_RE = re.compile(
    rf"(?:^|(?<=[.!?)\]])\s*|\s+)(?:\(|(?:Published|Date|Updated)\s*:?\s*)?"
    rf"(?P<date>{DATE_RE.pattern})\)?\.?\s*$",
    re.IGNORECASE,
)


def summary_and_date(text: str) -> tuple[str | None, StatedDate | None, str | None]:
    """A summary of the 2020s lists, with the date some end it with.

    "... a new interface. March 3, 2022" is the summary and its document's date;
    a date inside a sentence stays in the summary. Also returns a date problem.
    """
    found = _TRAILING_DATE_RE.search(text)
    if found is None:
        return text.strip() or None, None, None
    before = text[: found.start()].rstrip()
    if before and before[-1] not in ".!?)]":
        # "... published on March 3, 2022": the date is the sentence's.
        return text.strip() or None, None, None
    stated, problem = date_from_match(found)
    return before or None, stated, problem
