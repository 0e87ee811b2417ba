"""What every workspace page shares: sign-in and refusal handling, the version a
user may open, and the guard that makes a form posted twice act once."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    permission_require,
)
from privdocs.access.selectors import (
    NO_SUCH_USER,
    NOT_YOURS_OR_MISSING,
    Reach,
    reach_of,
    user_get_by_username,
    version_get_for_user,
)
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.documents.models import DocumentVersion
from privdocs.workspace.forms import CoauthorForm

View = Callable[..., HttpResponse]

#: The message of a signed-in user who holds no role anywhere.
NO_ROLE = (
    "You hold no role in any organization. Ask an administrator of your "
    "privacy office to give you one."
)
#: The hidden field that carries a form's one-time token.
ONCE_FIELD = "once"
#: How many used tokens a session remembers.
ONCE_MEMORY = 50
_ONCE_SESSION_KEY = "workspace_once"
#: Where ``request_reach`` keeps the user's roles for the rest of the request.
_REACH_ATTRIBUTE = "_privdocs_reach"


def actor_of(request: HttpRequest) -> User:
    """The signed-in user who takes a step (views behind ``workspace_view`` have one)."""
    user = request.user
    if not isinstance(user, User):
        raise PermissionDeniedError("Sign in to take this step.")
    return user


def refused(request: HttpRequest, message: str) -> HttpResponse:
    """The 403 page, saying why."""
    return render(request, "workspace/refused.html", {"message": message}, status=403)


def not_found(request: HttpRequest, message: str) -> HttpResponse:
    """The workspace's 404 page, saying what was not found."""
    return render(request, "workspace/not_found.html", {"message": message}, status=404)


def workspace_view(view: View) -> View:
    """Sign-in required; a user without a role, or refused by the permission rules,
    gets a 403 page with the reason, and a missing template a 404 (no traceback)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request_reach(request).roles:
            return refused(request, NO_ROLE)
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError as error:
            return refused(request, str(error))
        except NotFoundError as error:
            return not_found(request, str(error))

    return login_required(wrapper)


def request_reach(request: HttpRequest) -> Reach:
    """The user's roles in the organization tree, read once per request and kept on
    it: however many checks a page makes, the tree is read once."""
    found: Reach | None = getattr(request, _REACH_ATTRIBUTE, None)
    if found is None:
        found = reach_of(request.user)
        setattr(request, _REACH_ATTRIBUTE, found)
    return found


def version_get(request: HttpRequest, pk: int, action: Action) -> DocumentVersion:
    """The version, if the user may take ``action`` on it. One the user may not open
    answers as a missing one, the same 404 (``NotFoundError``); one they may open but
    not act on, PermissionDeniedError."""
    version = version_get_for_user(request.user, pk, reach=request_reach(request))
    if version is None:
        raise NotFoundError(NOT_YOURS_OR_MISSING)
    if action == Action.VERSION_VIEW:
        # The gate above is the rule for opening a version.
        return version
    permission_require(
        request.user,
        action,
        organization=version.series.organization,
        version=version,
    )
    return version


def once_token() -> str:
    """A fresh token for a form whose service would act twice if posted twice."""
    return uuid.uuid4().hex


def once_seen(request: HttpRequest) -> bool:
    """True when this form's token was already acted on in this session (a second
    post of the same page: the Back button, a reload, a double click)."""
    token = request.POST.get(ONCE_FIELD, "")
    return bool(token) and token in request.session.get(_ONCE_SESSION_KEY, [])


def once_done(request: HttpRequest) -> None:
    """Remember that the form's token was acted on."""
    token = request.POST.get(ONCE_FIELD, "")
    if not token:
        return
    used = list(request.session.get(_ONCE_SESSION_KEY, []))
    request.session[_ONCE_SESSION_KEY] = [*used[-(ONCE_MEMORY - 1) :], token]


def coauthor_posted(request: HttpRequest) -> User | str:
    """The user an invitation form names, or the message saying what is wrong."""
    form = CoauthorForm(request.POST)
    if not form.is_valid():
        return "Invite a co-author: give their user name."
    username = form.cleaned_data["username"]
    found = user_get_by_username(username=username)
    if found is None:
        return NO_SUCH_USER.format(username=username)
    return found


def coauthor_invite(
    request: HttpRequest,
    *,
    invite: Callable[[User], bool],
    back: HttpResponse,
    done: str,
    already: str,
) -> HttpResponse:
    """Invite the co-author the form names through ``invite`` (a service that says
    whether they were added) and go ``back`` with what happened; ``done`` and
    ``already`` are messages with a ``{name}``."""
    invitee = coauthor_posted(request)
    if isinstance(invitee, str):
        messages.error(request, invitee)
        return back
    try:
        added = invite(invitee)
    except PermissionDeniedError:
        raise  # the 403 page (workspace_view)
    except ApplicationError as error:
        messages.error(request, str(error))
        return back
    name = invitee.get_username()
    if added:
        messages.success(request, done.format(name=name))
    else:
        messages.info(request, already.format(name=name))
    return back
