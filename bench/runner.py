"""The benchmark runner behind ``bench/run``: generate (or reuse) corpora, start the
servers, measure, print one table and write the figures to bench/results/."""

from __future__ import annotations

import argparse
import datetime
import functools
import hashlib
import json
import os
import platform
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

from bench.corpus import FIRST_SERIES, FIRST_SERIES_VERSIONS
from bench.engines import fts_call_for
from bench.measure import (
    Call,
    HttpClient,
    TargetError,
    measure_latency,
    measure_throughput,
    run_child,
)
from bench.page import page_text
from bench.servers import (
    BENCH_DIR,
    CACHE_DIR,
    DATASETTE_DATABASE,
    PROJECT_DIR,
    ChildServer,
    ServerError,
    datasette_database_build,
    datasette_server,
    privdocs_command,
    privdocs_environment,
    privdocs_server,
)
from bench.vocabulary import NO_HIT_WORD, rare_word
from privdocs.documents.identifiers import update_letter

RESULTS_DIR = BENCH_DIR / "results"
DATABASES = ("sqlite", "postgres")
IMPORT_ENTRIES = 5_000
CLIENTS = 8


def search_queries() -> dict[str, str]:
    """The fixed mix: a word in nearly every document, a rare word, a phrase, an
    identifier and a word in none."""
    return {
        "common": "information",
        "rare": rare_word(),
        "phrase": '"license plate reader"',
        "identifier": str(FIRST_SERIES),
        "no_hit": NO_HIT_WORD,
    }


def _document_path() -> str:
    """The reading-room page of the first series' newest version: /dhs/ice/pia-001/c/."""
    parts = [*FIRST_SERIES.path_parts(), update_letter(FIRST_SERIES_VERSIONS - 1)]
    return "/" + "/".join(parts) + "/"


#: Pages of the reading room and what they are compared with in Datasette.
PRIVDOCS_PAGES = {
    "home": "/",
    "organization": "/dhs/ice/",
    "document": _document_path(),
}


#: A static file privdocs' own server answers before any view runs (WhiteNoise):
#: the cost of one HTTP request through gunicorn, the floor of every page and search.
HTTP_FLOOR_PATH = "/static/readingroom/readingroom.css"


@dataclass(frozen=True)
class Options:
    """What to run."""

    sizes: tuple[int, ...]
    databases: tuple[str, ...]
    quick: bool
    seed: int
    body: str
    seconds: float
    postgres_url: str
    datasette: bool
    fresh: bool
    label: str | None = None

    @property
    def mode(self) -> str:
        return "quick" if self.quick else "full"


def _log(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()


def _fingerprint() -> str:
    """Changes when the generator, the vocabulary, the schema or the search app do:
    a cached corpus built by older code is not reused."""
    digest = hashlib.sha256()
    files = [BENCH_DIR / "corpus.py", BENCH_DIR / "vocabulary.py"]
    files += sorted((PROJECT_DIR / "privdocs").glob("*/migrations/*.py"))
    files += sorted((PROJECT_DIR / "privdocs" / "search").glob("*.py"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def _generate(size: int, options: Options, database_url: str) -> float:
    started = time.monotonic()
    subprocess.run(  # noqa: S603  (fixed command)
        [
            sys.executable,
            str(BENCH_DIR / "corpus.py"),
            "--documents",
            str(size),
            "--seed",
            str(options.seed),
            "--body",
            options.body,
            "--database-url",
            database_url,
        ],
        check=True,
        cwd=PROJECT_DIR,
        env=privdocs_environment(database_url),
    )
    return time.monotonic() - started


def sqlite_corpus(size: int, options: Options) -> tuple[Path, float | None]:
    """The cached SQLite corpus of ``size`` (generated if absent); seconds if built now."""
    key = f"{size}-{options.seed}-{options.body}-{_fingerprint()}"
    path = CACHE_DIR / f"corpus-{key}.sqlite3"
    done = path.with_name(path.name + ".done")
    if done.exists() and not options.fresh:
        return path, None
    for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm"), done):
        stale.unlink(missing_ok=True)
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    _log(f"generating {size} documents into {path}")
    seconds = _generate(size, options, f"sqlite:///{path}")
    done.touch()
    return path, seconds


def _postgres_admin(options: Options) -> Any:
    import psycopg

    return psycopg.connect(f"{options.postgres_url}/postgres", autocommit=True)


def postgres_corpus(size: int, options: Options) -> tuple[str, float | None]:
    """The cached PostgreSQL corpus of ``size``: a database marked complete by a comment."""
    name = f"privdocs_bench_{size}_{options.seed}_{options.body}_{_fingerprint()}"
    marker = "privdocs bench corpus complete"
    with _postgres_admin(options) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            (name,),
        ).fetchone()
        if row is not None and row[0] == marker and not options.fresh:
            return f"{options.postgres_url}/{name}", None
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    _log(f"generating {size} documents into PostgreSQL database {name}")
    url = f"{options.postgres_url}/{name}"
    seconds = _generate(size, options, url)
    with _postgres_admin(options) as admin:
        admin.execute(f"COMMENT ON DATABASE \"{name}\" IS '{marker}'")
    return url, seconds


def _guarded(label: str, measure: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run one measurement; a failure is recorded, not fatal (parts may be pending)."""
    try:
        return measure()
    except (TargetError, ServerError, LookupError, OSError) as error:
        _log(f"{label}: not measured: {error}")
        return {"error": str(error)}


def _http_figures(
    server: ChildServer, paths: dict[str, str], seconds: float
) -> dict[str, Any]:
    """Latency (one client) and throughput (``CLIENTS``) over ``paths`` in turn."""
    client = HttpClient("127.0.0.1", server.port)
    items = list(paths.values())
    latency = measure_latency(client.get, items, seconds=seconds)
    client.close()
    names = {path: name for name, path in paths.items()}
    figures = latency.as_dict()
    figures["p50_ms_by_query"] = {
        names[path]: value for path, value in figures["p50_ms_by_query"].items()
    }
    clients: list[HttpClient] = []

    def make_call() -> Call:
        clients.append(HttpClient("127.0.0.1", server.port))
        return clients[-1].get

    throughput = measure_throughput(make_call, items, clients=CLIENTS, seconds=seconds)
    for each in clients:
        each.close()
    figures["throughput"] = throughput.as_dict()
    return figures


def _page_figures(
    server: ChildServer, pages: dict[str, str], seconds: float
) -> dict[str, Any]:
    return {
        name: _guarded(
            f"page {path}",
            functools.partial(_http_figures, server, {name: path}, seconds),
        )
        for name, path in pages.items()
    }


def _search_paths(template: str) -> dict[str, str]:
    return {
        name: template.format(query=quote_plus(query))
        for name, query in search_queries().items()
    }


def measure_privdocs(database: str, location: str, options: Options) -> dict[str, Any]:
    """Search, pages, the engine floor and export memory for one corpus."""
    url = f"sqlite:///{location}" if database == "sqlite" else location
    figures: dict[str, Any] = {}
    try:
        with privdocs_server(url) as server:
            _log(f"privdocs serving {database} on port {server.port}")
            figures["search_api"] = _guarded(
                "search API",
                lambda: _http_figures(
                    server, _search_paths("/api/v1/search?q={query}"), options.seconds
                ),
            )
            figures["search_page"] = _guarded(
                "search page",
                lambda: _http_figures(
                    server, _search_paths("/search/?q={query}"), options.seconds
                ),
            )
            figures["pages"] = _page_figures(server, PRIVDOCS_PAGES, options.seconds)
            figures["http_floor"] = _guarded(
                "HTTP floor",
                lambda: _http_figures(
                    server, {"static": HTTP_FLOOR_PATH}, options.seconds
                ),
            )
    except ServerError as error:
        _log(f"privdocs: {error}")
        figures["error"] = str(error)

    def raw_fts() -> dict[str, Any]:
        call = fts_call_for(database, location)
        items = list(search_queries().values())
        latency = measure_latency(call, items, seconds=options.seconds)
        figures = latency.as_dict()
        names = {query: name for name, query in search_queries().items()}
        figures["p50_ms_by_query"] = {
            names[query]: value for query, value in figures["p50_ms_by_query"].items()
        }
        return figures

    figures["raw_fts"] = _guarded("raw FTS", raw_fts)
    figures["export"] = _guarded("export", lambda: export_figures(url))
    return figures


def export_figures(database_url: str) -> dict[str, Any]:
    """``privdocs export catalog --format json``: wall time and peak memory."""
    with tempfile.TemporaryDirectory(prefix="privdocs-bench-") as folder:
        output = Path(folder) / "catalog.json"
        run = run_child(
            [
                str(privdocs_command()),
                "export",
                "catalog",
                "--format",
                "json",
                "--output",
                str(output),
            ],
            env=privdocs_environment(database_url),
        )
        figures = run.as_dict()
        figures["bytes"] = output.stat().st_size if output.exists() else None
    if run.returncode != 0:
        raise TargetError(f"export exited with {run.returncode}")
    return figures


def _datasette_row_id(path: Path) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    identifier = (
        f"{FIRST_SERIES}({update_letter(FIRST_SERIES_VERSIONS - 1)})"
        if FIRST_SERIES_VERSIONS > 1
        else str(FIRST_SERIES)
    )
    row = connection.execute(
        "SELECT id FROM documents WHERE identifier = ?", (identifier,)
    ).fetchone()
    connection.close()
    if row is None:
        raise LookupError(f"{identifier} is not in {path}")
    return int(row[0])


def measure_datasette(corpus: Path, options: Options) -> dict[str, Any]:
    """The same searches and comparable pages on Datasette over the same documents."""
    folder = corpus.with_suffix(".datasette")
    path = folder / f"{DATASETTE_DATABASE}.db"
    if not path.exists() or options.fresh:
        folder.mkdir(parents=True, exist_ok=True)
        _log(f"building the Datasette database {path}")
        datasette_database_build(corpus, path)
    table = f"/{DATASETTE_DATABASE}/documents"
    pages = {
        "home": "/",
        "organization": f"{table}?organization=ICE&_nocol=body",
        "document": f"{table}/{_datasette_row_id(path)}",
    }
    figures: dict[str, Any] = {}
    with datasette_server(path) as server:
        _log(f"Datasette serving on port {server.port}")
        figures["search_api"] = _guarded(
            "Datasette JSON search",
            lambda: _http_figures(
                server,
                _search_paths(table + ".json?_search={query}&_size=20&_nocol=body"),
                options.seconds,
            ),
        )
        figures["search_page"] = _guarded(
            "Datasette HTML search",
            lambda: _http_figures(
                server,
                _search_paths(table + "?_search={query}&_size=20&_nocol=body"),
                options.seconds,
            ),
        )
        figures["pages"] = _page_figures(server, pages, options.seconds)
    return figures


def measure_import(database: str, options: Options) -> dict[str, Any]:
    """``privdocs import page`` of a generated ``IMPORT_ENTRIES``-entry page, into an
    empty, migrated database."""
    page = CACHE_DIR / f"page-{IMPORT_ENTRIES}-{options.seed}.txt"
    if not page.exists():
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        page.write_text(
            page_text(entries=IMPORT_ENTRIES, seed=options.seed), encoding="utf-8"
        )
    with tempfile.TemporaryDirectory(prefix="privdocs-bench-import-") as folder:
        if database == "sqlite":
            url = f"sqlite:///{folder}/import.sqlite3"
        else:
            name = "privdocs_bench_import"
            with _postgres_admin(options) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
                admin.execute(f'CREATE DATABASE "{name}"')
            url = f"{options.postgres_url}/{name}"
        env = privdocs_environment(url)
        migrate = run_child([str(privdocs_command()), "migrate"], env=env)
        if migrate.returncode != 0:
            raise TargetError(f"migrate exited with {migrate.returncode}")
        log = CACHE_DIR / "logs" / f"import-{database}.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("wb") as stream:
            run = run_child(
                [str(privdocs_command()), "import", "page", str(page)],
                env=env,
                stdout=stream,
                stderr=stream,
            )
    if run.returncode != 0:
        raise TargetError(f"import exited with {run.returncode}; see {log}")
    figures = run.as_dict()
    figures["entries"] = IMPORT_ENTRIES
    return figures


# -- the table -----------------------------------------------------------------


def _get(figures: dict[str, Any], *keys: str) -> float | None:
    value: Any = figures
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value) if isinstance(value, int | float) else None


def _errors(figures: dict[str, Any], *keys: str) -> int:
    """Failed requests of one measurement: its latency loop's and its throughput's."""
    return int(
        (_get(figures, *keys, "errors") or 0)
        + (_get(figures, *keys, "throughput", "errors") or 0)
    )


def _ratio(top: float | None, bottom: float | None) -> float | None:
    if top is None or bottom is None or bottom == 0:
        return None
    return top / bottom


@dataclass(frozen=True)
class Row:
    """One comparison of the table."""

    scope: str
    metric: str
    privdocs: float | None
    reference: float | None
    reference_name: str
    ratio: float | None
    target: str
    met: bool | None
    #: Failed requests behind the privdocs figure (a fast error is no success).
    errors: int = 0


def _check(ratio: float | None, limit: float, *, at_most: bool) -> bool | None:
    if ratio is None:
        return None
    return ratio <= limit if at_most else ratio >= limit


def comparison_rows(results: dict[str, Any]) -> Iterator[Row]:
    """The issue's targets, one row each, for every size and database measured."""
    runs: dict[str, Any] = results["runs"]
    for size_key, by_database in runs.items():
        datasette = by_database.get("datasette", {})
        for database in DATABASES:
            figures = by_database.get(database)
            if figures is None:
                continue
            scope = f"{size_key} {database}"
            api_p50 = _get(figures, "search_api", "p50_ms")
            raw_p50 = _get(figures, "raw_fts", "p50_ms")
            ratio = _ratio(api_p50, raw_p50)
            yield Row(
                scope,
                "search API p50 ms",
                api_p50,
                raw_p50,
                "raw FTS",
                ratio,
                "<= 2x",
                _check(ratio, 2, at_most=True),
                _errors(figures, "search_api"),
            )
            floor_p50 = _get(figures, "http_floor", "p50_ms")
            yield Row(
                scope,
                "HTTP floor p50 ms",
                floor_p50,
                raw_p50,
                "raw FTS",
                _ratio(floor_p50, raw_p50),
                "info",
                None,
                _errors(figures, "http_floor"),
            )
            ds_p50 = _get(datasette, "search_api", "p50_ms")
            ratio = _ratio(api_p50, ds_p50)
            yield Row(
                scope,
                "search API p50 ms",
                api_p50,
                ds_p50,
                "Datasette JSON",
                ratio,
                "< 1x",
                None if ratio is None else ratio < 1,
                _errors(figures, "search_api"),
            )
            page_p50 = _get(figures, "search_page", "p50_ms")
            ds_page_p50 = _get(datasette, "search_page", "p50_ms")
            yield Row(
                scope,
                "search page p50 ms",
                page_p50,
                ds_page_p50,
                "Datasette HTML",
                _ratio(page_p50, ds_page_p50),
                "info",
                None,
                _errors(figures, "search_page"),
            )
            api_p99 = _get(figures, "search_api", "p99_ms")
            yield Row(
                scope,
                "search API p99 ms",
                api_p99,
                api_p50,
                "own p50",
                _ratio(api_p99, api_p50),
                "info",
                None,
            )
            for kind, reference in (
                ("search_api", "Datasette JSON"),
                ("search_page", "Datasette HTML"),
            ):
                ours = _get(figures, kind, "throughput", "per_second")
                theirs = _get(datasette, kind, "throughput", "per_second")
                ratio = _ratio(ours, theirs)
                yield Row(
                    scope,
                    f"{kind.replace('_', ' ')} req/s",
                    ours,
                    theirs,
                    reference,
                    ratio,
                    "info",
                    None,
                    _errors(figures, kind),
                )
            for page, reference in (
                ("home", "Datasette index"),
                ("organization", "Datasette table"),
                ("document", "Datasette row"),
            ):
                ours = _get(figures, "pages", page, "throughput", "per_second")
                theirs = _get(datasette, "pages", page, "throughput", "per_second")
                ratio = _ratio(ours, theirs)
                yield Row(
                    scope,
                    f"{page} page req/s",
                    ours,
                    theirs,
                    reference,
                    ratio,
                    ">= 1x",
                    _check(ratio, 1, at_most=False),
                    _errors(figures, "pages", page),
                )
                p99 = _get(figures, "pages", page, "p99_ms")
                p50 = _get(figures, "pages", page, "p50_ms")
                ratio = _ratio(p99, p50)
                yield Row(
                    scope,
                    f"{page} page p99 ms",
                    p99,
                    p50,
                    "own p50",
                    ratio,
                    "< 5x",
                    None if ratio is None else ratio < 5,
                )
            memory = _get(figures, "export", "peak_rss_mb")
            yield Row(scope, "export peak MB", memory, None, "", None, "info", None)
    sizes = sorted(int(size) for size in runs)
    if len(sizes) > 1:
        smallest, largest = sizes[0], sizes[-1]
        for database in DATABASES:
            small = runs[str(smallest)].get(database)
            large = runs[str(largest)].get(database)
            if small is None or large is None:
                continue
            scope = f"{largest}/{smallest} {database}"
            top = _get(large, "search_api", "p50_ms")
            bottom = _get(small, "search_api", "p50_ms")
            ratio = _ratio(top, bottom)
            yield Row(
                scope,
                "search API p50 ms",
                top,
                bottom,
                f"p50 at {smallest}",
                ratio,
                "<= 3x",
                _check(ratio, 3, at_most=True),
            )
            if 10_000 in sizes and largest > 10_000:
                top = _get(large, "export", "peak_rss_mb")
                bottom = _get(runs["10000"].get(database, {}), "export", "peak_rss_mb")
                ratio = _ratio(top, bottom)
                yield Row(
                    f"{largest}/10000 {database}",
                    "export peak MB",
                    top,
                    bottom,
                    "peak at 10000",
                    ratio,
                    "<= 1.5x",
                    _check(ratio, 1.5, at_most=True),
                )
    for database, figures in results.get("import", {}).items():
        yield Row(
            f"import {database}",
            f"{IMPORT_ENTRIES}-entry page s",
            _get(figures, "seconds"),
            None,
            "",
            None,
            "info",
            None,
        )


def _number(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.2f}"


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal, pasteable in the README)."""
    header = (
        "scope",
        "metric",
        "privdocs",
        "reference",
        "ref.",
        "ratio",
        "target",
        "met",
        "errors",
    )
    lines = [header]
    for row in rows:
        met = "-" if row.met is None else ("yes" if row.met else "NO")
        lines.append(
            (
                row.scope,
                row.metric,
                _number(row.privdocs),
                row.reference_name,
                _number(row.reference),
                "-" if row.ratio is None else f"{row.ratio:.2f}x",
                row.target,
                met,
                str(row.errors) if row.errors else "",
            )
        )
    widths = [max(len(line[column]) for line in lines) for column in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append(
            "| "
            + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line))
            + " |"
        )
        if index == 0:
            out.append("|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(out)


# -- the run -------------------------------------------------------------------


def _machine(options: Options) -> dict[str, Any]:
    machine: dict[str, Any] = {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
    if "postgres" in options.databases:
        try:
            with _postgres_admin(options) as admin:
                machine["postgresql"] = admin.execute("SHOW server_version").fetchone()[
                    0
                ]
        except Exception as error:
            machine["postgresql"] = f"unavailable: {error}"
    return machine


def run(options: Options) -> dict[str, Any]:
    """Every measurement the options ask for; the results as a JSON-ready dict."""
    started = time.monotonic()
    results: dict[str, Any] = {
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "mode": options.mode,
        "options": {
            "sizes": list(options.sizes),
            "databases": list(options.databases),
            "seed": options.seed,
            "body": options.body,
            "seconds_per_measurement": options.seconds,
            "clients": CLIENTS,
            "queries": search_queries(),
            "pages": PRIVDOCS_PAGES,
        },
        "machine": _machine(options),
        "runs": {},
        "import": {},
    }
    for size in options.sizes:
        by_database: dict[str, Any] = {}
        results["runs"][str(size)] = by_database
        for database in options.databases:
            try:
                if database == "sqlite":
                    path, built = sqlite_corpus(size, options)
                    location = str(path)
                else:
                    location, built = postgres_corpus(size, options)
            except subprocess.CalledProcessError as error:
                _log(f"{size} documents on {database}: the generator failed: {error}")
                by_database[database] = {"error": f"corpus generator failed: {error}"}
                continue
            figures = measure_privdocs(database, location, options)
            figures["corpus_build_seconds"] = None if built is None else round(built, 1)
            by_database[database] = figures
            if database == "sqlite" and options.datasette:
                by_database["datasette"] = _guarded(
                    "Datasette", functools.partial(measure_datasette, path, options)
                )
    for database in options.databases:
        _log(f"timing the import of a {IMPORT_ENTRIES}-entry page on {database}")
        results["import"][database] = _guarded(
            f"import on {database}",
            functools.partial(measure_import, database, options),
        )
    results["seconds"] = round(time.monotonic() - started, 1)
    return results


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bench/run",
        description=(
            "Benchmark privdocs against its own search engine floor and Datasette: "
            "search latency and throughput, page throughput, export memory, import "
            "time. Prints one table and writes bench/results/DATE-MODE.json."
        ),
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="Sizes 1000 and 10000, short bodies, 2 s per measurement (under 10 min).",
    )
    parser.add_argument(
        "--sizes",
        help="Comma-separated corpus sizes in documents (default: 1000,10000,100000; "
        "quick: 1000,10000).",
    )
    parser.add_argument(
        "--databases",
        default="sqlite,postgres",
        help="Comma-separated: sqlite, postgres (default: both).",
    )
    parser.add_argument("--seed", type=int, default=1, help="Corpus seed (default: 1).")
    parser.add_argument(
        "--body",
        choices=("short", "full"),
        help="Body length (default: short; full: 10-50 pages per version).",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        help="Seconds per measurement (default: 2 quick, 10 full).",
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get(
            "PRIVDOCS_BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432"
        ),
        help="PostgreSQL server, without database name (default: "
        "$PRIVDOCS_BENCH_POSTGRES or postgres://postgres@127.0.0.1:5432).",
    )
    parser.add_argument(
        "--no-datasette", action="store_true", help="Skip the Datasette comparison."
    )
    parser.add_argument(
        "--fresh", action="store_true", help="Regenerate cached corpora."
    )
    parser.add_argument(
        "--label",
        help="Added to the results file's name (DATE-MODE-LABEL.json); without it, "
        "a file of the same day and mode gets -2, -3, ... rather than being replaced.",
    )
    return parser


def options_from(argv: list[str] | None) -> Options:
    """Parse the command line into ``Options``."""
    args = _parser().parse_args(argv)
    default_sizes = "1000,10000" if args.quick else "1000,10000,100000"
    sizes = tuple(int(size) for size in (args.sizes or default_sizes).split(","))
    databases = tuple(
        name.strip() for name in args.databases.split(",") if name.strip()
    )
    unknown = [name for name in databases if name not in DATABASES]
    if unknown:
        raise SystemExit(f"unknown database(s): {', '.join(unknown)}")
    return Options(
        sizes=sizes,
        databases=databases,
        quick=args.quick,
        seed=args.seed,
        body=args.body or "short",
        seconds=args.seconds or (2.0 if args.quick else 10.0),
        postgres_url=args.postgres_url.rstrip("/"),
        datasette=not args.no_datasette,
        fresh=args.fresh,
        label=args.label,
    )


def results_path(options: Options) -> Path:
    """Where a run's figures go: DATE-MODE[-LABEL].json, never over an earlier run."""
    day = datetime.date.today().isoformat()  # noqa: DTZ011  (a file name, local day)
    stem = f"{day}-{options.mode}" + (f"-{options.label}" if options.label else "")
    output = RESULTS_DIR / f"{stem}.json"
    number = 2
    while output.exists():
        output = RESULTS_DIR / f"{stem}-{number}.json"
        number += 1
    return output


def main(argv: list[str] | None = None) -> int:
    """Run the benchmarks; print the table; write the results file."""
    options = options_from(argv)
    results = run(options)
    rows = list(comparison_rows(results))
    table = format_table(rows)
    results["table"] = table
    RESULTS_DIR.mkdir(exist_ok=True)
    output = results_path(options)
    output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(table + "\n")
    sys.stdout.write(f"\n{results['seconds']} s; figures written to {output}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
