"""The documents a user may open: the list, a new draft, one version, its steps and
its Word file."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST

from privdocs.access.permissions import (
    ROLES_ALLOWED,
    Action,
    PermissionDeniedError,
    permission_allows,
)
from privdocs.access.selectors import version_get_for_user, version_list_for_user
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.core.text import text_checked
from privdocs.documents.models import PUBLIC_STATUSES, DocumentVersion, Kind, Status
from privdocs.documents.services.workflow import (
    draft_open_new,
    version_approve,
    version_discard,
    version_forward,
    version_participant_add,
    version_publish,
    version_retire,
    version_return,
    version_submit,
)
from privdocs.documents.steps import (
    BUTTON_STEPS,
    STEPS_BY_NAME,
    Step,
    version_steps_allowed,
)
from privdocs.formats.docx_document import DOCX_CONTENT_TYPE, document_docx
from privdocs.questionnaires.definition import (
    AnswerProgress,
    Section,
    answers_errors,
    answers_progress,
    section_progress,
)
from privdocs.questionnaires.selectors import template_get_current
from privdocs.workspace.forms import DocumentFilterForm, DocumentNewForm
from privdocs.workspace.selectors import (
    DefinitionCache,
    organizations_where,
    transition_last_return,
    transition_list,
    version_previous,
)
from privdocs.workspace.views.common import (
    actor_of,
    coauthor_invite,
    not_found,
    once_done,
    once_seen,
    once_token,
    request_reach,
    version_get,
    workspace_view,
)

DOCUMENTS_PAGE_SIZE = 25
#: The roles that may open a draft directly.
DRAFTING_ROLES = ROLES_ALLOWED[Action.DRAFT_OPEN]

#: The orders of the documents list.
SORT_ORDERS: dict[str, tuple[str, ...]] = {
    "updated": ("-updated_at", "-pk"),
    "identifier": (
        "series__agency",
        "series__component",
        "series__kind",
        "series__number",
        "update_index",
    ),
    "title": ("title", "pk"),
    "status": ("status", "-updated_at", "pk"),
}


@workspace_view
def document_list(request: HttpRequest) -> HttpResponse:
    """The versions the user may open, filtered by status and kind, sorted, paged."""
    form = DocumentFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    versions = version_list_for_user(request.user, reach=request_reach(request))
    if filters.get("status"):
        versions = versions.filter(status=filters["status"])
    if filters.get("kind"):
        versions = versions.filter(series__kind=filters["kind"])
    sort = filters.get("sort") or "updated"
    versions = versions.order_by(*SORT_ORDERS[sort])
    paginator = Paginator(versions, DOCUMENTS_PAGE_SIZE)
    page = paginator.get_page(filters.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/document_list.html",
        {
            "nav": "documents",
            "form": form,
            "page": page,
            "count": paginator.count,
            "query": query.urlencode(),
            "can_open": bool(organizations_where(request.user, DRAFTING_ROLES)),
        },
    )


@workspace_view
def document_new(request: HttpRequest) -> HttpResponse:
    """A privacy officer opens a draft directly: organization, kind, title, system."""
    user = request.user
    organizations = organizations_where(user, DRAFTING_ROLES)
    if not organizations:
        raise PermissionDeniedError("Your roles do not allow you to open a draft.")
    form = DocumentNewForm(
        request.POST if request.method == "POST" else None,
        organizations=organizations,
    )
    if request.method == "POST" and form.is_valid():
        if once_seen(request):
            messages.info(request, "That draft was already opened.")
            return redirect("workspace:documents")
        data = form.cleaned_data
        try:
            template = template_get_current(kind=data["kind"])
            version = draft_open_new(
                actor=actor_of(request),
                organization=data["organization"],
                kind=Kind(data["kind"]),
                title=data["title"],
                template_reference=template.reference,
                system=data["system"],
            )
        except PermissionDeniedError:
            raise
        except ApplicationError as error:
            form.add_error(None, str(error))
        else:
            once_done(request)
            messages.success(request, f"{version} is open for drafting.")
            return redirect("workspace:document", pk=version.pk)
    return render(
        request,
        "workspace/document_new.html",
        {"nav": "documents", "form": form, "once": once_token()},
        status=400 if form.errors else 200,
    )


@dataclass(frozen=True)
class SectionRow:
    """A section of a version with its progress and the page to edit it."""

    section: Section
    progress: AnswerProgress
    url: str


def version_steps(allowed: list[str]) -> list[Step]:
    """The buttons of the steps allowed (``version_steps_allowed``), in the order of
    the workflow's table."""
    return [step for step in BUTTON_STEPS if step.name in allowed]


def version_context(request: HttpRequest, version: DocumentVersion) -> dict[str, Any]:
    """What the document and review pages share: sections, progress, steps, links."""
    definition = DefinitionCache().get(version.template_version)
    sections = []
    progress = None
    missing: dict[str, str] = {}
    if definition is not None:
        progress = answers_progress(definition, version.body)
        if version.status == Status.DRAFT:
            missing = answers_errors(definition, version.body, require_complete=True)
        sections = [
            SectionRow(
                section=section,
                progress=section_progress(section, version.body),
                url=reverse(
                    "workspace:section",
                    kwargs={"pk": version.pk, "section_id": section.id},
                ),
            )
            for section in definition.sections
        ]
    previous = version_previous(version) if version.update_index else None
    allowed = version_steps_allowed(request.user, version)
    can_edit = version.status == Status.DRAFT and permission_allows(
        request.user,
        Action.VERSION_EDIT,
        organization=version.series.organization,
        version=version,
    )
    return {
        "nav": "documents",
        "version": version,
        "definition": definition,
        "sections": sections,
        "progress": progress,
        "missing_count": len(missing),
        "steps": version_steps(allowed),
        "can_discard": "discard" in allowed,
        "can_invite": "invite" in allowed,
        "can_edit": can_edit,
        "previous": previous,
        "public_url": version.get_absolute_url()
        if version.status in PUBLIC_STATUSES
        else None,
        "returned": transition_last_return(version)
        if version.status == Status.DRAFT
        else None,
    }


@workspace_view
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One version: status, progress by section, people, history, the steps allowed."""
    version = version_get(request, pk, Action.VERSION_VIEW)
    context = version_context(request, version)
    context["participants"] = list(version.participants.order_by("username"))
    context["transitions"] = transition_list(version)
    return render(request, "workspace/document.html", context)


@require_POST
@workspace_view
def document_participant_add(request: HttpRequest, pk: int) -> HttpResponse:
    """One of the draft's authors invites a co-author by user name (again: nothing
    changes)."""
    version = version_get(request, pk, Action.VERSION_VIEW)
    return coauthor_invite(
        request,
        invite=lambda invitee: version_participant_add(
            actor=actor_of(request), version=version, user=invitee
        ),
        back=redirect("workspace:document", pk=version.pk),
        done=(
            f"{{name}} takes part in {version} now: they may edit and submit it, "
            "and may not review or approve it."
        ),
        already="Nothing to do: {name} already takes part.",
    )


def _step_submit(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_submit(actor=actor, version=version)


def _step_forward(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_forward(actor=actor, version=version, comment=text)


def _step_return(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_return(actor=actor, version=version, comment=text)


def _step_approve(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_approve(actor=actor, version=version, comment=text)


def _step_publish(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_publish(actor=actor, version=version)


def _step_retire(actor: User, version: DocumentVersion, text: str) -> Any:
    return version_retire(actor=actor, version=version, reason=text)


#: The service of each button of the workflow's table (BUTTON_STEPS).
STEP_SERVICES: dict[str, Callable[[User, DocumentVersion, str], Any]] = {
    "submit": _step_submit,
    "forward": _step_forward,
    "return": _step_return,
    "approve": _step_approve,
    "publish": _step_publish,
    "retire": _step_retire,
}


@require_POST
@workspace_view
def document_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    """Take one workflow step; a step already taken (a double click) changes nothing."""
    if step not in STEP_SERVICES:
        raise Http404("No such step.")
    version = version_get(request, pk, Action.VERSION_VIEW)
    service, done = STEP_SERVICES[step], STEPS_BY_NAME[step].done
    field = STEPS_BY_NAME[step].text or "comment"
    text = request.POST.get(field, "")
    back = (
        reverse("workspace:review", kwargs={"pk": version.pk})
        if request.POST.get("back") == "review"
        else reverse("workspace:document", kwargs={"pk": version.pk})
    )
    try:
        text = text_checked(text)
    except ValueError as refused:
        messages.error(request, f"{field.capitalize()}: {refused}.")
        return redirect(back)
    try:
        taken = service(actor_of(request), version, text)
    except (PermissionDeniedError, NotFoundError):
        raise  # 403 or 404 page (workspace_view): a discard came first
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect(back)
    if taken is None:
        messages.info(request, "Nothing to do: that step was already taken.")
    else:
        messages.success(request, done)
    return redirect("workspace:document", pk=version.pk)


@require_POST
@workspace_view
def document_discard(request: HttpRequest, pk: int) -> HttpResponse:
    """Discard a draft with a reason; posting it again finds nothing left to do."""
    # Gone (posted twice) and not the user's to open answer alike: nothing is
    # told of a draft the user may not open.
    if version_get_for_user(request.user, pk, reach=request_reach(request)) is None:
        messages.info(request, "Nothing to do: that draft is no longer there.")
        return redirect("workspace:documents")
    version = version_get(request, pk, Action.VERSION_VIEW)
    try:
        reason = text_checked(request.POST.get("reason", ""))
    except ValueError as refused:
        messages.error(request, f"Reason: {refused}.")
        return redirect("workspace:document", pk=pk)
    try:
        discarded = version_discard(
            actor=actor_of(request), version=version, reason=reason
        )
    except PermissionDeniedError:
        raise
    except NotFoundError:
        messages.info(request, "Nothing to do: that draft is no longer there.")
        return redirect("workspace:documents")
    except ApplicationError as error:
        messages.error(request, str(error))
        return redirect("workspace:document", pk=pk)
    messages.success(
        request, f"{discarded} discarded. The audit log keeps its history."
    )
    return redirect("workspace:documents")


#: Characters left out of a download's file name (``DHS/ICE/PIA-040(a)``).
_NOT_IN_FILENAME = str.maketrans({"/": "-", "\\": "-", " ": "-"})


@workspace_view
def document_download_docx(request: HttpRequest, pk: int) -> HttpResponse:
    """The version as a Word file, for whoever may read it in the workspace."""
    version = version_get(request, pk, Action.VERSION_VIEW)
    definition = DefinitionCache().get(version.template_version)
    if definition is None:
        return not_found(
            request,
            f"{version} was not written in a template privdocs knows, so it has no "
            "answers to put in a Word file.",
        )
    content = io.BytesIO()
    document_docx(version, definition, content)
    response = HttpResponse(content.getvalue(), content_type=DOCX_CONTENT_TYPE)
    filename = f"{str(version).translate(_NOT_IN_FILENAME)}.docx"
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=filename)
        or "attachment"
    )
    # A draft is not for shared caches, nor for the browser's disk once closed.
    patch_cache_control(response, private=True, no_store=True)
    return response
