"""``privdocs reindex``: rebuild the full-text search index from every version."""

from __future__ import annotations

from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand

from privdocs.core.progress import ProgressLine
from privdocs.search.services import search_index_rebuild


class Command(BaseCommand):
    help = (
        "Rebuild the full-text search index from every document version. Imports "
        "and workflow changes keep the index current on their own: run this after "
        "restoring a backup, loading rows by other means, or upgrading privdocs."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The raw stream: OutputWrapper would end every progress redraw with a newline.
        progress = ProgressLine(cast("TextIO", self.stderr._out), "Indexing versions")

        def report(done: int, total: int) -> None:
            progress.total = total
            progress.update(done)

        count = search_index_rebuild(progress=report)
        progress.finish(count)
        self.stdout.write(f"{count} versions indexed.")
