"""The PTA page: answer it, submit it, see the rules' proposal, confirm or override
the determination, and open the documents it calls for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    permission_allows,
)
from privdocs.access.selectors import (
    NOT_YOURS_OR_MISSING,
    analysis_get_for_user,
    version_get_for_user,
)
from privdocs.assessments.models import Determination, Requirement, ThresholdAnalysis
from privdocs.assessments.rules import FLAG_LABELS
from privdocs.assessments.services import (
    determination_confirm,
    determination_open_draft,
    pta_participant_add,
    pta_save,
    pta_submit,
)
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.documents.models import Kind
from privdocs.documents.redline import answer_text
from privdocs.questionnaires.definition import (
    Question,
    Section,
    TemplateDefinition,
    answers_errors,
    answers_progress,
)
from privdocs.questionnaires.selectors import template_definition_get
from privdocs.workspace.forms import (
    NO,
    YES,
    AnswersForm,
    DeterminationForm,
    QuestionField,
    field_name,
)
from privdocs.workspace.views.common import (
    actor_of,
    coauthor_invite,
    request_reach,
    workspace_view,
)

#: What a determination's requirement asks to draft, by the kind of document.
DRAFTABLE = (Requirement.NEW, Requirement.UPDATE)
OPENABLE_KINDS = {"pia": Kind.PIA, "sorn": Kind.SORN}


@dataclass(frozen=True)
class SectionFields:
    """One PTA section with its questions' fields, for the form."""

    section: Section
    fields: list[QuestionField]


@dataclass(frozen=True)
class AnsweredQuestion:
    """A question and its answer as text, for the read-only view."""

    question: Question
    answer: str


def _analysis_get(request: HttpRequest, pk: int) -> ThresholdAnalysis:
    """The PTA, if the user may read it; else the same 404 as a missing one."""
    analysis = analysis_get_for_user(request.user, pk, reach=request_reach(request))
    if analysis is None:
        raise NotFoundError(NOT_YOURS_OR_MISSING)
    return analysis


def _determination(analysis: ThresholdAnalysis) -> Determination | None:
    try:
        return Determination.objects.select_related(
            "officer", "pia_version__series", "sorn_version__series"
        ).get(analysis=analysis)
    except Determination.DoesNotExist:
        return None


def _determination_initial(determination: Determination) -> dict[str, Any]:
    return {
        "privacy_sensitive": YES if determination.privacy_sensitive else NO,
        "pia": determination.pia,
        "pia_identifier": determination.pia_identifier,
        "sorn": determination.sorn,
        "sorn_identifier": determination.sorn_identifier,
        "flags": list(determination.flags),
    }


def _sections(definition: TemplateDefinition, form: AnswersForm) -> list[SectionFields]:
    by_id = {field.question.id: field for field in form.question_fields()}
    return [
        SectionFields(
            section=section,
            fields=[by_id[question.id] for question in section.questions],
        )
        for section in definition.sections
    ]


def _page(
    request: HttpRequest,
    analysis: ThresholdAnalysis,
    *,
    form: AnswersForm | None = None,
    determination_form: DeterminationForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The PTA page in whichever state the PTA is in."""
    user = request.user
    definition = template_definition_get(reference=analysis.template_version)
    organization = analysis.system.organization
    editable = analysis.status == ThresholdAnalysis.Status.DRAFT and permission_allows(
        user, Action.PTA_EDIT, organization=organization, analysis=analysis
    )
    determination = _determination(analysis)
    authors = set(analysis.participants.values_list("username", flat=True))
    if analysis.author is not None:
        authors.add(analysis.author.get_username())
    context: dict[str, Any] = {
        "nav": "systems",
        "analysis": analysis,
        "system": analysis.system,
        "definition": definition,
        "editable": editable,
        "authors": sorted(authors),
        "can_invite": analysis.status == ThresholdAnalysis.Status.DRAFT
        and permission_allows(
            user, Action.PTA_INVITE, organization=organization, analysis=analysis
        ),
        "progress": answers_progress(definition, analysis.answers),
        "determination": determination,
    }
    if editable:
        form = form or AnswersForm(
            questions=definition.questions(), answers=analysis.answers
        )
        context["form"] = form
        context["sections"] = _sections(definition, form)
    else:
        context["answered_sections"] = [
            (
                section,
                [
                    AnsweredQuestion(
                        question=question,
                        answer=answer_text(question, analysis.answers.get(question.id)),
                    )
                    for question in section.questions
                ],
            )
            for section in definition.sections
        ]
    if determination is not None:
        context["flag_labels"] = [
            FLAG_LABELS.get(flag, flag) for flag in determination.flags
        ]
        context["proposed_flag_labels"] = [
            FLAG_LABELS.get(flag, flag)
            for flag in determination.proposed.get("flags", [])
        ]
        context["proposed_pia"] = _requirement_label(determination.proposed.get("pia"))
        context["proposed_sorn"] = _requirement_label(
            determination.proposed.get("sorn")
        )
        can_confirm = determination.confirmed_at is None and permission_allows(
            user,
            Action.DETERMINATION_CONFIRM,
            organization=organization,
            analysis=analysis,
        )
        context["can_confirm"] = can_confirm
        if can_confirm:
            context["determination_form"] = determination_form or DeterminationForm(
                initial=_determination_initial(determination)
            )
        context["openings"] = _openings(request, determination)
    return render(request, "workspace/pta.html", context, status=status)


def _requirement_label(value: Any) -> str:
    try:
        return str(Requirement(value).label)
    except ValueError:
        return str(value or "")


@dataclass(frozen=True)
class Opening:
    """A document a confirmed determination calls for: opened already, or to open."""

    key: str
    label: str
    version: Any
    can_open: bool
    #: Opened already, by authors the user is not one of: no link (it would not open).
    taken: bool = False


def _openings(request: HttpRequest, determination: Determination) -> list[Opening]:
    if determination.confirmed_at is None:
        return []
    organization = determination.analysis.system.organization
    can_open = permission_allows(
        request.user, Action.DRAFT_OPEN, organization=organization
    )
    result = []
    for key, kind in OPENABLE_KINDS.items():
        if getattr(determination, key) not in DRAFTABLE:
            continue
        opened_id = getattr(determination, f"{key}_version_id")
        opened = (
            version_get_for_user(request.user, opened_id, reach=request_reach(request))
            if opened_id is not None
            else None
        )
        result.append(
            Opening(
                key=key,
                label=f"Open the {kind.value} draft",
                version=opened,
                can_open=can_open and opened_id is None,
                taken=opened_id is not None and opened is None,
            )
        )
    return result


@workspace_view
def pta_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The PTA: its form while in draft (Save, Submit), then its determination."""
    analysis = _analysis_get(request, pk)
    if request.method != "POST":
        return _page(request, analysis)
    if analysis.status != ThresholdAnalysis.Status.DRAFT:
        # A second post of the form (a double click on Submit): nothing to do.
        messages.info(request, "This PTA was already submitted.")
        return redirect("workspace:pta", pk=analysis.pk)
    definition = template_definition_get(reference=analysis.template_version)
    form = AnswersForm(
        request.POST, questions=definition.questions(), answers=analysis.answers
    )
    if not form.is_valid():
        return _page(request, analysis, form=form, status=400)
    actor = actor_of(request)
    try:
        analysis = pta_save(actor=actor, analysis=analysis, answers=form.answers())
    except PermissionDeniedError:
        raise
    except ApplicationError as error:
        form.add_error(None, str(error))
        return _page(request, analysis, form=form, status=400)
    if "submit" not in request.POST:
        messages.success(request, "Answers saved.")
        return redirect("workspace:pta", pk=analysis.pk)
    errors = answers_errors(definition, analysis.answers, require_complete=True)
    if errors:
        for question_id, message in sorted(errors.items()):
            form.add_error(field_name(question_id), message)
        form.add_error(
            None,
            f"Your answers are saved, but {len(errors)} required answer(s) are "
            "missing or invalid: the PTA was not submitted.",
        )
        return _page(request, analysis, form=form, status=400)
    pta_submit(actor=actor, analysis=analysis)
    messages.success(
        request,
        "PTA submitted. The rules' proposal is below, awaiting a privacy officer.",
    )
    return redirect("workspace:pta", pk=analysis.pk)


@require_POST
@workspace_view
def pta_participant_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the PTA's authors invites a co-author by user name (again: nothing
    changes)."""
    analysis = _analysis_get(request, pk)
    return coauthor_invite(
        request,
        invite=lambda invitee: pta_participant_add(
            actor=actor_of(request), analysis=analysis, user=invitee
        ),
        back=redirect("workspace:pta", pk=analysis.pk),
        done=(
            "{name} is an author of this PTA now: they may change it, and may not "
            "confirm its determination."
        ),
        already="Nothing to do: {name} is already an author.",
    )


@require_POST
@workspace_view
def determination_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The privacy officer confirms the proposal as it stands, or overrides it."""
    analysis = _analysis_get(request, pk)
    determination = _determination(analysis)
    if determination is None:
        raise Http404("This PTA has no determination yet.")
    form = DeterminationForm(request.POST)
    if not form.is_valid():
        return _page(request, analysis, determination_form=form, status=400)
    data = form.cleaned_data
    try:
        determination_confirm(
            actor=actor_of(request),
            determination=determination,
            comment=data["comment"],
            privacy_sensitive=data["privacy_sensitive"] == YES,
            pia=Requirement(data["pia"]),
            pia_identifier=data["pia_identifier"],
            sorn=Requirement(data["sorn"]),
            sorn_identifier=data["sorn_identifier"],
            flags=list(data["flags"]),
        )
    except PermissionDeniedError:
        raise
    except ApplicationError as error:
        if error.where not in form.fields:
            messages.error(request, str(error))
            return redirect("workspace:pta", pk=analysis.pk)
        form.add_error(error.where, error.message)
        return _page(request, analysis, determination_form=form, status=400)
    messages.success(request, "Determination recorded.")
    return redirect("workspace:pta", pk=analysis.pk)


@require_POST
@workspace_view
def determination_open(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Open (or, opened already, go to) the PIA or SORN draft the determination calls for."""
    if kind not in OPENABLE_KINDS:
        raise Http404("A determination opens a PIA or a SORN.")
    analysis = _analysis_get(request, pk)
    determination = _determination(analysis)
    if determination is None:
        raise Http404("This PTA has no determination yet.")
    try:
        version = determination_open_draft(
            actor=actor_of(request),
            determination=determination,
            kind=OPENABLE_KINDS[kind],
        )
    except PermissionDeniedError:
        raise
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("workspace:pta", pk=analysis.pk)
    messages.success(request, f"{version} is open for drafting.")
    return redirect("workspace:document", pk=version.pk)
