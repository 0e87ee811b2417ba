"""A write that waited the busy timeout behind a long import gets 503 and words."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from privdocs.core.busy import BUSY, RETRY_AFTER, DatabaseBusyMiddleware


def _answer(path: str, error: Exception) -> HttpResponse | None:
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    request = RequestFactory().post(path)
    return middleware.process_exception(request, error)


def test_a_locked_database_on_a_page_is_a_503_page_saying_so() -> None:
    """The workspace's form post that waited out the lock: 503, the message, Retry-After."""
    response = _answer(
        "/workspace/documents/1/", OperationalError("database is locked")
    )
    assert response is not None
    assert response.status_code == 503
    assert response["Retry-After"] == RETRY_AFTER
    assert BUSY in response.content.decode()


def test_a_locked_database_in_the_api_is_a_503_in_the_error_shape() -> None:
    """The API answers with its one error shape."""
    response = _answer(
        "/api/v1/workspace/versions/1/submit",
        OperationalError("canceling statement due to lock timeout"),
    )
    assert response is not None
    assert response.status_code == 503
    assert json.loads(response.content) == {"message": BUSY, "extra": {}}


@pytest.mark.parametrize(
    "error",
    [OperationalError("no such table: documents_documentversion"), ValueError("x")],
)
def test_other_errors_are_not_taken_for_a_busy_database(error: Exception) -> None:
    """Any other fault stays a fault (it is logged and reported as one)."""
    assert _answer("/", error) is None


def test_the_middleware_is_installed() -> None:
    """Every request goes through it."""
    assert "privdocs.core.busy.DatabaseBusyMiddleware" in settings.MIDDLEWARE
