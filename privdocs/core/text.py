"""Characters no stored text may hold: controls and bidirectional overrides, stripped.

Pages, feeds and forms all clean their input here. A C0 control (but tab and
newline), DEL, a C1 control or NUL is never part of a document's text; a
bidirectional override or isolate (U+202A-U+202E, U+2066-U+2069) can make a
title read differently from what is stored ("Trojan Source").
"""

from __future__ import annotations

import re

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
