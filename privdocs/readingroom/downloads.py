"""The open-data downloads, /catalog.json and /catalog.csv, streamed as they are written.

``formats.catalog_export.export_catalog`` writes to a text stream in one call. To
send its output while it is still writing, it runs in a worker thread whose
stream hands chunks to the response through a small bounded buffer: memory stays
flat, the first bytes leave at once, and a reader who hangs up stops the export.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Iterator

from django.db import connections
from django.http import HttpRequest, StreamingHttpResponse

from privdocs.formats.catalog_export import export_catalog

CONTENT_TYPES = {"json": "application/json", "csv": "text/csv; charset=utf-8"}
#: Characters gathered before a chunk is handed to the response.
CHUNK_CHARS = 64 * 1024
#: Chunks waiting for the response before the export pauses.
BUFFERED_CHUNKS = 8
#: How often a paused export checks whether the reader is still there (seconds).
WAIT_SECONDS = 0.5


class _ReaderGoneError(Exception):
    """The reader went away: the export stops."""


class _ChunkStream:
    """A text stream whose writes become chunks for the response."""

    def __init__(
        self, chunks: queue.Queue[str | BaseException | None], stop: threading.Event
    ) -> None:
        self._chunks = chunks
        self._stop = stop
        self._pending: list[str] = []
        self._size = 0

    def write(self, text: str) -> int:
        self._pending.append(text)
        self._size += len(text)
        if self._size >= CHUNK_CHARS:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if self._pending:
            self.put("".join(self._pending))
            self._pending, self._size = [], 0

    def put(self, item: str | BaseException | None) -> None:
        while True:
            if self._stop.is_set():
                raise _ReaderGoneError
            try:
                self._chunks.put(item, timeout=WAIT_SECONDS)
            except queue.Full:
                continue
            return


def catalog_chunks(fmt: str) -> Iterator[str]:
    """The catalog export in ``fmt`` ("json" or "csv"), chunk by chunk as it is written."""
    chunks: queue.Queue[str | BaseException | None] = queue.Queue(BUFFERED_CHUNKS)
    stop = threading.Event()
    stream = _ChunkStream(chunks, stop)

    def produce() -> None:
        try:
            export_catalog(stream, fmt=fmt)  # type: ignore[arg-type]
            stream.flush()
            stream.put(None)
        except _ReaderGoneError:
            pass
        except Exception as error:  # handed to the response, which raises it
            with contextlib.suppress(_ReaderGoneError):
                stream.put(error)
        finally:
            # The worker's own database connection, opened for this export.
            connections.close_all()

    worker = threading.Thread(target=produce, name=f"catalog-{fmt}", daemon=True)
    worker.start()
    try:
        while True:
            item = chunks.get()
            if item is None:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()


def catalog_download(request: HttpRequest, fmt: str) -> StreamingHttpResponse:
    """Every public series as a file to save: ``privdocs-catalog.json`` or ``.csv``."""
    response = StreamingHttpResponse(
        catalog_chunks(fmt), content_type=CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = f'attachment; filename="privdocs-catalog.{fmt}"'
    return response
