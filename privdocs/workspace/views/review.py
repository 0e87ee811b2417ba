"""The review screen (answers by section, comment threads, the review steps) and the
redline of an update against the version it replaces."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    permission_allows,
)
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.documents.redline import answer_text, redline_build
from privdocs.documents.services.workflow import comment_add, comment_resolve
from privdocs.questionnaires.definition import Question, Section
from privdocs.workspace.forms import CommentForm
from privdocs.workspace.selectors import (
    DefinitionCache,
    Thread,
    comment_get,
    thread_list_by_section,
    version_previous,
)
from privdocs.workspace.views.common import (
    actor_of,
    not_found,
    once_done,
    once_seen,
    once_token,
    version_get,
    workspace_view,
)
from privdocs.workspace.views.documents import version_context


@dataclass(frozen=True)
class ReviewSection:
    """A section as the reviewer reads it: answers as text, and its threads."""

    section: Section
    answers: list[tuple[Question, str]]
    threads: list[Thread]

    @property
    def open_threads(self) -> int:
        """Threads not yet resolved."""
        return sum(thread.comment.resolved_at is None for thread in self.threads)


@workspace_view
def review(request: HttpRequest, pk: int) -> HttpResponse:
    """Answers by section with their comment threads, and the review steps."""
    version = version_get(request, pk, Action.VERSION_VIEW)
    context = version_context(request, version)
    definition = context["definition"]
    threads = thread_list_by_section(version)
    sections = []
    if definition is not None:
        sections = [
            ReviewSection(
                section=section,
                answers=[
                    (question, answer_text(question, version.body.get(question.id)))
                    for question in section.questions
                ],
                threads=threads.get(section.id, []),
            )
            for section in definition.sections
        ]
    context.update(
        {
            "review_sections": sections,
            "can_comment": permission_allows(
                request.user,
                Action.VERSION_COMMENT,
                organization=version.series.organization,
                version=version,
            ),
            "once": once_token(),
        }
    )
    return render(request, "workspace/review.html", context)


def _section_url(pk: int, section_id: str) -> str:
    return reverse("workspace:review", kwargs={"pk": pk}) + f"#section-{section_id}"


@require_POST
@workspace_view
def comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment to a section, or a reply to a thread (posted twice: added once)."""
    version = version_get(request, pk, Action.VERSION_COMMENT)
    form = CommentForm(request.POST)
    if not form.is_valid():
        refused = [
            error
            for error in form.errors.get("body", [])
            if not form.has_error("body", "required")
        ]
        messages.error(
            request,
            f"Comment: {refused[0]}"
            if refused
            else "Write the comment before posting it.",
        )
        return redirect(reverse("workspace:review", kwargs={"pk": version.pk}))
    section_id = form.cleaned_data["section_id"]
    if once_seen(request):
        return redirect(_section_url(version.pk, section_id))
    parent = None
    if form.cleaned_data["parent"]:
        parent = comment_get(version, form.cleaned_data["parent"])
        if parent is None:
            return not_found(request, "That thread is not on this document.")
    try:
        comment_add(
            actor=actor_of(request),
            version=version,
            section_id=section_id,
            body=form.cleaned_data["body"],
            parent=parent,
        )
    except (PermissionDeniedError, NotFoundError):
        raise  # 403 or 404 page (workspace_view): a discard came first
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        once_done(request)
        messages.success(request, f"Comment added to section {section_id}.")
    return redirect(_section_url(version.pk, section_id))


@require_POST
@workspace_view
def comment_resolve_view(
    request: HttpRequest, pk: int, comment_pk: int
) -> HttpResponse:
    """Mark a thread resolved (a second click changes nothing)."""
    version = version_get(request, pk, Action.VERSION_COMMENT)
    comment = comment_get(version, comment_pk)
    if comment is None:
        return not_found(request, "That thread is not on this document.")
    try:
        comment_resolve(actor=actor_of(request), comment=comment)
    except PermissionDeniedError:
        raise
    except ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Thread on section {comment.section_id} resolved.")
    return redirect(_section_url(version.pk, comment.section_id))


@workspace_view
def redline(request: HttpRequest, pk: int) -> HttpResponse:
    """The update against the version it replaces, section by section."""
    version = version_get(request, pk, Action.VERSION_VIEW)
    previous = version_previous(version)
    if previous is None:
        return not_found(
            request, f"{version} is the first version of its series: it replaces none."
        )
    definitions = DefinitionCache()
    definition = definitions.get(version.template_version)
    if definition is None:
        return not_found(
            request, f"{version} was not written in a template privdocs knows."
        )
    sections = redline_build(
        definition=definition,
        before=previous.body,
        after=version.body,
        before_definition=definitions.get(previous.template_version),
    )
    only_changed = request.GET.get("changed") == "1"
    return render(
        request,
        "workspace/redline.html",
        {
            "nav": "documents",
            "version": version,
            "previous": previous,
            "sections": [s for s in sections if s.changed]
            if only_changed
            else sections,
            "only_changed": only_changed,
            "changed_count": sum(s.changed_count for s in sections),
            "previous_has_text": bool(previous.body),
        },
    )
