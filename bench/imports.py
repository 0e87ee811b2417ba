"""How fast and how lean ``privdocs import page`` is, side by side in one run.

    .venv/bin/python -m bench.imports                 # 5,000 and 50,000 entries, SQLite and PostgreSQL
    .venv/bin/python -m bench.imports --quick         # 1,000 and 10,000 entries, SQLite only

Each figure is taken in a child process of its own (peak memory is that process's),
and printed as ratios against a reference measured in the same run:

- import of an N-entry page into an empty registry, against the bench corpus writer
  (``bulk_create`` in batches) laying down the same number of versions: within 5x;
- re-import of the unchanged page, against parsing it alone: within 2x;
- peak memory importing the large page, against the small one: within 1.5x.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.measure import run_child
from bench.page import page_text
from bench.servers import CACHE_DIR, privdocs_environment

DATABASES = ("sqlite", "postgresql")
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432"
SEED = 1


def _child(task: str, page: Path, versions: int) -> dict[str, Any]:
    """Run one task in this (child) process and return its own timing."""
    import django

    django.setup()
    from django.core.management import call_command

    if task == "migrate":
        call_command("migrate", interactive=False, verbosity=0)
        return {}
    if task == "parse":
        from privdocs.formats.page import parse_page

        started = time.perf_counter()
        record = parse_page(page.read_text(encoding="utf-8"), source=str(page))
        return {
            "seconds": time.perf_counter() - started,
            "versions": sum(len(series.versions) for series in record.series),
        }
    if task == "write":
        from bench.corpus import corpus_write

        counts = corpus_write(documents=versions, seed=SEED, body="short")
        return {"seconds": counts.seconds, "versions": counts.versions}
    started = time.perf_counter()
    with open(os.devnull, "w") as quiet:
        call_command("import", "page", str(page), stdout=quiet, stderr=quiet)
    return {"seconds": time.perf_counter() - started}


def _run(task: str, url: str, page: Path, versions: int = 0) -> dict[str, Any]:
    """One task in a child process: its own figures and its peak memory."""
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        output = Path(report.name)
    command = [
        sys.executable,
        "-m",
        "bench.imports",
        "--child",
        task,
        "--page",
        str(page),
        "--versions",
        str(versions),
        "--report",
        str(output),
    ]
    env = privdocs_environment(url)
    env["PYTHONPATH"] = str(Path(__file__).resolve().parents[1])
    child = run_child(command, env=env, stderr=None)
    if child.returncode != 0:
        raise SystemExit(f"{task} on {url} exited with {child.returncode}")
    figures: dict[str, Any] = json.loads(output.read_text() or "{}")
    output.unlink()
    figures["peak_rss_mb"] = child.max_rss_kb / 1024
    return figures


@contextmanager
def _database(kind: str, name: str, postgres: str) -> Iterator[str]:
    """An empty database, migrated; dropped afterwards."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory(prefix="privdocs-bench-imports-") as folder:
            url = f"sqlite:///{folder}/{name}.sqlite3"
            yield url
        return
    import psycopg

    with psycopg.connect(f"{postgres}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{postgres}/{name}"
    finally:
        with psycopg.connect(f"{postgres}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _page(entries: int) -> Path:
    path = CACHE_DIR / f"page-{entries}-{SEED}.txt"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_text(entries=entries, seed=SEED), encoding="utf-8")
    return path


def _measure(kind: str, small: int, large: int, postgres: str) -> dict[str, Any]:
    page, big = _page(small), _page(large)
    figures: dict[str, Any] = {}
    with _database(kind, "privdocs_bench_imports_parse", postgres) as url:
        _run("migrate", url, page)
        figures["parse"] = _run("parse", url, page)
    versions = int(figures["parse"]["versions"])
    with _database(kind, "privdocs_bench_imports_write", postgres) as url:
        _run("migrate", url, page)
        figures["write"] = _run("write", url, page, versions)
    with _database(kind, "privdocs_bench_imports_page", postgres) as url:
        _run("migrate", url, page)
        figures["import"] = _run("import", url, page)
        figures["reimport"] = _run("import", url, page)
    with _database(kind, "privdocs_bench_imports_large", postgres) as url:
        _run("migrate", url, big)
        figures["import_large"] = _run("import", url, big)
    return figures


def _table(results: dict[str, dict[str, Any]], small: int, large: int) -> str:
    rows = ["| database | measure | privdocs | reference | ratio | target | met |"]
    rows.append("|---|---|---|---|---|---|---|")
    for kind, figures in results.items():
        checks = [
            (
                f"import {small:,} entries vs corpus writer",
                figures["import"]["seconds"],
                figures["write"]["seconds"],
                5.0,
                "s",
            ),
            (
                "re-import unchanged vs parse only",
                figures["reimport"]["seconds"],
                figures["parse"]["seconds"],
                2.0,
                "s",
            ),
            (
                f"peak memory {large:,} vs {small:,} entries",
                figures["import_large"]["peak_rss_mb"],
                figures["import"]["peak_rss_mb"],
                1.5,
                "MB",
            ),
        ]
        for name, mine, reference, limit, unit in checks:
            ratio = mine / reference if reference else float("inf")
            rows.append(
                f"| {kind} | {name} | {mine:.2f} {unit} | {reference:.2f} {unit} | "
                f"{ratio:.2f}x | <= {limit}x | {'yes' if ratio <= limit else 'no'} |"
            )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.imports", description=__doc__
    )
    parser.add_argument(
        "--quick", action="store_true", help="smaller pages, SQLite only"
    )
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help="server URL")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--page", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--versions", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--report", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        figures = _child(args.child, args.page, args.versions)
        args.report.write_text(json.dumps(figures))
        return 0
    small, large = (1_000, 10_000) if args.quick else (5_000, 50_000)
    kinds = ("sqlite",) if args.quick else DATABASES
    results = {kind: _measure(kind, small, large, args.postgres) for kind in kinds}
    print(_table(results, small, large))
    folder = Path(__file__).resolve().parent / "results"
    folder.mkdir(exist_ok=True)
    stamp = time.strftime("%Y-%m-%d-%H%M%S")
    (folder / f"{stamp}-imports.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
