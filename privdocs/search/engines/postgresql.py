"""PostgreSQL full-text search: ts_rank_cd with weights, ts_headline with markers."""

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

#: The text search configuration the index was built with (migration 0002).
CONFIG = "english"
#: ts_rank_cd weights of D (body), C (summary), B (systems), A (identifier, title).
WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
#: Divide the rank by 1 + log(length): a long body does not win by repetition alone.
NORMALIZATION = 1
#: Headlines read at most this much of a body: ts_headline parses all it is given.
HEADLINE_BODY_CHARS = 100_000
#: The alias of the index rows a gate checks, and how it names their version.
MATCH_ALIAS = "matched"
MATCH_ID = f"{MATCH_ALIAS}.version_id"
HEADLINE_OPTIONS = (
    f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=30, MinWords=12, "
    'MaxFragments=2, FragmentDelimiter=" … "'
)


def tsquery_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """A tsquery expression of a parsed query: terms ANDed, phrases kept in order.

    User words go in as parameters of plainto_tsquery and phraseto_tsquery, which
    never raise; a prefix goes to to_tsquery as ``word:*``, safe because the word
    holds only letters and digits.
    """
    parts: list[str] = []
    params: list[Any] = []
    for term in query.terms:
        text = " ".join(term.words)
        if term.prefix:
            parts.append(f"to_tsquery('{CONFIG}', %s)")
            params.append(text + ":*")
        elif term.is_phrase:
            parts.append(f"phraseto_tsquery('{CONFIG}', %s)")
            params.append(text)
        else:
            parts.append(f"plainto_tsquery('{CONFIG}', %s)")
            params.append(text)
    return " && ".join(parts), params


def match_sql(query: SearchQuery) -> tuple[str, list[Any]]:
    """The version ids matching a query."""
    expression, params = tsquery_sql(query)
    sql = f"SELECT version_id FROM search_entry WHERE document @@ ({expression})"  # noqa: S608  (built from constants)
    return sql, params


# Whether the summary (weight C) or the body (weight D) holds the match, read from
# the stored tsvector: only the snippet shown is made (ts_headline parses its text,
# the costly part), the summary's when it matches, else the body's.
_IN_SUMMARY = "(ts_filter(entry.document, '{c}') @@ query.q)"
_IN_BODY = "(ts_filter(entry.document, '{d}') @@ query.q)"


def _headline(column: str) -> str:
    # ts_headline drops what looks like an HTML tag: hide < and > from it (as two
    # control characters, put back before escaping) so "<script>" shows, escaped.
    return (
        f"translate(ts_headline('{CONFIG}', translate({column}, '<>', E'\\x04\\x05'), "
        f"query.q, %s::text), E'\\x04\\x05', '<>')"
    )


def count(query: SearchQuery, gate: Gate) -> int:
    """How many matches pass the gate (no ranking, no headlines)."""
    gate_sql, gate_params = gate
    expression, query_params = tsquery_sql(query)
    sql = (
        f"SELECT count(*) FROM search_entry AS {MATCH_ALIAS} "  # noqa: S608  (constants and compiled queryset)
        f"WHERE {MATCH_ALIAS}.document @@ ({expression}) AND EXISTS ({gate_sql})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*query_params, *gate_params])
        (found,) = cursor.fetchone()
    return int(found)


def ranked_page(
    query: SearchQuery, gate: Gate, limit: int, offset: int
) -> list[RankedMatch]:
    """One page of matches that pass the gate, best ts_rank_cd first, each with
    the number of matches in all.

    Headlines, the costly part, are made only for the rows of the page, and
    for each row only for the text whose snippet is shown.
    """
    gate_sql, gate_params = gate
    expression, query_params = tsquery_sql(query)
    sql = (
        "WITH query AS (SELECT " + expression + " AS q), "  # noqa: S608  (constants and compiled queryset)
        "page AS ("
        f" SELECT {MATCH_ALIAS}.version_id,"
        f" ts_rank_cd(%s::float4[], {MATCH_ALIAS}.document, query.q, {NORMALIZATION}) AS score,"
        # Every match is ranked anyway: counting them there spares a second pass.
        " count(*) OVER () AS total"
        f" FROM search_entry AS {MATCH_ALIAS}, query"
        f" WHERE {MATCH_ALIAS}.document @@ query.q AND EXISTS ({gate_sql})"
        f" ORDER BY score DESC, {MATCH_ALIAS}.version_id LIMIT %s OFFSET %s"
        ") "
        "SELECT page.version_id, page.score, page.total,"
        f" CASE WHEN {_IN_SUMMARY} OR NOT {_IN_BODY}"
        f" THEN {_headline('entry.summary')} ELSE '' END,"
        f" CASE WHEN NOT {_IN_SUMMARY} AND ({_IN_BODY} OR entry.summary = '')"
        f" THEN {_headline(f'left(entry.body, {HEADLINE_BODY_CHARS})')} ELSE '' END "
        "FROM page JOIN search_entry AS entry USING (version_id), query "
        "ORDER BY page.score DESC, page.version_id"
    )
    params = [
        *query_params,
        WEIGHTS,
        *gate_params,
        limit,
        offset,
        HEADLINE_OPTIONS,
        HEADLINE_OPTIONS,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        RankedMatch(
            version_id=int(version_id),
            rank=float(score),
            summary_snippet=summary or "",
            body_snippet=body or "",
            total=int(total),
        )
        for version_id, score, total, summary, body in rows
    ]


def optimize() -> None:
    """Nothing to merge: PostgreSQL keeps the GIN index current itself."""


ENGINE = Engine(
    match_sql=match_sql,
    match_id=MATCH_ID,
    count=count,
    ranked_page=ranked_page,
    optimize=optimize,
    counts_while_ranking=True,
)
