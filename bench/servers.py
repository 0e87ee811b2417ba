"""The servers under test, each started as a child process on a free port and stopped
with it: privdocs (``privdocs serve``, production settings) and Datasette."""

from __future__ import annotations

import http.client
import json
import os
import secrets
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import TracebackType

from privdocs.documents.identifiers import DocumentKind, Identifier

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
CACHE_DIR = BENCH_DIR / ".cache"
DATASETTE_VENV = BENCH_DIR / ".venv-datasette"
#: The Datasette release measured against (pinned: results stay comparable).
DATASETTE_REQUIREMENT = "datasette==0.65.1"
#: The name Datasette serves the documents database under: /corpus/documents.
DATASETTE_DATABASE = "corpus"
#: Production settings want a secret; the bench makes one per run.
_SECRET_KEY = secrets.token_urlsafe(40)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def privdocs_command() -> Path:
    """The ``privdocs`` script of the virtualenv running the bench."""
    return Path(sys.executable).parent / "privdocs"


def privdocs_environment(database_url: str) -> dict[str, str]:
    """What a privdocs child needs: the database, production settings, a data dir."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PRIVDOCS_", "DJANGO_"))
    }
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="privdocs.settings.production",
        PRIVDOCS_SECRET_KEY=_SECRET_KEY,
        PRIVDOCS_DATA_DIR=str(CACHE_DIR / "data"),
    )
    return env


class ServerError(Exception):
    """A server did not start."""


class ChildServer:
    """A server process in its own session, stopped with its workers on exit."""

    def __init__(
        self,
        command: Sequence[str],
        *,
        port: int,
        env: Mapping[str, str] | None = None,
        log: Path,
        ready_path: str = "/",
        start_timeout: float = 120.0,
    ) -> None:
        self.command = list(command)
        self.port = port
        self.env = dict(env) if env is not None else None
        self.log = log
        self.ready_path = ready_path
        self.start_timeout = start_timeout
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> ChildServer:
        self.log.parent.mkdir(parents=True, exist_ok=True)
        with self.log.open("wb") as log:
            self.process = subprocess.Popen(  # noqa: S603  (fixed commands)
                self.command,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                cwd=PROJECT_DIR,
            )
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        assert self.process is not None
        deadline = time.monotonic() + self.start_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"{self.command[0]} exited with {self.process.returncode}; "
                    f"see {self.log}"
                )
            try:
                connection = http.client.HTTPConnection(
                    "127.0.0.1", self.port, timeout=5
                )
                connection.request("GET", self.ready_path)
                connection.getresponse().read()
                connection.close()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise ServerError(f"{self.command[0]} did not answer in time; see {self.log}")

    def stop(self) -> None:
        """Stop the server and every process of its session."""
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()
        except ProcessLookupError:
            pass

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def privdocs_server(database_url: str, *, workers: int = 2) -> ChildServer:
    """``privdocs serve`` on a free port, in production mode, without the sample."""
    port = free_port()
    return ChildServer(
        [
            str(privdocs_command()),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        port=port,
        env=privdocs_environment(database_url),
        log=CACHE_DIR / "logs" / f"privdocs-{port}.log",
    )


def datasette_install() -> Path:
    """Datasette in its own virtualenv (installed from PyPI on first use); its script."""
    script = DATASETTE_VENV / "bin" / "datasette"
    if script.exists():
        return script
    sys.stderr.write(f"Installing {DATASETTE_REQUIREMENT} into {DATASETTE_VENV}...\n")
    subprocess.run(  # noqa: S603  (fixed command)
        [sys.executable, "-m", "venv", str(DATASETTE_VENV)], check=True
    )
    subprocess.run(  # noqa: S603  (fixed command)
        [
            str(DATASETTE_VENV / "bin" / "pip"),
            "install",
            "--quiet",
            DATASETTE_REQUIREMENT,
        ],
        check=True,
    )
    return script


def datasette_server(path: Path) -> ChildServer:
    """Datasette serving ``path`` read-only, as ``datasette publish`` deploys it."""
    port = free_port()
    return ChildServer(
        [
            str(datasette_install()),
            "serve",
            "--immutable",
            str(path),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            # Let the largest searches finish (the default, 1 s, would cut them).
            "--setting",
            "sql_time_limit_ms",
            "30000",
        ],
        port=port,
        log=CACHE_DIR / "logs" / f"datasette-{port}.log",
    )


_DOCUMENTS_QUERY = """
SELECT v.id, s.agency, s.component, s.kind, s.number, v.update_letter, v.title,
       o.acronym, v.status, v.published_on, v.summary, v.body
FROM documents_documentversion AS v
JOIN documents_documentseries AS s ON s.id = v.series_id
JOIN inventory_organization AS o ON o.id = s.organization_id
ORDER BY v.id
"""


def datasette_database_build(corpus: Path, target: Path) -> None:
    """The corpus's public versions as one table with full-text search, laid out as
    ``sqlite-utils enable-fts --fts5`` would (``documents_fts``, external content)."""
    temporary = target.with_suffix(".tmp")
    temporary.unlink(missing_ok=True)
    source = sqlite3.connect(f"file:{corpus}?mode=ro", uri=True)
    output = sqlite3.connect(temporary)
    output.executescript(
        """
        CREATE TABLE documents (
            id INTEGER PRIMARY KEY, identifier TEXT, title TEXT, organization TEXT,
            kind TEXT, status TEXT, published_on TEXT, summary TEXT, body TEXT
        );
        """
    )
    rows = (
        (
            row[0],
            str(
                Identifier(
                    agency=row[1],
                    component=row[2] or None,
                    kind=DocumentKind(row[3]),
                    number=row[4],
                    update=row[5],
                )
            ),
            row[6],
            row[7],
            row[3],
            row[8],
            row[9],
            row[10],
            "\n\n".join(str(answer) for answer in json.loads(row[11]).values()),
        )
        for row in source.execute(_DOCUMENTS_QUERY)
    )
    with output:
        output.executemany(
            "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
        )
    output.executescript(
        """
        CREATE INDEX documents_organization ON documents (organization);
        CREATE VIRTUAL TABLE documents_fts USING FTS5 (
            identifier, title, summary, body, content=documents
        );
        INSERT INTO documents_fts (rowid, identifier, title, summary, body)
            SELECT rowid, identifier, title, summary, body FROM documents;
        INSERT INTO documents_fts (documents_fts) VALUES ('optimize');
        ANALYZE;
        """
    )
    output.close()
    source.close()
    temporary.replace(target)
