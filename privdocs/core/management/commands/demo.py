"""``privdocs demo``: load the sample catalog (ICE's 38 PIA series of 2015)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser

from privdocs.access.services import demo_accounts_create
from privdocs.core.arguments import CheckedCommand
from privdocs.core.reporting import print_import_summary
from privdocs.documents.models import DocumentSeries
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.catalog_json import load_sample_catalog


class Command(CheckedCommand):
    help = (
        "Load the sample catalog: the 38 PIA series ICE published by 2015, as facts "
        "(identifiers, dates, pages, sizes) with summaries in privdocs' own words. "
        "Loading it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the registry holds no document series yet.",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help="Also create demo accounts for the workspace (demo-author, "
            "demo-reviewer, demo-approver, demo-admin) with random passwords, written "
            "to demo-accounts.txt (mode 0600) in the data directory, and printed once "
            "when the output is a terminal (never into a log).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["if_empty"] and DocumentSeries.objects.exists():
            self.stdout.write(
                "The registry already holds documents; sample not loaded."
            )
        else:
            summary = catalog_apply(record=load_sample_catalog())
            print_import_summary(self.stdout, summary, title="Sample catalog")
        if options["accounts"]:
            self._accounts()

    def _accounts(self) -> None:
        created = demo_accounts_create()
        if not created:
            return
        lines = [
            f"{account.username:<14} {account.password}  "
            f"({account.role.label}, {account.organization})"
            for account in created
        ]
        path = Path(settings.PRIVDOCS_DATA_DIR) / "demo-accounts.txt"
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        # Created 0600, never readable by others even for a moment.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        with os.fdopen(descriptor, "a", encoding="utf-8") as file:
            file.write("\n".join(lines) + "\n")
        path.chmod(0o600)
        if not self.stdout.isatty():
            # Standard output is a file or a pipe: a server log, a journal. The
            # passwords stay in the file only the owner can read.
            names = ", ".join(account.username for account in created)
            self.stdout.write(
                f"Demo accounts for /workspace/: {names}; their passwords are in "
                f"{path} (readable by its owner only)."
            )
            return
        self.stdout.write("Demo accounts for /workspace/ (also in " + str(path) + "):")
        for line in lines:
            self.stdout.write("  " + line)
