"""catalog_apply: all or nothing, idempotent, and a newer catalog updates in place."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from privdocs.core.errors import ApplicationError
from privdocs.documents.models import (
    Association,
    DocumentSeries,
    DocumentVersion,
    Status,
)
from privdocs.documents.services import catalog as services
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import SystemRecord
from privdocs.inventory.models import Organization, System
from tests.factories import catalog, series, sorn, version

pytestmark = pytest.mark.django_db


def test_creates_everything_once() -> None:
    """A first import creates organizations, systems, series, versions and associations."""
    summary = catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-007(a)",
                version(
                    "DHS/ICE/PIA-007",
                    status="superseded",
                    date=datetime.date(2009, 1, 2),
                ),
                version("DHS/ICE/PIA-007(a)"),
                associations=(
                    sorn("DHS/ICE-011", "Enforcement Records", "75 FR 23274"),
                ),
            )
        )
    )
    assert summary.counts["organizations"]["created"] == 2
    assert summary.counts["versions"]["created"] == 2
    assert summary.counts["associations"]["created"] == 1
    # A new series with systems is created, not also updated.
    assert summary.counts["series"]["updated"] == 0
    ice = Organization.objects.get(acronym="ICE")
    assert ice.parent is not None and ice.parent.acronym == "DHS"
    pia = DocumentSeries.objects.get(kind="PIA", number=7)
    assert str(pia.identifier) == "DHS/ICE/PIA-007"
    assert [str(v.identifier) for v in pia.versions.order_by("update_index")] == [
        "DHS/ICE/PIA-007",
        "DHS/ICE/PIA-007(a)",
    ]
    assert list(pia.systems.values_list("acronym", flat=True)) == ["HRS"]
    association = Association.objects.get()
    assert association.citation == "75 FR 23274"
    assert association.target is not None
    assert str(association.target.identifier) == "DHS/ICE-011"
    # The cited SORN lists the PIA that cites it.
    assert list(
        association.target.cited_by.values_list("source__number", flat=True)
    ) == [7]


def test_second_import_changes_nothing() -> None:
    """Applying the same catalog twice reports everything unchanged and writes nothing."""
    record = catalog(
        series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-011", "Records"),))
    )
    catalog_apply(record=record)
    stamps = list(DocumentVersion.objects.values_list("updated_at", flat=True))
    summary = catalog_apply(record=record)
    assert not summary.changed
    assert summary.total("created") == summary.total("updated") == 0
    # 2 organizations, 1 system, 1 series, 1 version, 1 association.
    assert summary.total("unchanged") == 6
    assert list(DocumentVersion.objects.values_list("updated_at", flat=True)) == stamps


def test_newer_page_updates_in_place() -> None:
    """A newer page with update (b) makes (a) a previous version and corrects titles."""
    catalog_apply(record=catalog(series("DHS/ICE/PIA-007(a)")))
    summary = catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007(b)", version("DHS/ICE/PIA-007(b)", pages=12))
        )
    )
    assert summary.counts["versions"]["created"] == 1
    assert summary.counts["versions"]["updated"] == 1
    statuses = dict(DocumentVersion.objects.values_list("update_letter", "status"))
    assert statuses == {"a": Status.SUPERSEDED, "b": Status.PUBLISHED}
    assert DocumentSeries.objects.count() == 1


def test_system_matched_by_acronym_keeps_one_row() -> None:
    """A system renamed on a newer page is the same system when its acronym is the same."""
    catalog_apply(record=catalog(series("DHS/ICE/PIA-007")))
    catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-007", system=SystemRecord("Harbor Records System 2", "HRS")
            )
        )
    )
    assert list(System.objects.values_list("name", flat=True)) == [
        "Harbor Records System 2"
    ]


def test_failure_half_way_leaves_nothing() -> None:
    """A series of an unknown organization refuses the whole import: nothing is half-written."""
    good = series("DHS/ICE/PIA-007")
    bad = series("DHS/CBP/PIA-001")  # CBP is not among the catalog's organizations
    with pytest.raises(ApplicationError, match="unknown organization 'CBP'"):
        catalog_apply(record=catalog(good, bad))
    assert not Organization.objects.exists()
    assert not DocumentVersion.objects.exists()


def test_a_section_shown_empty_leaves_associations_alone() -> None:
    """A text rendering drops links: a SORN section shown empty removes nothing."""
    catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-011", "R"),))
        )
    )
    summary = catalog_apply(record=catalog(series("DHS/ICE/PIA-007")))
    assert summary.counts["associations"]["removed"] == 0
    assert not summary.changed
    assert list(Association.objects.values_list("target_identifier", flat=True)) == [
        "DHS/ICE-011"
    ]


def test_an_association_missing_from_a_listed_section_is_reported_and_kept() -> None:
    """A SORN section that lists others but not DHS/ICE-011: reported, kept."""
    catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-011", "R"),))
        )
    )
    summary = catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-012", "S"),))
        )
    )
    assert summary.counts["associations"] == Counter(created=1)
    assert summary.notes == [
        services.ASSOCIATION_MISSING.format(
            series="DHS/ICE/PIA-007", kind="SORN", name="DHS/ICE-011"
        )
    ]
    assert sorted(Association.objects.values_list("target_identifier", flat=True)) == [
        "DHS/ICE-011",
        "DHS/ICE-012",
    ]


def test_prune_removes_an_association_the_listed_section_no_longer_has() -> None:
    """With prune, the association the section no longer lists goes, and is noted."""
    catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-011", "R"),))
        )
    )
    summary = catalog_apply(
        record=catalog(
            series("DHS/ICE/PIA-007", associations=(sorn("DHS/ICE-012", "S"),))
        ),
        prune=True,
    )
    assert summary.counts["associations"] == Counter(created=1, removed=1)
    assert list(Association.objects.values_list("target_identifier", flat=True)) == [
        "DHS/ICE-012"
    ]
