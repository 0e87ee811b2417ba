"""PostgreSQL full-text search: ts_rank_cd with weights, ts_headline with markers."""

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

#: The text search configuration the index was built with (migration 0002).
CONFIG = "english"
#: ts_rank_cd weights of D (body), C (summary), B (systems), A (identifier, title).
WEIGHTS = "{0.05, 0.2, 0.4, 1.0}"
#: Divide the rank by 1 + log(length): a long body does not win by repetition alone.
NORMALIZATION = 1
#: Headlines read at most this much of a body: ts_headline parses all it is given.
HEADLINE_BODY_CHARS = 100_000
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


def _headline(column: str) -> str:
    # ts_headline drops what looks like an HTML tag: hide < and > from it (as two
    # control characters, put back before escaping) so "<script>" shows, escaped.
    return (
        f"translate(ts_headline('{CONFIG}', translate({column}, '<>', E'\\x04\\x05'), "
        f"query.q, %s::text), E'\\x04\\x05', '<>')"
    )


def ranked_page(
    query: SearchQuery, candidates: Candidates, limit: int, offset: int
) -> list[RankedMatch]:
    """One page of matches among the candidates, best ts_rank_cd first.

    Headlines, the costly part, are made only for the rows of the page.
    """
    candidates_sql, candidates_params = candidates
    expression, query_params = tsquery_sql(query)
    sql = (
        "WITH query AS (SELECT " + expression + " AS q), "  # noqa: S608  (constants and compiled queryset)
        "page AS ("
        f" SELECT entry.version_id, ts_rank_cd(%s::float4[], entry.document, query.q, {NORMALIZATION}) AS score"
        " FROM search_entry AS entry, query"
        " WHERE entry.document @@ query.q"
        f" AND entry.version_id IN ({candidates_sql})"
        " ORDER BY score DESC, entry.version_id LIMIT %s OFFSET %s"
        ") "
        f"SELECT page.version_id, page.score, {_headline('entry.summary')}, "
        f"{_headline(f'left(entry.body, {HEADLINE_BODY_CHARS})')} "
        "FROM page JOIN search_entry AS entry USING (version_id), query "
        "ORDER BY page.score DESC, page.version_id"
    )
    params = [
        *query_params,
        WEIGHTS,
        *candidates_params,
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
        )
        for version_id, score, summary, body in rows
    ]


def optimize() -> None:
    """Nothing to merge: PostgreSQL keeps the GIN index current itself."""


ENGINE = Engine(match_sql=match_sql, ranked_page=ranked_page, optimize=optimize)
