"""Read what a person typed in a search box into terms both engines can run safely.

Pure Python: no Django, no database. Whatever the text (quotes, stars, brackets,
``AND``), the result is a list of plain words and phrases, so no engine ever sees
its own query syntax from a user.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

#: Longer input is cut: nobody types more, and each term costs the engine work.
MAX_QUERY_CHARS = 500
MAX_TERMS = 32
#: The last word is also matched as a prefix ("licen" finds "license") from this length.
MIN_PREFIX_CHARS = 3

# Letters and digits of any script; underscores and punctuation separate words, as
# they do for FTS5's unicode61 tokenizer.
_WORD_RE = re.compile(r"[^\W_]+")
# A quoted phrase (the closing quote may be missing) or a run of non-space text.
_CHUNK_RE = re.compile(r'"(?P<phrase>[^"]*)"?|(?P<chunk>[^\s"]+)')

# Words that carry no meaning alone. PostgreSQL's english configuration drops
# them from the index; dropping them from queries too makes both engines agree,
# and turns a typed AND, OR or NOT into the plain "all words" search it means.
_STOP_WORDS_TEXT = """a an and are as at be but by for from has have in into is it its
    not of on or that the their then there these this to was were which will with"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@dataclass(frozen=True)
class SearchTerm:
    """One thing every hit must contain: a word, or words in this order."""

    words: tuple[str, ...]
    #: Also match words that start with this one (only for a single word).
    prefix: bool = False

    @property
    def is_phrase(self) -> bool:
        """Whether the words must appear next to each other, in order."""
        return len(self.words) > 1


@dataclass(frozen=True)
class SearchQuery:
    """What a search box asked for: every term must match."""

    text: str
    terms: tuple[SearchTerm, ...]

    @property
    def is_empty(self) -> bool:
        """Whether nothing searchable was typed (no hit can match)."""
        return not self.terms


def _words(text: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _WORD_RE.findall(text))


def parse_search_query(text: str) -> SearchQuery:
    """Split typed text into terms: words, "quoted phrases", and identifier-like
    chunks ("PIA-015", "e-mail") read as phrases; the last word also as a prefix."""
    normalized = unicodedata.normalize("NFC", text)[:MAX_QUERY_CHARS]
    terms: list[SearchTerm] = []
    # The word still being typed: a plain word that ends the text.
    typing: str | None = None
    for match in _CHUNK_RE.finditer(normalized):
        quoted = match["phrase"] is not None
        words = _words(match["phrase"] if quoted else match[0])
        typing = None
        if not words or (len(words) == 1 and not quoted and words[0] in STOP_WORDS):
            continue
        if len(words) == 1 and not quoted and match.end() == len(normalized):
            typing = words[0]
        term = SearchTerm(words=words)
        if term not in terms:
            terms.append(term)
    terms = terms[:MAX_TERMS]
    if typing is not None and len(typing) >= MIN_PREFIX_CHARS:
        terms = [
            SearchTerm(words=term.words, prefix=term.words == (typing,))
            for term in terms
        ]
    return SearchQuery(text=text, terms=tuple(terms))
