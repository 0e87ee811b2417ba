"""SQLite FTS5: bm25 with column weights, snippet() with private markers."""

from __future__ import annotations

from typing import Any

from django.db import connection

from privdocs.search.engines import (
    MARK_END,
    MARK_START,
    Engine,
    Gate,
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
#: The FTS5 table under the alias the snippets of a page are made from.
_OUTER = f"outer_fts.{TABLE}"
#: How a gate names the id of the match it is checking.
MATCH_ID = f"{TABLE}.rowid"


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


def _snippet(table: str, column: int) -> str:
    return (
        f"snippet({table}, {column}, char({ord(MARK_START)}), char({ord(MARK_END)}), "
        f"'…', {SNIPPET_TOKENS})"
    )


def count(query: SearchQuery, gate: Gate) -> int:
    """How many matches pass the gate (no ranking, no snippets)."""
    gate_sql, gate_params = gate
    sql = f"SELECT count(*) FROM {TABLE} WHERE {TABLE} MATCH %s AND EXISTS ({gate_sql})"  # noqa: S608  (constants and compiled queryset)
    with connection.cursor() as cursor:
        cursor.execute(sql, [fts5_expression(query), *gate_params])
        (found,) = cursor.fetchone()
    return int(found)


def ranked_page(
    query: SearchQuery, gate: Gate, limit: int, offset: int
) -> list[RankedMatch]:
    """One page of matches that pass the gate, best bm25 first.

    The inner query ranks every match but keeps only the page; the outer one
    makes snippets, the costly part, for the rows of that page alone. The gate
    is checked per match by primary key, never by listing every public version.
    """
    gate_sql, gate_params = gate
    weights = ", ".join(str(weight) for weight in WEIGHTS)
    expression = fts5_expression(query)
    # bm25() is lower for better matches: negate it so that higher ranks first.
    sql = (
        f"SELECT page.id, page.score, {_snippet(_OUTER, SUMMARY_COLUMN)}, "  # noqa: S608  (constants and compiled queryset)
        f"{_snippet(_OUTER, BODY_COLUMN)} "
        f"FROM {TABLE} AS outer_fts JOIN ("
        f" SELECT rowid AS id, -bm25({TABLE}, {weights}) AS score"
        f" FROM {TABLE} WHERE {TABLE} MATCH %s AND EXISTS ({gate_sql})"
        " ORDER BY score DESC, rowid LIMIT %s OFFSET %s"
        f") AS page ON page.id = outer_fts.rowid WHERE {_OUTER} MATCH %s "
        "ORDER BY page.score DESC, page.id"
    )
    params = [expression, *gate_params, limit, offset, expression]
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


ENGINE = Engine(
    match_sql=match_sql,
    match_id=MATCH_ID,
    count=count,
    ranked_page=ranked_page,
    optimize=optimize,
)
