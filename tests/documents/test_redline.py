"""The redline of an update against the version it replaces (pure, no database)."""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from privdocs.documents.redline import (
    DROPPED_SECTION_ID,
    answer_text,
    redline_build,
    words_redline,
)
from privdocs.questionnaires.definition import TemplateDefinition, definition_parse


def template(version: str = "1", *, extra_question: bool = True) -> TemplateDefinition:
    questions: list[dict[str, Any]] = [
        {"id": "1.1", "text": "Purpose?", "kind": "text", "fipps": ["transparency"]},
        {"id": "1.2", "text": "Collects SSN?", "kind": "yesno", "fipps": ["security"]},
        {
            "id": "1.3",
            "text": "About whom?",
            "kind": "multichoice",
            "fipps": ["transparency"],
            "options": [
                {"value": "public", "label": "Members of the public"},
                {"value": "employees", "label": "Employees"},
            ],
        },
    ]
    if extra_question:
        questions.append(
            {"id": "1.4", "text": "Old question", "kind": "list", "fipps": ["security"]}
        )
    return definition_parse(
        {
            "key": "test-pia",
            "version": version,
            "title": "Test PIA",
            "kind": "PIA",
            "sections": [
                {"id": "1.0", "title": "Authorities", "questions": questions},
                {
                    "id": "2.0",
                    "title": "Risks",
                    "questions": [
                        {
                            "id": "2.1",
                            "text": "Risks and mitigations",
                            "kind": "table",
                            "columns": ["risk", "mitigation"],
                            "fipps": ["security"],
                        }
                    ],
                },
            ],
        },
        source="test",
    )


def test_a_changed_word_is_marked_alone() -> None:
    """Changing one word deletes that word and inserts the new one; the rest stays plain."""
    html = words_redline(
        "Records are kept five years.", "Records are kept seven years."
    )
    assert html == "Records are kept <del>five</del><ins>seven</ins> years."


def test_answer_text_is_escaped() -> None:
    """Markup typed into an answer comes out as text, never as HTML."""
    html = words_redline("", "<script>alert(1)</script> & more")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert html.startswith("<ins>")
    assert "&amp; more" in html


@given(st.text(max_size=60), st.text(max_size=60))
def test_removing_the_marks_gives_both_texts(before: str, after: str) -> None:
    """Dropping the <del> parts gives the new text, dropping the <ins> parts the old."""
    html = str(words_redline(before, after))

    def strip(marked: str, tag: str, keep: str) -> str:
        without = re.sub(rf"<{tag}>.*?</{tag}>", "", marked, flags=re.DOTALL)
        return unescape(without.replace(f"<{keep}>", "").replace(f"</{keep}>", ""))

    assert strip(html, "del", "ins") == after
    assert strip(html, "ins", "del") == before


def test_answers_are_shown_as_a_reader_sees_them() -> None:
    """Yes/no as Yes/No, options by their labels, table rows one a line."""
    definition = template()
    assert answer_text(definition.question("1.2"), False) == "No"
    assert (
        answer_text(definition.question("1.3"), ["public", "employees"])
        == "Members of the public\nEmployees"
    )
    assert (
        answer_text(
            definition.question("2.1"),
            [{"risk": "Over-collection", "mitigation": "Forms ask less"}, {"risk": ""}],
        )
        == "Over-collection | Forms ask less"
    )
    assert answer_text(definition.question("1.1"), "") == ""


def test_sections_and_questions_follow_the_template() -> None:
    """The redline has the template's sections in order, each question with its change."""
    definition = template()
    before = {"1.1": "To inspect harbors.", "1.2": True}
    after = {"1.1": "To inspect harbors and ships.", "1.2": True}
    sections = redline_build(definition=definition, before=before, after=after)
    assert [section.id for section in sections] == ["1.0", "2.0"]
    first = sections[0]
    assert first.changed
    assert first.changed_count == 1
    purpose = first.questions[0]
    assert purpose.changed
    assert purpose.html == "To inspect harbors<ins> and ships</ins>."
    ssn = first.questions[1]
    assert not ssn.changed
    assert ssn.html == "Yes"
    assert not sections[1].changed


def test_answers_to_dropped_questions_are_listed_as_deleted() -> None:
    """An answer to a question the newer template lacks shows, deleted, in its own section."""
    older = template("1", extra_question=True)
    newer = template("2", extra_question=False)
    sections = redline_build(
        definition=newer,
        before_definition=older,
        before={"1.4": ["Paper files"]},
        after={},
    )
    dropped = sections[-1]
    assert dropped.id == DROPPED_SECTION_ID
    assert [question.id for question in dropped.questions] == ["1.4"]
    assert dropped.questions[0].html == "<del>Paper files</del>"


def test_no_dropped_section_when_nothing_was_lost() -> None:
    """Unanswered questions of the older template leave no trace."""
    sections = redline_build(
        definition=template("2", extra_question=False),
        before_definition=template("1"),
        before={"1.1": "Same"},
        after={"1.1": "Same"},
    )
    assert DROPPED_SECTION_ID not in [section.id for section in sections]
    assert not any(section.changed for section in sections)
