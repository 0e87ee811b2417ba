"""Run the ``privdocs`` command as a person would: a child process of this
interpreter, with none of the caller's Django, privdocs or database settings."""

from __future__ import annotations

import os
import subprocess
import sys

#: Variables a child never inherits: each test says what it sets.
_SETTINGS_PREFIXES = ("DJANGO_", "PRIVDOCS_", "DATABASE_URL")


def privdocs_run(
    *arguments: str, **environment: str
) -> subprocess.CompletedProcess[str]:
    """``privdocs ARGUMENTS`` with ``environment`` added to a clean environment."""
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(_SETTINGS_PREFIXES)
    }
    return subprocess.run(  # noqa: S603  (this interpreter, fixed arguments)
        [sys.executable, "-m", "privdocs.cli", *arguments],
        env={**inherited, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
