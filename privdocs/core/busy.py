"""A write that waits too long for another writer gets a clear answer, not a 500."""

from __future__ import annotations

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
