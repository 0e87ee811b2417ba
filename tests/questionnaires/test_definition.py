"""The template parser and the answer checks, as pure functions (no database)."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from privdocs.core.errors import ApplicationError
from privdocs.questionnaires.definition import (
    ANSWER_NOT_DATE,
    ANSWER_NOT_OPTION,
    ANSWER_NOT_YESNO,
    ANSWER_REQUIRED,
    ANSWER_UNKNOWN_QUESTION,
    AnswerKind,
    Fipp,
    Option,
    Question,
    TemplateError,
    answer_error,
    answer_is_given,
    answers_errors,
    answers_progress,
    definition_dump,
    definition_from_yaml,
    definition_parse,
    prefill_value,
    section_progress,
)


def minimal() -> dict[str, Any]:
    """A small valid template with one question of each kind."""
    return {
        "key": "acme-pia",
        "version": "1",
        "title": "ACME PIA",
        "kind": "PIA",
        "sections": [
            {
                "id": "1",
                "title": "One",
                "questions": [
                    {
                        "id": "1.1",
                        "text": "Name?",
                        "kind": "text",
                        "fipps": ["transparency"],
                        "required": True,
                    },
                    {
                        "id": "1.2",
                        "text": "PII?",
                        "kind": "yesno",
                        "fipps": ["data_minimization"],
                        "required": True,
                    },
                    {
                        "id": "1.3",
                        "text": "Status?",
                        "kind": "choice",
                        "fipps": ["transparency"],
                        "options": [
                            {"value": "new", "label": "New"},
                            {"value": "old", "label": "Old"},
                        ],
                    },
                ],
            },
            {
                "id": "2",
                "title": "Two",
                "guidance": "More.",
                "questions": [
                    {
                        "id": "2.1",
                        "text": "Whom?",
                        "kind": "multichoice",
                        "fipps": ["transparency", "security"],
                        "options": [
                            {"value": "public", "label": "Public"},
                            {"value": "staff", "label": "Staff"},
                        ],
                    },
                    {
                        "id": "2.2",
                        "text": "Elements?",
                        "kind": "list",
                        "fipps": ["data_minimization"],
                    },
                    {
                        "id": "2.3",
                        "text": "When?",
                        "kind": "date",
                        "fipps": ["accountability_auditing"],
                    },
                    {
                        "id": "2.4",
                        "text": "Risks?",
                        "kind": "table",
                        "fipps": ["security"],
                        "columns": ["risk", "mitigation"],
                        "required": True,
                        "prefill": "pta:2.3",
                    },
                ],
            },
        ],
    }


def test_a_valid_template_parses_into_sections_and_questions() -> None:
    """Every key is read: sections in order, questions with kind, FIPPs, options, columns, prefill."""
    definition = definition_parse(minimal(), source="acme.yaml")
    assert definition.reference == "acme-pia@1"
    assert [s.id for s in definition.sections] == ["1", "2"]
    assert [q.id for q in definition.questions()] == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
        "2.2",
        "2.3",
        "2.4",
    ]
    choice = definition.question("1.3")
    assert choice.kind is AnswerKind.CHOICE
    assert choice.options == (Option("new", "New"), Option("old", "Old"))
    assert choice.required is False
    table = definition.question("2.4")
    assert table.columns == ("risk", "mitigation")
    assert table.prefill_source == ("pta", "2.3")
    assert definition.question("2.1").fipps == (Fipp.TRANSPARENCY, Fipp.SECURITY)
    assert definition.section("2").guidance == "More."
    assert definition.section_of("2.2").id == "2"


def test_a_dumped_definition_parses_back_to_itself() -> None:
    """What is stored in the database (the dump) is the same template when read back."""
    definition = definition_parse(minimal(), source="acme.yaml")
    assert definition_parse(definition_dump(definition), source="db") == definition


def test_an_unknown_question_or_section_is_a_template_error_naming_it() -> None:
    """Asking for a question the template lacks is a clear error, not a KeyError."""
    definition = definition_parse(minimal(), source="acme.yaml")
    with pytest.raises(TemplateError, match=r"acme-pia@1 has no question '9\.9'"):
        definition.question("9.9")
    with pytest.raises(TemplateError, match="acme-pia@1 has no section 'nine'"):
        definition.section("nine")
    assert issubclass(TemplateError, ApplicationError)


def _set(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    if value is _DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


_DELETE = object()
Q = ("sections", 1, "questions")

REFUSALS = [
    (("key",), _DELETE, "acme.yaml: key: is required"),
    (("key",), "ACME PIA", "acme.yaml: key: 'ACME PIA' is not a key such as 'dhs-pia'"),
    (
        ("version",),
        2010.1,
        "acme.yaml: version: expected a string, found 2010.1 (a number) (quote it",
    ),
    (
        ("kind",),
        "MEMO",
        "acme.yaml: kind: 'MEMO' is not one of PTA, PIA, SORN, PCR, DPIA",
    ),
    (("sections",), [], "acme.yaml: sections: must not be empty"),
    (("colour",), "red", "acme.yaml: colour: unknown key"),
    (
        ("sections", 1, "id"),
        "1",
        "acme.yaml: sections[1].id: section '1' is defined twice",
    ),
    (
        ("sections", 0, "questions"),
        "none",
        "acme.yaml: sections[0].questions: expected a list, found 'none'",
    ),
    (
        (*Q, 0, "id"),
        "1.1",
        "acme.yaml: sections[1].questions[0].id: question '1.1' is already defined at sections[0].questions[0]",
    ),
    (
        (*Q, 0, "id"),
        2.1,
        "acme.yaml: sections[1].questions[0].id: expected a string, found 2.1 (a number)",
    ),
    (
        (*Q, 2, "kind"),
        "essay",
        "acme.yaml: sections[1].questions[2].kind: 'essay' is not one of text, yesno, choice, multichoice, list, date, table",
    ),
    (
        (*Q, 1, "fipps"),
        ["privacy"],
        "acme.yaml: sections[1].questions[1].fipps[0]: 'privacy' is not one of transparency, individual_participation",
    ),
    (
        (*Q, 1, "fipps"),
        [],
        "acme.yaml: sections[1].questions[1].fipps: must not be empty",
    ),
    (
        (*Q, 1, "fipps"),
        ["security", "security"],
        "acme.yaml: sections[1].questions[1].fipps[1]: 'security' is listed twice",
    ),
    ((*Q, 1, "text"), _DELETE, "acme.yaml: sections[1].questions[1].text: is required"),
    (
        (*Q, 1, "required"),
        "yes",
        "acme.yaml: sections[1].questions[1].required: expected true or false, found 'yes'",
    ),
    (
        (*Q, 1, "requried"),
        True,
        "acme.yaml: sections[1].questions[1].requried: unknown key",
    ),
    (
        (*Q, 0, "options"),
        _DELETE,
        "acme.yaml: sections[1].questions[0]: a multichoice question needs 'options'",
    ),
    (
        (*Q, 0, "options"),
        [{"value": "a", "label": "A"}, {"value": "a", "label": "B"}],
        "acme.yaml: sections[1].questions[0].options[1].value: 'a' is listed twice",
    ),
    (
        (*Q, 0, "options"),
        [{"value": False, "label": "No"}],
        "acme.yaml: sections[1].questions[0].options[0].value: expected a string, found false (a boolean)",
    ),
    (
        (*Q, 0, "options"),
        [{"value": "Has Spaces", "label": "X"}],
        "acme.yaml: sections[1].questions[0].options[0].value: 'Has Spaces' is not an option value",
    ),
    (
        (*Q, 1, "options"),
        [{"value": "a", "label": "A"}],
        "acme.yaml: sections[1].questions[1].options: a list question takes no options",
    ),
    (
        (*Q, 3, "columns"),
        _DELETE,
        "acme.yaml: sections[1].questions[3]: a table question needs 'columns'",
    ),
    (
        (*Q, 3, "columns"),
        ["risk", "risk"],
        "acme.yaml: sections[1].questions[3].columns[1]: 'risk' is listed twice",
    ),
    (
        (*Q, 2, "columns"),
        ["a"],
        "acme.yaml: sections[1].questions[2].columns: a date question takes no columns",
    ),
    (
        (*Q, 3, "prefill"),
        "pta2.3",
        "acme.yaml: sections[1].questions[3].prefill: 'pta2.3' is not a prefill such as 'pta:2.3'",
    ),
    (
        (*Q, 3, "prefill"),
        "memo:2.3",
        "acme.yaml: sections[1].questions[3].prefill: 'memo:2.3' is not a prefill",
    ),
]


@pytest.mark.parametrize(("path", "value", "message"), REFUSALS)
def test_a_malformed_template_is_refused_with_its_file_and_path(
    path: tuple[Any, ...], value: Any, message: str
) -> None:
    """Each check refuses with a message that starts with the file and the path of the bad value."""
    with pytest.raises(TemplateError) as caught:
        definition_parse(_set(minimal(), path, value), source="acme.yaml")
    assert str(caught.value).startswith(message)


def test_a_template_that_is_not_a_mapping_is_refused() -> None:
    """A YAML file holding a list, or broken YAML, is refused with the file (and line)."""
    with pytest.raises(TemplateError, match=r"^x\.yaml: expected a mapping"):
        definition_from_yaml("- a\n- b\n", source="x.yaml")
    with pytest.raises(TemplateError, match=r"^x.yaml: line 2: not valid YAML"):
        definition_from_yaml("key: a\n- b\n", source="x.yaml")


def test_yaml_numbers_as_ids_are_refused_with_a_hint_to_quote_them() -> None:
    """YAML reads ``id: 1.10`` as the number 1.1: the parser asks for quotes instead of guessing."""
    text = """
key: acme
version: "1"
title: T
kind: PTA
sections:
  - id: "1"
    title: S
    questions:
      - {id: 1.10, text: Q, kind: text, fipps: [transparency]}
"""
    with pytest.raises(TemplateError, match=r"quote it in YAML"):
        definition_from_yaml(text, source="acme.yaml")


# --- answers ---------------------------------------------------------------------

DEFINITION = definition_parse(minimal(), source="acme.yaml")


@pytest.mark.parametrize(
    ("question_id", "value"),
    [
        ("1.1", "A name"),
        ("1.2", True),
        ("1.2", False),
        ("1.3", "new"),
        ("2.1", ["public", "staff"]),
        ("2.2", ["name", "date of birth"]),
        ("2.3", "2024-02-29"),
        (
            "2.4",
            [
                {"risk": "Over-collection", "mitigation": "Fewer fields"},
                {"risk": "Loss"},
            ],
        ),
    ],
)
def test_a_well_formed_answer_has_no_error(question_id: str, value: Any) -> None:
    """Each kind accepts its JSON shape."""
    assert answer_error(DEFINITION.question(question_id), value) is None


@pytest.mark.parametrize(
    ("question_id", "value", "message"),
    [
        ("1.1", 12, "Expected text."),
        ("1.2", "yes", ANSWER_NOT_YESNO),
        ("1.3", "newest", ANSWER_NOT_OPTION.format(value="newest", choices="new, old")),
        ("2.1", "public", "Expected a list."),
        (
            "2.1",
            ["public", "aliens"],
            "'aliens' is not one of the choices (public, staff).",
        ),
        ("2.1", ["public", "public"], "'public' is chosen twice."),
        ("2.2", ["name", 3], "Item 2 is not text."),
        ("2.3", "2023-02-29", ANSWER_NOT_DATE.format(value="2023-02-29")),
        ("2.3", "20230228", ANSWER_NOT_DATE.format(value="20230228")),
        ("2.4", ["risk"], "Row 1 is not a row of risk, mitigation."),
        (
            "2.4",
            [{"risk": "a", "owner": "b"}],
            "Row 1 has a column 'owner' the table does not have (risk, mitigation).",
        ),
        ("2.4", [{"risk": 5}], "Row 1, risk: expected text."),
    ],
)
def test_a_malformed_answer_is_described(
    question_id: str, value: Any, message: str
) -> None:
    """The message says what is wrong in words an author understands."""
    assert answer_error(DEFINITION.question(question_id), value) == message


def test_what_counts_as_given() -> None:
    """Blank text, empty lists, blank rows and None are not answers; False for a yes/no is."""
    text, yesno, table = (DEFINITION.question(i) for i in ("1.1", "1.2", "2.4"))
    assert not answer_is_given(text, None)
    assert not answer_is_given(text, "   ")
    assert not answer_is_given(table, [])
    assert not answer_is_given(table, [{"risk": " ", "mitigation": ""}])
    assert answer_is_given(yesno, False)
    assert answer_is_given(text, "x")
    assert answer_is_given(table, [{"risk": "", "mitigation": "m"}])


def test_progress_counts_answered_and_required_questions() -> None:
    """Progress: answered of all, required answered of required, and which required are missing."""
    answers = {"1.1": "Name", "1.2": False, "2.2": [], "2.3": "2024-01-01"}
    progress = answers_progress(DEFINITION, answers)
    assert (progress.answered, progress.total) == (3, 7)
    assert (progress.required_answered, progress.required) == (2, 3)
    assert progress.missing == ("2.4",)
    assert not progress.complete
    first = section_progress(DEFINITION.section("1"), answers)
    assert first.complete
    assert (first.answered, first.required) == (2, 2)
    answers["2.4"] = [{"risk": "r", "mitigation": "m"}]
    assert answers_progress(DEFINITION, answers).complete


def test_errors_list_bad_answers_and_with_require_complete_the_missing_ones() -> None:
    """While drafting only malformed answers are errors; for submission, required gaps too."""
    answers = {"1.1": "Name", "1.3": "maybe", "stale": "x"}
    drafting = answers_errors(DEFINITION, answers, require_complete=False)
    assert drafting == {
        "1.3": ANSWER_NOT_OPTION.format(value="maybe", choices="new, old"),
        "stale": ANSWER_UNKNOWN_QUESTION,
    }
    submitting = answers_errors(DEFINITION, answers, require_complete=True)
    assert submitting["1.2"] == ANSWER_REQUIRED
    assert submitting["2.4"] == ANSWER_REQUIRED
    assert "1.1" not in submitting
    assert "2.1" not in submitting  # optional and unanswered


def test_prefill_carries_an_answer_over_between_kinds() -> None:
    """A PTA answer becomes a first PIA answer: as is, as words, or as lines."""
    text = Question("t", "T", "", AnswerKind.TEXT, (Fipp.TRANSPARENCY,), False)
    listing = Question("l", "L", "", AnswerKind.LIST, (Fipp.TRANSPARENCY,), False)
    yesno = Question("y", "Y", "", AnswerKind.YESNO, (Fipp.TRANSPARENCY,), False)
    whom = DEFINITION.question("2.1")
    assert prefill_value(listing, listing, ["a", "b"]) == ["a", "b"]
    assert prefill_value(text, listing, ["name", "address"]) == "name\naddress"
    assert prefill_value(text, whom, ["public", "staff"]) == "Public\nStaff"
    assert prefill_value(text, yesno, False) == "No"
    assert prefill_value(listing, text, "name\n\naddress\n") == ["name", "address"]
    assert prefill_value(text, listing, []) is None
    assert prefill_value(yesno, text, "yes") is None


# --- properties ------------------------------------------------------------------

_TEXT = st.text(min_size=1, max_size=20).filter(lambda s: s.strip() != "")
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


@given(value=_JSON, question_id=st.sampled_from([q.id for q in DEFINITION.questions()]))
def test_answer_error_never_raises_and_returns_text_or_none(
    value: Any, question_id: str
) -> None:
    """Whatever JSON a client sends, the check answers with a message or None, never an exception."""
    result = answer_error(DEFINITION.question(question_id), value)
    assert result is None or (isinstance(result, str) and result)


@given(value=_JSON)
def test_an_answer_that_is_not_given_is_never_an_error(value: Any) -> None:
    """Unanswered is valid while drafting: required-ness is checked only on submission."""
    for question in DEFINITION.questions():
        if not answer_is_given(question, value):
            assert answer_error(question, value) is None


@given(items=st.lists(_TEXT, max_size=5))
def test_any_list_of_text_is_a_valid_list_answer(items: list[str]) -> None:
    """A list question accepts any strings, and is answered as soon as one item is not blank."""
    question = DEFINITION.question("2.2")
    assert answer_error(question, items) is None
    assert answer_is_given(question, items) == bool(items)


@given(
    data=st.fixed_dictionaries(
        {
            "key": st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z"),
            "version": st.from_regex(r"\A[0-9]{1,4}(\.[0-9]{1,3}){0,2}\Z"),
            "title": _TEXT,
            "kind": st.sampled_from(["PTA", "PIA", "SORN", "DPIA"]),
        }
    ),
    texts=st.lists(_TEXT, min_size=1, max_size=4),
)
def test_any_well_formed_template_round_trips(
    data: dict[str, str], texts: list[str]
) -> None:
    """Parse, dump, parse again: the same template, whatever the names and texts."""
    raw: dict[str, Any] = dict(data)
    raw["sections"] = [
        {
            "id": "s",
            "title": "S",
            "questions": [
                {"id": f"q{i}", "text": text, "kind": "text", "fipps": ["transparency"]}
                for i, text in enumerate(texts)
            ],
        }
    ]
    definition = definition_parse(raw, source="generated")
    assert definition_parse(definition_dump(definition), source="again") == definition
    assert len(list(definition.questions())) == len(texts)


# --- the template file models ------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        (
            ("description",),
            ["a", "b"],
            "acme.yaml: description: expected a string, found a list",
        ),
        (
            (*Q, 0, "options"),
            None,
            "acme.yaml: sections[1].questions[0].options: expected a list, found nothing",
        ),
        (
            ("key",),
            "{path} {0}",
            "acme.yaml: key: '{path} {0}' is not a key such as 'dhs-pia'",
        ),
        (
            ("sections", 0),
            "one",
            "acme.yaml: sections[0]: expected a mapping, found 'one'",
        ),
        (
            (*Q, 1, "fipps", 0),
            7,
            "acme.yaml: sections[1].questions[1].fipps[0]: expected a string, found 7 (a number) (quote it",
        ),
    ],
)
def test_template_models_refuse_with_the_path(
    path: tuple[Any, ...], value: Any, message: str
) -> None:
    """The models refuse a non-text description, null options, a value with braces
    (shown as given, never read as a format), a section that is no mapping."""
    with pytest.raises(TemplateError) as caught:
        definition_parse(_set(minimal(), path, value), source="acme.yaml")
    assert str(caught.value).startswith(message)


def test_tuples_read_as_lists_and_text_is_stripped() -> None:
    """A template built in Python with tuples reads like the YAML one; values are stripped."""
    data = minimal()
    data["sections"] = tuple(data["sections"])
    data["sections"][0]["questions"] = tuple(data["sections"][0]["questions"])
    data["title"] = "  ACME PIA \n"
    data["description"] = "For tests."
    assert definition_parse(data, source="tuples") == definition_parse(
        minimal(), source="lists"
    )


_PLACES = [
    (),
    ("key",),
    ("sections",),
    ("sections", 0),
    ("sections", 0, "questions"),
    (*Q, 0),
    (*Q, 0, "kind"),
    (*Q, 0, "options"),
    (*Q, 0, "options", 0),
    (*Q, 1, "fipps"),
    (*Q, 3, "columns"),
    (*Q, 3, "prefill"),
    (*Q, 3, "required"),
]


@given(place=st.sampled_from(_PLACES), value=_JSON)
def test_any_value_anywhere_is_read_or_refused(
    place: tuple[Any, ...], value: Any
) -> None:
    """Whatever YAML value stands anywhere, the parser returns a template or raises
    a TemplateError naming the file, never another exception."""
    data: Any = value if not place else _set(minimal(), place, value)
    try:
        definition_parse(data, source="any.yaml")
    except TemplateError as error:
        assert str(error).startswith("any.yaml")
