"""Full-text search: ranking, snippets, filters, pages, identifiers and the public gate.

Run on SQLite by default and on PostgreSQL with DATABASE_URL set: both engines
must give the same answers.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_django import DjangoAssertNumQueries

from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import CatalogRecord, OrganizationRecord, SystemRecord
from privdocs.search.models import SearchEntry
from privdocs.search.services import (
    MAX_PAGE_SIZE,
    search_index_versions,
    search_public,
    search_resolve_identifier,
)
from privdocs.search.types import SearchFilters
from tests.factories import ORGANIZATIONS, catalog, series, version

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.search.urls")]

CBP = OrganizationRecord("CBP", "U.S. Customs and Border Protection", "DHS")
LPR = SystemRecord("License Plate Reader Data Service", "LPR")
EID = SystemRecord("Enforcement Integrated Database", "EID")
SEVIS = SystemRecord("Student and Exchange Visitor Information System", "SEVIS")


def _registry() -> None:
    """A small ICE and CBP catalog: several PIAs, a SORN, previous versions."""
    record = CatalogRecord(
        organizations=(*ORGANIZATIONS, CBP),
        source="test",
        series=(
            series(
                "DHS/ICE/PIA-039",
                version(
                    "DHS/ICE/PIA-039",
                    title="Acquisition and Use of License Plate Reader Data from "
                    "a Commercial Service",
                    date=datetime.date(2015, 12, 1),
                    summary="Investigators query a vendor's records of where "
                    "vehicles were seen.",
                ),
                system=LPR,
            ),
            series(
                "DHS/ICE/PIA-015(g)",
                version(
                    "DHS/ICE/PIA-015",
                    title="Enforcement Integrated Database",
                    status="superseded",
                    date=datetime.date(2008, 1, 14),
                    summary="Case records of arrests and removals.",
                ),
                version(
                    "DHS/ICE/PIA-015(g)",
                    title="Enforcement Integrated Database Update",
                    date=datetime.date(2015, 2, 3),
                    summary="Adds biometric records shared by partners.",
                ),
                system=EID,
            ),
            series(
                "DHS/ICE/PIA-001",
                version(
                    "DHS/ICE/PIA-001",
                    title="Student and Exchange Visitor Information System",
                    date=datetime.date(2011, 6, 5),
                    summary="Records of schools certified to enroll students.",
                ),
                system=SEVIS,
            ),
            series(
                "DHS/ICE-011",
                version(
                    "DHS/ICE-011",
                    title="Criminal Arrest Records and Immigration Enforcement Records",
                    date=datetime.date(2016, 10, 19),
                    summary="Records about people arrested by ICE officers.",
                ),
                system=EID,
            ),
            series(
                "DHS/CBP/PIA-010",
                version(
                    "DHS/CBP/PIA-010",
                    title="Border Crossing Cameras",
                    date=datetime.date(2014, 4, 1),
                    summary="Cameras at ports of entry photograph vehicles.",
                ),
                system=SystemRecord("Border Cameras", "BCAM"),
            ),
        ),
    )
    catalog_apply(record=record)


def _set_body(identifier_path: tuple[str, str, int, str], body: dict[str, str]) -> int:
    """Give one version a body (imports carry none) and reindex it; its id."""
    component, kind, number, letter = identifier_path
    found = DocumentVersion.objects.get(
        series__component=component,
        series__kind=kind,
        series__number=number,
        update_letter=letter,
    )
    DocumentVersion.objects.filter(pk=found.pk).update(body=body)
    search_index_versions([found.pk])
    return found.pk


def _identifiers(query: str, **filters: Any) -> list[str]:
    results = search_public(query, filters=SearchFilters(**filters))
    return [hit.identifier for hit in results.hits]


class TestRanking:
    def test_license_plate_reader_finds_the_lpr_pia_first(self) -> None:
        """ "license plate reader" ranks the LPR PIA above a PIA with the words only
        in its body."""
        _registry()
        _set_body(
            ("ICE", "PIA", 15, "g"),
            {
                "2.2": "Officers may add license plate reader hits to a case.",
                "3.1": "A license plate reader alert can start a license check.",
            },
        )
        found = _identifiers("license plate reader")
        assert found[0] == "DHS/ICE/PIA-039"
        assert "DHS/ICE/PIA-015(g)" in found

    def test_title_outranks_body(self) -> None:
        """A version with the words in its title outranks one with them in its body."""
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-050",
                    version("DHS/ICE/PIA-050", title="Tidewater Sensors", summary=""),
                ),
                series(
                    "DHS/ICE/PIA-051",
                    version("DHS/ICE/PIA-051", title="Dock Ledger", summary=""),
                ),
            )
        )
        _set_body(
            ("ICE", "PIA", 51, ""),
            {"1.1": "Tidewater sensors feed the ledger. Tidewater sensors again."},
        )
        assert _identifiers("tidewater sensors") == [
            "DHS/ICE/PIA-050",
            "DHS/ICE/PIA-051",
        ]

    def test_summary_outranks_body(self) -> None:
        """A version with the word in its summary outranks one with it in its body."""
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-060",
                    version("DHS/ICE/PIA-060", summary="Keeps kayak registrations."),
                ),
                series("DHS/ICE/PIA-061", version("DHS/ICE/PIA-061", summary="")),
            )
        )
        _set_body(("ICE", "PIA", 61, ""), {"1.1": "Mentions a kayak once."})
        assert _identifiers("kayak") == ["DHS/ICE/PIA-060", "DHS/ICE/PIA-061"]

    def test_identifier_typed_in_the_box_ranks_its_version_first(self) -> None:
        """An identifier in any spelling finds its document first."""
        _registry()
        assert _identifiers("DHS/ICE/PIA-015(g)")[0] == "DHS/ICE/PIA-015(g)"
        assert _identifiers("pia 39")[0] == "DHS/ICE/PIA-039"
        assert _identifiers("DHS-ICE-PIA-039")[0] == "DHS/ICE/PIA-039"
        assert _identifiers("ice 011")[0] == "DHS/ICE-011"

    def test_system_names_are_searched(self) -> None:
        """A system's acronym finds the versions of the series that covers it."""
        _registry()
        assert set(_identifiers("SEVIS")) == {"DHS/ICE/PIA-001"}

    def test_prefix_of_the_last_word_matches(self) -> None:
        """A word still being typed finds the words it begins."""
        _registry()
        assert _identifiers("commercial serv")[0] == "DHS/ICE/PIA-039"

    def test_stemming_matches_other_forms(self) -> None:
        """ "cameras" finds "camera" and "vehicle" finds "vehicles"."""
        _registry()
        assert _identifiers("camera ")[0] == "DHS/CBP/PIA-010"
        assert set(_identifiers("vehicle ")) == {"DHS/ICE/PIA-039", "DHS/CBP/PIA-010"}

    def test_phrase_needs_words_in_order(self) -> None:
        """A quoted phrase matches only its words next to each other, in order."""
        _registry()
        assert _identifiers('"plate license"') == []
        assert _identifiers('"license plate"') == ["DHS/ICE/PIA-039"]


class TestSnippets:
    def test_snippet_marks_matches(self) -> None:
        """The snippet wraps each matching word in <mark>."""
        _registry()
        hit = search_public("vendor").hits[0]
        assert "<mark>vendor</mark>" in hit.snippet_html

    def test_snippet_escapes_html(self) -> None:
        """A summary holding markup comes out escaped; only <mark> is HTML."""
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-070",
                    version(
                        "DHS/ICE/PIA-070",
                        summary='Walrus <script>alert("x")</script> & <b>tags</b>.',
                    ),
                )
            )
        )
        snippet = search_public("walrus").hits[0].snippet_html
        assert "<script>" not in snippet and "<b>" not in snippet
        assert "&lt;script&gt;" in snippet
        assert "&amp;" in snippet
        assert snippet.startswith("<mark>Walrus</mark>")

    def test_snippet_from_body_when_summary_does_not_match(self) -> None:
        """When only the body matches, the snippet comes from the body."""
        _registry()
        _set_body(("ICE", "PIA", 1, ""), {"2.1": "Schools report each narwhal."})
        hit = search_public("narwhal").hits[0]
        assert "<mark>narwhal</mark>" in hit.snippet_html

    def test_hit_carries_the_version(self) -> None:
        """A hit says which version it is, where it lives, and how it ranks."""
        _registry()
        hit = search_public("license plate reader").hits[0]
        assert hit.identifier == "DHS/ICE/PIA-039"
        assert hit.organization == "ICE"
        assert hit.kind == "PIA"
        assert hit.status == "published"
        assert hit.published_on == datetime.date(2015, 12, 1)
        assert hit.path == "/dhs/ice/pia-039/"
        assert hit.rank > 0


class TestFilters:
    def test_organization_filter(self) -> None:
        """Filtering by organization keeps only its documents."""
        _registry()
        assert _identifiers("vehicles", organization="CBP") == ["DHS/CBP/PIA-010"]
        assert _identifiers("vehicles", organization="ice") == ["DHS/ICE/PIA-039"]

    def test_kind_status_and_year_filters(self) -> None:
        """Kind, status and year each narrow the hits."""
        _registry()
        assert _identifiers("records", kind="SORN") == ["DHS/ICE-011"]
        assert _identifiers("records", status="superseded") == ["DHS/ICE/PIA-015"]
        assert set(_identifiers("records", year=2015)) == {
            "DHS/ICE/PIA-015(g)",
            "DHS/ICE/PIA-039",
        }

    def test_facets_count_each_dimension_under_the_other_filters(self) -> None:
        """Facets count matches per value; a facet ignores its own filter only."""
        _registry()
        results = search_public("vehicles", filters=SearchFilters(organization="CBP"))
        assert results.total == 1
        assert results.facets["organization"] == {"CBP": 1, "ICE": 1}
        assert results.facets["kind"] == {"PIA": 1}
        assert results.facets["year"] == {"2014": 1}
        everything = search_public("records")
        assert everything.facets["kind"] == {"PIA": 4, "SORN": 1}
        assert everything.facets["status"] == {"published": 4, "superseded": 1}


class TestPagination:
    def test_pages_cover_every_hit_once(self) -> None:
        """Pages of a search hold each hit exactly once, with the total on each."""
        catalog_apply(
            record=catalog(*(series(f"DHS/ICE/PIA-{n:03d}") for n in range(1, 26)))
        )
        seen: list[int] = []
        for page in (1, 2, 3):
            results = search_public("harbor", page=page, page_size=10)
            assert results.total == 25
            assert results.pages == 3
            seen += [hit.version_id for hit in results.hits]
        assert len(seen) == len(set(seen)) == 25
        assert search_public("harbor", page=4, page_size=10).hits == []

    def test_page_size_is_capped(self) -> None:
        """No page holds more than the cap, whatever is asked."""
        catalog_apply(
            record=catalog(*(series(f"DHS/ICE/PIA-{n:03d}") for n in range(1, 4)))
        )
        results = search_public("harbor", page_size=100_000)
        assert results.page_size == MAX_PAGE_SIZE
        assert search_public("harbor", page=0, page_size=0).page_size == 1

    @pytest.mark.parametrize("documents", [1, 30])
    def test_query_count_does_not_grow_with_hits(
        self, documents: int, django_assert_max_num_queries: DjangoAssertNumQueries
    ) -> None:
        """A search runs at most three queries, whether one document or many match."""
        catalog_apply(
            record=catalog(
                *(series(f"DHS/ICE/PIA-{n:03d}") for n in range(1, documents + 1))
            )
        )
        with django_assert_max_num_queries(3):
            results = search_public("harbor inspections", page_size=50)
        assert len(results.hits) == documents


class TestWithoutFacets:
    @pytest.mark.parametrize(
        ("query", "filters"),
        [
            ("records", {}),
            ("vehicles", {"organization": "CBP"}),
            ("records", {"kind": "SORN"}),
            ("records", {"status": "superseded"}),
            ("harbor", {"year": 2014}),
        ],
    )
    def test_same_hits_and_total_as_with_facets(
        self, query: str, filters: dict[str, Any]
    ) -> None:
        """Counting without facets (as the API does) finds the same hits, in the
        same order, and the same total under the same filters."""
        _registry()
        full = search_public(query, filters=SearchFilters(**filters))
        lean = search_public(query, filters=SearchFilters(**filters), facets=False)
        assert lean.total == full.total
        assert [hit.version_id for hit in lean.hits] == [
            hit.version_id for hit in full.hits
        ]
        assert lean.facets == {}

    def test_pages_past_the_end_are_empty_with_the_total(self) -> None:
        """A page beyond the last has no hits but still says how many there are."""
        catalog_apply(
            record=catalog(*(series(f"DHS/ICE/PIA-{n:03d}") for n in range(1, 6)))
        )
        results = search_public("harbor", page=3, page_size=2, facets=False)
        assert [len(results.hits), results.total] == [1, 5]
        results = search_public("harbor", page=4, page_size=2, facets=False)
        assert [len(results.hits), results.total] == [0, 5]


class TestIdentifiers:
    @pytest.mark.parametrize(
        ("query", "expected"),
        [
            ("ice pia 15g", "DHS/ICE/PIA-015(g)"),
            ("DHS/ICE/PIA-015(g)", "DHS/ICE/PIA-015(g)"),
            ("dhs/ice/pia-015g", "DHS/ICE/PIA-015(g)"),
            ("ice pia 015 g", "DHS/ICE/PIA-015(g)"),
            ("DHS/ICE/PIA-015", "DHS/ICE/PIA-015(g)"),
            ("ice pia 15", "DHS/ICE/PIA-015(g)"),
            ("DHS-ICE-PIA-039", "DHS/ICE/PIA-039"),
            ("ice pia 39", "DHS/ICE/PIA-039"),
            ("  DHS/ICE/PIA \u2013 039 ", "DHS/ICE/PIA-039"),
            ("DHS/ICE-011", "DHS/ICE-011"),
            ("ice-11", "DHS/ICE-011"),
            ("DHS/CBP/PIA-010", "DHS/CBP/PIA-010"),
        ],
    )
    def test_every_spelling_names_its_version(self, query: str, expected: str) -> None:
        """Any spelling of an identifier resolves to the public version it names."""
        _registry()
        found = search_resolve_identifier(query)
        assert found is not None
        assert str(found.identifier) == expected

    def test_the_original_by_its_letter_is_not_resolved_without_one(self) -> None:
        """Without a letter the published update is named, not the original."""
        _registry()
        found = search_resolve_identifier("DHS/ICE/PIA-015")
        assert found is not None and found.update_letter == "g"
        assert found.status == Status.PUBLISHED

    def test_latest_public_when_nothing_is_published(self) -> None:
        """A series with no published version resolves to its latest public one."""
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-080(a)",
                    version("DHS/ICE/PIA-080", status="superseded"),
                    version("DHS/ICE/PIA-080(a)", status="retired"),
                )
            )
        )
        found = search_resolve_identifier("ice pia 80")
        assert found is not None and found.update_letter == "a"

    @pytest.mark.parametrize(
        "query",
        [
            "license plate reader",
            "ice pia 99",
            "ice pia 15h",
            "section 287(g)",
            "pia 2024",
            "",
            "x" * 5000,
            "DHS/ICE/PIA-",
        ],
    )
    def test_other_text_names_nothing(self, query: str) -> None:
        """Words, unknown numbers and absent letters resolve to nothing."""
        _registry()
        assert search_resolve_identifier(query) is None

    def test_a_draft_update_is_not_resolved(self) -> None:
        """A letter that exists only as a draft resolves to nothing."""
        _registry()
        eid = DocumentSeries.objects.get(component="ICE", kind="PIA", number=15)
        DocumentVersion.objects.create(
            series=eid, update_letter="h", update_index=8, title="Draft", status="draft"
        )
        assert search_resolve_identifier("ice pia 15h") is None
        found = search_resolve_identifier("ice pia 15")
        assert found is not None and found.update_letter == "g"


class TestPublicGate:
    @pytest.mark.parametrize(
        "status",
        [
            Status.DRAFT,
            Status.COMPONENT_REVIEW,
            Status.DEPARTMENT_REVIEW,
            Status.APPROVED,
        ],
    )
    def test_unpublished_versions_are_never_hits(self, status: str) -> None:
        """A draft, a version in review or an approved one is never a hit."""
        _registry()
        eid = DocumentSeries.objects.get(component="ICE", kind="PIA", number=15)
        draft = DocumentVersion.objects.create(
            series=eid,
            update_letter="h",
            update_index=8,
            title="Zeppelin Surveillance",
            summary="Zeppelins over the harbor.",
            status=status,
        )
        search_index_versions([draft.pk])
        assert SearchEntry.objects.filter(pk=draft.pk).exists()
        results = search_public("zeppelin")
        assert results.hits == [] and results.total == 0
        assert results.facets["organization"] == {}
        without_facets = search_public("zeppelin", facets=False)
        assert without_facets.hits == [] and without_facets.total == 0

    def test_a_version_leaving_public_status_disappears_at_once(self) -> None:
        """A version made non-public drops out of results before any reindex."""
        _registry()
        assert _identifiers("vendor") == ["DHS/ICE/PIA-039"]
        DocumentVersion.objects.filter(series__number=39).update(status=Status.DRAFT)
        assert _identifiers("vendor") == []

    def test_retired_and_previous_versions_are_public(self) -> None:
        """Previous and retired versions are found: they stay public."""
        _registry()
        assert _identifiers("arrests removals") == ["DHS/ICE/PIA-015"]


class TestIndexKeptCurrent:
    def test_reimport_with_changed_summary(self) -> None:
        """A re-import that changes a summary leaves no stale hit and no missing one."""
        catalog_apply(
            record=catalog(
                series("DHS/ICE/PIA-090", version("DHS/ICE/PIA-090", summary="Zebras."))
            )
        )
        assert _identifiers("zebras") == ["DHS/ICE/PIA-090"]
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-090",
                    version("DHS/ICE/PIA-090", summary="Giraffes."),
                )
            )
        )
        assert _identifiers("zebras") == []
        assert _identifiers("giraffes") == ["DHS/ICE/PIA-090"]

    def test_series_change_reindexes_every_version(self) -> None:
        """A new system on a series is found in all its versions, previous ones too."""
        versions = (
            version("DHS/ICE/PIA-091", status="superseded"),
            version("DHS/ICE/PIA-091(a)"),
        )
        catalog_apply(record=catalog(series("DHS/ICE/PIA-091(a)", *versions)))
        assert _identifiers("walrus") == []
        catalog_apply(
            record=catalog(
                series(
                    "DHS/ICE/PIA-091(a)",
                    *versions,
                    system=SystemRecord("Walrus Tracker", "WT"),
                )
            )
        )
        assert sorted(_identifiers("walrus")) == [
            "DHS/ICE/PIA-091",
            "DHS/ICE/PIA-091(a)",
        ]

    def test_reimport_is_atomic_with_the_index(self) -> None:
        """The index is written in the import's transaction: one row per version."""
        _registry()
        assert SearchEntry.objects.count() == DocumentVersion.objects.count()

    def test_deleted_version_leaves_the_index(self) -> None:
        """Deleting a version removes its index row and its hits."""
        _registry()
        DocumentVersion.objects.filter(series__number=39).delete()
        assert _identifiers("vendor") == []
        assert SearchEntry.objects.count() == DocumentVersion.objects.count()


WEIRD_QUERIES = [
    '"',
    "*",
    "AND",
    "(",
    ")",
    "",
    "   ",
    "x" * 10_000,
    "records " * 2000,
    "NEAR(records vendor)",
    'records"',
    '"records',
    "records*",
    "-records",
    "records OR",
    "records AND NOT",
    "^records",
    "title:records",
    "records:*",
    "records & !vendor | <->",
    "' OR 1=1 --",
    "%s %(x)s %",
    "\x00records",
    "\x02records\x03",
    "ümlaut café",
    "日本語の記録",
    "💥 records",
    "records_with_underscores",
    "DHS/ICE/PIA-",
    "{records}",
    "\\",
]


class TestWeirdQueries:
    @pytest.mark.parametrize("query", WEIRD_QUERIES)
    def test_never_raises(self, query: str) -> None:
        """Whatever is typed, search answers (perhaps with nothing) and never raises."""
        _registry()
        results = search_public(query)
        assert results.total >= len(results.hits)
        assert all("<script" not in hit.snippet_html for hit in results.hits)
        search_resolve_identifier(query)

    def test_empty_query_finds_nothing_without_querying(
        self, django_assert_num_queries: DjangoAssertNumQueries
    ) -> None:
        """An empty query asks nothing of the database and finds nothing."""
        with django_assert_num_queries(0):
            results = search_public("  ")
        assert results.total == 0 and results.hits == []


@pytest.mark.django_db
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(query=st.text(max_size=60))
def test_any_text_searches_without_error(query: str) -> None:
    """Arbitrary text never makes either engine raise."""
    results = search_public(query)
    assert results.total >= len(results.hits) >= 0
