"""``privdocs audit verify|export``: check the audit chain, or write it out."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import IO, Any, TextIO, cast

from django.core.management.base import CommandError, CommandParser

from privdocs.audit.exports import export_audit
from privdocs.audit.models import AuditEvent
from privdocs.audit.selectors import audit_verify
from privdocs.core.arguments import CheckedCommand, write_whole

#: Exit code when the chain shows altered or missing entries.
EXIT_TAMPERED = 2


class Command(CheckedCommand):
    help = "Check the audit log's hash chain, or export the log."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "verify",
            help="Report every altered or missing entry (exit code 2 if any).",
            description=(
                "Recompute each entry's hash and check that it chains to the entry "
                "before it. Prints every altered or missing entry, and the head hash: "
                "keep that hash elsewhere to detect removal of the newest entries."
            ),
        )
        export = actions.add_parser(
            "export",
            help="Write the whole log, oldest first, as JSON Lines or CSV.",
            description="Write every audit entry, oldest first.",
        )
        export.add_argument(
            "--format", choices=["jsonl", "csv"], default="jsonl", help="Output format."
        )
        export.add_argument(
            "--output", type=Path, help="Write to this file instead of standard output."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "verify":
            self._verify()
        else:
            self._export(options["format"], options["output"])

    def _verify(self) -> None:
        problems = list(audit_verify())
        for problem in problems:
            self.stderr.write(str(problem))
        head = AuditEvent.objects.order_by("-sequence").first()
        count = AuditEvent.objects.count()
        if problems:
            raise CommandError(
                f"audit log: {len(problems)} problem(s) in {count} entries",
                returncode=EXIT_TAMPERED,
            )
        head_text = f"; head #{head.sequence} {head.hash}" if head else ""
        self.stdout.write(f"audit log intact: {count} entries{head_text}")

    def _export(self, fmt: str, output: Path | None) -> None:
        if output is None:
            count = export_audit(self.stdout, fmt)
        else:
            count = 0

            def write(stream: IO[Any]) -> None:
                nonlocal count
                count = export_audit(cast("TextIO", stream), fmt)

            write_whole(output, write, binary=False)
        print(f"{count} audit entries written.", file=sys.stderr)
