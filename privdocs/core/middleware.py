"""Security headers Django has no setting for, the idle timeout of signed-in
sessions, and the client address sign-in throttling counts by."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.http import HttpRequest, HttpResponseBase


def permissions_policy(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """Send ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) with every response."""

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response

    return middleware


def client_address(request: HttpRequest) -> str:
    """The address a sign-in came from: the proxy's last hop when privdocs runs
    behind one (PRIVDOCS_BEHIND_PROXY), else the connection's.

    The last address of ``X-Forwarded-For`` is the one the proxy itself saw; the
    earlier ones are whatever the client chose to send.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if settings.PRIVDOCS_BEHIND_PROXY and forwarded:
        return str(forwarded.split(",")[-1].strip())
    return str(request.META.get("REMOTE_ADDR", ""))


#: Session key holding when the signed-in user was last seen (Unix seconds).
SESSION_SEEN = "privdocs_seen"
#: How often a session is saved to push its end back: saving on every request
#: would write to the database on every page a signed-in user opens.
SESSION_RENEW_SECONDS = 300


def session_mark_seen(*, request: HttpRequest, **_: object) -> None:
    """At sign-in, start the idle clock (Django's ``user_logged_in`` signal)."""
    request.session[SESSION_SEEN] = int(time.time())


def session_idle_timeout(
    get_response: Callable[[HttpRequest], HttpResponseBase],
) -> Callable[[HttpRequest], HttpResponseBase]:
    """End a signed-in session SESSION_COOKIE_AGE seconds after its last request.

    The session store expires a session SESSION_COOKIE_AGE after it was last
    saved; saving it again once every SESSION_RENEW_SECONDS of activity keeps an
    active user signed in, and lets an idle one expire at most that much earlier
    than the idle limit, never later.
    """

    def middleware(request: HttpRequest) -> HttpResponseBase:
        response = get_response(request)
        session = request.session
        if session.session_key and SESSION_KEY in session:
            now = int(time.time())
            if now - int(session.get(SESSION_SEEN, 0)) >= SESSION_RENEW_SECONDS:
                session[SESSION_SEEN] = now
        return response

    return middleware
