"""Systems of the user's organizations: their PTAs, determinations and series."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from privdocs.access.permissions import Action, permission_allows
from privdocs.access.selectors import (
    NOT_YOURS_OR_MISSING,
    system_get_for_user,
    system_list_for_user,
)
from privdocs.assessments.services import pta_create
from privdocs.core.errors import NotFoundError
from privdocs.inventory.models import System
from privdocs.workspace.selectors import (
    analysis_list_for_system,
    series_list_for_system,
)
from privdocs.workspace.views.common import (
    actor_of,
    once_done,
    once_seen,
    once_token,
    request_reach,
    workspace_view,
)

SYSTEMS_PAGE_SIZE = 50


def _system_get(request: HttpRequest, pk: int) -> System:
    """The system, if it is one of the user's organizations'; else the same 404 as
    a missing one."""
    system = system_get_for_user(request.user, pk, reach=request_reach(request))
    if system is None:
        raise NotFoundError(NOT_YOURS_OR_MISSING)
    return system


@workspace_view
def system_list(request: HttpRequest) -> HttpResponse:
    """The systems of the user's organizations, a page at a time."""
    paginator = Paginator(
        system_list_for_user(request.user, reach=request_reach(request)),
        SYSTEMS_PAGE_SIZE,
    )
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "workspace/system_list.html",
        {"nav": "systems", "page": page, "count": paginator.count},
    )


@workspace_view
def system_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One system: its PTAs with their determinations, its document series."""
    system = _system_get(request, pk)
    series = series_list_for_system(request.user, system, reach=request_reach(request))
    return render(
        request,
        "workspace/system_detail.html",
        {
            "nav": "systems",
            "system": system,
            "analyses": analysis_list_for_system(system),
            "series_list": series,
            "can_start": permission_allows(
                request.user, Action.PTA_EDIT, organization=system.organization
            ),
            "once": once_token(),
        },
    )


@require_POST
@workspace_view
def pta_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a PTA for the system and open it (a second post of the form opens the
    system page instead of starting another)."""
    system = _system_get(request, pk)
    if once_seen(request):
        return redirect("workspace:system", pk=system.pk)
    analysis = pta_create(actor=actor_of(request), system=system)
    once_done(request)
    messages.success(request, f"PTA started for {system}.")
    return redirect("workspace:pta", pk=analysis.pk)
