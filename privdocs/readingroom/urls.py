"""Reading room URLs: the reader's words, like /dhs/ice/pia-015/g/ (see docs/reading-room.md)."""

from __future__ import annotations

from django.contrib.sitemaps.views import sitemap
from django.urls import URLPattern, path

from privdocs.readingroom import downloads, feeds, files, views
from privdocs.readingroom.sitemaps import SITEMAPS

app_name = "readingroom"

urlpatterns: list[URLPattern] = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("feed.atom", feeds.PublicationsFeed(), name="feed"),
    path(
        "catalog.json", downloads.catalog_download, {"fmt": "json"}, name="catalog_json"
    ),
    path("catalog.csv", downloads.catalog_download, {"fmt": "csv"}, name="catalog_csv"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path("<path:path>/systems/<slug:slug>/", views.system, name="system"),
    path(
        f"<path:path>/{files.FILES_PATH_PART}/<str:filename>",
        files.document_file,
        name="document_file",
    ),
    path("<path:path>/feed.atom", feeds.OrganizationFeed(), name="organization_feed"),
    # One route for documents and organizations: the view tells them apart by
    # whether the path parses as an identifier ("dhs/ice/pia-015/g") or not ("dhs/ice").
    path("<path:path>/", views.page, name="document"),
    path("<path:path>/", views.page, name="organization"),
]
