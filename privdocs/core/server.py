"""Runs the WSGI application under gunicorn, in this process."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.db import connections
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn configured from arguments instead of its own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        # Imported only now: building the application starts WhiteNoise, which
        # warns when the static files `serve` collects are not there yet.
        from privdocs.wsgi import application

        return application


def _close_connections(server: Any = None, worker: Any = None) -> None:
    """Close this process's database connections (also gunicorn's ``pre_fork``
    hook, called with the arbiter and the worker about to be forked).

    ``privdocs serve`` migrates before it serves: a connection it left open would
    be inherited by every forked worker, which would then talk over one socket at
    once (PostgreSQL answers "lost synchronization with server").
    """
    connections.close_all()


#: The longest path a Unix socket may have (Linux's sun_path, less its NUL).
SOCKET_PATH_MAX = 107


def control_socket(*, data_dir: Path, port: int) -> Path:
    """Where gunicorn's control socket (``gunicornc``) of this instance lives: in
    its data directory (0700), one per port.

    gunicorn's default, ``~/.gunicorn/gunicorn.ctl``, is one path for every
    instance a user runs: a second server would take over the first one's socket,
    and ``gunicornc`` would then stop or scale the wrong server.
    """
    return data_dir / f"gunicorn-{port}.ctl"


def gunicorn_options(
    *, host: str, port: int, workers: int, data_dir: Path
) -> dict[str, Any]:
    """gunicorn's settings for ``privdocs serve``."""
    options: dict[str, Any] = {
        "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "workers": workers,
        "accesslog": "-",
        "timeout": 60,
        "pre_fork": _close_connections,
    }
    socket = control_socket(data_dir=data_dir, port=port)
    if len(str(socket).encode()) > SOCKET_PATH_MAX:
        # A data directory too deep for a Unix socket: no control socket rather
        # than the shared default.
        options["control_socket_disable"] = True
    else:
        options["control_socket"] = str(socket)
        options["control_socket_mode"] = 0o600
    return options


def run_server(*, host: str, port: int, workers: int, data_dir: Path) -> None:
    """Serve until interrupted."""
    _close_connections()
    _Gunicorn(
        gunicorn_options(host=host, port=port, workers=workers, data_dir=data_dir)
    ).run()
