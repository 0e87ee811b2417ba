"""``privdocs templates list|load``: the questionnaire templates in the registry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privdocs.core.errors import ApplicationError
from privdocs.questionnaires.definition import definition_yaml_load
from privdocs.questionnaires.selectors import template_definition, template_list
from privdocs.questionnaires.services import template_create, template_sync_builtin

#: Exit code when a template is refused.
EXIT_REFUSED = 1

COLUMNS = ("key", "version", "kind", "sections", "questions", "required", "active")


class Command(BaseCommand):
    help = "List the questionnaire templates, or load the shipped ones or a YAML file."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        actions.add_parser(
            "list",
            help="List every template version with its counts of questions.",
            description=(
                "List every template version in the registry: key, version, document "
                "kind, number of sections, of questions and of required questions, "
                "and whether it is offered for new documents."
            ),
        )
        load = actions.add_parser(
            "load",
            help="Load the shipped templates, or a template from a YAML file.",
            description=(
                "Without FILE, store the versions of the shipped templates not stored "
                "yet (migrate does this too). With FILE, check the template in it and "
                "store it as a new version; a template whose key and version exist "
                "already is refused: give a changed template a new version."
            ),
        )
        load.add_argument(
            "file",
            type=Path,
            nargs="?",
            help="A template in YAML or JSON (see docs/templates.md).",
        )
        load.add_argument(
            "--inactive",
            action="store_true",
            help="Store the template without offering it for new documents yet.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            self._list()
        elif options["file"] is None:
            self._load_builtin()
        else:
            self._load_file(options["file"], is_active=not options["inactive"])

    def _list(self) -> None:
        rows = [COLUMNS]
        for template in template_list():
            definition = template_definition(template)
            questions = list(definition.questions())
            rows.append(
                (
                    template.key,
                    template.version,
                    template.kind,
                    str(len(definition.sections)),
                    str(len(questions)),
                    str(sum(question.required for question in questions)),
                    "yes" if template.is_active else "no",
                )
            )
        widths = [max(len(row[index]) for row in rows) for index in range(len(COLUMNS))]
        for row in rows:
            line = "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            )
            self.stdout.write(line.rstrip())

    def _load_builtin(self) -> None:
        try:
            counts = template_sync_builtin()
        except ApplicationError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        self.stdout.write(
            f"Shipped templates: {counts['created']} added, "
            f"{counts['unchanged']} unchanged, "
            f"{counts['deactivated']} older version(s) no longer offered."
        )

    def _load_file(self, path: Path, *, is_active: bool) -> None:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            reason = getattr(error, "strerror", None) or str(error)
            raise CommandError(
                f"{path}: cannot read: {reason}", returncode=EXIT_REFUSED
            ) from error
        try:
            raw = definition_yaml_load(text, source=str(path))
            template = template_create(
                definition=raw,
                actor=None,
                actor_label=f"privdocs templates load {path.name}",
                source=str(path),
                is_active=is_active,
            )
        except ApplicationError as error:
            raise CommandError(str(error), returncode=EXIT_REFUSED) from error
        self.stdout.write(
            f"{path}: added template {template.reference} ({template.kind})."
        )
