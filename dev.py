#!/usr/bin/env python3
"""Set up and run privdocs from a fresh clone, with nothing but Python 3.11+.

    python3 dev.py serve     install into .venv, then serve the sample catalog and
                             demo accounts (privdocs serve --demo)
    python3 dev.py test      install test tools, then lint, type-check and run the
                             suite on SQLite and on PostgreSQL

Everything is installed into ./.venv from the pinned versions in constraints.txt.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import shutil
import socket
import subprocess
import sys
import venv
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / "python"
DEFAULT_POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/privdocs"
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def say(text: str) -> None:
    print(f"==> {text}", flush=True)


def run(*command: str | Path, env: dict[str, str] | None = None) -> int:
    return subprocess.call([str(part) for part in command], cwd=ROOT, env=env)


def must(*command: str | Path, env: dict[str, str] | None = None) -> None:
    code = run(*command, env=env)
    if code != 0:
        sys.exit(code)


def install(extra: str) -> None:
    """Create .venv and install privdocs with pinned dependencies, once per change."""
    if sys.version_info < (3, 11):
        sys.exit("privdocs needs Python 3.11 or newer.")
    if not PYTHON.exists():
        say(f"Creating a virtual environment in {VENV}")
        venv.create(VENV, with_pip=True)
    inputs = [ROOT / "pyproject.toml", ROOT / "constraints.txt"]
    digest = hashlib.sha256(
        b"".join(p.read_bytes() for p in inputs) + extra.encode()
    ).hexdigest()
    stamp = VENV / f".installed-{extra or 'run'}"
    if stamp.exists() and stamp.read_text() == digest:
        return
    say("Installing privdocs and its pinned dependencies")
    must(PYTHON, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    target = f".[{extra}]" if extra else "."
    must(
        PYTHON, "-m", "pip", "install", "--quiet", "-c", "constraints.txt", "-e", target
    )
    stamp.write_text(digest)


def secret_key() -> str:
    """The secret key of this checkout's server: PRIVDOCS_SECRET_KEY if given, else
    one generated once into the data directory, readable by its owner only."""
    given = os.environ.get("PRIVDOCS_SECRET_KEY")
    if given:
        return given
    data = Path(os.environ.get("PRIVDOCS_DATA_DIR", "var")).resolve()
    data.mkdir(mode=0o700, parents=True, exist_ok=True)
    path = data / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


def serve(arguments: list[str]) -> None:
    """The production settings with a key of this machine's own, and the sample
    catalog and demo accounts in an empty registry: a try-out with nothing set."""
    install("")
    os.environ["PRIVDOCS_SECRET_KEY"] = secret_key()
    command = [str(BIN / "privdocs"), "serve", "--demo", *arguments]
    os.execv(command[0], command)


def postgres_reachable(url: str) -> bool:
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 5432), 3
        ):
            return True
    except OSError:
        return False


def postgres_start() -> None:
    """Start the local cluster the way these machines are set up, if the tool is here."""
    if not shutil.which("pg_ctlcluster") or not Path("/etc/postgresql").is_dir():
        return
    for version in sorted(os.listdir("/etc/postgresql")):
        say(f"Starting PostgreSQL {version}")
        subprocess.call(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"]
        )


def chromium_install() -> None:
    """Browser tests drive Debian's Chromium; install it when this is a Debian box we own."""
    if Path("/usr/bin/chromium").exists():
        return
    if not shutil.which("apt-get") or os.geteuid() != 0:
        say(
            "Chromium not installed and cannot be installed here: browser tests will skip"
        )
        return
    say("Installing Debian's chromium and chromium-driver for the browser tests")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.call(["apt-get", "update", "-qq"], env=env)
    subprocess.call(
        ["apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"], env=env
    )


def pytest(database_url: str | None, arguments: list[str]) -> None:
    env = {**os.environ}
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    label = "PostgreSQL" if database_url else "SQLite"
    say(f"Running the test suite on {label}")
    code = run(PYTHON, "-m", "pytest", *arguments, env=env)
    if code == 5:
        sys.exit(f"pytest collected no tests on {label}: that is a failure.")
    if code != 0:
        sys.exit(code)


def test(arguments: list[str]) -> None:
    install("test")
    say("ruff: lint and format")
    must(BIN / "ruff", "check", ".")
    must(BIN / "ruff", "format", "--check", ".")
    say("mypy: types")
    must(BIN / "mypy", "privdocs", "tests")
    chromium_install()
    pytest(None, arguments)
    postgres_url = os.environ.get("PRIVDOCS_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL)
    if not postgres_reachable(postgres_url):
        postgres_start()
    if postgres_reachable(postgres_url):
        pytest(postgres_url, arguments)
    elif IN_CI:
        sys.exit(
            f"PostgreSQL is required in CI and is not reachable at {postgres_url}."
        )
    else:
        say(f"PostgreSQL run skipped: no server reachable at {postgres_url}")


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in {"serve", "test"}:
        sys.exit(__doc__)
    command, arguments = sys.argv[1], sys.argv[2:]
    serve(arguments) if command == "serve" else test(arguments)


if __name__ == "__main__":
    main()
