"""``privdocs import page FILE``: read a published privacy documents page into the registry."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.errors import ApplicationError
from privdocs.core.progress import ProgressLine
from privdocs.core.reporting import print_import_summary, print_problems
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.page import parse_page

#: Exit codes: 0 imported (possibly with lines reported), 1 refused, 3 refused by --strict.
EXIT_REFUSED = 1
EXIT_STRICT = 3


class Command(BaseCommand):
    help = "Import privacy documents into the registry from a file."

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
        page = formats.add_parser(
            "page",
            help="A published privacy documents page (plain text or HTML).",
            description=(
                "Read a component's published privacy documents page, as plain text or "
                "HTML, and create or update its organizations, systems, series, versions "
                "and associations in one transaction. Re-importing the same page changes "
                "nothing; a newer page updates in place. Lines that cannot be understood "
                "are listed with their line numbers."
            ),
        )
        page.add_argument("file", type=Path, help="The page to import (.txt or .html).")
        page.add_argument(
            "--dry-run",
            action="store_true",
            help="Parse and report, but change nothing in the registry.",
        )
        page.add_argument(
            "--strict",
            action="store_true",
            help="Refuse the whole page if any line cannot be understood (exit code 3).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            raw = path.read_bytes()
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read: {error.strerror}", returncode=EXIT_REFUSED
            ) from error
        text = raw.decode("utf-8", errors="replace")
        try:
            record = parse_page(text, source=str(path))
        except ApplicationError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        self.stdout.write(
            f"{path}: {len(record.series)} series, "
            f"{sum(len(s.versions) for s in record.series)} versions found."
        )
        problem_count = print_problems(self.stderr, record.problems, source=str(path))
        if problem_count:
            self.stderr.write(f"{problem_count} line(s) not understood (listed above).")
            if options["strict"]:
                raise CommandError(
                    "nothing imported: --strict refuses a page with lines not understood",
                    returncode=EXIT_STRICT,
                )
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
            return
        progress = ProgressLine(
            sys.stderr, "Importing series", total=len(record.series)
        )
        try:
            summary = catalog_apply(
                record=record, progress=lambda done, _: progress.update(done)
            )
        except (ApplicationError, ValidationError) as error:
            # A value the model refuses (a title too long) is bad input, not a crash.
            raise CommandError(
                f"{path}: nothing imported: {error}", returncode=EXIT_REFUSED
            ) from error
        progress.finish(len(record.series))
        print_import_summary(self.stdout, summary, title="Imported")
