"""Plain-text reports that commands print: import summaries and problem lists."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from privdocs.documents.services.catalog import OUTCOMES, ImportSummary
from privdocs.formats.records import Problem


class Writable(Protocol):
    """A text stream or a management command's output wrapper."""

    def write(self, text: str, /) -> object: ...


def print_import_summary(
    stream: Writable, summary: ImportSummary, *, title: str
) -> None:
    """A small table: one row per kind of thing, one column per outcome."""
    stream.write(f"{title}:\n")
    header = f"  {'':<14}" + "".join(f"{outcome:>11}" for outcome in OUTCOMES)
    stream.write(header + "\n")
    for entity, *counts in summary.as_rows():
        stream.write(
            f"  {entity:<14}" + "".join(f"{count:>11}" for count in counts) + "\n"
        )
    if not summary.changed:
        stream.write("  Nothing changed: the registry already had all of it.\n")


def print_problems(
    stream: Writable, problems: Iterable[Problem], *, source: str
) -> int:
    """List every line an importer could not understand, with its line number."""
    count = 0
    for problem in problems:
        count += 1
        stream.write(f"{source}:{problem.line}: {problem.reason}: {problem.text!r}\n")
    return count
