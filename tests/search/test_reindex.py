"""``privdocs reindex`` and the rebuild behind it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.search.models import SearchEntry
from privdocs.search.services import search_index_rebuild, search_public
from tests.factories import catalog, series, version

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.search.urls")]


def _three_series() -> None:
    catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-001"),
            series("DHS/ICE/PIA-002"),
            series(
                "DHS/ICE/PIA-003(a)",
                version("DHS/ICE/PIA-003", status="superseded"),
                version("DHS/ICE/PIA-003(a)"),
            ),
        )
    )


def test_rebuild_restores_a_lost_index() -> None:
    """After the index is emptied, a rebuild makes every version findable again."""
    _three_series()
    SearchEntry.objects.all().delete()
    assert search_public("harbor").total == 0
    assert search_index_rebuild() == 4
    assert search_public("harbor").total == 4


def test_rebuild_reports_progress() -> None:
    """The rebuild reports how far it is, ending at the total."""
    _three_series()
    reports: list[tuple[int, int]] = []
    search_index_rebuild(progress=lambda done, total: reports.append((done, total)))
    assert reports[-1] == (4, 4)


def test_rebuild_drops_rows_of_changed_text() -> None:
    """A rebuild indexes what versions say now, not what they said."""
    _three_series()
    DocumentVersion.objects.filter(series__number=1).update(summary="Okapi counts.")
    assert search_public("okapi").total == 0
    search_index_rebuild()
    assert search_public("okapi").total == 1


def test_reindex_command_prints_the_count() -> None:
    """``privdocs reindex`` rebuilds the index and says how many versions it holds."""
    _three_series()
    SearchEntry.objects.all().delete()
    out, err = io.StringIO(), io.StringIO()
    call_command("reindex", stdout=out, stderr=err)
    assert out.getvalue() == "4 versions indexed.\n"
    assert SearchEntry.objects.count() == 4
    assert search_public("harbor").total == 4


def test_reindex_command_on_an_empty_registry() -> None:
    """On an empty registry the command indexes nothing and says so."""
    out = io.StringIO()
    call_command("reindex", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "0 versions indexed.\n"


def test_reindex_help_says_when_to_run_it() -> None:
    """The help, which is the CLI reference, says what the command is for."""
    from django.core.management import load_command_class

    parser = load_command_class("privdocs.search", "reindex").create_parser(
        "privdocs", "reindex"
    )
    assert "Rebuild the full-text search index" in parser.format_help()
