"""The grammar of a privacy documents page: classified blocks in, series drafts out.

A page has parts (``PagePart``): a header (title, prose, navigation), the entries,
an optional Retired section and a footer. Each entry moves through ``EntryState``:
its heading, its document line (or, in the 2020s lists, its summary), then the
sections under it. The grammar reads one block at a time and hands out series as
soon as they are finished, so a long page is read in bounded memory.
"""

from __future__ import annotations

import datetime
import enum
import re
from dataclasses import replace

from privdocs.core.errors import FormatError
from privdocs.documents.identifiers import DocumentKind, Identifier, find_citation
from privdocs.formats.page.details import (
    DATE_RE,
    PDF_RE,
    TITLE_TRIM,
    DocumentLine,
    date_from_match,
    is_title_like,
    parse_date,
    parse_document_line,
    summary_and_date,
)
from privdocs.formats.page.drafts import (
    HeadingDraft,
    PageOrganization,
    SeenSeries,
    SeriesDraft,
    VersionDraft,
    cut_at_word,
    organization_from_words,
    system_from_heading,
)
from privdocs.formats.page.profiles import (
    ACRONYM_RE,
    COMPLIANCE_LINK_RE,
    FOOTER_RE,
    PIA_PAGE,
    SENTENCE_RE,
    SORN_PAGE,
    SORN_TITLE_RE,
    TITLE_RE,
    PageProfile,
    Section,
)
from privdocs.formats.page.tokenizer import (
    Block,
    BlockKind,
    Token,
    TokenKind,
    classify,
    leading_identifier,
)
from privdocs.formats.records import (
    AssociationRecord,
    DatePrecision,
    OrganizationRecord,
    Problem,
    SeriesRecord,
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
PREVIOUS_OF_OTHER_SERIES = (
    "listed under {section} but belongs to another series than {identifier}"
)
VERSION_LISTED_TWICE = "{identifier} is already listed on this page"
TEXT_WITHOUT_VERSION = "text under {section} that belongs to no listed document"
NOT_AN_ASSOCIATION = "a line under {section} without an identifier, date or citation"
NOT_UNDERSTOOD = "not understood"
TITLE_CUT = (
    "a {what} of {length} characters is longer than {limit}: cut at a word boundary"
)
OTHER_ORGANIZATION = (
    "{identifier} is a document of {organization}, but the page is for {page} "
    "(its title says so)"
)
EARLIER_UPDATE_IS_LATER = (
    "{identifier} is listed as an earlier version of {current}, which it follows"
)
NO_SERIES_OF_TITLE = (
    "the page's title names {page}, but it lists no document of {page} (only of "
    "{others}): is it the right page?"
)

PUBLISHED = "published"
SUPERSEDED = "superseded"
RETIRED = "retired"

#: Longest title the registry stores; a longer one is cut at a word boundary.
TITLE_MAX = 500
#: Longest system name the registry stores.
SYSTEM_NAME_MAX = 255

# Later pages replace the list of previous versions with this sentence.
_PRIOR_VERSIONS_NOTE_RE = re.compile(r"prior versions are available", re.IGNORECASE)
_SENTENCE_END = (".", "!", "?")


def _ends_with_date(text: str) -> bool:
    return summary_and_date(text)[1] is not None


def _ends_list(series: SeriesDraft, block: Block) -> bool:
    """Whether a bulleted line ends the list under a bulleted series heading."""
    return (
        block.kind is BlockKind.ITEM
        and series.heading_kind is BlockKind.ITEM
        and block.indent <= series.heading_indent
    )


class PagePart(enum.Enum):
    """Where on the page the grammar stands."""

    HEADER = "header"
    ENTRIES = "entries"
    RETIRED = "retired"
    FOOTER = "footer"


class EntryState(enum.Enum):
    """Where in the current entry the grammar stands."""

    NONE = "none"
    #: A heading read; its document line not yet.
    HEADING = "heading"
    #: The document line (or summary) read; paragraphs continue its summary.
    DOCUMENT = "document"
    #: Under one of its sections (Associated SORN(s), Previous PIAs, ...).
    SECTION = "section"


class PageGrammar:
    """Reads classified blocks in page order into series drafts and problems."""

    def __init__(self, *, profile: PageProfile | None = None) -> None:
        self.profile: PageProfile = profile or PIA_PAGE
        self._profile_known = profile is not None
        self.problems: list[Problem] = []
        self.last_published: datetime.date | None = None
        self.part = PagePart.HEADER
        self.entry = EntryState.NONE
        self.section: Section | None = None
        self.series_count = 0
        self._open: dict[Identifier, SeriesDraft] = {}
        self._seen = SeenSeries()
        self._current: SeriesDraft | None = None
        self._version: VersionDraft | None = None
        self._heading: HeadingDraft | None = None
        self._skipping: Identifier | None = None
        self._page: PageOrganization | None = None
        self._sentences: dict[str, str] = {}
        self._agencies: dict[str, None] = {}
        self._components: dict[str, str] = {}
        self._of_page = 0
        self._others: dict[str, None] = {}

    # Results -----------------------------------------------------------------------

    def take_finished(
        self, *, limit: int | None = None, everything: bool = False
    ) -> list[SeriesRecord]:
        """Records of the series no later block can change (up to ``limit``), once."""
        keep = None if everything or self._current is None else self._current.identifier
        finished = [draft for key, draft in self._open.items() if key != keep]
        if limit is not None:
            finished = finished[:limit]
        for draft in finished:
            del self._open[draft.identifier]
        return [draft.record() for draft in finished]

    @property
    def finished_count(self) -> int:
        """How many series ``take_finished`` would hand out now."""
        waiting = len(self._open)
        if self._current is not None and self._current.identifier in self._open:
            waiting -= 1
        return waiting

    def take_problems(self) -> list[Problem]:
        """The problems found since the last call, by line."""
        problems, self.problems = self.problems, []
        return sorted(problems, key=lambda problem: problem.line)

    def organizations(self) -> tuple[OrganizationRecord, ...]:
        """The organizations of the series read so far: agencies, then components."""
        records = [
            OrganizationRecord(
                acronym=agency, name=self.profile.agency_names.get(agency)
            )
            for agency in self._agencies
        ]
        records.extend(
            OrganizationRecord(
                acronym=acronym, name=self._name_of(acronym), parent=parent
            )
            for acronym, parent in self._components.items()
        )
        return tuple(records)

    def finish(self) -> None:
        """The end of the page: close the last entry, check the page's organization."""
        self._end_entry()
        page = self._page
        if (
            page is not None
            and page.stated
            and page.acronym is not None
            and self.series_count
            and not self._of_page
        ):
            raise FormatError(
                NO_SERIES_OF_TITLE.format(
                    page=page.acronym, others=", ".join(self._others)
                )
            )

    def _name_of(self, acronym: str) -> str | None:
        if self._page is not None and self._page.acronym == acronym:
            return self._page.name or self._sentences.get(acronym)
        return self._sentences.get(acronym)

    # Reading -----------------------------------------------------------------------

    def problem(self, block: Block, reason: str) -> None:
        """Report a block not understood."""
        self.problems.append(Problem(line=block.line, text=block.text, reason=reason))

    def feed(self, block: Block) -> None:
        """Read one block."""
        if self.part is PagePart.FOOTER:
            return
        token = classify(block, self.profile)
        if self._skipping is not None and not self._ends_skipping(token):
            return
        self._skipping = None
        if token.kind is TokenKind.NAVIGATION:
            if self._heading is not None and COMPLIANCE_LINK_RE.match(block.text):
                self._heading.series_line = True
        elif token.kind is TokenKind.FOOTER:
            self._footer(block)
        elif token.section is not None:
            self._section_heading(token, token.section)
        elif token.kind is TokenKind.UNREADABLE:
            self.problem(block, UNREADABLE_IDENTIFIER.format(error=token.error))
        elif token.identifier is not None:
            self._identifier_line(token, token.identifier)
        elif token.kind is TokenKind.TITLE and self.part is PagePart.HEADER:
            self._title(block)
        else:
            self._text(token)

    def _ends_skipping(self, token: Token) -> bool:
        if token.kind is TokenKind.FOOTER:
            return True
        if token.kind is TokenKind.SECTION:
            return token.section is Section.RETIRED
        return (
            token.kind in (TokenKind.HEADING, TokenKind.IDENTIFIER_LINE)
            and token.identifier is not None
            and token.identifier.series != self._skipping
            and token.identifier.kind is self.profile.kind
        )

    def _footer(self, block: Block) -> None:
        self._end_entry()
        self.part = PagePart.FOOTER
        match = FOOTER_RE.match(block.text)
        if match is None:
            return
        label = (match["label"] or match["dated_label"] or "").lower()
        if label.startswith(("last published", "last updated", "page last updated")):
            self.last_published = parse_date(match["date"] or match["bare"] or "")

    # The header ---------------------------------------------------------------------

    def _title(self, block: Block) -> None:
        match = TITLE_RE.match(block.text)
        if match is None:
            return
        if SORN_TITLE_RE.search(match["what"]) and not self._profile_known:
            self.profile, self._profile_known = SORN_PAGE, True
        if self._page is None or not self._page.stated or self._page.name is None:
            self._page = organization_from_words(match["organization"])

    def _header_text(self, token: Token) -> None:
        text = token.block.text
        for match in SENTENCE_RE.finditer(text):
            found = organization_from_words(match["organization"])
            if found.acronym and found.name:
                self._sentences.setdefault(found.acronym, found.name)
                if self._page is None:
                    self._page = found
        page = self._page
        if page is not None and page.acronym is None and page.name:
            # "Privacy Documents for U.S. Customs and Border Protection", then
            # "... Customs and Border Protection (CBP) ...": the acronym follows.
            tail = " ".join(page.name.split()[-2:]).lower()
            for match in ACRONYM_RE.finditer(text):
                if text[: match.start()].rstrip().lower().endswith(tail):
                    page.acronym = match["acronym"]
                    break
        if token.kind is TokenKind.DOCUMENT_LINE and PDF_RE.search(text):
            self.problem(token.block, DETAILS_BEFORE_FIRST_SERIES)

    # Sections ------------------------------------------------------------------------

    def _section_heading(self, token: Token, section: Section) -> None:
        block = token.block
        if section is Section.RETIRED:
            if self.part is PagePart.HEADER or block.kind is BlockKind.ITEM:
                # A table of contents' "Retired PIAs" link, not the section.
                return
            self._end_entry()
            self.part = PagePart.RETIRED
        elif self._current is None:
            if self.part is PagePart.HEADER and block.kind is BlockKind.ITEM:
                return
            self.problem(block, SECTION_OUTSIDE_SERIES)
            return
        else:
            self._close_heading()
            self.entry, self.section = EntryState.SECTION, section
            self._version = None
            self._current.add_section(section)
        if token.rest:
            # "Associated SORN(s): DHS/ICE-011 - ..." on one line.
            self.feed(replace(block, text=token.rest))

    # Blocks that start with an identifier ----------------------------------------------

    def _identifier_line(self, token: Token, identifier: Identifier) -> None:
        block = token.block
        detailed = token.kind is TokenKind.IDENTIFIER_LINE
        if self.part is PagePart.HEADER:
            self.part = PagePart.ENTRIES
            if not self._profile_known:
                # A page that opens with "DHS/ICE-011 - ..." lists SORNs.
                if identifier.kind is DocumentKind.SORN:
                    self.profile = SORN_PAGE
                self._profile_known = True
        heading = self._heading
        if (
            heading is not None
            and identifier.series == heading.identifier.series
            and block.kind is not BlockKind.HEADING
        ):
            # "DHS/ICE/PIA-032(a) - FALCON ..., <date> (PDF ...)" under its heading
            # "DHS/ICE/PIA-032 - ...": the document line repeats the identifier.
            self._document(heading, token.rest, block, named=identifier)
            return
        current = self._current
        in_associations = self.entry is EntryState.SECTION and self.section in (
            Section.SORN,
            Section.PCR,
        )
        if (
            in_associations
            and current is not None
            and identifier.kind is not self.profile.kind
        ):
            self._association(block, current, identifier, token.rest)
            return
        if self.part is PagePart.RETIRED:
            if detailed:
                self._retired_version(token, identifier)
            else:
                self._new_series(token, identifier, status=RETIRED)
            return
        if current is not None and identifier.series == current.identifier:
            # An earlier version, under "Previous PIAs" or right under the entry.
            self._earlier_version(token, identifier, current)
            return
        if self.entry is EntryState.SECTION and self.section is Section.PREVIOUS:
            if detailed and current is not None and not _ends_list(current, block):
                self.problem(
                    block,
                    PREVIOUS_OF_OTHER_SERIES.format(
                        section=self.profile.section_name(Section.PREVIOUS),
                        identifier=current.identifier,
                    ),
                )
                return
        elif (
            current is not None
            and identifier.kind is not self.profile.kind
            and identifier.kind in (DocumentKind.SORN, DocumentKind.PCR)
            and block.kind is not BlockKind.HEADING
        ):
            # A list of SORNs under a PIA with no "Associated SORN(s)" heading.
            self._association(block, current, identifier, token.rest)
            return
        self._new_series(token, identifier, status=PUBLISHED)

    def _new_series(self, token: Token, identifier: Identifier, *, status: str) -> None:
        block = token.block
        self._close_heading()
        if status is not RETIRED:
            self._end_entry()
        title = self._heading_title(token, identifier)
        existing = self._open.get(identifier.series)
        if status is not RETIRED and identifier.series in self._seen:
            self.problem(
                block, SERIES_LISTED_TWICE.format(identifier=identifier.series)
            )
            self._skipping = identifier.series
            return
        if existing is None:
            existing = self._series_draft(identifier, title, block)
        if status is RETIRED:
            existing.add_section(Section.RETIRED)
        self._current = existing
        self.entry, self.section = EntryState.HEADING, None
        self._version = None
        self._heading = HeadingDraft(
            series=existing,
            identifier=identifier,
            block=block,
            status=status,
            series_line=block.kind is BlockKind.ITEM,
        )
        if token.kind is TokenKind.IDENTIFIER_LINE:
            # Heading and document line in one: "DHS/CBP/PIA-006(e) ATS, <date> ...".
            self._document(self._heading, token.rest, block, named=None)

    def _series_draft(
        self, identifier: Identifier, title: str, block: Block
    ) -> SeriesDraft:
        series = identifier.series
        system = system_from_heading(title)
        if system is not None and len(system.name) > SYSTEM_NAME_MAX:
            self._cut_problem(block, "system name", system.name, SYSTEM_NAME_MAX)
            system = replace(system, name=cut_at_word(system.name, SYSTEM_NAME_MAX))
        draft = SeriesDraft(
            identifier=series,
            heading_title=title,
            line=block.line,
            systems=(system,) if system else (),
            heading_kind=block.kind,
            heading_indent=block.indent,
        )
        self._open[series] = draft
        self._seen.add(series)
        self.series_count += 1
        self._count_organization(block, series)
        return draft

    def _count_organization(self, block: Block, identifier: Identifier) -> None:
        self._agencies.setdefault(identifier.agency, None)
        parent = identifier.agency
        if identifier.component is not None and identifier.component != "ALL":
            for part in identifier.component.split("/"):
                self._components.setdefault(part, parent)
                parent = part
        organization = identifier.organization
        page = self._page
        if page is None or page.acronym is None:
            found = self._sentence_acronym(page)
            if found is not None:
                page = self._page = PageOrganization(
                    acronym=found, name=(page.name if page else None) or None
                )
            elif organization != identifier.agency:
                # Only the identifiers say whose page it is.
                self._page = PageOrganization(
                    acronym=organization,
                    name=page.name if page else None,
                    stated=page is not None and page.name is not None,
                )
                page = self._page
        if page is None or page.acronym is None:
            return
        if organization == page.acronym or (
            identifier.component is not None
            and page.acronym in identifier.component.split("/")
        ):
            self._of_page += 1
        elif organization != identifier.agency:
            self._others.setdefault(organization, None)
            if page.stated:
                self.problem(
                    block,
                    OTHER_ORGANIZATION.format(
                        identifier=identifier,
                        organization=organization,
                        page=page.acronym,
                    ),
                )

    def _sentence_acronym(self, page: PageOrganization | None) -> str | None:
        if page is None or page.name is None:
            return None
        name = page.name.lower()
        for acronym, said in self._sentences.items():
            if name.endswith(said.lower()) or said.lower().endswith(name):
                return acronym
        return None

    def _heading_title(self, token: Token, identifier: Identifier) -> str:
        title = token.rest
        if token.kind is TokenKind.IDENTIFIER_LINE:
            title = parse_document_line(title).title
        repeated = leading_identifier(title)
        if isinstance(repeated, tuple):
            # "DHS/ICE/PIA-019 - DHS/ICE/PIA-019 - Online ...": said twice.
            if repeated[0].series != identifier.series:
                self.problem(
                    token.block,
                    HEADING_REPEATS_OTHER_IDENTIFIER.format(
                        first=identifier, second=repeated[0]
                    ),
                )
            title = repeated[1]
        return self._title_cut(token.block, title.strip(TITLE_TRIM), "title")

    def _earlier_version(
        self, token: Token, identifier: Identifier, series: SeriesDraft
    ) -> None:
        self._close_heading()
        if self.entry is not EntryState.SECTION or self.section is not Section.PREVIOUS:
            self.entry = EntryState.DOCUMENT
        current = next((v for v in series.versions if v.status == PUBLISHED), None)
        if (
            current is not None
            and len(series.versions) == 1
            and current.identifier.update == ""
            and identifier.update
            and not current.detailed
            and token.kind is TokenKind.IDENTIFIER_LINE
        ):
            # A single-document page: its heading has no letter, its attachments
            # table names the document "DHS/ICE/PIA-045(a) ... PDF 676.08 KB".
            line = parse_document_line(token.rest)
            current.identifier = identifier
            current.fill(line)
            if line.title:
                current.title = self._title_cut(token.block, line.title, "title")
            self._version = current
            return
        if current is not None and identifier > current.identifier:
            self.problem(
                token.block,
                EARLIER_UPDATE_IS_LATER.format(
                    identifier=identifier, current=current.identifier
                ),
            )
        heading = HeadingDraft(
            series=series, identifier=identifier, block=token.block, status=SUPERSEDED
        )
        if token.kind is TokenKind.IDENTIFIER_LINE:
            self._document(heading, token.rest, token.block, named=None)
        else:
            self._heading = heading

    def _retired_version(self, token: Token, identifier: Identifier) -> None:
        self._close_heading()
        series = self._open.get(identifier.series)
        if series is None:
            # Listed earlier on a page already handed out in a batch, or only here:
            # a further record of the series holding its retired version.
            title = self._heading_title(token, identifier)
            series = SeriesDraft(
                identifier=identifier.series, heading_title=title, line=token.block.line
            )
            if identifier.series not in self._seen:
                self._count_organization(token.block, identifier.series)
                self._seen.add(identifier.series)
                self.series_count += 1
            self._open[identifier.series] = series
        series.add_section(Section.RETIRED)
        self._current = series
        self.entry, self.section = EntryState.DOCUMENT, None
        heading = HeadingDraft(
            series=series, identifier=identifier, block=token.block, status=RETIRED
        )
        self._document(heading, token.rest, token.block, named=None)

    def _association(
        self,
        block: Block,
        series: SeriesDraft,
        identifier: Identifier | None,
        rest: str,
    ) -> None:
        if (self.entry is EntryState.SECTION and self.section is Section.PCR) or (
            identifier is not None and identifier.kind is DocumentKind.PCR
        ):
            kind = Section.PCR
        else:
            kind = Section.SORN
        citation = find_citation(rest)
        date_match = DATE_RE.search(rest)
        ends = [len(rest)]
        if citation is not None:
            ends.append(citation[1])
        date = None
        precision = DatePrecision.DAY
        if date_match is not None:
            ends.append(date_match.start())
            stated, date_problem = date_from_match(date_match)
            if date_problem:
                self.problem(block, date_problem)
            if stated is not None:
                date, precision = stated.date, stated.precision
        title = PDF_RE.sub("", rest[: min(ends)]).strip(TITLE_TRIM)
        series.associations.append(
            AssociationRecord(
                kind=kind.value,
                identifier=identifier,
                title=self._title_cut(block, title, "title"),
                citation=str(citation[0]) if citation else None,
                date=date,
                date_precision=precision,
            )
        )

    # The document line -----------------------------------------------------------------

    def _document(
        self,
        heading: HeadingDraft,
        text: str,
        block: Block,
        *,
        named: Identifier | None,
    ) -> None:
        """The block after a heading: its document line, or a summary (2020s lists)."""
        self._heading = None
        series, identifier = heading.series, heading.identifier
        if named is not None and named != identifier:
            if identifier.update == "" and named.series == identifier.series:
                # The update letter given only on the document line.
                identifier = named
            else:
                self.problem(
                    block,
                    DOCUMENT_LINE_OTHER_IDENTIFIER.format(
                        found=named, expected=identifier
                    ),
                )
        line = parse_document_line(text)
        for reason in line.problems:
            self.problem(block, reason)
        # "... its new retention rules. March 3, 2022": a summary ending with a date.
        ends_dated = PDF_RE.search(text) is None and _ends_with_date(text)
        if line.has_details and is_title_like(line.title) and not ends_dated:
            title, summary = line.title, line.summary
        elif (
            not ends_dated
            and is_title_like(text)
            and not text.rstrip().endswith(_SENTENCE_END)
        ):
            # "Privacy Impact Assessment for ...": a document line with no details.
            title, summary = line.title, None
        else:
            summary, stated, problem = summary_and_date(text)
            if problem:
                self.problem(block, problem)
            title = ""
            line = DocumentLine(
                title="",
                date=stated.date if stated else None,
                date_precision=stated.precision if stated else DatePrecision.DAY,
                pages=None,
                size_bytes=None,
                summary=summary,
            )
        if series.version_get(identifier.update) is not None:
            self.problem(block, VERSION_LISTED_TWICE.format(identifier=identifier))
            self._version = None
            return
        version = VersionDraft(
            identifier=identifier,
            title=self._title_cut(block, title, "title") or series.heading_title,
            status=heading.status,
            line=block.line,
            summary=summary,
        )
        version.fill(line)
        if identifier.kind is DocumentKind.SORN:
            citation = find_citation(text)
            if citation is not None:
                version.citation = str(citation[0])
                if version.summary is not None:
                    rest = version.summary.replace(str(citation[0]), "")
                    version.summary = rest.strip(TITLE_TRIM) or None
        series.versions.append(version)
        if not series.systems and title:
            system = system_from_heading(title)
            series.systems = (system,) if system else ()
        self._version = version
        if self.entry is not EntryState.SECTION:
            self.entry = EntryState.DOCUMENT

    def _close_heading(self) -> None:
        """A heading followed directly by a section or another heading."""
        heading = self._heading
        if heading is None:
            return
        self._heading = None
        if not heading.series_line:
            self.problem(heading.block, NO_DOCUMENT_LINE)
        series, identifier = heading.series, heading.identifier
        if series.version_get(identifier.update) is not None:
            return
        series.versions.append(
            VersionDraft(
                identifier=identifier,
                title=series.heading_title,
                status=heading.status,
                line=heading.block.line,
            )
        )

    def _end_entry(self) -> None:
        self._close_heading()
        self._current = None
        self.entry, self.section = EntryState.NONE, None
        self._version = None

    # Blocks without an identifier ------------------------------------------------------

    def _text(self, token: Token) -> None:
        block = token.block
        text = block.text
        if self._heading is not None:
            self._document(self._heading, text, block, named=None)
            return
        if self.part is PagePart.HEADER:
            self._header_text(token)
            return
        current = self._current
        if (
            self.entry is EntryState.SECTION
            and self.section in (Section.SORN, Section.PCR)
            and current is not None
        ):
            if find_citation(text) or token.kind is TokenKind.DOCUMENT_LINE:
                self._association(block, current, None, text)
            else:
                self.problem(
                    block,
                    NOT_AN_ASSOCIATION.format(
                        section=self.profile.section_name(self.section)
                    ),
                )
            return
        in_list = self.part is PagePart.RETIRED or (
            self.entry is EntryState.SECTION and self.section is Section.PREVIOUS
        )
        if in_list and _PRIOR_VERSIONS_NOTE_RE.search(text):
            return
        version = self._version
        if version is None:
            if in_list:
                section = (
                    Section.RETIRED
                    if self.part is PagePart.RETIRED
                    else (Section.PREVIOUS)
                )
                self.problem(
                    block,
                    TEXT_WITHOUT_VERSION.format(
                        section=self.profile.section_name(section)
                    ),
                )
            else:
                self.problem(block, NOT_UNDERSTOOD)
            return
        if token.kind is TokenKind.DOCUMENT_LINE and PDF_RE.search(text):
            if not version.detailed:
                # A single-document page: its summary, then its attachments table.
                version.fill(parse_document_line(text))
            # A further attachment (an appendix) is no version of its own.
            return
        version.add_summary(text)

    # Titles ---------------------------------------------------------------------------

    def _title_cut(self, block: Block, title: str, what: str) -> str:
        if len(title) <= TITLE_MAX:
            return title
        self._cut_problem(block, what, title, TITLE_MAX)
        return cut_at_word(title, TITLE_MAX)

    def _cut_problem(self, block: Block, what: str, text: str, limit: int) -> None:
        self.problem(block, TITLE_CUT.format(what=what, length=len(text), limit=limit))
