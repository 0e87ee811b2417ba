"""Plain-text reports that commands print: import summaries, changes and problems."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol

from privdocs.documents.services.catalog import OUTCOMES, ImportSummary
from privdocs.formats.records import Problem
from privdocs.imports.models import Change


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


#: The longest value a change line shows whole; longer ones are cut with "…".
SHOWN_VALUE = 70


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= SHOWN_VALUE else text[: SHOWN_VALUE - 1] + "…"


def change_lines(changes: Iterable[Change]) -> Iterator[str]:
    """One line per change, as a person reads it: ``created DHS/ICE/PIA-046``,
    ``DHS/ICE/PIA-015(g): summary: '…' → '…'``, ``removed …``. A dry run and
    ``privdocs imports show`` print the same lines."""
    for change in changes:
        if change.operation == Change.Operation.CREATE:
            yield f"created {change.label}"
        elif change.operation == Change.Operation.DELETE:
            yield f"removed {change.label}"
        else:
            for name in change.after:
                shown = name.removesuffix("_id")
                old, new = change.before.get(name), change.after[name]
                yield f"{change.label}: {shown}: {_shown(old)} → {_shown(new)}"


def print_notes(stream: Writable, notes: Iterable[str]) -> int:
    """What an import kept as it was, and why; one line each."""
    count = 0
    for note in notes:
        count += 1
        stream.write(f"  {note}\n")
    return count
