"""Questionnaire templates as data: the dataclasses, the parser and the answer checks.

Pure: no database. A template (a PTA, a PIA, a SORN, a DPIA) is sections of
questions; each question has an id (``2.1``), its text, guidance, the kind of
answer it takes and the Fair Information Practice Principles it serves.
``definition_parse`` validates a mapping (read from YAML or JSON) with the strict
pydantic models of a template file (``TemplateFile``) and turns it into a
``TemplateDefinition``, or refuses it with a ``TemplateError`` naming the file and
the path of the bad value (``sections[3].questions[2].kind``).

Answers are stored by question id, as JSON values:

=========== ==========================================================
kind        value
=========== ==========================================================
text        a string
yesno       ``true`` or ``false`` (``false`` is an answer)
choice      one option value
multichoice a list of option values
list        a list of strings
date        ``"YYYY-MM-DD"``
table       a list of rows, each a mapping of column name to string
=========== ==========================================================
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Annotated, Any

import yaml
from pydantic import (
    BeforeValidator,
    Field,
    PlainValidator,
    ValidationError,
    model_validator,
)
from pydantic_core import PydanticCustomError

from privdocs.core.errors import ApplicationError
from privdocs.core.strict import REFUSAL, StrictModel, first_refusal, refusal
from privdocs.documents.identifiers import DocumentKind


class TemplateError(ApplicationError):
    """A template definition is malformed, or names a section or question it lacks."""


class AnswerKind(StrEnum):
    """The kinds of answer a question takes."""

    TEXT = "text"
    YESNO = "yesno"
    CHOICE = "choice"
    MULTICHOICE = "multichoice"
    LIST = "list"
    DATE = "date"
    TABLE = "table"


class Fipp(StrEnum):
    """The Fair Information Practice Principles (DHS Privacy Policy Guidance 2008-01)."""

    TRANSPARENCY = "transparency"
    INDIVIDUAL_PARTICIPATION = "individual_participation"
    PURPOSE_SPECIFICATION = "purpose_specification"
    DATA_MINIMIZATION = "data_minimization"
    USE_LIMITATION = "use_limitation"
    DATA_QUALITY = "data_quality_integrity"
    SECURITY = "security"
    ACCOUNTABILITY = "accountability_auditing"


@dataclass(frozen=True)
class Option:
    """One choice of a choice or multichoice question: the stored value and its label."""

    value: str
    label: str


@dataclass(frozen=True)
class Question:
    """One question: what is asked, how it is answered, which principles it serves."""

    id: str
    text: str
    guidance: str
    kind: AnswerKind
    fipps: tuple[Fipp, ...]
    required: bool
    options: tuple[Option, ...] = ()
    columns: tuple[str, ...] = ()
    #: Where a new document takes its first answer from: ``pta:2.3`` is the answer
    #: to question 2.3 of the PTA the document was opened from.
    prefill: str = ""

    def option_label(self, value: str) -> str:
        """The label of an option value, or the value itself when it is not an option."""
        for option in self.options:
            if option.value == value:
                return option.label
        return value

    @property
    def prefill_source(self) -> tuple[str, str] | None:
        """``("pta", "2.3")`` for ``prefill: pta:2.3``; None without a prefill."""
        if not self.prefill:
            return None
        source, _, question_id = self.prefill.partition(":")
        return source, question_id


@dataclass(frozen=True)
class Section:
    """A numbered part of a template (``2.0 Characterization of the Information``)."""

    id: str
    title: str
    guidance: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class TemplateDefinition:
    """A whole template: its key and version, the document kind it writes, its sections."""

    key: str
    version: str
    title: str
    kind: str
    sections: tuple[Section, ...]
    _questions: Mapping[str, Question] = field(
        init=False, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index = {q.id: q for s in self.sections for q in s.questions}
        object.__setattr__(self, "_questions", index)

    @property
    def reference(self) -> str:
        """``dhs-pia@2010.1``: what a document stores to name the template it used."""
        return f"{self.key}@{self.version}"

    def questions(self) -> Iterator[Question]:
        """Every question, in the order of the template."""
        for section in self.sections:
            yield from section.questions

    def question(self, question_id: str) -> Question:
        """The question with this id; ``TemplateError`` when the template has none."""
        try:
            return self._questions[question_id]
        except KeyError:
            raise TemplateError(
                UNKNOWN_QUESTION.format(
                    question_id=question_id, reference=self.reference
                )
            ) from None

    def section(self, section_id: str) -> Section:
        """The section with this id; ``TemplateError`` when the template has none."""
        for section in self.sections:
            if section.id == section_id:
                return section
        raise TemplateError(
            UNKNOWN_SECTION.format(section_id=section_id, reference=self.reference)
        )

    def section_of(self, question_id: str) -> Section:
        """The section that holds a question."""
        for section in self.sections:
            if any(q.id == question_id for q in section.questions):
                return section
        raise TemplateError(
            UNKNOWN_QUESTION.format(question_id=question_id, reference=self.reference)
        )


UNKNOWN_QUESTION = "{reference} has no question {question_id!r}"
UNKNOWN_SECTION = "{reference} has no section {section_id!r}"

# --- parsing ---------------------------------------------------------------------
#
# A template file is declared as the strict models below; ``definition_parse``
# validates the raw mapping with them and builds the dataclasses above. Strings are
# read stripped; lists may be YAML sequences (lists) or tuples.

_KEY = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_VERSION = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")
_ID = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,30}[A-Za-z0-9])?$")
_OPTION_VALUE = re.compile(r"^[a-z0-9][a-z0-9_]*$")
_COLUMN = re.compile(r"^[a-z][a-z0-9_]*$")
PREFILL_SOURCES = ("pta", "pia", "sorn", "dpia")
_PREFILL = re.compile(r"^(?P<source>[a-z]+):(?P<id>[A-Za-z0-9][A-Za-z0-9._-]*)$")
_CHOICE_KINDS = (AnswerKind.CHOICE, AnswerKind.MULTICHOICE)


def _one_of(values: Iterable[str]) -> str:
    return ", ".join(values)


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()} (a boolean)"
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, int | float):
        return f"{value!r} (a number)"
    return f"{value!r}"


def _fail(problem: str, *, at: str = "") -> PydanticCustomError:
    """A refusal worded as it is shown: the problem is text, not a format string."""
    return refusal("{problem}", at=at, problem=problem)


class _Text:
    """A string, read stripped; not empty unless ``empty``; matching ``pattern``."""

    def __init__(
        self,
        pattern: re.Pattern[str] | None = None,
        expected: str = "",
        *,
        empty: bool = False,
    ) -> None:
        self.pattern = pattern
        self.expected = expected
        self.empty = empty

    def __call__(self, value: Any) -> str:
        if not isinstance(value, str):
            hint = (
                " (quote it in YAML: '1.1')" if isinstance(value, int | float) else ""
            )
            raise _fail(f"expected a string, found {_describe(value)}{hint}")
        text = value.strip()
        if not text and not self.empty:
            raise _fail("must not be empty")
        if self.pattern is not None and not self.pattern.match(text):
            raise _fail(f"{text!r} is not {self.expected}")
        return text


class _Sequence:
    """A list (or tuple), not empty unless ``empty``: checked before its items."""

    def __init__(self, *, empty: bool = False) -> None:
        self.empty = empty

    def __call__(self, value: Any) -> list[Any]:
        if not isinstance(value, list | tuple):
            raise _fail(f"expected a list, found {_describe(value)}")
        if not value and not self.empty:
            raise _fail("must not be empty")
        return list(value)


def _boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(f"expected true or false, found {_describe(value)}")
    return value


class _Member:
    """A string that is the value of one member of an enumeration."""

    def __init__(self, values: Iterable[str]) -> None:
        self.values = tuple(values)

    def __call__(self, value: Any) -> str:
        text = _Text()(value)
        if text not in self.values:
            raise _fail(f"{text!r} is not one of {_one_of(self.values)}")
        return text


def _answer_kind(value: Any) -> AnswerKind:
    return AnswerKind(_Member(kind.value for kind in AnswerKind)(value))


def _fipp(value: Any) -> Fipp:
    return Fipp(_Member(fipp.value for fipp in Fipp)(value))


def _prefill(value: Any) -> str:
    prefill = _Text(empty=True)(value)
    if prefill:
        match = _PREFILL.match(prefill)
        if match is None or match["source"] not in PREFILL_SOURCES:
            raise _fail(
                f"{prefill!r} is not a prefill such as 'pta:2.3' "
                f"(sources: {_one_of(PREFILL_SOURCES)})"
            )
    return prefill


def _twice(values: Iterable[str], *, at: Callable[[int], str]) -> None:
    """Refuse the first value listed a second time, at its own path."""
    seen: set[str] = set()
    for position, value in enumerate(values):
        if value in seen:
            raise _fail(f"{value!r} is listed twice", at=at(position))
        seen.add(value)


Text = Annotated[str, PlainValidator(_Text())]
OptionalText = Annotated[str, PlainValidator(_Text(empty=True))]
ItemId = Annotated[str, PlainValidator(_Text(_ID, "a question id such as '2.1'"))]


class _Entry(StrictModel):
    """A mapping of a template file: refused when it is none, has a key it should
    not or lacks one it needs, before any value is read."""

    @model_validator(mode="before")
    @classmethod
    def _keys(cls, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise _fail(f"expected a mapping, found {_describe(value)}")
        allowed = sorted(cls.model_fields)
        unknown = sorted(str(key) for key in value if key not in cls.model_fields)
        if unknown:
            raise _fail(f"unknown key (allowed: {_one_of(allowed)})", at=unknown[0])
        for name, field_info in cls.model_fields.items():
            if field_info.is_required() and name not in value:
                raise _fail("is required", at=name)
        return dict(value)


class OptionEntry(_Entry):
    """One choice of a choice or multichoice question."""

    value: Annotated[
        str,
        PlainValidator(
            _Text(_OPTION_VALUE, "an option value (lower case letters, digits, _)")
        ),
    ]
    label: Text


class QuestionEntry(_Entry):
    """One question of a template file."""

    id: ItemId
    text: Text
    guidance: OptionalText = ""
    kind: Annotated[AnswerKind, PlainValidator(_answer_kind)]
    fipps: Annotated[
        list[Annotated[Fipp, PlainValidator(_fipp)]], BeforeValidator(_Sequence())
    ]
    required: Annotated[bool, PlainValidator(_boolean)] = False
    options: Annotated[list[OptionEntry], BeforeValidator(_Sequence())] = Field(
        default_factory=list
    )
    columns: Annotated[
        list[
            Annotated[
                str,
                PlainValidator(
                    _Text(_COLUMN, "a column name (lower case letters, digits, _)")
                ),
            ]
        ],
        BeforeValidator(_Sequence()),
    ] = Field(default_factory=list)
    prefill: Annotated[str, PlainValidator(_prefill)] = ""

    @model_validator(mode="after")
    def _kind_fits(self) -> QuestionEntry:
        _twice(
            (fipp.value for fipp in self.fipps),
            at=lambda position: f"fipps[{position}]",
        )
        given = self.model_fields_set
        if self.kind in _CHOICE_KINDS:
            if "options" not in given:
                raise _fail(f"a {self.kind} question needs 'options'")
            _twice(
                (option.value for option in self.options),
                at=lambda position: f"options[{position}].value",
            )
        elif "options" in given:
            raise _fail(f"a {self.kind} question takes no options", at="options")
        if self.kind is AnswerKind.TABLE:
            if "columns" not in given:
                raise _fail("a table question needs 'columns'")
            _twice(self.columns, at=lambda position: f"columns[{position}]")
        elif "columns" in given:
            raise _fail(f"a {self.kind} question takes no columns", at="columns")
        return self

    def question(self) -> Question:
        """The question as the dataclass the rest of privdocs uses."""
        return Question(
            id=self.id,
            text=self.text,
            guidance=self.guidance,
            kind=self.kind,
            fipps=tuple(self.fipps),
            required=self.required,
            options=tuple(Option(o.value, o.label) for o in self.options),
            columns=tuple(self.columns),
            prefill=self.prefill,
        )


class SectionEntry(_Entry):
    """A section of a template file, with its questions."""

    id: Annotated[str, PlainValidator(_Text(_ID, "a section id"))]
    title: Text
    guidance: OptionalText = ""
    questions: Annotated[list[QuestionEntry], BeforeValidator(_Sequence())]


class TemplateFile(_Entry):
    """A template file (YAML or JSON): key, version, title, kind and sections."""

    key: Annotated[str, PlainValidator(_Text(_KEY, "a key such as 'dhs-pia'"))]
    version: Annotated[
        str,
        PlainValidator(
            _Text(
                _VERSION,
                "a version such as '2010.1' (letters, digits, '.', '-', '_')",
            )
        ),
    ]
    title: Text
    kind: Annotated[str, PlainValidator(_Member(k.value for k in DocumentKind))]
    sections: Annotated[list[SectionEntry], BeforeValidator(_Sequence())]
    #: What the template is for, in a sentence; not stored.
    description: OptionalText = ""

    @model_validator(mode="after")
    def _ids_once(self) -> TemplateFile:
        sections: set[str] = set()
        questions: dict[str, str] = {}
        for s_index, section in enumerate(self.sections):
            path = f"sections[{s_index}]"
            if section.id in sections:
                raise _fail(f"section {section.id!r} is defined twice", at=f"{path}.id")
            sections.add(section.id)
            for q_index, question in enumerate(section.questions):
                q_path = f"{path}.questions[{q_index}]"
                if question.id in questions:
                    raise _fail(
                        f"question {question.id!r} is already defined at "
                        f"{questions[question.id]}",
                        at=f"{q_path}.id",
                    )
                questions[question.id] = q_path
        return self

    def definition(self) -> TemplateDefinition:
        """The template as the dataclass the rest of privdocs uses."""
        return TemplateDefinition(
            key=self.key,
            version=self.version,
            title=self.title,
            kind=self.kind,
            sections=tuple(
                Section(
                    id=section.id,
                    title=section.title,
                    guidance=section.guidance,
                    questions=tuple(q.question() for q in section.questions),
                )
                for section in self.sections
            ),
        )


def definition_parse(data: Mapping[str, Any], *, source: str) -> TemplateDefinition:
    """A template from its raw mapping (YAML or JSON), or ``TemplateError`` with the path.

    ``source`` (a file name) starts every message:
    ``dhs-pia.yaml: sections[3].questions[2].kind: 'essay' is not one of text, ...``.
    """
    try:
        template = TemplateFile.model_validate(data)
    except ValidationError as error:
        found = first_refusal(error)
        where = f"{source}: {found.path}" if found.path else source
        if found.kind == REFUSAL:
            message = found.text()
        else:
            message = error.errors(include_url=False)[0]["msg"]
        raise TemplateError(message, where=where) from None
    return template.definition()


def definition_yaml_load(text: str, *, source: str) -> Mapping[str, Any]:
    """The raw mapping of a YAML (or JSON) template; a syntax error names file and line."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{source}: line {mark.line + 1}" if mark is not None else source
        problem = getattr(error, "problem", None) or str(error)
        raise TemplateError(f"not valid YAML: {problem}", where=where) from None
    if not isinstance(data, Mapping):
        raise TemplateError(
            f"expected a mapping with key, version, title, kind and sections, "
            f"found {_describe(data)}",
            where=source,
        )
    return data


def definition_from_yaml(text: str, *, source: str) -> TemplateDefinition:
    """A template from YAML (or JSON) text, checked; errors name the file and the path."""
    return definition_parse(definition_yaml_load(text, source=source), source=source)


def definition_dump(definition: TemplateDefinition) -> dict[str, Any]:
    """The plain mapping of a template: what is stored, and what parses back to it."""

    def question_dump(question: Question) -> dict[str, Any]:
        item: dict[str, Any] = {
            "id": question.id,
            "text": question.text,
            "guidance": question.guidance,
            "kind": question.kind.value,
            "fipps": [fipp.value for fipp in question.fipps],
            "required": question.required,
        }
        if question.options:
            item["options"] = [
                {"value": o.value, "label": o.label} for o in question.options
            ]
        if question.columns:
            item["columns"] = list(question.columns)
        if question.prefill:
            item["prefill"] = question.prefill
        return item

    return {
        "key": definition.key,
        "version": definition.version,
        "title": definition.title,
        "kind": definition.kind,
        "sections": [
            {
                "id": section.id,
                "title": section.title,
                "guidance": section.guidance,
                "questions": [question_dump(q) for q in section.questions],
            }
            for section in definition.sections
        ],
    }


# --- answers ---------------------------------------------------------------------

ANSWER_REQUIRED = "An answer is required."
ANSWER_NOT_TEXT = "Expected text."
ANSWER_NOT_YESNO = "Expected yes or no."
ANSWER_NOT_OPTION = "{value!r} is not one of the choices ({choices})."
ANSWER_NOT_LIST = "Expected a list."
ANSWER_ITEM_NOT_TEXT = "Item {number} is not text."
ANSWER_ITEM_REPEATED = "{value!r} is chosen twice."
ANSWER_NOT_DATE = "{value!r} is not a date of the form YYYY-MM-DD."
ANSWER_NOT_ROW = "Row {number} is not a row of {columns}."
ANSWER_UNKNOWN_COLUMN = (
    "Row {number} has a column {column!r} the table does not have ({columns})."
)
ANSWER_CELL_NOT_TEXT = "Row {number}, {column}: expected text."
ANSWER_UNKNOWN_QUESTION = "The template has no such question."

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _given_item(item: Any) -> bool:
    if isinstance(item, str):
        return bool(item.strip())
    if isinstance(item, Mapping):
        return any(_given_item(cell) for cell in item.values())
    return item is not None


def answer_is_given(question: Question, value: Any) -> bool:
    """True when a question is answered: ``""``, ``[]``, blank rows and None are not; False is."""
    if value is None:
        return False
    if isinstance(value, bool):
        return True
    if isinstance(value, str):
        return bool(value.strip())
    if isinstance(value, list | tuple):
        return any(_given_item(item) for item in value)
    if isinstance(value, Mapping):
        return bool(value)
    return True


def answer_error(question: Question, value: Any) -> str | None:
    """What is wrong with an answer, or None; an unanswered question is not an error here."""
    if not answer_is_given(question, value):
        return None
    kind = question.kind
    if kind is AnswerKind.TEXT:
        return None if isinstance(value, str) else ANSWER_NOT_TEXT
    if kind is AnswerKind.YESNO:
        return None if isinstance(value, bool) else ANSWER_NOT_YESNO
    choices = ", ".join(o.value for o in question.options)
    if kind is AnswerKind.CHOICE:
        if isinstance(value, str) and any(o.value == value for o in question.options):
            return None
        return ANSWER_NOT_OPTION.format(value=value, choices=choices)
    if kind is AnswerKind.DATE:
        if isinstance(value, str) and _DATE.match(value):
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                pass
            else:
                return None
        return ANSWER_NOT_DATE.format(value=value)
    if not isinstance(value, list | tuple):
        return ANSWER_NOT_LIST
    if kind is AnswerKind.MULTICHOICE:
        seen: set[str] = set()
        for item in value:
            if not isinstance(item, str) or not any(
                o.value == item for o in question.options
            ):
                return ANSWER_NOT_OPTION.format(value=item, choices=choices)
            if item in seen:
                return ANSWER_ITEM_REPEATED.format(value=item)
            seen.add(item)
        return None
    if kind is AnswerKind.LIST:
        for number, item in enumerate(value, start=1):
            if not isinstance(item, str):
                return ANSWER_ITEM_NOT_TEXT.format(number=number)
        return None
    columns = ", ".join(question.columns)
    for number, row in enumerate(value, start=1):
        if not isinstance(row, Mapping):
            return ANSWER_NOT_ROW.format(number=number, columns=columns)
        for column, cell in row.items():
            if column not in question.columns:
                return ANSWER_UNKNOWN_COLUMN.format(
                    number=number, column=column, columns=columns
                )
            if not isinstance(cell, str):
                return ANSWER_CELL_NOT_TEXT.format(number=number, column=column)
    return None


@dataclass(frozen=True)
class AnswerProgress:
    """How far a document (or a section) is answered."""

    answered: int
    required: int
    required_answered: int
    #: Ids of required questions still unanswered, in template order.
    missing: tuple[str, ...]
    #: Questions in all, answered or not.
    total: int

    @property
    def complete(self) -> bool:
        """Every required question has an answer."""
        return not self.missing


def _progress(
    questions: Iterable[Question], answers: Mapping[str, Any]
) -> AnswerProgress:
    answered = total = required = required_answered = 0
    missing: list[str] = []
    for question in questions:
        total += 1
        given = answer_is_given(question, answers.get(question.id))
        answered += given
        if question.required:
            required += 1
            if given:
                required_answered += 1
            else:
                missing.append(question.id)
    return AnswerProgress(
        answered=answered,
        total=total,
        required=required,
        required_answered=required_answered,
        missing=tuple(missing),
    )


def answers_progress(
    definition: TemplateDefinition, answers: Mapping[str, Any]
) -> AnswerProgress:
    """Questions answered and required questions answered, over the whole template."""
    return _progress(definition.questions(), answers)


def section_progress(section: Section, answers: Mapping[str, Any]) -> AnswerProgress:
    """Questions answered and required questions answered, in one section."""
    return _progress(section.questions, answers)


def answers_errors(
    definition: TemplateDefinition,
    answers: Mapping[str, Any],
    *,
    require_complete: bool,
) -> dict[str, str]:
    """Question id -> what is wrong with its answer; with ``require_complete``, also
    every required question left unanswered (what submission for review checks).

    Answers to ids the template does not have are reported too: they would be lost.
    """
    errors: dict[str, str] = {}
    for question in definition.questions():
        value = answers.get(question.id)
        message = answer_error(question, value)
        if (
            message is None
            and require_complete
            and question.required
            and not answer_is_given(question, value)
        ):
            message = ANSWER_REQUIRED
        if message is not None:
            errors[question.id] = message
    for question_id in answers:
        if question_id not in definition._questions:
            errors[question_id] = ANSWER_UNKNOWN_QUESTION
    return errors


def _answer_as_text(question: Question, value: Any) -> str:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str):
        return question.option_label(value) if question.options else value
    if isinstance(value, list | tuple):
        lines: list[str] = []
        for item in value:
            if isinstance(item, Mapping):
                lines.append(" | ".join(str(cell) for cell in item.values() if cell))
            else:
                lines.append(question.option_label(str(item)))
        return "\n".join(line for line in lines if line.strip())
    return str(value)


def prefill_value(target: Question, source: Question, value: Any) -> Any:
    """An answer to ``source`` (a PTA question) as a first answer to ``target``.

    Same kind: the value itself. Otherwise, for a text target, the answer in words
    (labels of choices, one list item per line); for a list target, the lines of a
    text or the labels of chosen options. None when the answer cannot be carried over
    or was not given.
    """
    if not answer_is_given(source, value) or answer_error(source, value) is not None:
        return None
    if (target.kind, target.options, target.columns) == (
        source.kind,
        source.options,
        source.columns,
    ):
        return value
    if target.kind is AnswerKind.TEXT:
        return _answer_as_text(source, value)
    if target.kind is AnswerKind.LIST:
        text = _answer_as_text(source, value)
        return [line.strip() for line in text.splitlines() if line.strip()]
    return None
