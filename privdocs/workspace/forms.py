"""The shapes of what the workspace's pages accept: answer forms built from a
template's questions, and the small forms of the workflow steps."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField
from django.utils.datastructures import MultiValueDict
from django.utils.safestring import SafeString

from privdocs.assessments.models import Requirement
from privdocs.assessments.rules import FLAG_LABELS
from privdocs.core.text import answers_checked
from privdocs.documents.models import Kind, Status
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.definition import AnswerKind, Question

#: Empty rows a table question offers below its answered rows (more after a save).
TABLE_EMPTY_ROWS = 2
#: The most rows a table answer takes from one post (a guard, not a rule).
TABLE_MAX_ROWS = 200
#: A choice question shows its options as radio buttons up to this many, then a select.
RADIO_MAX_OPTIONS = 8

YES, NO = "yes", "no"


def field_name(question_id: str) -> str:
    """The form field of a question: ``q_2.1`` (ids may hold dots, and that is fine)."""
    return f"q_{question_id}"


def column_label(column: str) -> str:
    """``data_element`` -> ``Data element``: a table column as a heading."""
    return column.replace("_", " ").capitalize()


class TableWidget(forms.Widget):
    """Rows of text inputs, one per column; the page draws them, this reads them back.

    A post carries ``<name>-rows`` (how many rows were shown) and one
    ``<name>-<row>-<column>`` value per cell.
    """

    def __init__(self, columns: Sequence[str]) -> None:
        super().__init__()
        self.columns = tuple(columns)

    def value_from_datadict(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> list[dict[str, str]]:
        try:
            count = min(int(data.get(f"{name}-rows", 0)), TABLE_MAX_ROWS)
        except (TypeError, ValueError):
            count = 0
        rows = []
        for index in range(count):
            rows.append(
                {
                    column: str(data.get(f"{name}-{index}-{column}", "")).strip()
                    for column in self.columns
                }
            )
        return rows

    def value_omitted_from_data(
        self, data: Mapping[str, Any], files: MultiValueDict[str, Any], name: str
    ) -> bool:
        return f"{name}-rows" not in data


class TableField(forms.Field):
    """A table answer: the rows with some cell filled, each a mapping of column to text."""

    widget = TableWidget

    def __init__(self, *, columns: Sequence[str], **kwargs: Any) -> None:
        self.columns = tuple(columns)
        kwargs.setdefault("widget", TableWidget(self.columns))
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> list[dict[str, str]]:
        if not isinstance(value, list):
            return []
        return [
            {column: str(row.get(column, "")).strip() for column in self.columns}
            for row in value
            if isinstance(row, Mapping)
            and any(str(cell).strip() for cell in row.values())
        ]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


def _initial(question: Question, value: Any) -> Any:
    """A stored answer as its form field expects it (tolerant of imported oddities)."""
    if value is None:
        return None
    kind = question.kind
    if kind is AnswerKind.YESNO:
        return YES if value is True else NO if value is False else None
    if kind is AnswerKind.LIST:
        return (
            "\n".join(str(item) for item in value) if isinstance(value, list) else value
        )
    if kind is AnswerKind.MULTICHOICE:
        return list(value) if isinstance(value, list) else [value]
    if kind is AnswerKind.TABLE:
        return value if isinstance(value, list) else []
    return value


def _field(question: Question) -> forms.Field:
    """The form field that takes the answer of one question (never required here:
    drafts are saved half-done; submission checks what is required)."""
    label = question.text
    kind = question.kind
    if kind is AnswerKind.YESNO:
        return forms.ChoiceField(
            label=label,
            required=False,
            choices=[(YES, "Yes"), (NO, "No")],
            widget=forms.RadioSelect,
        )
    if kind is AnswerKind.CHOICE:
        choices = [(option.value, option.label) for option in question.options]
        if len(choices) <= RADIO_MAX_OPTIONS:
            return forms.ChoiceField(
                label=label, required=False, choices=choices, widget=forms.RadioSelect
            )
        return forms.ChoiceField(
            label=label, required=False, choices=[("", "— Choose —"), *choices]
        )
    if kind is AnswerKind.MULTICHOICE:
        return forms.MultipleChoiceField(
            label=label,
            required=False,
            choices=[(option.value, option.label) for option in question.options],
            widget=forms.CheckboxSelectMultiple,
        )
    if kind is AnswerKind.DATE:
        return forms.DateField(
            label=label,
            required=False,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            input_formats=["%Y-%m-%d"],
        )
    if kind is AnswerKind.TABLE:
        return TableField(label=label, required=False, columns=question.columns)
    rows = 4 if kind is AnswerKind.LIST else 5
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


@dataclass(frozen=True)
class QuestionField:
    """What a page needs to draw one question: the question, its bound field, and how."""

    question: Question
    field: BoundField

    @property
    def control(self) -> str:
        """How the answer is given: radio, checkboxes, select, date, table or textarea."""
        widget = self.field.field.widget
        if isinstance(widget, forms.RadioSelect):
            return "radio"
        if isinstance(widget, forms.CheckboxSelectMultiple):
            return "checkboxes"
        if isinstance(widget, forms.Select):
            return "select"
        if isinstance(widget, forms.DateInput):
            return "date"
        if isinstance(widget, TableWidget):
            return "table"
        return "textarea"

    @property
    def guidance_id(self) -> str:
        """The id of the guidance text the control names in aria-describedby."""
        return f"{self.field.auto_id}-guidance"

    @property
    def error_id(self) -> str:
        """The id of the field's error message."""
        return f"{self.field.auto_id}-error"

    @property
    def described_by(self) -> str:
        """aria-describedby of the control: its guidance and its error, when shown."""
        ids = []
        if self.question.guidance:
            ids.append(self.guidance_id)
        if self.field.errors:
            ids.append(self.error_id)
        return " ".join(ids)

    @property
    def control_html(self) -> SafeString:
        """The control of a one-input question (textarea, select, date), with its
        guidance and error named in aria-describedby."""
        attrs: dict[str, str | bool] = {}
        if self.described_by:
            attrs["aria-describedby"] = self.described_by
        if self.field.errors:
            attrs["aria-invalid"] = "true"
        return self.field.as_widget(attrs=attrs)

    @property
    def is_list(self) -> bool:
        """A list answer: one item a line."""
        return self.question.kind is AnswerKind.LIST

    @property
    def table_columns(self) -> list[tuple[str, str]]:
        """(column, heading) of a table question."""
        return [(column, column_label(column)) for column in self.question.columns]

    @property
    def table_rows(self) -> list[list[tuple[str, str, str]]]:
        """The rows to draw, answered ones then empty ones; each cell is
        (input name, value, accessible label)."""
        value = self.field.value()
        rows = [row for row in value if isinstance(row, Mapping)] if value else []
        rows = [row for row in rows if any(str(cell).strip() for cell in row.values())]
        rows += [{}] * TABLE_EMPTY_ROWS
        name = self.field.html_name
        return [
            [
                (
                    f"{name}-{index}-{column}",
                    str(row.get(column, "")),
                    f"{column_label(column)}, row {index + 1}",
                )
                for column in self.question.columns
            ]
            for index, row in enumerate(rows)
        ]

    @property
    def table_row_count(self) -> int:
        """How many rows the page draws (posted back as ``<name>-rows``)."""
        return len(self.table_rows)


class CheckedTextForm(forms.Form):
    """A form whose text, once cleaned, holds no control character nor
    bidirectional override: one is the field's error, naming the character (a NUL
    would be a server error on PostgreSQL). Line endings come back as ``\\n``."""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for name, value in list(cleaned.items()):
            try:
                cleaned[name] = answers_checked(value)
            except ValueError as refused:
                message = str(refused)
                self.add_error(name, message[:1].upper() + message[1:])
        return cleaned


class AnswersForm(CheckedTextForm):
    """The answers of some questions (a section, or a whole PTA), one field each."""

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        questions: Iterable[Question],
        answers: Mapping[str, Any] | None = None,
    ) -> None:
        self.questions = tuple(questions)
        answers = answers or {}
        initial = {
            field_name(question.id): _initial(question, answers.get(question.id))
            for question in self.questions
        }
        super().__init__(data, initial=initial)
        for question in self.questions:
            self.fields[field_name(question.id)] = _field(question)

    def question_fields(self) -> list[QuestionField]:
        """Each question with its bound field, in template order."""
        return [
            QuestionField(question=question, field=self[field_name(question.id)])
            for question in self.questions
        ]

    def answers(self) -> dict[str, Any]:
        """The cleaned answers by question id, as the services store them."""
        result: dict[str, Any] = {}
        for question in self.questions:
            value = self.cleaned_data.get(field_name(question.id))
            kind = question.kind
            if kind is AnswerKind.YESNO:
                value = True if value == YES else False if value == NO else None
            elif kind is AnswerKind.LIST:
                value = _lines(value or "")
            elif kind is AnswerKind.DATE:
                value = value.isoformat() if value else None
            elif kind is AnswerKind.TEXT:
                value = (value or "").strip()
            elif kind is AnswerKind.CHOICE:
                value = value or None
            result[question.id] = value
        return result


class DeterminationForm(CheckedTextForm):
    """The privacy officer's decision on a PTA: the proposal as it stands, or changed."""

    privacy_sensitive = forms.ChoiceField(
        label="Is the system privacy-sensitive?",
        choices=[(YES, "Yes"), (NO, "No")],
        widget=forms.RadioSelect,
    )
    pia = forms.ChoiceField(
        label="Privacy Impact Assessment", choices=Requirement.choices
    )
    pia_identifier = forms.CharField(
        label="Existing PIA (for an update or coverage)",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"aria-describedby": "id_pia_identifier-help"}),
        help_text="For example DHS/ICE/PIA-015.",
    )
    sorn = forms.ChoiceField(
        label="System of Records Notice", choices=Requirement.choices
    )
    sorn_identifier = forms.CharField(
        label="Existing SORN (for an update or coverage)",
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"aria-describedby": "id_sorn_identifier-help"}),
        help_text="For example DHS/ICE-011.",
    )
    flags = forms.MultipleChoiceField(
        label="Other obligations",
        required=False,
        choices=list(FLAG_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    comment = forms.CharField(
        label="Comment",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "aria-describedby": "id_comment-help"}),
        help_text="Required when you change the proposal: say why.",
    )


class StepForm(CheckedTextForm):
    """A workflow step with an optional comment (a return requires one)."""

    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RetireForm(CheckedTextForm):
    """Retiring a published version, with the reason the reading room shows."""

    reason = forms.CharField(
        label="Reason for retirement", widget=forms.Textarea(attrs={"rows": 3})
    )


class CoauthorForm(CheckedTextForm):
    """An invitation to co-write a draft or a PTA, by user name."""

    username = forms.CharField(label="User name of the co-author", max_length=150)


class CommentForm(CheckedTextForm):
    """A comment on a section, or a reply in a thread."""

    section_id = forms.CharField(max_length=32, widget=forms.HiddenInput)
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    body = forms.CharField(label="Comment", widget=forms.Textarea(attrs={"rows": 3}))


class DocumentNewForm(CheckedTextForm):
    """A document opened directly by a privacy officer, without a PTA."""

    organization = forms.ModelChoiceField(
        label="Organization", queryset=Organization.objects.none()
    )
    kind = forms.ChoiceField(
        label="Kind of document",
        choices=[
            (Kind.PIA.value, Kind.PIA.label),
            (Kind.SORN.value, Kind.SORN.label),
            (Kind.DPIA.value, Kind.DPIA.label),
        ],
    )
    title = forms.CharField(label="Title", max_length=500)
    system = forms.ModelChoiceField(
        label="System (optional)", queryset=System.objects.none(), required=False
    )

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        organizations: Sequence[Organization],
    ) -> None:
        super().__init__(data)
        ids = [organization.pk for organization in organizations]
        organization_field = cast(
            "forms.ModelChoiceField[Organization]", self.fields["organization"]
        )
        system_field = cast("forms.ModelChoiceField[System]", self.fields["system"])
        organization_field.queryset = Organization.objects.filter(pk__in=ids)
        system_field.queryset = System.objects.filter(
            organization_id__in=ids
        ).select_related("organization")


_SORTS = {
    "updated": "Last changed",
    "identifier": "Number",
    "title": "Title",
    "status": "Status",
}


class DocumentFilterForm(forms.Form):
    """Filters and order of the documents list."""

    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *Status.choices]
    )
    kind = forms.ChoiceField(
        label="Kind", required=False, choices=[("", "Any kind"), *Kind.choices]
    )
    sort = forms.ChoiceField(
        label="Order by", required=False, choices=list(_SORTS.items())
    )
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
