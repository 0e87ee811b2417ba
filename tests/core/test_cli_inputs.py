"""Values the commands cannot use are a one-line error and exit code 2: never a
traceback, a hang, or a half-written file left behind."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from privdocs.cli import main
from tests.cli_process import privdocs_run


def _fails(capsys: pytest.CaptureFixture[str], *arguments: str) -> str:
    """Run ``privdocs ARGUMENTS`` as a person would; return what it wrote to
    stderr after checking that it is one line and the exit code 2."""
    with pytest.raises(SystemExit) as stopped:
        main(list(arguments))
    assert stopped.value.code == 2
    [line] = capsys.readouterr().err.splitlines()
    return line


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "argument --workers: expected a number of workers from 1 to 64, got 0"),
        ("-3", "argument --workers: expected a number of workers from 1 to 64, got -3"),
        ("two", "argument --workers: expected a number of workers (a whole number"),
    ],
)
def test_serve_workers_out_of_range(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    """serve --workers 0 (which made gunicorn hang) is refused before anything runs."""
    line = _fails(capsys, "serve", "--workers", value)
    assert line.startswith("privdocs serve: error: ")
    assert message in line
    assert line.endswith("(see 'privdocs serve --help')")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("70000", "argument --port: expected a TCP port from 1 to 65535, got 70000"),
        ("-1", "argument --port: expected a TCP port from 1 to 65535, got -1"),
        ("0", "argument --port: expected a TCP port from 1 to 65535, got 0"),
        ("http", "argument --port: expected a TCP port (a whole number from 1 to"),
    ],
)
def test_serve_port_out_of_range(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    """A port outside 1-65535, negative or not a number is refused with its value."""
    assert message in _fails(capsys, "serve", "--port", value)


@pytest.mark.django_db
def test_reviews_within_too_many_days(capsys: pytest.CaptureFixture[str]) -> None:
    """reviews list --within 999999999999 (a date overflow traceback) is refused."""
    line = _fails(capsys, "reviews", "list", "--within", "999999999999")
    assert line == (
        "privdocs reviews list: error: argument --within: expected a number of days "
        "from 1 to 36500, got 999999999999 (see 'privdocs reviews list --help')"
    )


@pytest.mark.parametrize("action", ["list", "remind"])
@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "2026-02-30"])
def test_reviews_bad_today(
    capsys: pytest.CaptureFixture[str], action: str, value: str
) -> None:
    """Every --today takes a real YYYY-MM-DD date or says which value is wrong."""
    line = _fails(capsys, "reviews", action, "--today", value)
    assert line == (
        f"privdocs reviews {action}: error: argument --today: expected a date as "
        f"YYYY-MM-DD, got {value!r} (see 'privdocs reviews {action} --help')"
    )


_EXPORTS = [
    ("export", "catalog"),
    ("export", "catalog", "--format", "csv"),
    ("audit", "export"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("command", _EXPORTS)
def test_export_output_is_a_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    """--output naming an existing directory is refused, and nothing is left in it."""
    line = _fails(capsys, *command, "--output", str(tmp_path))
    assert (
        line == f"CommandError: --output {tmp_path}: is a directory; name a file in it"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("command", _EXPORTS)
def test_export_output_missing_parent(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, command: tuple[str, ...]
) -> None:
    """--output in a folder that does not exist names the folder."""
    target = tmp_path / "absent" / "out.json"
    line = _fails(capsys, *command, "--output", str(target))
    assert line == (
        f"CommandError: --output {target}: folder {target.parent} does not exist"
    )
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
@pytest.mark.parametrize("command", _EXPORTS)
def test_export_output_unwritable(
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
) -> None:
    """--output in a folder this process may not write is refused before any work.

    The folder is made read-only for this process by refusing os.access: the suite
    may run as root, for whom file modes do not apply."""
    real_access = os.access

    def access(path: object, mode: int) -> bool:
        if Path(str(path)) == tmp_path:
            return False
        return real_access(path, mode)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    target = tmp_path / "out.json"
    line = _fails(capsys, *command, "--output", str(target))
    assert line == f"CommandError: --output {target}: folder {tmp_path} is not writable"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_export_document_output_is_a_directory(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """export document --output DIR is refused before the version is looked up."""
    line = _fails(
        capsys, "export", "document", "DHS/ICE/PIA-015", "--output", str(tmp_path)
    )
    assert (
        line == f"CommandError: --output {tmp_path}: is a directory; name a file in it"
    )
    assert list(tmp_path.iterdir()) == []


def test_production_settings_without_a_secret_key(tmp_path: Path) -> None:
    """Production settings without PRIVDOCS_SECRET_KEY: one line, exit code 2."""
    done = privdocs_run(
        "check",
        PRIVDOCS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="privdocs.settings.production",
    )
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "privdocs: settings privdocs.settings.production: PRIVDOCS_SECRET_KEY must "
        "be set in production (see docs/operators.md)."
    ]
