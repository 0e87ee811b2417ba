"""The two search engines behind one small interface, chosen by the database vendor."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from privdocs.core.errors import ApplicationError
from privdocs.search.query import SearchQuery

#: Private markers an engine puts around matched words in snippets; the indexed
#: text never contains them (they are replaced when an entry is written), so after
#: escaping they can safely become <mark> and </mark>.
MARK_START = "\x02"
MARK_END = "\x03"

UNSUPPORTED_DATABASE = "full-text search needs SQLite or PostgreSQL, not {vendor}"

#: SQL of a correlated condition that a matched version passes (the public gate
#: and the filters, compiled from a queryset whose id equals the engine's
#: ``match_id``), and its parameters. Engines test it per match, inside EXISTS,
#: so its cost follows the matches, not the size of the catalog.
Gate = tuple[str, Sequence[Any]]


@dataclass(frozen=True)
class RankedMatch:
    """One matching version of a result page: its rank (higher is better) and the
    marked snippets of its summary and body."""

    version_id: int
    rank: float
    summary_snippet: str
    body_snippet: str
    #: How many matches pass the gate in all, when the engine counted them while
    #: ranking (``Engine.counts_while_ranking``); else None.
    total: int | None = None


@dataclass(frozen=True)
class Engine:
    """What each engine module provides."""

    #: SQL selecting the version ids that match a query, with its parameters.
    match_sql: Callable[[SearchQuery], tuple[str, list[Any]]]
    #: The SQL naming a matched version's id inside the engine's queries: a gate
    #: compares the version's primary key with it.
    match_id: str
    #: How many matches pass the gate.
    count: Callable[[SearchQuery, Gate], int]
    #: One page of matches that pass the gate, best first; snippets only for them.
    ranked_page: Callable[[SearchQuery, Gate, int, int], list[RankedMatch]]
    #: Called after a full rebuild (FTS5 merges its segments).
    optimize: Callable[[], None]
    #: Whether each match of a page carries the total (one pass instead of two).
    counts_while_ranking: bool = False


def engine_get() -> Engine:
    """The engine of the default database."""
    if connection.vendor == "sqlite":
        from privdocs.search.engines import sqlite

        return sqlite.ENGINE
    if connection.vendor == "postgresql":
        from privdocs.search.engines import postgresql

        return postgresql.ENGINE
    raise ApplicationError(UNSUPPORTED_DATABASE.format(vendor=connection.vendor))
