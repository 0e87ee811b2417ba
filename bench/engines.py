"""The search engine floor: the benchmark's queries sent straight to SQLite FTS5 or
PostgreSQL, without Django, to show what privdocs adds on top.

The index tables are found in the database itself (an FTS5 virtual table; a
``tsvector`` column), so the floor follows whatever schema the search app builds.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from typing import Any

from bench.measure import Call

#: Results per page, as the reading room and API show them.
PAGE_SIZE = 20

_TOKEN_RE = re.compile(r"\w+")


def fts5_expression(query: str) -> str:
    """The FTS5 query a search box's text means: a quoted phrase stays a phrase, an
    identifier (``DHS/ICE/PIA-001``) is the phrase of its parts, words are ANDed."""
    text = query.strip()
    tokens = _TOKEN_RE.findall(text.lower())
    if not tokens:
        return '""'
    if (text.startswith('"') and text.endswith('"')) or re.search(r"[/\-]", text):
        return '"' + " ".join(tokens) + '"'
    return " ".join(f'"{token}"' for token in tokens)


def sqlite_fts_table(connection: sqlite3.Connection) -> str:
    """The name of the search app's FTS5 table."""
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND lower(sql) LIKE '%using fts5%' ORDER BY name"
    ).fetchall()
    names = [name for (name,) in rows]
    if not names:
        raise LookupError("no FTS5 table in this database: was the index built?")
    preferred = [name for name in names if "search" in name.lower()]
    return str((preferred or names)[0])


def sqlite_fts_call(path: str) -> Call:
    """A call running one query's top page on the SQLite file at ``path``."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    table = sqlite_fts_table(connection)
    statement = (
        f'SELECT rowid FROM "{table}" WHERE "{table}" MATCH ? '  # noqa: S608  (name read from sqlite_master)
        f"ORDER BY rank LIMIT {PAGE_SIZE}"
    )

    def call(query: str) -> None:
        connection.execute(statement, (fts5_expression(query),)).fetchall()

    return call


def postgres_search_column(cursor: Any) -> tuple[str, str]:
    """The table and ``tsvector`` column the search app keeps its index in."""
    cursor.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE data_type = 'tsvector' AND table_schema = current_schema() "
        "ORDER BY table_name, column_name"
    )
    rows = cursor.fetchall()
    if not rows:
        raise LookupError("no tsvector column in this database: was the index built?")
    preferred = [row for row in rows if "search" in row[0].lower()]
    table, column = (preferred or rows)[0]
    return str(table), str(column)


def postgres_text_config(cursor: Any, table: str, column: str) -> str:
    """``english`` if the index drops stop words, else ``simple``."""
    cursor.execute(
        f'SELECT count(*) FROM (SELECT "{column}" FROM "{table}" LIMIT 50) AS sample '  # noqa: S608  (names from information_schema)
        f"WHERE \"{column}\" @@ to_tsquery('simple', 'the')"
    )
    (with_the,) = cursor.fetchone()
    return "simple" if with_the else "english"


def postgres_fts_call(url: str) -> Call:
    """A call running one query's top page on the PostgreSQL database at ``url``."""
    import psycopg

    connection = psycopg.connect(url, autocommit=True)
    cursor = connection.cursor()
    table, column = postgres_search_column(cursor)
    config = postgres_text_config(cursor, table, column)
    statement = (
        f'SELECT 1 FROM "{table}", websearch_to_tsquery(%s, %s) AS query '  # noqa: S608  (names from information_schema)
        f'WHERE "{column}" @@ query ORDER BY ts_rank("{column}", query) DESC '
        f"LIMIT {PAGE_SIZE}"
    )

    def call(query: str) -> None:
        cursor.execute(statement, (config, query))
        cursor.fetchall()

    return call


def fts_call_for(database: str, location: str) -> Call:
    """The engine floor's call for a database kind (``sqlite`` path or ``postgres`` URL)."""
    makers: dict[str, Callable[[str], Call]] = {
        "sqlite": sqlite_fts_call,
        "postgres": postgres_fts_call,
    }
    return makers[database](location)
