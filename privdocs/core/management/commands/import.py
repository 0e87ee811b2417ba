"""``privdocs import page|catalog FILE`` and ``privdocs import undo ID``."""

from __future__ import annotations

import getpass
import hashlib
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.errors import ApplicationError, FormatError
from privdocs.core.progress import ProgressLine
from privdocs.core.reporting import (
    change_lines,
    print_import_summary,
    print_notes,
    print_problems,
)
from privdocs.documents.services.catalog import ImportSummary, catalog_import
from privdocs.formats.catalog_json import parse_catalog
from privdocs.formats.page import page_read
from privdocs.formats.records import CatalogRecord
from privdocs.imports.models import ChangeSet
from privdocs.imports.services import change_set_undo

#: Exit codes: 0 imported (possibly with lines reported), 1 refused, 3 refused by --strict.
EXIT_REFUSED = 1
EXIT_STRICT = 3

IMPORT_DESCRIPTION = (
    "Reconcile the registry with {what}: match before creating (series by "
    "identifier, systems by acronym and then by name), leave alone what the file "
    "does not state, move a version's status only forward and never touch a version "
    "the workspace owns. All in one transaction, recorded as one change set that "
    "`privdocs import undo` reverses. Importing the same file again changes nothing."
)


def _who() -> str:
    """The person running the command, for the change set."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


class Command(BaseCommand):
    help = "Import privacy documents into the registry from a file, or undo an import."

    def add_arguments(self, parser: CommandParser) -> None:
        formats = parser.add_subparsers(dest="format", required=True, metavar="FORMAT")
        page = formats.add_parser(
            "page",
            help="A published privacy documents page (plain text or HTML).",
            description=IMPORT_DESCRIPTION.format(
                what="a component's published privacy documents page (plain text or "
                "HTML). Lines that cannot be understood are listed with their line "
                "numbers"
            ),
        )
        page.add_argument("file", type=Path, help="The page to import (.txt or .html).")
        page.add_argument(
            "--strict",
            action="store_true",
            help="Refuse the whole page if any line cannot be understood (exit code 3).",
        )
        catalog = formats.add_parser(
            "catalog",
            help="A catalog file in the interchange format (docs/catalog-format.md).",
            description=IMPORT_DESCRIPTION.format(
                what="a catalog file in the documented interchange format, as "
                "`privdocs export catalog --format json` writes it"
            ),
        )
        catalog.add_argument("file", type=Path, help="The catalog to import (.json).")
        for subparser in (page, catalog):
            subparser.add_argument(
                "--dry-run",
                action="store_true",
                help="Run the import and roll it back: list every change it would "
                "make (per series and field, old → new), change nothing.",
            )
            subparser.add_argument(
                "--prune",
                action="store_true",
                help="Remove associations the file's sections no longer list (without "
                "it they are reported and kept).",
            )
        undo = formats.add_parser(
            "undo",
            help="Undo an import: put back every value it changed.",
            description=(
                "Put back every value an import changed, created or removed, all or "
                "nothing. Refused, naming each row and field, when anything the "
                "import touched has changed since. `privdocs imports` lists imports."
            ),
        )
        undo.add_argument("id", type=int, help="The import's number.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["format"] == "undo":
            self._undo(options["id"])
            return
        path: Path = options["file"]
        source = str(path)
        try:
            digest = _sha256(path)
            size = path.stat().st_size
            stream = path.open("rb")
        except OSError as error:
            raise CommandError(
                f"{path}: cannot read: {error.strerror}", returncode=EXIT_REFUSED
            ) from error
        progress = ProgressLine(sys.stderr, f"Reading {path.name} (bytes)", total=size)
        reading = _Reading(self, source=source, strict=options.get("strict", False))
        with stream:
            if options["format"] == "catalog":
                records: Iterable[CatalogRecord] = _catalog_read(stream, source)
            else:
                records = page_read(
                    stream,
                    source=source,
                    progress=lambda done, _: progress.update(done),
                )
            try:
                summary = catalog_import(
                    records=reading.records(records),
                    source=source,
                    sha256=digest,
                    format=options["format"],
                    actor_label=_who(),
                    prune=options["prune"],
                    dry_run=options["dry_run"],
                    preview=self._preview,
                )
            except _StrictRefusalError as error:
                raise CommandError(str(error), returncode=EXIT_STRICT) from error
            except FormatError as error:
                # Not such a file at all: the message names it already.
                raise CommandError(str(error), returncode=EXIT_REFUSED) from error
            except (ApplicationError, ValidationError) as error:
                # A value the model refuses is bad input, not a crash.
                raise CommandError(
                    f"{path}: nothing imported: {error}", returncode=EXIT_REFUSED
                ) from error
        progress.finish(size)
        reading.report()
        self._report(summary, dry_run=options["dry_run"])

    def _preview(self, change_set: ChangeSet) -> None:
        """A dry run's changes, read back before they are rolled back."""
        self.stdout.write("Dry run: the import would make these changes:")
        for line in change_lines(change_set.changes.order_by("position").iterator()):
            self.stdout.write("  " + line)

    def _report(self, summary: ImportSummary, *, dry_run: bool) -> None:
        print_import_summary(
            self.stdout, summary, title="Would import" if dry_run else "Imported"
        )
        if summary.notes:
            self.stdout.write("Kept as it was:")
            print_notes(self.stdout, summary.notes)
        if dry_run:
            self.stdout.write("Dry run: nothing was changed.")
        elif summary.change_set is not None:
            number = summary.change_set.pk
            self.stdout.write(
                f"Recorded as import {number}: `privdocs imports show {number}` lists "
                f"its changes, `privdocs import undo {number}` reverses it."
            )

    def _undo(self, number: int) -> None:
        try:
            summary = change_set_undo(
                change_set_id=number, actor_label=f"undo by {_who()}"
            )
        except ApplicationError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        self.stdout.write(
            f"Undid import {number} ({summary.change_set.source}): "
            f"{summary.deleted} row(s) it created deleted, {summary.restored} "
            f"restored, {summary.recreated} it removed put back."
        )


def _catalog_read(stream: BinaryIO, source: str) -> Iterator[CatalogRecord]:
    """A catalog file is one JSON document: read whole, UTF-8 only."""
    try:
        text = stream.read().decode("utf-8")
    except UnicodeDecodeError as error:
        raise FormatError(
            f"byte {error.start} is not UTF-8: a catalog file is UTF-8 JSON",
            where=source,
        ) from error
    yield parse_catalog(text, source=source)


class _StrictRefusalError(ApplicationError):
    """--strict and a line not understood: the whole import is rolled back."""


class _Reading:
    """The records of a file as they are read: their problems printed as they
    come (or, with --strict, the import refused), their counts kept."""

    def __init__(self, command: BaseCommand, *, source: str, strict: bool) -> None:
        self.command = command
        self.source = source
        self.strict = strict
        self.series = 0
        self.versions = 0
        self.problems = 0

    def records(self, records: Iterable[CatalogRecord]) -> Iterator[CatalogRecord]:
        """Pass the records on, printing each batch's problems."""
        for record in records:
            self.series += len(record.series)
            self.versions += sum(len(series.versions) for series in record.series)
            self.problems += print_problems(
                self.command.stderr, record.problems, source=self.source
            )
            if self.strict and self.problems:
                raise _StrictRefusalError(
                    "nothing imported: --strict refuses a page with lines not "
                    "understood (listed above)"
                )
            yield record

    def report(self) -> None:
        """What was found, once the whole file was read."""
        self.command.stdout.write(
            f"{self.source}: {self.series} series, {self.versions} versions found."
        )
        if self.problems:
            self.command.stderr.write(
                f"{self.problems} line(s) not understood (listed above)."
            )


def _sha256(path: Path) -> str:
    """The file's sha256, read in chunks (a page may be tens of megabytes)."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
