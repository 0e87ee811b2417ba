"""A stand-in for the reading room's document route, so hits can carry their URL."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def document(request: HttpRequest, path: str) -> HttpResponse:
    """Answers with the path it was given."""
    return HttpResponse(path)


urlpatterns = [
    path(
        "",
        include(
            ([path("<path:path>/", document, name="document")], "readingroom"),
        ),
    ),
]
