"""The ``privdocs`` command: one entry point for everything a person runs."""

from __future__ import annotations

import os
import re
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
  import catalog FILE    import a catalog file (the JSON interchange format)
  import undo ID         undo an import: put back every value it changed
  imports [show ID]      list the imports, or one import's changes
  export catalog         export published documents as JSON or CSV
  export document ID     one version as a Word (DOCX) file
  templates list|load    list the questionnaire templates, or load one from YAML
  reviews list|remind    periodic reviews coming due, and their reminder mail
  backup FILE            one archive of the database and stored files, while serving
  restore FILE           a backup into an empty database and data directory
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
    # A server faces its users: it gets the production settings unless told
    # otherwise (DJANGO_SETTINGS_MODULE or --settings).
    os.environ.setdefault(
        "DJANGO_SETTINGS_MODULE",
        SERVER_SETTINGS if arguments[0] == "serve" else "privdocs.settings.base",
    )
    settings_problem(arguments)
    from django.core.management import execute_from_command_line
    from django.db import OperationalError, ProgrammingError

    try:
        execute_from_command_line(["privdocs", *arguments])
    except (OperationalError, ProgrammingError) as error:
        from privdocs.settings.environment import debug

        told = database_problem(error)
        # Any other database error is a fault of privdocs, not of the set-up: it
        # keeps its traceback for the report.
        if told is None or debug():
            raise
        sys.stderr.write(told)
        sys.exit(1)


#: The settings ``privdocs serve`` runs unless told otherwise.
SERVER_SETTINGS = "privdocs.settings.production"


def settings_problem(arguments: list[str]) -> None:
    """Load the settings now, and stop with one line and exit code 2 if they are
    refused (a missing or weak secret key, a bad variable): Django would otherwise
    bury the reason under "Unknown command"."""
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    for index, argument in enumerate(arguments):
        if argument.startswith("--settings="):
            os.environ["DJANGO_SETTINGS_MODULE"] = argument.partition("=")[2]
        elif argument == "--settings" and index + 1 < len(arguments):
            os.environ["DJANGO_SETTINGS_MODULE"] = arguments[index + 1]
    try:
        settings.INSTALLED_APPS  # noqa: B018  (loads the settings module)
    except ImproperlyConfigured as error:
        module = os.environ["DJANGO_SETTINGS_MODULE"]
        sys.stderr.write(f"privdocs: settings {module}: {error}\n")
        sys.exit(2)


#: What SQLite and PostgreSQL say of a table or column the migrations have not made.
_NOT_MIGRATED = re.compile(
    r"no such (table|column)|(relation|column) \S+ does not exist"
)
#: What PostgreSQL says when the database named in DATABASE_URL is not there.
_NO_DATABASE = re.compile(r'database "[^"]*" does not exist')
#: What SQLite says when another process held the write lock past the busy timeout.
_LOCKED = re.compile(r"database is locked")


def database_problem(error: Exception) -> str | None:
    """One paragraph for a database that is unreachable, busy or not set up, in
    place of a traceback: what failed, which database, and what to do. None for
    an error that says nothing of the set-up (a ProgrammingError of another kind)."""
    from django.db import OperationalError, connection

    settings = connection.settings_dict
    where = settings["NAME"]
    if settings.get("HOST"):
        # Host and database name only: the URL may carry a password.
        where = (
            f"{settings['NAME']} on {settings['HOST']}:{settings.get('PORT') or 5432}"
        )
    cause = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)
    if _NO_DATABASE.search(cause):
        advice = "Create it first (PostgreSQL's createdb), then run 'privdocs migrate'."
    elif _NOT_MIGRATED.search(cause):
        advice = (
            "The database is new or older than this release of privdocs: "
            "run 'privdocs migrate' first."
        )
    elif _LOCKED.search(cause):
        advice = (
            "Another privdocs process was writing to it for too long: "
            "try again once it has finished. Nothing was changed."
        )
    elif isinstance(error, OperationalError):
        advice = "Check DATABASE_URL and that the server is up (see docs/operators.md)."
    else:
        return None
    return f"privdocs: database {where}: {cause}\n{advice}\n"


if __name__ == "__main__":
    main()
