"""The one place settings read the environment: every variable privdocs understands."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url

#: Variables read here, each documented in docs/operators.md (a test checks it).
VARIABLES = (
    "DATABASE_URL",
    "PRIVDOCS_DATA_DIR",
    "PRIVDOCS_SECRET_KEY",
    "PRIVDOCS_DEBUG",
    "PRIVDOCS_ALLOWED_HOSTS",
    "PRIVDOCS_BASE_URL",
    "PRIVDOCS_EMAIL_URL",
    "PRIVDOCS_EMAIL_FROM",
    "PRIVDOCS_REVIEW_INTERVAL_YEARS",
    "PRIVDOCS_REVIEW_DUE_SOON_DAYS",
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
        # Kept open like PostgreSQL's: a new connection per request re-reads the
        # schema and starts with a cold page cache.
        config["CONN_MAX_AGE"] = 60
        config["OPTIONS"] = {
            # Writers queue instead of failing with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # WAL lets readers go on while one writer writes; FULL makes an
            # approval that was acknowledged survive a power cut.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        }
    if config["ENGINE"] == "django.db.backends.postgresql":
        # Rows and indexes sit in memory or on SSD: with the default cost of a
        # random read (4), the planner scans the search index's whole table for
        # a phrase of common words instead of using its GIN index.
        config.setdefault("OPTIONS", {}).setdefault(
            "options", "-c random_page_cost=1.1"
        )
    return config


def email() -> dict[str, Any]:
    """Mail settings from ``PRIVDOCS_EMAIL_URL``: ``smtp://user:pass@host:port``,
    ``smtp+tls://…``, or ``console:`` (the default: mail is printed, not sent)."""
    url = os.environ.get("PRIVDOCS_EMAIL_URL", "console:")
    parts = urlsplit(url)
    sender = os.environ.get("PRIVDOCS_EMAIL_FROM", "privdocs@localhost")
    settings: dict[str, Any] = {"DEFAULT_FROM_EMAIL": sender, "SERVER_EMAIL": sender}
    if parts.scheme in ("smtp", "smtp+tls", "smtp+ssl"):
        settings.update(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST=parts.hostname or "localhost",
            EMAIL_PORT=parts.port
            or (
                465
                if parts.scheme == "smtp+ssl"
                else 587
                if parts.scheme == "smtp+tls"
                else 25
            ),
            EMAIL_HOST_USER=unquote(parts.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
            EMAIL_USE_TLS=parts.scheme == "smtp+tls",
            EMAIL_USE_SSL=parts.scheme == "smtp+ssl",
        )
    elif parts.scheme == "console":
        settings["EMAIL_BACKEND"] = "django.core.mail.backends.console.EmailBackend"
    else:
        raise ValueError(
            f"PRIVDOCS_EMAIL_URL: unknown scheme {parts.scheme!r} "
            "(use smtp://, smtp+tls://, smtp+ssl:// or console:)"
        )
    return settings


def review_interval_years() -> int:
    """Years from publication to a PIA's periodic review (DHS: three)."""
    return _positive_int("PRIVDOCS_REVIEW_INTERVAL_YEARS", 3)


def review_due_soon_days() -> int:
    """How many days ahead a review counts as "due soon" and is reminded by mail."""
    return _positive_int("PRIVDOCS_REVIEW_DUE_SOON_DAYS", 90)


def _positive_int(name: str, default: int) -> int:
    raw = os.environ.get(name, "")
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise ValueError(f"{name}: expected a whole number of at least 1, got {raw!r}")
    return int(raw)
