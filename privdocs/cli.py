"""The ``privdocs`` command: one entry point for everything a person runs."""

from __future__ import annotations

import os
import sys

from privdocs import __version__

HELP = """\
usage: privdocs COMMAND [options]

privdocs keeps an inventory of systems and their privacy documents (PTA, PIA,
SORN, PCR, DPIA) and publishes them in a public reading room.

Commands:
  serve                  apply migrations, load the sample into an empty registry, serve
  demo                   load the sample catalog (ICE's PIAs of 2015)
  import page FILE       import a published privacy documents page (text or HTML)
  export catalog         export published documents as JSON or CSV
  export document ID     one version as a Word (DOCX) file
  templates list|load    list the questionnaire templates, or load one from YAML
  reviews list|remind    periodic reviews coming due, and their reminder mail
  migrate                apply database migrations (Django)
  createsuperuser        create an administrator account (Django)

Run 'privdocs COMMAND --help' for a command's options, 'privdocs help --commands'
for every command, including Django's own.

Environment: DATABASE_URL selects the database (sqlite:///path or
postgres://user@host/name); without it, a SQLite file in PRIVDOCS_DATA_DIR
(default ./var). See docs/operators.md.
"""


def main(argv: list[str] | None = None) -> None:
    """Run a privdocs command; ``argv`` defaults to the process's arguments."""
    arguments = sys.argv[1:] if argv is None else argv
    if not arguments or arguments in (["-h"], ["--help"], ["help"]):
        sys.stdout.write(HELP)
        return
    if arguments == ["--version"]:
        sys.stdout.write(f"privdocs {__version__}\n")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privdocs.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["privdocs", *arguments])


if __name__ == "__main__":
    main()
