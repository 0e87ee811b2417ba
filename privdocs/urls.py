"""The site's URLs: the JSON API, the admin, the workspace, and the public reading
room (last: it owns the identifier paths like /dhs/ice/pia-015/g/)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("privdocs.api.urls")),
    path("admin/", admin.site.urls),
    path("workspace/", include("privdocs.workspace.urls")),
    path("", include("privdocs.readingroom.urls")),
]
