"""``privdocs backup FILE``: one archive of the database and stored files, while serving."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.backup import BackupError, backup_create

EPILOG = (
    "Exit status: 0 written; 1 refused (FILE exists without --force, cannot be "
    "written, pg_dump missing); 2 usage (FILE's folder does not exist, FILE is a "
    "folder). See docs/operators.md, Backup and restore."
)


class Command(BaseCommand):
    help = (
        "Write a backup of the registry to FILE (a .tar.gz): a consistent snapshot of "
        "the database taken while the server goes on serving (SQLite's online backup, "
        "or pg_dump), the stored files, and a manifest.json with the privdocs version, "
        "the database vendor, the migrations applied and the sha256 of each member. "
        "Sessions are left out. The archive is written beside FILE and renamed into "
        "place: it is whole or absent."
    )
    requires_system_checks: list[str] = []

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        return super().create_parser(prog_name, subcommand, epilog=EPILOG, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE", type=Path, help="Archive to write.")
        parser.add_argument(
            "--force", action="store_true", help="Replace FILE if it exists."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        """Write the archive; progress goes to standard error."""
        path: Path = options["file"]
        try:
            manifest = backup_create(path=path, force=options["force"], log=sys.stderr)
        except BackupError as error:
            raise CommandError(str(error), returncode=error.returncode) from None
        files = sum(1 for name in manifest.members if name.startswith("files/"))
        size = path.stat().st_size
        self.stderr.write(
            f"Backup written to {path}: {manifest.vendor} database, {files} stored "
            f"file(s), {len(manifest.migrations)} migrations, {size:,} bytes."
        )
