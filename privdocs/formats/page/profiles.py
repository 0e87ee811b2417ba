"""Profiles of page families: the words a page uses, not constants in the grammar.

A PIA listing page says "Previous PIAs" and "Retired PIAs"; a SORN listing page
lists kindless identifiers ("DHS/ICE-011") and says "Previous SORNs". The grammar
asks its profile what a heading means; a new family of pages is a new profile.
"""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from privdocs.documents.identifiers import DocumentKind


class Section(enum.StrEnum):
    """The sections a page shows under (or, for RETIRED, after) its series."""

    SORN = "SORN"
    PCR = "PCR"
    PREVIOUS = "PREVIOUS"
    RETIRED = "RETIRED"


#: Names of departments, which pages name only by their acronym in identifiers.
AGENCY_NAMES: Mapping[str, str] = {"DHS": "Department of Homeland Security"}

_PLURAL = r"(?:s|\(s\))?"
_SECTION_WORDS = {
    Section.SORN: (
        rf"(?:Associated|Related|Applicable)\s+(?:SORN{_PLURAL}"
        rf"|System\s+of\s+Records\s+Notices?)"
    ),
    Section.PCR: rf"(?:Associated|Related)\s+PCR{_PLURAL}",
}
# The page's own word for its documents: "Previous PIAs", "Retired SORNs".
_KIND_WORDS = {
    DocumentKind.PIA: rf"(?:PIA{_PLURAL}|Privacy\s+Impact\s+Assessments?)",
    DocumentKind.SORN: rf"(?:SORN{_PLURAL}|System\s+of\s+Records\s+Notices?)",
}
_ANY_WORD = rf"(?:Versions?|Documents?|{'|'.join(_KIND_WORDS.values())})"

#: Lines that are the site around the list: links, breadcrumbs, table headers.
NAVIGATION_RE = re.compile(
    r"^(?:Back\s+to\s+Top|Top|Skip\s+to\s+main\s+content|Print|Share|E-?mail"
    r"|Was\s+this\s+page\s+helpful\??|Yes|No|Home|Menu|Search|Close"
    r"|(?:View\s+(?:the\s+)?)?(?:Privacy\s+)?Compliance\s+Documents?(?:\s+\S+)?"
    r"|Attachments?|Attachment\s*\|.*|File\s*\|.*|Title\s*\|.*|Related\s+Resources?"
    r"|Home\s*[>\u203a\u00bb|/].*|.*\s[>\u203a\u00bb]\s.*[>\u203a\u00bb]\s.*)$",
    re.IGNORECASE,
)
#: A 2020s component page links each series to its documents with these words.
COMPLIANCE_LINK_RE = re.compile(
    r"^(?:View\s+(?:the\s+)?)?(?:Privacy\s+)?Compliance\s+Documents?\b", re.IGNORECASE
)
FOOTER_RE = re.compile(
    r"^(?P<label>Created|Last\s+Published|Last\s+Updated?|Last\s+Reviewed|Page\s+Last"
    r"\s+(?:Reviewed|Updated))(?:\s+Date)?\s*:\s*(?P<date>.*)$"
    r"|^(?P<dated_label>Last\s+Published|Last\s+Updated?)\s+Date\s*(?P<bare>.*)$",
    re.IGNORECASE,
)
# "Privacy Documents for U.S. Customs and Border Protection", "... for the Science
# and Technology (S&T) Directorate", "System of Records Notices for ICE".
TITLE_RE = re.compile(
    r"^(?P<what>Privacy\s+(?:Compliance\s+)?Documents|Privacy\s+Impact\s+Assessments"
    r"|PIAs|System\s+of\s+Records\s+Notices|SORNs)\s+(?:for|of)\s+(?:the\s+)?"
    r"(?P<organization>[A-Z0-9].*?)[.\s]*$",
    re.IGNORECASE,
)
# The same words inside a sentence: "Below, find privacy documents for the
# Transportation Security Administration (TSA)."
SENTENCE_RE = re.compile(
    r"\b(?:privacy\s+(?:compliance\s+)?documents|privacy\s+impact\s+assessments"
    r"|system\s+of\s+records\s+notices)\s+(?:for|of|from)\s+(?:the\s+)?"
    r"(?P<organization>[A-Z][^();:]{2,150}?\s*\([A-Z][A-Za-z&]*[A-Z]\)"
    r"(?:\s+[A-Z][a-z]+)?)",
)
# An acronym in brackets: "(ICE)", "(S&T)".
ACRONYM_RE = re.compile(r"\((?P<acronym>[A-Z][A-Za-z&]*[A-Z])\)")
SORN_TITLE_RE = re.compile(r"System\s+of\s+Records\s+Notices|\bSORNs\b", re.IGNORECASE)


@dataclass(frozen=True)
class PageProfile:
    """What a family of pages lists and how it names its sections."""

    name: str
    #: The kind of document the page lists: a heading's identifier without a kind
    #: word is read as one ("DHS/NPPD-021" on a PIA page's heading).
    kind: DocumentKind
    agency_names: Mapping[str, str] = field(default_factory=lambda: AGENCY_NAMES)

    @property
    def section_re(self) -> re.Pattern[str]:
        """Section headings, each group named after its Section."""
        return _section_re(self.kind)

    def section_name(self, section: Section) -> str:
        """How the page's own heading for a section reads, for messages."""
        word = "PIAs" if self.kind is DocumentKind.PIA else "SORNs"
        return {
            Section.SORN: "Associated SORN(s)",
            Section.PCR: "Associated PCR(s)",
            Section.PREVIOUS: f"Previous {word}",
            Section.RETIRED: f"Retired {word}",
        }[section]


@functools.cache
def _section_re(kind: DocumentKind) -> re.Pattern[str]:
    # Every page family's words are read: a PIA page's "Previous Versions" too.
    own = _ANY_WORD
    return re.compile(
        rf"^(?:(?P<SORN>{_SECTION_WORDS[Section.SORN]})"
        rf"|(?P<PCR>{_SECTION_WORDS[Section.PCR]})"
        rf"|(?P<PREVIOUS>(?:Previous|Earlier|Prior)\s+(?:{own}|Versions?))"
        rf"|(?P<RETIRED>(?:Retired|Archived)\s+(?:{own}|Documents?)))"
        r"\s*(?::\s*(?P<rest>.*)|:?)$",
        re.IGNORECASE,
    )


#: The component listing pages of 2008-2016 and their 2020s successors.
PIA_PAGE = PageProfile(name="pia", kind=DocumentKind.PIA)
#: A page listing System of Records Notices: "DHS/ICE-011" is a SORN series.
SORN_PAGE = PageProfile(name="sorn", kind=DocumentKind.SORN)
