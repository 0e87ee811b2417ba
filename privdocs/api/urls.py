"""API URLs: the read-only JSON API under /api/v1/, described at /api/v1/openapi.json."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, path

from privdocs.api.api import api
from privdocs.api.errors import read_only_urls

urlpatterns: list[URLPattern | URLResolver] = [path("", read_only_urls(api))]
