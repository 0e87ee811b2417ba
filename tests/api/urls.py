"""The API at its real prefix, and a stand-in for the reading room's document route."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def document(request: HttpRequest, path: str) -> HttpResponse:
    """Answers with the path it was given."""
    return HttpResponse(path)


urlpatterns = [
    path("api/v1/", include("privdocs.api.urls")),
    path(
        "",
        include(
            ([path("<path:path>/", document, name="document")], "readingroom"),
        ),
    ),
]
