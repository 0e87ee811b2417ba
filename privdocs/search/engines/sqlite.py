"""SQLite FTS5: bm25 with column weights, snippet() with private markers."""

from __future__ import annotations

from typing import Any

from django.db import connection

from privdocs.search.engines import (
    MARK_END,
    MARK_START,
    Candidates,
    Engine,
    RankedMatch,
)
from privdocs.search.query import SearchQuery

TABLE = "search_entry_fts"
#: bm25 weights of the FTS5 columns, in their order: identifier, title, systems,
#: summary, body. Identifier and title weigh most, the body least.
WEIGHTS = (10.0, 10.0, 5.0, 3.0, 1.0)
SUMMARY_COLUMN = 3
BODY_COLUMN = 4
SNIPPET_TOKENS = 32


def fts5_expression(query: SearchQuery) -> str:
    """The FTS5 MATCH expression of a parsed query: every term quoted, ANDed.

    Words hold only letters and digits, so quoting them cannot be escaped from;
    FTS5 syntax typed by a user never reaches the engine.
    """
    parts: list[str] = []
    for term in query.terms:
        quoted = '"' + " ".join(term.words) + '"'
        parts.append(quoted + "*" if term.prefix else quoted)
    return " AND ".join(parts)


def match_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """The version ids matching a query."""
    return (
        f"SELECT rowid FROM {TABLE} WHERE {TABLE} MATCH %s",  # noqa: S608  (constant name)
        [fts5_expression(query)],
    )


def _snippet(column: int) -> str:
    return (
        f"snippet({TABLE}, {column}, char({ord(MARK_START)}), char({ord(MARK_END)}), "
        f"'…', {SNIPPET_TOKENS})"
    )


def ranked_page(
    query: SearchQuery, candidates: Candidates, limit: int, offset: int
) -> list[RankedMatch]:
    """One page of matches among the candidates, best bm25 first."""
    candidates_sql, candidates_params = candidates
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    # bm25() is lower for better matches: negate it so that higher ranks first.
    sql = (
        f"SELECT rowid, -bm25({TABLE}, {weights}) AS score, "  # noqa: S608  (constants and compiled queryset)
        f"{_snippet(SUMMARY_COLUMN)}, {_snippet(BODY_COLUMN)} "
        f"FROM {TABLE} WHERE {TABLE} MATCH %s AND rowid IN ({candidates_sql}) "
        "ORDER BY score DESC, rowid LIMIT %s OFFSET %s"
    )
    params = [fts5_expression(query), *candidates_params, limit, offset]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        RankedMatch(
            version_id=int(version_id),
            rank=float(score),
            summary_snippet=summary or "",
            body_snippet=body or "",
        )
        for version_id, score, summary, body in rows
    ]


def optimize() -> None:
    """Merge the index's segments into one after a bulk load."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize')")  # noqa: S608  (constant name)


ENGINE = Engine(match_sql=match_sql, ranked_page=ranked_page, optimize=optimize)
