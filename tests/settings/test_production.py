"""The production settings, which ``privdocs serve`` runs: a strong secret key or
nothing, never debug pages, HTTPS settings from the environment, a clean
``check --deploy``."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from privdocs.settings import environment
from tests.cli_process import privdocs_run

GOOD_KEY = "k3Jx9-QpL2vN8wR5tY7uI0oP4aS6dF1gH3jK5lZ8xC2vB4nM6qW9eR1tY3uI5oP7"


def test_serve_runs_the_production_settings(tmp_path: Path) -> None:
    """`privdocs serve` with nothing set picks the production settings, which
    refuse to start without a secret key: one line, exit code 2."""
    done = privdocs_run("serve", PRIVDOCS_DATA_DIR=str(tmp_path))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "privdocs: settings privdocs.settings.production: PRIVDOCS_SECRET_KEY must "
        "be set in production (see docs/operators.md)."
    ]


def test_serve_can_be_told_other_settings(tmp_path: Path) -> None:
    """--settings still chooses: the embedded default needs no key (checked with
    a bad port, so that nothing is served)."""
    done = privdocs_run(
        "serve",
        "--settings",
        "privdocs.settings.base",
        "--port",
        "0",
        PRIVDOCS_DATA_DIR=str(tmp_path),
    )
    assert done.returncode == 2
    assert "argument --port" in done.stderr.splitlines()[-1]


@pytest.mark.parametrize(
    ("key", "reason"),
    [
        ("test-only-secret-key-not-for-production", "a published example"),
        ("django-insecure-" + "x" * 60, "a published example"),
        ("changeme", "a published example"),
        ("short-but-random-Xq8", "it has 20 characters, at least 50"),
        ("ab" * 30, "fewer than 5 different characters"),
    ],
)
def test_weak_secret_keys_are_refused(tmp_path: Path, key: str, reason: str) -> None:
    """A key that is known, short or repetitive stops the production settings."""
    done = privdocs_run(
        "check",
        PRIVDOCS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="privdocs.settings.production",
        PRIVDOCS_SECRET_KEY=key,
    )
    assert done.returncode == 2
    [line] = done.stderr.splitlines()
    assert line.startswith(
        "privdocs: settings privdocs.settings.production: "
        "PRIVDOCS_SECRET_KEY is refused: "
    )
    assert reason in line


def test_a_good_key_passes() -> None:
    """A long random key has no weakness."""
    assert environment.secret_key_weakness(GOOD_KEY) is None


def test_debug_is_impossible_in_production(tmp_path: Path) -> None:
    """PRIVDOCS_DEBUG=1 under the production settings is refused, not obeyed."""
    done = privdocs_run(
        "check",
        PRIVDOCS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="privdocs.settings.production",
        PRIVDOCS_SECRET_KEY=GOOD_KEY,
        PRIVDOCS_DEBUG="1",
    )
    assert done.returncode == 2
    assert "PRIVDOCS_DEBUG is refused by the production settings" in done.stderr


def test_check_deploy_is_clean_over_https(tmp_path: Path) -> None:
    """With PRIVDOCS_HTTPS=1 and a good key, Django's deployment check finds
    nothing, even counting warnings as failures."""
    done = privdocs_run(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        PRIVDOCS_DATA_DIR=str(tmp_path),
        DJANGO_SETTINGS_MODULE="privdocs.settings.production",
        PRIVDOCS_SECRET_KEY=GOOD_KEY,
        PRIVDOCS_HTTPS="1",
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "System check identified no issues (0 silenced)."


def test_https_settings_come_from_the_environment(tmp_path: Path) -> None:
    """PRIVDOCS_HTTPS=1 turns on HSTS, the redirect and secure cookies; without it
    they stay off, so that http://127.0.0.1 still signs in."""
    script = (
        "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.DEBUG)"
    )
    common = {
        "PRIVDOCS_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "privdocs.settings.production",
        "PRIVDOCS_SECRET_KEY": GOOD_KEY,
    }
    over_https = privdocs_run(
        "shell", "-v", "0", "-c", script, PRIVDOCS_HTTPS="1", **common
    )
    assert over_https.stdout.split() == ["True", "31536000", "True", "True", "False"]
    plain = privdocs_run("shell", "-v", "0", "-c", script, **common)
    assert plain.stdout.split() == ["False", "0", "False", "False", "False"]


def test_testserver_is_not_a_default_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """Django's test host is not one a real server answers to by default."""
    monkeypatch.delenv("PRIVDOCS_ALLOWED_HOSTS", raising=False)
    assert environment.allowed_hosts() == ["localhost", "127.0.0.1", "[::1]"]


def test_data_directory_key_and_database_are_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new data directory is 0700, the generated key and the SQLite file 0600."""
    target = tmp_path / "data"
    monkeypatch.setenv("PRIVDOCS_DATA_DIR", str(target))
    monkeypatch.delenv("PRIVDOCS_SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    key = environment.secret_key()
    database = environment.database()
    assert stat.S_IMODE(target.stat().st_mode) == 0o700
    assert stat.S_IMODE((target / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(Path(database["NAME"]).stat().st_mode) == 0o600
    assert environment.secret_key_weakness(key) is None
    assert environment.secret_key() == key
