"""Runs the WSGI application under gunicorn, in this process."""

from __future__ import annotations

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


def run_server(*, host: str, port: int, workers: int) -> None:
    """Serve until interrupted."""
    _close_connections()
    _Gunicorn(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "timeout": 60,
            "pre_fork": _close_connections,
        }
    ).run()
