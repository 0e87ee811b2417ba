"""The one place settings read the environment: every variable privdocs understands."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

#: Variables read here, each documented in docs/operators.md (a test checks it).
VARIABLES = (
    "DATABASE_URL",
    "PRIVDOCS_DATA_DIR",
    "PRIVDOCS_SECRET_KEY",
    "PRIVDOCS_DEBUG",
    "PRIVDOCS_ALLOWED_HOSTS",
    "PRIVDOCS_BASE_URL",
)


def data_dir() -> Path:
    """Where the SQLite file, uploaded files and the generated secret live."""
    return Path(os.environ.get("PRIVDOCS_DATA_DIR", "var")).resolve()


def debug() -> bool:
    """Debug pages only when asked for: never show a traceback to a user by default."""
    return os.environ.get("PRIVDOCS_DEBUG", "").lower() in {"1", "true", "yes", "on"}


def allowed_hosts() -> list[str]:
    """Host names the server answers to."""
    raw = os.environ.get(
        "PRIVDOCS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver"
    )
    return [host.strip() for host in raw.split(",") if host.strip()]


def base_url() -> str:
    """The public address of the reading room, used in feeds and exports."""
    return os.environ.get("PRIVDOCS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def secret_key() -> str:
    """The secret key from the environment, else one generated once into the data dir."""
    from_env = os.environ.get("PRIVDOCS_SECRET_KEY")
    if from_env:
        return from_env
    path = data_dir() / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def database() -> dict[str, Any]:
    """The default database: ``DATABASE_URL`` when set, else a SQLite file in the data dir."""
    url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'privdocs.sqlite3'}"
    )
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            # Writers queue instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL lets readers go on while one writer writes; FULL makes an
            # approval that was acknowledged survive a power cut.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        }
    return config
