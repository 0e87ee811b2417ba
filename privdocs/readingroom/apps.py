"""The public reading room: pages, feeds, sitemap and open-data downloads (no models)."""

from django.apps import AppConfig


class ReadingRoomConfig(AppConfig):
    name = "privdocs.readingroom"
    label = "readingroom"
    verbose_name = "Reading room"
