"""Generates docs/cli.md from the commands' own ``--help``: the help is the reference.

Run ``python -m privdocs.core.clidocs`` after changing a command; a test fails
when the file and the help disagree.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

#: The commands a person runs, with the sub-command each one documents (if any).
COMMANDS: tuple[tuple[str, str | None], ...] = (
    ("serve", None),
    ("demo", None),
    ("import", "page"),
    ("import", "catalog"),
    ("import", "undo"),
    ("imports", None),
    ("export", "catalog"),
    ("export", "document"),
    ("reindex", None),
    ("reviews", "list"),
    ("reviews", "remind"),
    ("templates", "list"),
    ("templates", "load"),
    ("backup", None),
    ("restore", None),
)

DOC_PATH = Path(__file__).resolve().parents[2] / "docs" / "cli.md"


def _help_text(name: str, subcommand: str | None) -> str:
    from django.core.management import get_commands, load_command_class

    command = load_command_class(get_commands()[name], name)
    parser = command.create_parser("privdocs", name)
    if subcommand is None:
        return parser.format_help()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return str(action.choices[subcommand].format_help())
    raise LookupError(f"{name} has no sub-command {subcommand}")


def render() -> str:
    """The whole of docs/cli.md, as the commands describe themselves now."""
    from privdocs.cli import HELP

    os.environ["COLUMNS"] = "88"  # argparse wraps to the terminal: fix it for the file
    parts = [
        "# Command reference\n",
        "Generated from the commands' `--help` by `python -m privdocs.core.clidocs`;",
        "do not edit by hand.\n",
        "## privdocs\n",
        "```text",
        HELP.rstrip(),
        "```\n",
    ]
    for name, subcommand in COMMANDS:
        title = f"privdocs {name}" + (f" {subcommand}" if subcommand else "")
        help_text = _help_text(name, subcommand).rstrip()
        parts += [f"## {title}\n", "```text", help_text, "```\n"]
    return "\n".join(parts)


def main() -> None:
    """Write docs/cli.md."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privdocs.settings.base")
    import django

    django.setup()
    DOC_PATH.write_text(render(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC_PATH}\n")


if __name__ == "__main__":
    main()
