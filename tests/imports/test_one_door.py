"""The import is no second door: it never changes what the workspace owns, never
republishes a retired version, and moves statuses only through the state service."""

from __future__ import annotations

import datetime

import pytest

from privdocs.documents.models import (
    DocumentSeries,
    DocumentVersion,
    Status,
    Transition,
)
from privdocs.documents.services import catalog as services
from privdocs.documents.services.catalog import ImportRefusedError, catalog_apply
from privdocs.documents.services.state import Actor, version_create, version_move
from privdocs.imports.models import ChangeSet
from tests.factories import catalog, series, version

pytestmark = pytest.mark.django_db

WORKFLOW = Actor(label="workflow test")


def _published_series() -> DocumentSeries:
    catalog_apply(record=catalog(series("DHS/ICE/PIA-015")))
    return DocumentSeries.objects.get(number=15)


def _open(series_: DocumentSeries, *, letter: str, status: Status) -> DocumentVersion:
    return version_create(
        actor=WORKFLOW,
        status=status,
        action="test.open",
        fields={
            "series": series_,
            "update_letter": letter,
            "update_index": ord(letter) - ord("a") + 1,
            "title": "Workspace draft",
        },
    )


def _page_listing_update_a() -> None:
    catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-015(a)",
                version("DHS/ICE/PIA-015", status="superseded"),
                version("DHS/ICE/PIA-015(a)", title="From the page"),
            )
        )
    )


@pytest.mark.parametrize(
    "status",
    [
        Status.DRAFT,
        Status.COMPONENT_REVIEW,
        Status.DEPARTMENT_REVIEW,
        Status.APPROVED,
    ],
)
def test_a_page_naming_a_workspace_version_is_refused(status: Status) -> None:
    """A page listing (a) while (a) is a draft, in review or approved: the whole
    page is refused with the version named, and nothing changes."""
    series_ = _published_series()
    draft = _open(series_, letter="a", status=status)
    transitions = Transition.objects.count()
    change_sets = ChangeSet.objects.count()
    with pytest.raises(ImportRefusedError) as caught:
        _page_listing_update_a()
    assert caught.value.message == services.WORKSPACE_OWNS.format(
        identifier="DHS/ICE/PIA-015(a)", status=status.label.lower()
    )
    draft.refresh_from_db()
    assert (draft.status, draft.title) == (status, "Workspace draft")
    original = series_.versions.get(update_letter="")
    assert original.status == Status.PUBLISHED
    assert Transition.objects.count() == transitions
    assert ChangeSet.objects.count() == change_sets


def test_a_retired_version_is_not_republished_and_is_reported() -> None:
    """An old page that still lists a version the workflow retired: it stays
    retired, with no new Transition, and the import says so."""
    series_ = _published_series()
    original = series_.versions.get()
    version_move(
        original,
        actor=WORKFLOW,
        to_status=Status.RETIRED,
        action="version.retire",
        comment="System decommissioned",
    )
    transitions = Transition.objects.count()
    summary = catalog_apply(record=catalog(series("DHS/ICE/PIA-015")))
    original.refresh_from_db()
    assert original.status == Status.RETIRED
    assert Transition.objects.count() == transitions
    assert summary.notes == [
        services.LEFT_RETIRED.format(identifier="DHS/ICE/PIA-015", status="published")
    ]


def test_an_older_page_does_not_move_a_superseded_version_back() -> None:
    """After (a) is published, the page of before (a) lists the original as in
    force: it stays a previous version, reported."""
    _page_listing_update_a()
    summary = catalog_apply(record=catalog(series("DHS/ICE/PIA-015")))
    statuses = dict(DocumentVersion.objects.values_list("update_letter", "status"))
    assert statuses == {"": Status.SUPERSEDED, "a": Status.PUBLISHED}
    assert summary.notes == [
        services.NOT_MOVED_BACK.format(
            identifier="DHS/ICE/PIA-015",
            current="previous version",
            status="published",
        )
    ]


def test_a_newer_page_supersedes_through_the_state_service() -> None:
    """(a) on a newer page makes the original a previous version with a Transition
    whose actor is the import of that page."""
    _published_series()
    catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-015(a)", version("DHS/ICE/PIA-015(a)")),
            source="newer.txt",
        )
    )
    original = DocumentVersion.objects.get(update_letter="")
    step = original.transitions.order_by("-pk").first()
    assert step is not None
    assert (step.from_status, step.to_status, step.actor_label) == (
        Status.PUBLISHED,
        Status.SUPERSEDED,
        "import: newer.txt",
    )


def test_a_value_the_page_does_not_state_is_kept() -> None:
    """A rendering without the date, pages or summary of a version keeps the
    registry's values."""
    _published_series()
    catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-015",
                version("DHS/ICE/PIA-015", date=None, pages=None, size_bytes=None),
            )
        )
    )
    kept = DocumentVersion.objects.get()
    assert (kept.published_on, kept.pages, kept.size_bytes) == (
        datetime.date(2012, 3, 4),
        10,
        20480,
    )
