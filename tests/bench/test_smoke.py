"""Smoke tests of the benchmarks: the corpus generator, the page generator and the
runner's measurement functions, on tiny inputs (the benchmarks themselves are not run)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from bench.corpus import (
    FIRST_SERIES,
    FIRST_SERIES_VERSIONS,
    PIA_SECTIONS,
    CorpusPlanner,
    SeriesPlan,
    corpus_write,
)
from bench.engines import fts5_expression, sqlite_fts_call, sqlite_fts_table
from bench.measure import (
    Call,
    HttpClient,
    TargetError,
    measure_latency,
    measure_throughput,
    percentile,
    run_child,
)
from bench.page import page_text
from bench.runner import comparison_rows, format_table, search_queries
from bench.servers import datasette_database_build
from bench.vocabulary import NO_HIT_WORD, PLANTED_PHRASES, tail_words
from privdocs.documents.identifiers import DocumentKind, find_identifier
from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.selectors import version_list_public

PROJECT = Path(__file__).resolve().parents[2]
DOCUMENTS = 30


def _plans(
    seed: int, documents: int = DOCUMENTS, body: str = "short"
) -> list[SeriesPlan]:
    return list(CorpusPlanner(seed=seed, body=body).series(documents))


# -- the corpus plan ---------------------------------------------------------------


def test_same_seed_gives_the_same_corpus() -> None:
    """Two plans from one seed have the same titles and bodies; another seed differs."""
    first, again, other = _plans(7), _plans(7), _plans(8)
    titles = [version.title for plan in first for version in plan.versions]
    assert titles == [version.title for plan in again for version in plan.versions]
    assert [p.versions[-1].body for p in first] == [p.versions[-1].body for p in again]
    assert titles != [version.title for plan in other for version in plan.versions]


def test_plan_has_exactly_the_documents_asked_with_one_current_version() -> None:
    """Versions add up to the count asked; in each series only the newest is in force
    (published or retired), older ones are superseded, letters run "", a, b, ..."""
    plans = _plans(3)
    assert sum(len(plan.versions) for plan in plans) == DOCUMENTS
    for plan in plans:
        *older, newest = plan.versions
        assert newest.status in {"published", "retired"}
        assert {version.status for version in older} <= {"superseded"}
        letters = [version.update for version in plan.versions]
        assert letters == ["", "a", "b", "c"][: len(letters)]
        dates = [version.published_on for version in plan.versions]
        assert dates == sorted(dates)


def test_first_series_is_the_known_benchmark_document() -> None:
    """The first series is DHS/ICE/PIA-001 with four versions: the benchmark's
    identifier query and document page exist in every corpus."""
    first = _plans(11)[0]
    assert first.identifier == FIRST_SERIES
    assert len(first.versions) == FIRST_SERIES_VERSIONS


def test_bodies_follow_the_pia_template_and_the_mode_length() -> None:
    """PIA bodies have the template's sections (1.1 ... 8.4); short bodies are about a
    page, full ones about 500 words for each of the version's pages."""
    short = _plans(5, documents=6)
    full = _plans(5, documents=6, body="full")
    pia = short[0].versions[0]
    assert list(pia.body) == list(PIA_SECTIONS)
    assert "1.1" in pia.body and "8.4" in pia.body
    short_words = len(" ".join(pia.body.values()).split())
    assert 450 <= short_words <= 700
    version = full[0].versions[0]
    full_words = len(" ".join(version.body.values()).split())
    assert 0.9 * 500 * version.pages <= full_words <= 500 * version.pages + 200


def test_phrases_are_planted_at_their_rates() -> None:
    """Over 2,000 versions the share holding "license plate reader" is near its 2 %."""
    plans = _plans(1, documents=2_000)
    versions = [version for plan in plans for version in plan.versions]
    phrase = "license plate reader"
    holding = sum(
        any(phrase in text for text in version.body.values()) for version in versions
    )
    expected = PLANTED_PHRASES[phrase] * len(versions)
    assert expected / 2 <= holding <= expected * 2


def test_no_hit_word_is_never_generated() -> None:
    """The benchmark's no-hit query cannot match: no generated word is it."""
    assert NO_HIT_WORD not in tail_words()
    text = " ".join(
        answer
        for plan in _plans(2, documents=200)
        for version in plan.versions
        for answer in version.body.values()
    )
    assert NO_HIT_WORD not in text.lower()


# -- writing -------------------------------------------------------------------------


@pytest.mark.django_db
def test_corpus_write_fills_the_registry() -> None:
    """The generator writes every version as public, with its series, systems and
    associations, in the counts it reports."""
    counts = corpus_write(documents=DOCUMENTS, seed=4, body="short", batch_versions=7)
    assert counts.versions == DOCUMENTS
    assert DocumentVersion.objects.count() == DOCUMENTS
    assert version_list_public().count() == DOCUMENTS
    assert DocumentSeries.objects.count() == counts.series == len(_plans(4))
    current = DocumentVersion.objects.exclude(status=Status.SUPERSEDED)
    assert current.count() == counts.series
    first = DocumentSeries.objects.get(
        agency="DHS", component="ICE", kind="PIA", number=1
    )
    assert first.versions.count() == FIRST_SERIES_VERSIONS
    assert first.systems.count() == 1


@pytest.mark.django_db
def test_corpus_write_refuses_a_database_with_documents() -> None:
    """A second run into the same database stops instead of mixing two corpora."""
    corpus_write(documents=5, seed=4, body="short")
    with pytest.raises(ValueError, match="already holds documents"):
        corpus_write(documents=5, seed=4, body="short")


@pytest.fixture(scope="module")
def corpus_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny corpus made by the script, as the runner makes it: migrate, write, index."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.sqlite3"
    subprocess.run(  # noqa: S603  (this project's own script)
        [
            sys.executable,
            str(PROJECT / "bench" / "corpus.py"),
            "--documents",
            str(DOCUMENTS),
            "--seed",
            "9",
            "--database-url",
            f"sqlite:///{path}",
        ],
        check=True,
        cwd=PROJECT,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PRIVDOCS_DATA_DIR": str(path.parent)},
    )
    return path


def test_script_fills_and_indexes_a_sqlite_database(corpus_file: Path) -> None:
    """``python bench/corpus.py`` migrates a new SQLite file, writes the documents and
    builds a full-text index the raw engine query can use."""
    connection = sqlite3.connect(corpus_file)
    (count,) = connection.execute(
        "SELECT count(*) FROM documents_documentversion"
    ).fetchone()
    assert count == DOCUMENTS
    assert sqlite_fts_table(connection)
    connection.close()
    call = sqlite_fts_call(str(corpus_file))
    for query in search_queries().values():
        call(query)


def test_datasette_table_holds_the_same_documents(
    corpus_file: Path, tmp_path: Path
) -> None:
    """The Datasette copy has one row per version, with FTS finding the identifier."""
    target = tmp_path / "corpus.db"
    datasette_database_build(corpus_file, target)
    connection = sqlite3.connect(target)
    (count,) = connection.execute("SELECT count(*) FROM documents").fetchone()
    assert count == DOCUMENTS
    hits = connection.execute(
        "SELECT identifier FROM documents_fts WHERE documents_fts MATCH ?",
        (fts5_expression("DHS/ICE/PIA-001(c)"),),
    ).fetchall()
    assert ("DHS/ICE/PIA-001(c)",) in hits


# -- the import page -----------------------------------------------------------------


def test_page_lists_the_entries_asked_in_the_published_format() -> None:
    """The generated page has one heading per PIA series, each a parseable identifier
    followed by its title; the same seed gives the same page."""
    text = page_text(entries=20, seed=2)
    assert text == page_text(entries=20, seed=2)
    headings = [
        line
        for line in text.splitlines()
        if line.startswith("DHS/ICE/PIA-") and " - " in line and "(PDF" not in line
    ]
    assert len(headings) == 20
    found = find_identifier(headings[0])
    assert found is not None and found[0].kind is DocumentKind.PIA
    assert "Associated SORN(s):" in text


# -- measurements ----------------------------------------------------------------------


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status = 200 if self.path.startswith("/ok") else 404
        body = b"hello" if status == 200 else b"missing"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the test reads figures, not logs."""


@pytest.fixture
def tiny_server() -> Iterator[tuple[str, int]]:
    """An HTTP server in this process: 200 on /ok..., 404 elsewhere."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield "127.0.0.1", server.server_address[1]
    server.shutdown()
    server.server_close()


def test_percentile_is_nearest_rank() -> None:
    """p50 of 1..100 is 50, p99 is 99, p100 is 100; one value is its own percentile."""
    values = [float(value) for value in range(100, 0, -1)]
    assert percentile(values, 0.5) == 50
    assert percentile(values, 0.99) == 99
    assert percentile(values, 1.0) == 100
    assert percentile([3.0], 0.95) == 3.0


def test_latency_loop_measures_a_live_server(tiny_server: tuple[str, int]) -> None:
    """One client gets percentiles in order, per item, and counts failures apart."""
    client = HttpClient(*tiny_server)
    latency = measure_latency(client.get, ["/ok/a", "/ok/b"], seconds=0.2)
    assert latency.errors == 0
    assert len(latency.samples) >= 6
    assert 0 < latency.p50_ms <= latency.p95_ms <= latency.p99_ms
    assert set(latency.as_dict()["p50_ms_by_query"]) == {"/ok/a", "/ok/b"}
    mixed = measure_latency(client.get, ["/ok", "/missing"], seconds=0.1)
    assert mixed.errors >= 3 and len(mixed.samples) >= 3
    with pytest.raises(TargetError):
        measure_latency(client.get, ["/missing"], seconds=0.1)


def test_throughput_loop_runs_clients_at_once(tiny_server: tuple[str, int]) -> None:
    """Eight clients, each with its own connection, complete requests without errors."""
    made: list[HttpClient] = []

    def make_call() -> Call:
        made.append(HttpClient(*tiny_server))
        return made[-1].get

    throughput = measure_throughput(make_call, ["/ok"], clients=8, seconds=0.3)
    assert len(made) == 8
    assert throughput.errors == 0
    assert throughput.requests > 8
    assert throughput.per_second > 0


def test_peak_memory_is_the_child_own() -> None:
    """A child that holds 64 MB reports at least that; a later small child reports
    its own peak, not the earlier child's."""
    big = run_child(
        [
            sys.executable,
            "-c",
            "x = bytearray(64 * 1024 * 1024); x[::4096] = b'1' * len(x[::4096])",
        ]
    )
    small = run_child([sys.executable, "-c", "pass"])
    assert big.returncode == 0 and small.returncode == 0
    assert big.max_rss_kb >= 64 * 1024
    assert small.max_rss_kb < 64 * 1024


def test_fts5_expression_keeps_phrases_and_identifiers_whole() -> None:
    """Words are ANDed; a quoted phrase and an identifier become phrases."""
    assert fts5_expression("records sharing") == '"records" "sharing"'
    assert fts5_expression('"license plate reader"') == '"license plate reader"'
    assert fts5_expression("DHS/ICE/PIA-001") == '"dhs ice pia 001"'


def test_table_compares_against_the_targets() -> None:
    """The table computes each ratio and whether its target is met."""
    figures = {
        "search_api": {"p50_ms": 3.0, "throughput": {"per_second": 200.0}},
        "raw_fts": {"p50_ms": 1.0},
        "http_floor": {"p50_ms": 1.5},
        "export": {"peak_rss_mb": 80.0},
    }
    results = {
        "runs": {
            "1000": {"sqlite": figures, "datasette": {"search_api": {"p50_ms": 6.0}}},
            "10000": {"sqlite": {**figures, "search_api": {"p50_ms": 6.0}}},
        },
        "import": {"sqlite": {"seconds": 12.5}},
    }
    rows = list(comparison_rows(results))
    by_metric = {(row.scope, row.metric, row.reference_name): row for row in rows}
    floor = by_metric[("1000 sqlite", "search API p50 ms", "raw FTS")]
    assert floor.ratio == 3.0 and floor.met is False
    datasette = by_metric[("1000 sqlite", "search API p50 ms", "Datasette JSON")]
    assert datasette.ratio == 0.5 and datasette.met is True
    http_floor = by_metric[("1000 sqlite", "HTTP floor p50 ms", "raw FTS")]
    assert http_floor.ratio == 1.5 and http_floor.met is None
    scaling = by_metric[("10000/1000 sqlite", "search API p50 ms", "p50 at 1000")]
    assert scaling.ratio == 2.0 and scaling.met is True
    table = format_table(rows)
    assert "3.00x" in table and "NO" in table


def test_the_imports_bench_table_gives_each_ratio_against_its_target() -> None:
    """bench/imports.py: import vs writer, re-import vs parse, large vs small memory."""
    from bench.imports import _table

    figures = {
        "sqlite": {
            "write": {"seconds": 2.0},
            "import": {"seconds": 6.0, "peak_rss_mb": 100.0},
            "reimport": {"seconds": 5.0},
            "parse": {"seconds": 2.0},
            "import_large": {"peak_rss_mb": 160.0},
        }
    }
    rows = _table(figures, 5_000, 50_000).splitlines()[2:]
    assert [row.split(" | ")[4:] for row in rows] == [
        ["3.00x", "<= 5.0x", "yes |"],
        ["2.50x", "<= 2.0x", "no |"],
        ["1.60x", "<= 1.5x", "no |"],
    ]
