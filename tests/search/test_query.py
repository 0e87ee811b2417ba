"""Reading a search box: words, phrases, prefixes; nothing a user types is syntax."""

from __future__ import annotations

import sqlite3

from hypothesis import given
from hypothesis import strategies as st

from privdocs.search.engines.sqlite import fts5_expression
from privdocs.search.query import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    SearchTerm,
    parse_search_query,
)


def test_words_are_terms_and_the_last_is_a_prefix() -> None:
    """Each word must match; the word still being typed also matches as a prefix."""
    assert parse_search_query("License plate reader").terms == (
        SearchTerm(("license",)),
        SearchTerm(("plate",)),
        SearchTerm(("reader",), prefix=True),
    )


def test_trailing_space_ends_the_prefix() -> None:
    """After a space the last word is complete: no prefix."""
    assert parse_search_query("plate reader ").terms[-1] == SearchTerm(("reader",))


def test_quoted_text_is_a_phrase_even_unclosed() -> None:
    """Quotes make a phrase; a missing closing quote ends the phrase at the end."""
    assert parse_search_query('"license plate" "commercial serv').terms == (
        SearchTerm(("license", "plate")),
        SearchTerm(("commercial", "serv")),
    )


def test_identifier_is_a_phrase_of_its_parts() -> None:
    """An identifier typed whole finds its parts in order, not scattered words."""
    assert parse_search_query("DHS/ICE/PIA-015(g)").terms == (
        SearchTerm(("dhs", "ice", "pia", "015", "g")),
    )


def test_operators_and_stop_words_are_dropped() -> None:
    """AND, OR, NOT and other stop words are not required words."""
    assert parse_search_query("harbor AND the cameras OR NOT").terms == (
        SearchTerm(("harbor",)),
        SearchTerm(("cameras",)),
    )


def test_short_last_word_is_no_prefix() -> None:
    """A one- or two-letter last word is not a prefix (it would match too much)."""
    assert parse_search_query("section 28").terms[-1] == SearchTerm(("28",))


def test_repeated_word_counts_once() -> None:
    """A repeated word is one term, and keeps its prefix when it ends the text."""
    assert parse_search_query("reader plate reader").terms == (
        SearchTerm(("reader",), prefix=True),
        SearchTerm(("plate",)),
    )


def test_punctuation_only_is_empty() -> None:
    """Text without letters or digits asks for nothing."""
    for text in ['"', "*", "(", "", "   ", '""', "&|!<->", "AND OR"]:
        assert parse_search_query(text).is_empty, text


def test_long_input_is_bounded() -> None:
    """Very long input is cut to a bounded number of characters and terms."""
    query = parse_search_query(" ".join(f"word{n}" for n in range(5000)))
    assert len(query.terms) == MAX_TERMS
    assert parse_search_query("x" * 10_000).terms[0].words[0] == "x" * MAX_QUERY_CHARS


def test_fts5_expression_quotes_every_term() -> None:
    """Every term is quoted, phrases whole, the prefix starred, all ANDed."""
    query = parse_search_query('"plate reader" NEAR( licen')
    assert fts5_expression(query) == '"plate reader" AND "near" AND "licen"*'


@given(st.text(max_size=200))
def test_any_text_is_a_valid_fts5_query(text: str) -> None:
    """Whatever is typed, FTS5 accepts the expression made from it."""
    query = parse_search_query(text)
    connection = sqlite3.connect(":memory:")
    connection.execute(
        "CREATE VIRTUAL TABLE t USING fts5(a, "
        "tokenize='porter unicode61 remove_diacritics 2')"
    )
    connection.execute("INSERT INTO t (a) VALUES ('some text')")
    if not query.is_empty:
        connection.execute(
            "SELECT * FROM t WHERE t MATCH ?", (fts5_expression(query),)
        ).fetchall()
    for term in query.terms:
        assert all(word.isalnum() for word in term.words)
