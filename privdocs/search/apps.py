"""Full-text search over privacy documents: one interface, SQLite FTS5 or PostgreSQL."""

from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "privdocs.search"
    label = "search"
    verbose_name = "Search"
