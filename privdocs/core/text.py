"""Characters no stored text may hold: controls and bidirectional overrides, stripped.

Pages, feeds and forms all clean their input here. Forms and API schemas refuse a
text that holds such a character (``text_checked``: 422 in the API, the field's
error on a page), so the person who typed it is told; feeds strip what is stored
(``text_clean``), so older data never breaks them. A C0 control (but tab and
newline), DEL, a C1 control or NUL is never part of a document's text; a
bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069) can make a
title read differently from what is stored ("Trojan Source").
"""

from __future__ import annotations

import re
from typing import Any

#: What ``text_clean`` removes.
TEXT_STRIPPED_RE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def text_clean(value: str) -> str:
    """``value`` without control characters and bidirectional overrides or isolates."""
    return TEXT_STRIPPED_RE.sub("", value)


def text_stripped(value: str) -> list[str]:
    """The characters ``text_clean`` would remove from ``value``, as "U+202E" names."""
    return [
        f"U+{ord(found.group(0)):04X}" for found in TEXT_STRIPPED_RE.finditer(value)
    ]


#: Why a text is refused, after the field's name: the characters it holds.
TEXT_REFUSED = (
    "holds {characters}: control characters and bidirectional overrides are not "
    "allowed in text; remove them"
)


def text_checked(value: str) -> str:
    """``value`` with its line endings as ``\\n`` (a browser sends a textarea's as
    ``\\r\\n``); ValueError with ``TEXT_REFUSED`` if it holds a character
    ``text_clean`` strips. A NUL, above all: PostgreSQL cannot store one."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    found = text_stripped(value)
    if found:
        raise ValueError(TEXT_REFUSED.format(characters=", ".join(sorted(set(found)))))
    return value


def answers_checked(value: Any) -> Any:
    """Answers (text, lists, table rows) with every text in them ``text_checked``."""
    if isinstance(value, str):
        return text_checked(value)
    if isinstance(value, list):
        return [answers_checked(item) for item in value]
    if isinstance(value, dict):
        return {text_checked(str(k)): answers_checked(v) for k, v in value.items()}
    return value
