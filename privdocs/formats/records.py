"""Plain records that importers parse into before anything touches the database.

A page, a catalog file or a generated corpus all become a ``CatalogRecord``; one
service (``documents.services.catalog.catalog_apply``) writes it. Unknown values stay
``None``: a record never guesses.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from privdocs.documents.identifiers import Identifier


@dataclass(frozen=True)
class OrganizationRecord:
    """An organization named by its acronym, with its parent's acronym."""

    acronym: str
    name: str
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


@dataclass(frozen=True)
class VersionRecord:
    """One issue of a series: the original (update letter "") or a lettered update.

    ``status`` is ``published`` for the version in force, ``superseded`` for a
    previous version and ``retired`` for a version no longer in force.
    """

    identifier: Identifier
    title: str
    date: datetime.date | None
    pages: int | None
    size_bytes: int | None
    summary: str
    status: str
    line: int | None = None


@dataclass(frozen=True)
class SeriesRecord:
    """One numbered line of documents, with its versions oldest first."""

    identifier: Identifier
    organization: str
    systems: tuple[SystemRecord, ...]
    versions: tuple[VersionRecord, ...]
    associations: tuple[AssociationRecord, ...] = ()
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
