"""``privdocs restore FILE``: a backup into an empty database and data directory."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.backup import BackupError, backup_restore

EPILOG = (
    "Exit status: 0 restored; 1 refused (not a privdocs backup, truncated or "
    "damaged, a backup of the other database vendor, a newer privdocs, a database "
    "or files folder that is not empty); 2 usage (FILE does not exist). Nothing is "
    "written when it refuses. See docs/operators.md, Backup and restore."
)


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'privdocs backup' into an empty database and an "
        "empty data directory: every member is checked against the manifest's sha256 "
        "first, a SQLite backup goes into SQLite and a PostgreSQL one into PostgreSQL, "
        "and migrations newer than the backup are applied after."
    )
    requires_system_checks: list[str] = []

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        return super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "file",
            metavar="FILE",
            type=Path,
            help="Archive written by privdocs backup.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Verify, then restore; progress goes to standard error."""
        path: Path = options["file"]

        def migrate() -> None:
            call_command("migrate", interactive=False, verbosity=0)

        try:
            summary = backup_restore(path=path, log=sys.stderr, migrate=migrate)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.returncode) from None
        manifest = summary.manifest
        newer = (
            f"; applied {len(summary.migrations_applied)} newer migration(s)"
            if summary.migrations_applied
            else ""
        )
        self.stderr.write(
            f"Restored {path} (privdocs {manifest.privdocs_version}, made "
            f"{manifest.created_at}): {manifest.vendor} database, {summary.files} "
            f"stored file(s){newer}."
        )
