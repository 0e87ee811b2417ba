"""Bounded measurements: latency percentiles, throughput under concurrency, peak memory.

Every loop is bounded by time (and the latency loop by a minimum number of rounds),
so a slow target makes a run longer by at most the bound, never forever.
"""

from __future__ import annotations

import contextlib
import http.client
import math
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: One operation of a target: performs the request (or query) for ``item``; raises on failure.
Call = Callable[[str], None]


class TargetError(Exception):
    """A request answered with something other than success."""


def percentile(values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of ``values`` (``fraction`` 0.5 is the median)."""
    if not values:
        raise ValueError("no values")
    if not 0 < fraction <= 1:
        raise ValueError("fraction must be in (0, 1]")
    ordered = sorted(values)
    rank = math.ceil(fraction * len(ordered))
    return ordered[max(rank, 1) - 1]


@dataclass(frozen=True)
class Latency:
    """Seconds per operation for one client, and how many failed."""

    samples: tuple[float, ...]
    errors: int
    by_item: dict[str, tuple[float, ...]] = field(default_factory=dict)

    @property
    def p50_ms(self) -> float:
        return 1000 * percentile(self.samples, 0.50)

    @property
    def p95_ms(self) -> float:
        return 1000 * percentile(self.samples, 0.95)

    @property
    def p99_ms(self) -> float:
        return 1000 * percentile(self.samples, 0.99)

    def as_dict(self) -> dict[str, Any]:
        """Figures for the results file, in milliseconds."""
        return {
            "requests": len(self.samples),
            "errors": self.errors,
            "p50_ms": round(self.p50_ms, 3),
            "p95_ms": round(self.p95_ms, 3),
            "p99_ms": round(self.p99_ms, 3),
            "p50_ms_by_query": {
                item: round(1000 * percentile(samples, 0.5), 3)
                for item, samples in self.by_item.items()
                if samples
            },
        }


def measure_latency(
    call: Call, items: Sequence[str], *, seconds: float, min_rounds: int = 3
) -> Latency:
    """One client running ``items`` in turn, for ``seconds`` and ``min_rounds`` rounds."""
    if not items:
        raise ValueError("nothing to measure")
    for item in items:  # warm-up: connection, caches; failures are counted below
        with contextlib.suppress(Exception):
            call(item)
    samples: list[float] = []
    by_item: dict[str, list[float]] = {item: [] for item in items}
    errors = 0
    deadline = time.perf_counter() + seconds
    rounds = 0
    while rounds < min_rounds or time.perf_counter() < deadline:
        for item in items:
            started = time.perf_counter()
            try:
                call(item)
            except Exception:
                errors += 1
                continue
            elapsed = time.perf_counter() - started
            samples.append(elapsed)
            by_item[item].append(elapsed)
        rounds += 1
    if not samples:
        raise TargetError(f"every request failed ({errors} errors)")
    return Latency(
        tuple(samples), errors, {item: tuple(s) for item, s in by_item.items()}
    )


@dataclass(frozen=True)
class Throughput:
    """Completed operations per second with ``clients`` running at once."""

    clients: int
    requests: int
    errors: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, Any]:
        """Figures for the results file."""
        return {
            "clients": self.clients,
            "requests": self.requests,
            "errors": self.errors,
            "seconds": round(self.seconds, 3),
            "per_second": round(self.per_second, 2),
        }


def measure_throughput(
    make_call: Callable[[], Call],
    items: Sequence[str],
    *,
    clients: int = 8,
    seconds: float,
) -> Throughput:
    """``clients`` threads, each with its own ``make_call()``, cycling ``items``."""
    if not items:
        raise ValueError("nothing to measure")
    calls = [make_call() for _ in range(clients)]
    counts = [0] * clients
    failures = [0] * clients
    start = threading.Barrier(clients + 1)
    stop = threading.Event()

    def client(index: int) -> None:
        call = calls[index]
        position = index  # clients start at different items
        start.wait()
        while not stop.is_set():
            try:
                call(items[position % len(items)])
                counts[index] += 1
            except Exception:
                failures[index] += 1
            position += 1

    threads = [
        threading.Thread(target=client, args=(index,), daemon=True)
        for index in range(clients)
    ]
    for thread in threads:
        thread.start()
    start.wait()
    began = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    return Throughput(clients, sum(counts), sum(failures), elapsed)


#: Statuses that count as an answer. The search page sends a query that names a
#: document (``DHS/ICE/PIA-001``) to that document with a redirect: its answer.
ANSWERED = frozenset({200, 301, 302, 303, 307, 308})


class HttpClient:
    """GETs paths on one server, keeping the connection open when the server allows."""

    def __init__(self, host: str, port: int, *, timeout: float = 30.0) -> None:
        self.host = host
        self.port = port
        self.timeout = timeout
        self._connection: http.client.HTTPConnection | None = None
        self.last_body = b""

    def get(self, path: str) -> None:
        """Fetch ``path`` and read the whole body; raise ``TargetError`` unless the
        server answered (200, or a redirect, which is not followed)."""
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self._connection.request("GET", path)
                response = self._connection.getresponse()
                body = response.read()
            except (http.client.HTTPException, ConnectionError):
                # A kept-alive connection the server closed meanwhile: retry once.
                self.close()
                if attempt == 2:
                    raise
                continue
            if response.will_close:
                self.close()
            if response.status not in ANSWERED:
                raise TargetError(f"GET {path}: HTTP {response.status}")
            self.last_body = body
            return

    def close(self) -> None:
        """Close the connection, if open."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None


@dataclass(frozen=True)
class ChildRun:
    """A finished child process: exit status, wall time, peak resident memory."""

    returncode: int
    seconds: float
    max_rss_kb: int

    def as_dict(self) -> dict[str, Any]:
        """Figures for the results file."""
        return {
            "returncode": self.returncode,
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.max_rss_kb / 1024, 1),
        }


#: A launcher small enough not to count: it runs the command and writes its exit code
#: and peak memory (``wait4``'s rusage of that one child) to the file in argv[1].
_LAUNCHER = """
import os, subprocess, sys
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
with open(sys.argv[1], "w") as report:
    report.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss}")
"""


def run_child(
    command: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    stdout: Any = subprocess.DEVNULL,
    stderr: Any = subprocess.DEVNULL,
    timeout: float | None = None,
) -> ChildRun:
    """Run ``command`` to its end and report its own peak resident memory.

    On Linux a child's peak memory starts at its parent's size when it was forked
    (the copy before ``exec`` counts), so the command is started by a minimal
    Python launcher, whose own size is all it can inherit.
    """
    with tempfile.TemporaryDirectory(prefix="privdocs-bench-") as folder:
        report = Path(folder) / "rusage"
        started = time.perf_counter()
        launcher = subprocess.Popen(  # noqa: S603  (fixed commands built by the runner)
            [sys.executable, "-I", "-S", "-c", _LAUNCHER, str(report), *command],
            env=dict(env) if env is not None else None,
            stdout=stdout,
            stderr=stderr,
            start_new_session=True,
        )
        try:
            launcher.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
            raise TargetError(f"{command[0]} ran past {timeout} s") from None
        elapsed = time.perf_counter() - started
        if launcher.returncode != 0 or not report.exists():
            raise TargetError(f"{command[0]} could not be started")
        returncode, max_rss = report.read_text(encoding="utf-8").split()
    # ru_maxrss is in kilobytes on Linux (bytes on macOS).
    scale = 1024 if sys.platform == "darwin" else 1
    return ChildRun(int(returncode), elapsed, int(max_rss) // scale)
