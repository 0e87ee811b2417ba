"""The redline of an update against the version it replaces: section by section,
question by question, words deleted and inserted marked in escaped HTML.

Pure: it reads two answer mappings and the template definitions they were
written in, and touches no database. Every piece of answer text is escaped
before the ``<ins>`` and ``<del>`` marks are put around it, so the HTML it
returns is safe to show as is.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from privdocs.questionnaires.definition import (
    AnswerKind,
    Question,
    TemplateDefinition,
    answer_is_given,
)

#: The section that gathers answers to questions the newer template no longer asks.
DROPPED_SECTION_ID = "dropped"
DROPPED_SECTION_TITLE = "Questions no longer asked"

# Words, runs of white space and single punctuation marks: a change of one word
# marks that word, not the whole sentence, and spacing is kept as written.
_TOKEN = re.compile(r"\s+|\w+|[^\w\s]")


@dataclass(frozen=True)
class QuestionRedline:
    """One question's answer before and after, and the marked-up difference."""

    id: str
    text: str
    before: str
    after: str
    html: SafeString

    @property
    def changed(self) -> bool:
        """The answer is not the same in both versions."""
        return self.before != self.after


@dataclass(frozen=True)
class SectionRedline:
    """One section's questions, in the order of the newer template."""

    id: str
    title: str
    questions: tuple[QuestionRedline, ...]

    @property
    def changed(self) -> bool:
        """Some answer of the section changed."""
        return any(question.changed for question in self.questions)

    @property
    def changed_count(self) -> int:
        """How many answers of the section changed."""
        return sum(question.changed for question in self.questions)


def answer_text(question: Question, value: Any) -> str:
    """An answer as plain text, the way a reader would see it on paper.

    Options show their labels, lists one item a line, tables one row a line with
    the cells separated by " | ". An unanswered question gives "".
    """
    if not answer_is_given(question, value):
        return ""
    kind = question.kind
    if kind is AnswerKind.YESNO and isinstance(value, bool):
        return "Yes" if value else "No"
    if kind is AnswerKind.CHOICE and isinstance(value, str):
        return question.option_label(value)
    if kind is AnswerKind.MULTICHOICE and isinstance(value, list | tuple):
        return "\n".join(question.option_label(str(item)) for item in value)
    if kind is AnswerKind.LIST and isinstance(value, list | tuple):
        return "\n".join(str(item) for item in value if str(item).strip())
    if kind is AnswerKind.TABLE and isinstance(value, list | tuple):
        lines = []
        for row in value:
            if not isinstance(row, Mapping):
                lines.append(str(row))
                continue
            cells = [str(row.get(column, "")).strip() for column in question.columns]
            if any(cells):
                lines.append(" | ".join(cells))
        return "\n".join(lines)
    return str(value).strip()


def words_redline(before: str, after: str) -> SafeString:
    """Escaped HTML of ``after`` with the words taken out of ``before`` in ``<del>``
    and the words put in wrapped in ``<ins>``."""
    old = _TOKEN.findall(before)
    new = _TOKEN.findall(after)
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    parts: list[str] = []
    for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
        removed = escape("".join(old[old_start:old_end]))
        added = escape("".join(new[new_start:new_end]))
        if operation == "equal":
            parts.append(added)
            continue
        if operation in ("delete", "replace"):
            parts.append(f"<del>{removed}</del>")
        if operation in ("insert", "replace"):
            parts.append(f"<ins>{added}</ins>")
    # Every piece of text above went through escape(); only our own tags are raw.
    return mark_safe("".join(parts))  # noqa: S308


def _question_redline(
    question: Question,
    before_value: Any,
    after_value: Any,
    *,
    before_question: Question,
) -> QuestionRedline:
    before = answer_text(before_question, before_value)
    after = answer_text(question, after_value)
    return QuestionRedline(
        id=question.id,
        text=question.text,
        before=before,
        after=after,
        html=words_redline(before, after),
    )


def redline_build(
    *,
    definition: TemplateDefinition,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    before_definition: TemplateDefinition | None = None,
) -> list[SectionRedline]:
    """The redline of ``after`` (the update, written in ``definition``) against
    ``before`` (the version it replaces, written in ``before_definition``, by
    default the same template).

    Sections and questions follow the newer template. Answers the older version
    gave to questions the newer template lacks come last, in a section of their
    own, marked as deleted, so nothing disappears from the comparison unseen.
    """
    older = before_definition or definition
    older_ids = {question.id for question in older.questions()}
    sections: list[SectionRedline] = []
    for section in definition.sections:
        questions = tuple(
            _question_redline(
                question,
                before.get(question.id),
                after.get(question.id),
                before_question=(
                    older.question(question.id)
                    if question.id in older_ids
                    else question
                ),
            )
            for question in section.questions
        )
        sections.append(
            SectionRedline(id=section.id, title=section.title, questions=questions)
        )
    newer_ids = {question.id for question in definition.questions()}
    dropped = _dropped(older.questions(), before, newer_ids)
    if dropped:
        sections.append(
            SectionRedline(
                id=DROPPED_SECTION_ID, title=DROPPED_SECTION_TITLE, questions=dropped
            )
        )
    return sections


def _dropped(
    questions: Iterable[Question], before: Mapping[str, Any], newer_ids: set[str]
) -> tuple[QuestionRedline, ...]:
    result: list[QuestionRedline] = []
    for question in questions:
        if question.id in newer_ids or not answer_is_given(
            question, before.get(question.id)
        ):
            continue
        result.append(
            _question_redline(
                question, before.get(question.id), None, before_question=question
            )
        )
    return tuple(result)
