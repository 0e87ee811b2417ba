"""Runs the WSGI application under gunicorn, in this process."""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication

from privdocs.wsgi import application


class _Gunicorn(BaseApplication):  # type: ignore[misc]
    """gunicorn configured from arguments instead of its own command line."""

    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return application


def run_server(*, host: str, port: int, workers: int) -> None:
    """Serve until interrupted."""
    _Gunicorn(
        {
            "bind": f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
            "workers": workers,
            "accesslog": "-",
            "timeout": 60,
        }
    ).run()
