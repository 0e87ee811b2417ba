"""Requests that would end in a server error get a clear answer instead: a write
that waited too long for another writer (503), an address holding a control
character (400)."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string

#: What a person is told when the database stayed locked for the busy timeout.
BUSY = (
    "The registry is busy with a long change (an import, a restore): your change "
    "was not saved. Nothing was lost; try again in a minute."
)
#: Seconds a client is asked to wait before trying again.
RETRY_AFTER = "30"


def database_busy(error: BaseException) -> bool:
    """Whether an error is the database's "locked" after the busy timeout: SQLite's
    one writer at a time, or PostgreSQL's lock_timeout."""
    if not isinstance(error, OperationalError):
        return False
    text = str(error).lower()
    return "database is locked" in text or "lock timeout" in text


class DatabaseBusyMiddleware:
    """Turns a write that waited the busy timeout into 503 with Retry-After: the
    page says so in words; the API answers with its one error shape."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not database_busy(exception):
            return None
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse(
                {"message": BUSY, "extra": {}}, status=503
            )
        else:
            response = HttpResponse(
                render_to_string("core/busy.html", {"message": BUSY}), status=503
            )
        response["Retry-After"] = RETRY_AFTER
        return response


#: What a request with a control character in its address is told (400).
ADDRESS_REFUSED = (
    "The {where} holds {character}, a control character no address of privdocs "
    "contains: check the link you followed."
)
#: A control character (NUL, newline, tab, DEL, C1) or a bidirectional override.
_PATH_REFUSED_RE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def address_refusal(request: HttpRequest) -> tuple[str, str] | None:
    """("path" or "query", "U+0000") when the request's address holds a character
    no address of privdocs has, else None.

    PostgreSQL cannot hold a NUL in text, so a lookup with one fails with a server
    error deep in a view; a newline in a path matches no route, not even the API's
    own 404. Such an address is refused at the door. The query string is refused
    for a NUL only: other characters reach the parameter checks, which name them.
    """
    found = _PATH_REFUSED_RE.search(request.path)
    if found:
        return "path", f"U+{ord(found.group(0)):04X}"
    query = request.META.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return "query", "U+0000"
    return None


class AddressCheckMiddleware:
    """Answers 400 to a path holding a control character or a query string holding
    a NUL: the API in its one error shape, a page in words."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = address_refusal(request)
        if refusal is None:
            return self.get_response(request)
        where, character = refusal
        message = ADDRESS_REFUSED.format(where=where, character=character)
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"message": message, "extra": {"where": where}}, status=400
            )
        return HttpResponse(
            render_to_string("core/bad_request.html", {"message": message}), status=400
        )
