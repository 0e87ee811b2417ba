"""Templates in the admin: add one from YAML, copy one as a new version, never edit in place."""

from __future__ import annotations

import re
from typing import Any

import yaml
from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from privdocs.audit.admin import AuditedAdminMixin
from privdocs.core.errors import ApplicationError
from privdocs.questionnaires.definition import (
    TemplateDefinition,
    definition_parse,
    definition_yaml_load,
)
from privdocs.questionnaires.models import Template
from privdocs.questionnaires.selectors import template_definition, template_is_used
from privdocs.questionnaires.services import TEMPLATE_EXISTS, template_create

DEFINITION_HELP = (
    "The whole template in YAML (or JSON): key, version, title, kind and sections, "
    "each with its questions. See docs/templates.md for the format."
)
COPY_ONE = "Select exactly one template to copy."


def next_version(version: str) -> str:
    """A suggested version for a copy: the last number counted up (2010.1 -> 2010.2)."""
    match = re.search(r"(\d+)$", version)
    if match is None:
        return f"{version}.1"
    return f"{version[: match.start()]}{int(match[1]) + 1}"


def definition_yaml(data: Any) -> str:
    """A stored definition as YAML an administrator reads and edits."""
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=88)


class TemplateAddForm(forms.ModelForm[Template]):
    """A new template version, given as YAML and checked by the template parser."""

    definition_text = forms.CharField(
        label="Definition",
        widget=forms.Textarea(attrs={"rows": 30, "cols": 100, "spellcheck": "false"}),
        help_text=DEFINITION_HELP,
    )

    class Meta:
        model = Template
        fields = ["is_active"]

    def clean_definition_text(self) -> str:
        text: str = self.cleaned_data["definition_text"]
        try:
            raw = definition_yaml_load(text, source="definition")
            parsed = definition_parse(raw, source="definition")
        except ApplicationError as error:
            raise forms.ValidationError(str(error), code="invalid") from error
        if Template.objects.filter(key=parsed.key, version=parsed.version).exists():
            raise forms.ValidationError(
                TEMPLATE_EXISTS.format(reference=parsed.reference), code="exists"
            )
        self.raw_definition = raw
        self.parsed_definition: TemplateDefinition = parsed
        return text


@admin.register(Template)
class TemplateAdmin(AuditedAdminMixin, admin.ModelAdmin[Template]):
    list_display = [
        "key",
        "version",
        "title",
        "kind",
        "is_active",
        "builtin",
        "created_at",
    ]
    list_filter = ["kind", "is_active", "builtin"]
    search_fields = ["key", "title", "version"]
    actions = ["copy_as_new_version"]
    add_form = TemplateAddForm
    change_readonly = [
        "key",
        "version",
        "title",
        "kind",
        "builtin",
        "created_at",
        "questions_summary",
        "used_by",
        "definition_display",
    ]

    def get_fields(
        self, request: HttpRequest, obj: Template | None = None
    ) -> tuple[str, ...]:
        if obj is None:
            return ("definition_text", "is_active")
        return (*self.change_readonly[:6], "is_active", *self.change_readonly[6:])

    def get_readonly_fields(
        self, request: HttpRequest, obj: Template | None = None
    ) -> list[str]:
        # A stored version is never edited: documents name it by key and version.
        return [] if obj is None else list(self.change_readonly)

    def get_form(
        self,
        request: HttpRequest,
        obj: Template | None = None,
        change: bool = False,
        **kwargs: Any,
    ) -> type[forms.ModelForm[Template]]:
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, change, **kwargs)

    def get_changeform_initial_data(self, request: HttpRequest) -> dict[str, Any]:
        initial: dict[str, Any] = dict(super().get_changeform_initial_data(request))
        copy_from = request.GET.get("copy_from", "")
        if copy_from.isdigit():
            source = Template.objects.filter(pk=int(copy_from)).first()
            if source is not None:
                data = dict(source.definition)
                data["version"] = next_version(source.version)
                initial["definition_text"] = definition_yaml(data)
        return initial

    def save_model(
        self,
        request: HttpRequest,
        obj: Template,
        form: forms.ModelForm[Template],
        change: bool,
    ) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new version goes through the one service that adds templates (and audits).
        if not isinstance(form, TemplateAddForm):
            raise TypeError("a new template comes from TemplateAddForm")
        created = template_create(
            definition=form.raw_definition,
            actor=request.user,
            source="the admin",
            is_active=bool(form.cleaned_data.get("is_active", True)),
        )
        for field in Template._meta.concrete_fields:
            setattr(obj, field.attname, getattr(created, field.attname))

    def has_delete_permission(
        self, request: HttpRequest, obj: Template | None = None
    ) -> bool:
        if obj is not None and (obj.builtin or template_is_used(obj)):
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description="Questions")
    def questions_summary(self, obj: Template) -> str:
        definition = template_definition(obj)
        questions = list(definition.questions())
        required = sum(question.required for question in questions)
        return (
            f"{len(definition.sections)} sections, {len(questions)} questions, "
            f"{required} required"
        )

    @admin.display(description="Used by")
    def used_by(self, obj: Template) -> str:
        from privdocs.documents.models import DocumentVersion

        count = DocumentVersion.objects.filter(template_version=obj.reference).count()
        return f"{count} document version(s)"

    @admin.display(description="Definition")
    def definition_display(self, obj: Template) -> str:
        # In <pre>: YAML's indentation is its structure.
        return format_html(
            '<pre class="template-definition">{}</pre>', definition_yaml(obj.definition)
        )

    @admin.action(description="Copy as a new version")
    def copy_as_new_version(
        self, request: HttpRequest, queryset: QuerySet[Template]
    ) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, COPY_ONE, level=messages.WARNING)
            return None
        template = queryset.get()
        url = reverse("admin:questionnaires_template_add")
        return HttpResponseRedirect(f"{url}?copy_from={template.pk}")
