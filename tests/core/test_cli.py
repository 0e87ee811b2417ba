"""The ``privdocs`` entry point: a database that is not set up or not reachable is
told in one paragraph that says which database and what to run, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.db import OperationalError, ProgrammingError

from privdocs.cli import database_problem
from tests.cli_process import privdocs_run


def test_a_new_database_is_told_to_migrate(tmp_path: Path) -> None:
    """A command run before any migration names the file and 'privdocs migrate'."""
    done = privdocs_run("templates", "list", PRIVDOCS_DATA_DIR=str(tmp_path))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert str(tmp_path / "privdocs.sqlite3") in done.stderr
    assert "no such table: questionnaires_template" in done.stderr
    assert "run 'privdocs migrate' first" in done.stderr


def test_debug_shows_the_traceback(tmp_path: Path) -> None:
    """PRIVDOCS_DEBUG is for the developer who wants the whole story."""
    done = privdocs_run(
        "templates", "list", PRIVDOCS_DATA_DIR=str(tmp_path), PRIVDOCS_DEBUG="1"
    )
    assert done.returncode == 1
    assert "Traceback" in done.stderr


@pytest.mark.parametrize(
    ("error", "advice"),
    [
        (OperationalError("no such column: documents_version.x"), "privdocs migrate"),
        (ProgrammingError('relation "search_entry" does not exist\nLINE 1'), "migrate"),
        (
            OperationalError('FATAL:  database "registry" does not exist'),
            "Create it first",
        ),
        (OperationalError("database is locked"), "try again once it has finished"),
        (OperationalError("Connection refused"), "Check DATABASE_URL"),
    ],
)
def test_each_database_problem_gets_its_advice(error: Exception, advice: str) -> None:
    """Missing tables or columns, a missing database, a busy SQLite file and a
    refused connection each say what to do; only the engine's first line is kept."""
    told = database_problem(error)
    assert told is not None
    assert told.startswith("privdocs: database ")
    assert advice in told
    assert "LINE 1" not in told


def test_a_programming_error_of_privdocs_keeps_its_traceback() -> None:
    """A ProgrammingError that names no missing table is a bug to report, not a
    set-up to fix: it is not dressed up as advice."""
    assert database_problem(ProgrammingError('syntax error at or near "FROM"')) is None
