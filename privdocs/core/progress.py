"""Progress lines for long commands: redrawn in place on a terminal, sparse in a log."""

from __future__ import annotations

import time
from typing import TextIO


class ProgressLine:
    """Shows ``label: done/total`` on ``stream``; call ``update`` often, ``finish`` once."""

    def __init__(self, stream: TextIO, label: str, total: int | None = None) -> None:
        self.stream = stream
        self.label = label
        self.total = total
        self.interactive = stream.isatty()
        self._last_shown = 0.0
        self._shown_any = False

    def update(self, done: int) -> None:
        """Report ``done`` items; throttled so printing never slows the work."""
        now = time.monotonic()
        interval = 0.1 if self.interactive else 5.0
        if now - self._last_shown < interval and done != self.total:
            return
        self._last_shown = now
        self._shown_any = True
        self._write(done)

    def finish(self, done: int) -> None:
        """Print the final count and end the line."""
        if self._shown_any or self.interactive:
            self._write(done)
            if self.interactive:
                self.stream.write("\n")
        self.stream.flush()

    def _write(self, done: int) -> None:
        if self.total:
            percent = 100 * done // self.total
            text = f"{self.label}: {done}/{self.total} ({percent}%)"
        else:
            text = f"{self.label}: {done}"
        if self.interactive:
            self.stream.write("\r\033[K" + text)
        else:
            self.stream.write(text + "\n")
        self.stream.flush()
