"""What a search asks and what it answers, shared by pages, API and both engines."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass(frozen=True)
class SearchFilters:
    """Narrow a search; ``None`` means any."""

    organization: str | None = None  # acronym, e.g. "ICE"
    kind: str | None = None  # "PIA", "SORN", ...
    status: str | None = None  # a public status: "published", "superseded", "retired"
    year: int | None = None  # year of publication


@dataclass(frozen=True)
class SearchHit:
    """One public version that matched, with a highlighted snippet."""

    version_id: int
    identifier: str  # "DHS/ICE/PIA-039"
    title: str
    organization: str  # acronym
    kind: str
    status: str
    published_on: datetime.date | None
    #: HTML-safe text: everything escaped except the <mark>…</mark> around matches.
    snippet_html: str
    rank: float
    path: str  # the version's permanent URL path, "/dhs/ice/pia-039/"


@dataclass(frozen=True)
class SearchResults:
    """One page of hits, best first, and how many there are in all."""

    query: str
    filters: SearchFilters
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """How many pages of ``page_size`` the hits fill (at least one)."""
        return max(1, -(-self.total // self.page_size))
