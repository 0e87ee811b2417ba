"""Reading while a long import runs, on real separate connections (PostgreSQL)."""

from __future__ import annotations

import os
import threading
import time

import pytest
from django.db import connection
from django.test import Client

from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.catalog import catalog_import
from tests.factories import catalog, series

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="needs PostgreSQL (the suite's second run): the in-memory SQLite test "
        "database is one connection, so no reader can run beside the import",
    ),
]

#: Longer than any page read takes here, far shorter than a test timeout.
HOLD_SECONDS = 10.0


def test_the_reading_room_does_not_wait_for_an_import() -> None:
    """With an import's transaction open (and its rows written but not committed),
    the reading room answers at once and shows the registry as it was."""
    catalog_import(records=[catalog(series("DHS/ICE/PIA-001"))], source="first.txt")
    importing = threading.Event()
    release = threading.Event()
    failures: list[BaseException] = []

    def hold(done: int, total: int) -> None:
        if done == total:
            importing.set()
            release.wait(HOLD_SECONDS)

    def run_import() -> None:
        try:
            catalog_import(
                records=[catalog(*(series(f"DHS/ICE/PIA-{n:03d}") for n in (2, 3)))],
                source="second.txt",
                progress=hold,
            )
        except BaseException as error:  # reported by the main thread
            failures.append(error)
        finally:
            connection.close()

    worker = threading.Thread(target=run_import)
    worker.start()
    try:
        assert importing.wait(HOLD_SECONDS)
        started = time.monotonic()
        response = Client().get("/dhs/ice/")
        waited = time.monotonic() - started
        assert response.status_code == 200
        assert "DHS/ICE/PIA-001" in response.content.decode()
        assert "DHS/ICE/PIA-002" not in response.content.decode()
        assert waited < HOLD_SECONDS / 2
    finally:
        release.set()
        worker.join()
    assert failures == []
    assert DocumentVersion.objects.count() == 3
