"""The section editor: one section's questions, saved as you go, and the merge
screen when someone else saved the same section meanwhile."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    version_takes_part,
)
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.documents.models import DocumentVersion, Status
from privdocs.documents.redline import answer_text, words_redline
from privdocs.documents.services.workflow import (
    EditConflictError,
    draft_section_save,
    section_edit,
)
from privdocs.questionnaires.definition import (
    Question,
    Section,
    TemplateDefinition,
    TemplateError,
    section_progress,
)
from privdocs.questionnaires.selectors import template_definition_get
from privdocs.workspace.forms import AnswersForm, field_name
from privdocs.workspace.templatetags.workspace import section_label
from privdocs.workspace.views.common import actor_of, version_get, workspace_view


@dataclass(frozen=True)
class SectionLink:
    """A section in the editor's navigation, with its progress."""

    section: Section
    url: str
    answered: int
    total: int
    complete: bool
    current: bool


@dataclass(frozen=True)
class Difference:
    """A question whose saved answer (theirs) differs from the one you posted."""

    question: Question
    theirs: str
    yours: str
    field_id: str


def edit_time(text: str) -> str:
    """When a section was saved, in local time for people (``25 Nov 2026, 09:36``);
    the stored text as it is when it is not a timestamp."""
    try:
        moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        return text
    if timezone.is_naive(moment):
        return text
    return dateformat.format(timezone.localtime(moment), "j M Y, H:i")


def _navigation(
    version: DocumentVersion, definition: TemplateDefinition, current: str
) -> list[SectionLink]:
    links = []
    for section in definition.sections:
        progress = section_progress(section, version.body)
        links.append(
            SectionLink(
                section=section,
                url=reverse(
                    "workspace:section",
                    kwargs={"pk": version.pk, "section_id": section.id},
                ),
                answered=progress.answered,
                total=progress.total,
                complete=progress.complete,
                current=section.id == current,
            )
        )
    return links


def _differences(
    section: Section, conflict: EditConflictError, form: AnswersForm
) -> list[Difference]:
    result = []
    for question in section.questions:
        theirs = answer_text(question, conflict.theirs.get(question.id))
        yours = answer_text(question, conflict.yours.get(question.id))
        if theirs != yours:
            result.append(
                Difference(
                    question=question,
                    theirs=theirs,
                    yours=yours,
                    field_id=form[field_name(question.id)].auto_id,
                )
            )
    return result


def _page(
    request: HttpRequest,
    version: DocumentVersion,
    definition: TemplateDefinition,
    section: Section,
    form: AnswersForm,
    *,
    base_revision: int,
    conflict: EditConflictError | None = None,
    status: int = 200,
) -> HttpResponse:
    index = [s.id for s in definition.sections].index(section.id)
    following = (
        definition.sections[index + 1] if index + 1 < len(definition.sections) else None
    )
    context: dict[str, Any] = {
        "nav": "documents",
        "version": version,
        "definition": definition,
        "section": section,
        "form": form,
        "fields": form.question_fields(),
        "base_revision": base_revision,
        "navigation": _navigation(version, definition, section.id),
        "following": following,
        "edit": section_edit(version, section.id),
        "conflict": conflict,
        "edit_time": edit_time(section_edit(version, section.id).at),
        "conflict_time": edit_time(conflict.edit.at) if conflict else "",
        # A reviewer may edit any draft; saving makes them one of its authors.
        "joins_by_saving": not version_takes_part(request.user, version),
    }
    if conflict is not None:
        context["differences"] = [
            (difference, words_redline(difference.theirs, difference.yours))
            for difference in _differences(section, conflict, form)
        ]
    return render(request, "workspace/editor.html", context, status=status)


@workspace_view
def section_editor(request: HttpRequest, pk: int, section_id: str) -> HttpResponse:
    """One section of a draft: Save (stay here) or Save and next."""
    version = version_get(request, pk, Action.VERSION_EDIT)
    if version.status != Status.DRAFT:
        messages.info(
            request,
            f"{version} is {Status(version.status).label.lower()}: "
            "only a draft can be edited.",
        )
        return redirect("workspace:document", pk=version.pk)
    definition = template_definition_get(reference=version.template_version)
    try:
        section = definition.section(section_id)
    except TemplateError as error:
        raise Http404(str(error)) from None
    if request.method != "POST":
        form = AnswersForm(questions=section.questions, answers=version.body)
        return _page(
            request,
            version,
            definition,
            section,
            form,
            base_revision=section_edit(version, section.id).revision,
        )
    form = AnswersForm(request.POST, questions=section.questions, answers=version.body)
    try:
        base_revision = int(request.POST.get("base_revision", "0"))
    except ValueError:
        base_revision = 0
    if not form.is_valid():
        return _page(
            request,
            version,
            definition,
            section,
            form,
            base_revision=base_revision,
            status=400,
        )
    try:
        revision = draft_section_save(
            actor=actor_of(request),
            version=version,
            section_id=section.id,
            answers=form.answers(),
            base_revision=base_revision,
        )
    except EditConflictError as conflict:
        # The form keeps YOUR answers; the revision becomes THEIRS, so saving
        # again (after merging) is accepted and overwrites nothing unseen.
        return _page(
            request,
            version,
            definition,
            section,
            form,
            base_revision=conflict.edit.revision,
            conflict=conflict,
            status=409,
        )
    except (PermissionDeniedError, NotFoundError):
        raise  # 403 or 404 page (workspace_view): a discard came first
    except ApplicationError as error:
        form.add_error(None, str(error))
        # A refusal naming the version is its status (submitted meanwhile): 409;
        # one naming a question or the section is the input: 400.
        return _page(
            request,
            version,
            definition,
            section,
            form,
            base_revision=base_revision,
            status=409 if error.where == str(version) else 400,
        )
    messages.success(request, f"{section_label(section)}: saved (revision {revision}).")
    if "next" in request.POST:
        index = [s.id for s in definition.sections].index(section.id)
        if index + 1 < len(definition.sections):
            return redirect(
                "workspace:section",
                pk=version.pk,
                section_id=definition.sections[index + 1].id,
            )
        return redirect("workspace:document", pk=version.pk)
    return redirect("workspace:section", pk=version.pk, section_id=section.id)
