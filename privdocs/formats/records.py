"""Plain records that importers parse into before anything touches the database.

A page, a catalog file or a generated corpus all become a ``CatalogRecord``; one
service (``documents.services.catalog.catalog_apply``) writes it. Unknown values stay
``None``: a record never guesses.
"""

from __future__ import annotations

import datetime
import enum
from dataclasses import dataclass, field

from privdocs.documents.identifiers import Identifier


class DatePrecision(enum.StrEnum):
    """How much of a date the source gave: "June 2014" is a month, never June 1st."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"


@dataclass(frozen=True)
class OrganizationRecord:
    """An organization named by its acronym, with its parent's acronym.

    ``name`` is None when the source names the organization only by its acronym:
    an import then keeps whatever name the registry has.
    """

    acronym: str
    name: str | None
    parent: str | None = None


@dataclass(frozen=True)
class SystemRecord:
    """A system a series covers; matched by acronym when it has one, else by name."""

    name: str
    acronym: str | None = None


@dataclass(frozen=True)
class AssociationRecord:
    """A link from a series to another document (an associated SORN or PCR).

    ``kind`` is the section it was listed in: ``SORN`` or ``PCR``.
    """

    kind: str
    identifier: Identifier | None
    title: str
    citation: str | None = None
    date: datetime.date | None = None
    #: A month-only date is stored as the 1st with MONTH: shown as "June 2014".
    date_precision: DatePrecision = DatePrecision.DAY


@dataclass(frozen=True)
class ContactRecord:
    """A person a cover names (Contact Point, Reviewing Official); None = not stated.

    A placeholder the source left ("<>", "[email protected]") is None, never a value.
    """

    name: str | None = None
    title: str | None = None
    office: str | None = None
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class CoverRecord:
    """What a document's cover says about who answers for it."""

    contact_points: tuple[ContactRecord, ...] = ()
    reviewing_official: ContactRecord | None = None


@dataclass(frozen=True)
class SectionRecord:
    """One section of a document's text as read from its file or notice.

    ``number`` is the template's ("1.0", "2.3") or the source's own, "" for an
    unnumbered one (Abstract, Overview); ``page`` the page it starts on.
    """

    heading: str
    text: str
    number: str = ""
    page: int | None = None


@dataclass(frozen=True)
class FileRecord:
    """A file of a version, already kept in the blob store by its sha256.

    ``role`` is an ``Attachment.Role`` value: published, original, appendix, draft.
    """

    name: str  # the blob store's name: "blobs/ab/<sha256>"
    filename: str  # what a reader downloads it as: "privacy-pia-ice-039.pdf"
    sha256: str
    size_bytes: int
    content_type: str
    pages: int | None = None
    role: str = "published"


@dataclass(frozen=True)
class NoticeRecord:
    """What a Federal Register notice says of a SORN version; None = not stated."""

    citation: str | None = None  # "85 FR 80806"
    fr_document_number: str | None = None  # "2020-27346"
    action: str | None = None  # "new", "modified", "rescinded"
    comment_deadline: datetime.date | None = None
    effective_date: datetime.date | None = None


@dataclass(frozen=True)
class VersionRecord:
    """One issue of a series: the original (update letter "") or a lettered update.

    ``status`` is ``published`` for the version in force, ``superseded`` for a
    previous version and ``retired`` for a version no longer in force.

    None means "the source does not say" (a text rendering drops what a page shows
    only as a link): an import leaves the registry's value as it is. Only a value
    the source states replaces one.
    """

    identifier: Identifier
    title: str
    date: datetime.date | None
    pages: int | None
    size_bytes: int | None
    summary: str | None
    status: str
    line: int | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    #: The Federal Register citation of a SORN version ("74 FR 3084"), as a SORN
    #: listing page states it; None elsewhere.
    citation: str | None = None
    #: The text of the document by section, from its file or notice; None = the
    #: source gives no text (a listing page), and the registry keeps what it has.
    sections: tuple[SectionRecord, ...] | None = None
    #: The template reference the sections matched ("dhs-pia@2010.1"), "" when
    #: they are kept as found; None = not stated.
    sections_template: str | None = None
    cover: CoverRecord | None = None
    #: A SORN's notice fields (its citation stays in ``citation``).
    notice: NoticeRecord | None = None
    #: Files of the version; an import adds these, never removes others.
    files: tuple[FileRecord, ...] = ()


@dataclass(frozen=True)
class SeriesRecord:
    """One numbered line of documents, with its versions oldest first."""

    identifier: Identifier
    organization: str
    systems: tuple[SystemRecord, ...]
    versions: tuple[VersionRecord, ...]
    associations: tuple[AssociationRecord, ...] = ()
    #: The association sections the source showed (SORN, PCR, PREVIOUS, RETIRED).
    #: A section shown with no entry of its kind is "shown empty" (a text rendering
    #: drops the links): it leaves the registry's associations of that kind alone.
    sections: tuple[str, ...] = ()
    line: int | None = None


@dataclass(frozen=True)
class Problem:
    """A line an importer could not understand; reported, never silently dropped."""

    line: int
    text: str
    reason: str


@dataclass(frozen=True)
class CatalogRecord:
    """Everything one input file says: organizations, series, and what was not understood."""

    organizations: tuple[OrganizationRecord, ...]
    series: tuple[SeriesRecord, ...]
    source: str
    last_published: datetime.date | None = None
    problems: tuple[Problem, ...] = field(default=())
