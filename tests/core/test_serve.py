"""`privdocs serve`: an empty registry is served empty unless --demo asks for the
sample, and each instance's gunicorn control socket is its own, in its data
directory."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings

from privdocs.core import server
from privdocs.core.management.commands import serve
from privdocs.documents.models import DocumentSeries, Kind

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    """What serve would have run gunicorn with (nothing is served)."""
    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(serve, "run_server", lambda **kwargs: calls.append(kwargs))
    monkeypatch.setattr(serve, "call_command", _without_collectstatic)
    return calls


def _without_collectstatic(name: str, *args: Any, **kwargs: Any) -> None:
    if name != "collectstatic":
        call_command(name, *args, **kwargs)


def test_an_empty_registry_is_served_empty(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    """Without --demo, no sample and no demo account is made."""
    with override_settings(PRIVDOCS_DATA_DIR=tmp_path):
        call_command("serve", stdout=io.StringIO())
    assert len(served) == 1
    assert not DocumentSeries.objects.exists()
    assert not User.objects.exists()


def test_demo_loads_the_sample_and_accounts(
    served: list[dict[str, Any]], tmp_path: Path
) -> None:
    """--demo loads the sample and makes the demo accounts into an empty registry."""
    with override_settings(PRIVDOCS_DATA_DIR=tmp_path):
        call_command("serve", "--demo", stdout=io.StringIO())
    assert DocumentSeries.objects.filter(kind=Kind.PIA).count() == 38
    assert User.objects.filter(username__startswith="demo-").count() == 4
    assert served[0]["data_dir"] == tmp_path


def test_the_control_socket_is_in_the_data_directory(tmp_path: Path) -> None:
    """One control socket per instance (data directory and port), owner-only."""
    options = server.gunicorn_options(
        host="127.0.0.1", port=8123, workers=2, data_dir=tmp_path
    )
    assert options["control_socket"] == str(tmp_path / "gunicorn-8123.ctl")
    assert options["control_socket_mode"] == 0o600
    other = server.gunicorn_options(
        host="127.0.0.1", port=8124, workers=2, data_dir=tmp_path
    )
    assert other["control_socket"] != options["control_socket"]


def test_a_data_directory_too_deep_for_a_socket(tmp_path: Path) -> None:
    """A path longer than a Unix socket may have turns the control socket off
    rather than falling back to the one every instance shares."""
    deep = tmp_path / ("d" * 120)
    options = server.gunicorn_options(host="::1", port=8000, workers=1, data_dir=deep)
    assert options["control_socket_disable"] is True
    assert "control_socket" not in options
    assert options["bind"] == "[::1]:8000"
