"""A write that waited the busy timeout behind a long import gets 503 and words."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.db import OperationalError
from django.http import HttpResponse
from django.test import Client, RequestFactory

from privdocs.core.guards import (
    ADDRESS_REFUSED,
    BUSY,
    RETRY_AFTER,
    DatabaseBusyMiddleware,
)


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
    assert "privdocs.core.guards.DatabaseBusyMiddleware" in settings.MIDDLEWARE


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/dhs/ice%00/",
        "/dhs/ice/pia-015%00/",
        "/search/?q=plate%00reader",
        "/dhs/ice/?sort=title%00",
        "/workspace/documents/?kind=PIA%00",
    ],
)
def test_nul_in_a_page_address_is_a_400_page_saying_so(
    client: Client, url: str
) -> None:
    """A NUL in a page's path or query string answers 400 with the reason in words,
    before any view looks it up (PostgreSQL would fail on it)."""
    response = client.get(url)
    assert response.status_code == 400
    where = "path" if "?" not in url else "query"
    expected = ADDRESS_REFUSED.format(where=where, character="U+0000")
    assert expected in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/organizations/ICE%00",
        "/api/v1/series/DHS/ICE/PIA-015%00",
        "/api/v1/search?q=plate%00",
        "/api/v1/versions?organization=ICE%00",
        "/api/v1/workspace/versions/1%00",
    ],
)
def test_nul_in_an_api_address_is_a_400_in_the_error_shape(
    client: Client, url: str
) -> None:
    """The API answers a NUL in its path or query with 400 in its one error shape,
    naming where the NUL is."""
    response = client.get(url)
    assert response.status_code == 400
    where = "path" if "?" not in url else "query"
    assert json.loads(response.content) == {
        "message": ADDRESS_REFUSED.format(where=where, character="U+0000"),
        "extra": {"where": where},
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "character"),
    [("/api/v1/series/DHS%0AICE", "U+000A"), ("/dhs/ice/%E2%80%AEpia-015/", "U+202E")],
)
def test_nul_control_character_in_a_path_is_a_400_not_a_page_of_another_kind(
    client: Client, url: str, character: str
) -> None:
    """A newline in an API path matched no route, so it answered the reading room's
    HTML 404; any control character or bidi override in a path is now a 400."""
    response = client.get(url)
    assert response.status_code == 400
    assert ADDRESS_REFUSED.format(where="path", character=character) in (
        response.content.decode()
    )


@pytest.mark.django_db
def test_nul_check_lets_ordinary_addresses_through(client: Client) -> None:
    """An address without a NUL (a percent sign, an encoded space) is served."""
    assert client.get("/search/?q=100%25+plate").status_code == 200
