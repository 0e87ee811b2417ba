"""Template filters of the workspace pages."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


def section_label(section: Any) -> str:
    """``2.0 Characterization of the Information``, but ``Abstract`` for a section
    whose id is a word (``abstract``) rather than a number."""
    section_id = str(getattr(section, "id", ""))
    title = str(getattr(section, "title", ""))
    if section_id[:1].isdigit():
        return f"{section_id} {title}"
    return title


register.filter("section_label", section_label)
