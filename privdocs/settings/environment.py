"""The one place settings read the environment: every variable privdocs understands."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    "PRIVDOCS_HTTPS",
    "PRIVDOCS_BEHIND_PROXY",
    "PRIVDOCS_SESSION_IDLE_HOURS",
    "PRIVDOCS_LOGIN_FAILURE_LIMIT",
    "PRIVDOCS_LOGIN_LOCKOUT_MINUTES",
)

#: Keys known to the world: in the source, in examples, in tutorials. Refused in
#: production whatever their length.
KNOWN_KEYS = frozenset(
    {
        "test-only-secret-key-not-for-production",
        "changeme",
        "change-me",
        "secret",
        "secret-key",
        "secretkey",
        "your-secret-key",
        "your-secret-key-here",
        "django-insecure",
        "insecure",
        "privdocs",
        "development",
        "dev",
    }
)
#: Django's own deployment check asks for this many characters.
SECRET_KEY_MIN_LENGTH = 50
#: ... and this many different ones.
SECRET_KEY_MIN_UNIQUE = 5


def data_dir() -> Path:
    """Where the SQLite file, uploaded files and the generated secret live; made
    readable by its owner only (0700) when privdocs creates it."""
    path = Path(os.environ.get("PRIVDOCS_DATA_DIR", "var")).resolve()
    if not path.exists():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.chmod(0o700)
    return path


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes", "on"}


def debug() -> bool:
    """Debug pages only when asked for: never show a traceback to a user by default."""
    return _flag("PRIVDOCS_DEBUG")


def https() -> bool:
    """The site is reached over HTTPS only: HSTS, redirect to HTTPS, secure cookies."""
    return _flag("PRIVDOCS_HTTPS")


def behind_proxy() -> bool:
    """A reverse proxy terminates TLS and says so in ``X-Forwarded-Proto``."""
    return _flag("PRIVDOCS_BEHIND_PROXY")


def session_idle_seconds() -> int:
    """How long a signed-in session lasts without a request (default eight hours)."""
    return _positive_int("PRIVDOCS_SESSION_IDLE_HOURS", 8) * 3600


def login_failure_limit() -> int:
    """Failed sign-ins from one address for one account before it is locked out."""
    return _positive_int("PRIVDOCS_LOGIN_FAILURE_LIMIT", 5)


def login_lockout_minutes() -> int:
    """How long a lock-out lasts."""
    return _positive_int("PRIVDOCS_LOGIN_LOCKOUT_MINUTES", 15)


def allowed_hosts() -> list[str]:
    """Host names the server answers to."""
    raw = os.environ.get("PRIVDOCS_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
    return [host.strip() for host in raw.split(",") if host.strip()]


def base_url() -> str:
    """The public address of the reading room, used in feeds and exports."""
    return os.environ.get("PRIVDOCS_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def files_storage() -> dict[str, Any]:
    """Where documents' files are kept: the data directory's ``files/``, or an
    S3-compatible bucket when PRIVDOCS_FILES_BUCKET names one (install the
    ``s3`` extra; credentials come from the usual AWS_* variables)."""
    bucket = os.environ.get("PRIVDOCS_FILES_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        # Blobs are named by their sha256: one name, one content, never renamed.
        "file_overwrite": True,
        "default_acl": None,
        "querystring_auth": True,
    }
    endpoint = os.environ.get("PRIVDOCS_FILES_ENDPOINT_URL", "").strip()
    if endpoint:
        options["endpoint_url"] = endpoint
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def secret_key() -> str:
    """The secret key from the environment, else one generated once into the data dir."""
    from_env = os.environ.get("PRIVDOCS_SECRET_KEY")
    if from_env:
        return from_env
    path = data_dir() / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    key = secrets.token_urlsafe(SECRET_KEY_MIN_LENGTH)
    # Created 0600 from the start: no moment where another user could read it.
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(key)
    return key


def secret_key_production() -> str:
    """The secret key of a public server: from the environment, long, random, and
    not one anybody else knows."""
    key = os.environ.get("PRIVDOCS_SECRET_KEY", "")
    if not key:
        raise ImproperlyConfigured(
            "PRIVDOCS_SECRET_KEY must be set in production (see docs/operators.md)."
        )
    weakness = secret_key_weakness(key)
    if weakness:
        raise ImproperlyConfigured(
            f"PRIVDOCS_SECRET_KEY is refused: {weakness} (generate one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    return key


def secret_key_weakness(key: str) -> str | None:
    """What makes ``key`` unfit for a public server, or None if nothing does."""
    if key.lower() in KNOWN_KEYS or key.startswith("django-insecure-"):
        return "it is a published example or development key"
    if len(key) < SECRET_KEY_MIN_LENGTH:
        return (
            f"it has {len(key)} characters, at least {SECRET_KEY_MIN_LENGTH} are needed"
        )
    if len(set(key)) < SECRET_KEY_MIN_UNIQUE:
        return f"it has fewer than {SECRET_KEY_MIN_UNIQUE} different characters"
    return None


def database() -> dict[str, Any]:
    """The default database: ``DATABASE_URL`` when set, else a SQLite file in the data dir."""
    url = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir() / 'privdocs.sqlite3'}"
    )
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        name = Path(config["NAME"])
        if str(name) != ":memory:" and not name.parent.exists():
            name.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if str(name) != ":memory:" and not name.exists():
            # An empty file is an empty SQLite database: made here 0600, it keeps
            # the registry's drafts and password hashes from other users; SQLite
            # gives its -wal and -shm files the same mode.
            os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
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
        raise ImproperlyConfigured(
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
        raise ImproperlyConfigured(
            f"{name}: expected a whole number of at least 1, got {raw!r}"
        )
    return int(raw)
