"""``privdocs export catalog``: the catalog as open data, JSON or CSV."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any, TextIO, cast

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.progress import ProgressLine
from privdocs.formats.catalog_export import FORMATS, export_catalog


class Command(BaseCommand):
    help = "Export the registry's published documents."

    def add_arguments(self, parser: CommandParser) -> None:
        what = parser.add_subparsers(dest="what", required=True, metavar="WHAT")
        catalog = what.add_parser(
            "catalog",
            help="Every published series with its versions and associations.",
            description=(
                "Write the catalog of published documents in the privdocs catalog format "
                "(docs/catalog-format.md): JSON, or CSV with one row per version. Only "
                "what the public may see is exported."
            ),
        )
        catalog.add_argument(
            "--format",
            choices=FORMATS,
            default="json",
            help="Output format (default: json).",
        )
        catalog.add_argument(
            "--output",
            type=Path,
            help="File to write; written whole or not at all. Default: standard output.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        fmt: str = options["format"]
        output: Path | None = options["output"]
        if output is None:
            # The raw stream: OutputWrapper would add a newline to every chunk.
            export_catalog(cast("TextIO", self.stdout._out), fmt=fmt)
            return
        progress = ProgressLine(sys.stderr, "Exporting series")
        directory = output.resolve().parent
        if not directory.is_dir():
            raise CommandError(
                f"{output}: folder {directory} does not exist", returncode=1
            )
        # Written beside the target and renamed: a reader never sees half a file.
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{output.name}.")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                count = export_catalog(stream, fmt=fmt, progress=progress.update)
            os.replace(temporary, output)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        progress.finish(count)
        self.stderr.write(f"{count} series written to {output}")
