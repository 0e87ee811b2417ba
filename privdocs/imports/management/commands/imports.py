"""``privdocs imports``: list past imports; ``privdocs imports show ID``: one's changes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from privdocs.core.errors import ApplicationError
from privdocs.core.reporting import change_lines
from privdocs.imports.models import ChangeSet
from privdocs.imports.selectors import change_set_get, change_set_list

#: Columns of the list, in order.
COLUMNS = ("import", "when", "who", "format", "source", "sha256", "changes", "undone")


def _when(change_set: ChangeSet) -> str:
    return timezone.localtime(change_set.created_at).strftime("%Y-%m-%d %H:%M")


def _counts(change_set: ChangeSet) -> str:
    totals = {"created": 0, "updated": 0, "removed": 0}
    for outcomes in change_set.counts.values():
        for outcome in totals:
            totals[outcome] += int(outcomes.get(outcome, 0))
    return ", ".join(f"{count} {outcome}" for outcome, count in totals.items())


class Command(BaseCommand):
    help = (
        "List the imports, newest first: number, when, who ran it, the file and its "
        "sha256, what it changed, and whether it was undone. `imports show ID` lists "
        "one import's changes, per row and field, old → new."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "action",
            nargs="?",
            choices=["list", "show"],
            default="list",
            help="list (the default) or show one import's changes",
        )
        parser.add_argument("id", nargs="?", type=int, help="The import's number.")
        parser.add_argument(
            "--limit",
            type=int,
            default=50,
            help="How many imports to list (default 50).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "show":
            if options["id"] is None:
                raise CommandError(
                    "imports show: give the import's number", returncode=2
                )
            self._show(options["id"])
            return
        if options["limit"] < 1:
            raise CommandError("--limit must be 1 or more", returncode=2)
        rows = list(change_set_list()[: options["limit"]])
        if not rows:
            self.stdout.write("No imports yet.")
            return
        self.stdout.write("\t".join(COLUMNS))
        for change_set in rows:
            undone = ""
            if change_set.undone_at is not None:
                undone = timezone.localtime(change_set.undone_at).strftime(
                    "%Y-%m-%d %H:%M"
                )
            self.stdout.write(
                "\t".join(
                    (
                        str(change_set.pk),
                        _when(change_set),
                        change_set.actor_label,
                        change_set.format,
                        change_set.source,
                        change_set.sha256[:12],
                        _counts(change_set),
                        undone,
                    )
                )
            )

    def _show(self, number: int) -> None:
        try:
            change_set = change_set_get(change_set_id=number)
        except ApplicationError as error:
            raise CommandError(str(error), returncode=1) from error
        self.stdout.write(
            f"Import {change_set.pk} of {change_set.source} "
            f"(sha256 {change_set.sha256}), {_when(change_set)} by "
            f"{change_set.actor_label}: {_counts(change_set)}"
        )
        self.stdout.write("Changes:")
        for line in change_lines(change_set.changes.order_by("position")):
            self.stdout.write("  " + line)
