"""Shared test set-up: the PostgreSQL run skips, with its reason, when no server answers."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import caches

#: Fixtures of personas (author, reviewer, approver, admin, outsider) and their tree.
pytest_plugins = ["tests.personas"]

SEED = (
    Path(__file__).resolve().parents[2]
    / "shared"
    / "seeds"
    / "dhs-ice-privacy-documents-2015.txt"
)


def _postgres_down_reason() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    parts = urlparse(url)
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or 5432), 3
        ):
            return None
    except OSError as error:
        return f"PostgreSQL at {parts.hostname}:{parts.port or 5432} is not reachable ({error})"


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    reason = _postgres_down_reason()
    if reason is None:
        return
    for item in items:
        item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: the database goes back after every test,
    and a revision number may come back with it, so nothing cached may outlive one."""
    for each in caches.all():
        each.clear()


@pytest.fixture
def seed_path() -> Path:
    """The real DHS page of 2015 from ../shared/seeds, or a skip saying it is absent."""
    if not SEED.exists():
        pytest.skip(f"the seed page is not beside the project: {SEED}")
    return SEED
