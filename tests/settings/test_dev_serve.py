"""`python3 dev.py serve` on a fresh machine: nothing to set, a secret key made once
into the data directory, the production settings, the sample and demo accounts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import dev
from privdocs.settings import environment


def test_a_key_is_generated_once_and_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With no PRIVDOCS_SECRET_KEY, dev.py makes one (0600) that the production
    settings accept, and gives the same one next time."""
    monkeypatch.delenv("PRIVDOCS_SECRET_KEY", raising=False)
    monkeypatch.setenv("PRIVDOCS_DATA_DIR", str(tmp_path / "var"))
    key = dev.secret_key()
    path = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert environment.secret_key_weakness(key) is None
    assert dev.secret_key() == key


def test_a_given_key_is_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A key in the environment is used as it is and nothing is written."""
    monkeypatch.setenv("PRIVDOCS_SECRET_KEY", "given")
    monkeypatch.setenv("PRIVDOCS_DATA_DIR", str(tmp_path / "var"))
    assert dev.secret_key() == "given"
    assert not (tmp_path / "var").exists()


def test_serve_asks_for_the_demo(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """dev.py serve runs `privdocs serve --demo` with the key in its environment,
    passing on the options it was given."""
    ran: list[list[str]] = []
    monkeypatch.delenv("PRIVDOCS_SECRET_KEY", raising=False)
    monkeypatch.setenv("PRIVDOCS_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setattr(dev, "install", lambda extra: None)
    monkeypatch.setattr(os, "execv", lambda path, argv: ran.append(argv))
    dev.serve(["--port", "8001"])
    assert ran == [[str(dev.BIN / "privdocs"), "serve", "--demo", "--port", "8001"]]
    assert os.environ["PRIVDOCS_SECRET_KEY"] == dev.secret_key()
