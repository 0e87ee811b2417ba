"""The dashboard: what awaits me, my drafts and PTAs, PTAs to determine, reviews due."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from privdocs.access.permissions import organizations_of
from privdocs.access.selectors import (
    version_list_awaiting,
    version_list_for_user,
    version_list_review_due,
)
from privdocs.documents.models import DocumentVersion
from privdocs.questionnaires.definition import AnswerProgress, answers_progress
from privdocs.workspace.selectors import (
    DefinitionCache,
    analysis_list_awaiting,
    analysis_list_of_author,
    determination_list_expiring,
    version_list_drafts_of,
)
from privdocs.workspace.views.common import request_reach, workspace_view

#: Rows each dashboard list shows (its count says how many there are in all).
DASHBOARD_ROWS = 20


@dataclass(frozen=True)
class Draft:
    """A draft with how far it is answered (None when it has no template)."""

    version: DocumentVersion
    progress: AnswerProgress | None


@workspace_view
def dashboard(request: HttpRequest) -> HttpResponse:
    """The signed-in user's worklist, each list with its count."""
    user = request.user
    awaiting = version_list_awaiting(user)
    drafts = version_list_drafts_of(user)
    definitions = DefinitionCache()
    draft_rows = []
    for version in drafts[:DASHBOARD_ROWS]:
        definition = definitions.get(version.template_version)
        draft_rows.append(
            Draft(
                version=version,
                progress=answers_progress(definition, version.body)
                if definition
                else None,
            )
        )
    today = timezone.localdate()
    # Only the reviews the user may open: an author is not linked to a published
    # version they did not write.
    openable = version_list_for_user(user, reach=request_reach(request))
    due = list(
        version_list_review_due(
            today=today,
            within_days=int(settings.PRIVDOCS_REVIEW_DUE_SOON_DAYS),
            organizations=organizations_of(user),
        ).filter(pk__in=openable.order_by().values("pk"))
    )
    overdue = [v for v in due if v.next_review_on and v.next_review_on < today]
    due_soon = [v for v in due if v.next_review_on and v.next_review_on >= today]
    ptas_awaiting = analysis_list_awaiting(user)
    expiring = determination_list_expiring(
        user, today=today, within_days=int(settings.PRIVDOCS_REVIEW_DUE_SOON_DAYS)
    )
    my_ptas = analysis_list_of_author(user)
    return render(
        request,
        "workspace/dashboard.html",
        {
            "nav": "dashboard",
            "awaiting": awaiting[:DASHBOARD_ROWS],
            "awaiting_count": awaiting.count(),
            "drafts": draft_rows,
            "drafts_count": drafts.count(),
            "ptas_awaiting": ptas_awaiting[:DASHBOARD_ROWS],
            "ptas_awaiting_count": ptas_awaiting.count(),
            "my_ptas": my_ptas[:DASHBOARD_ROWS],
            "my_ptas_count": my_ptas.count(),
            "overdue": overdue[:DASHBOARD_ROWS],
            "overdue_count": len(overdue),
            "due_soon": due_soon[:DASHBOARD_ROWS],
            "due_soon_count": len(due_soon),
            "due_soon_days": settings.PRIVDOCS_REVIEW_DUE_SOON_DAYS,
            "expiring": expiring[:DASHBOARD_ROWS],
            "expiring_count": expiring.count(),
            "today": today,
        },
    )
