"""Checked command-line values: a bad one is a one-line error and exit code 2."""

from __future__ import annotations

import argparse
import datetime
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

#: Exit code of a command given a value it cannot use (argparse's own code).
EXIT_USAGE = 2
#: The most days ahead a listing looks: a hundred years is more than any review cycle.
MAX_DAYS = 36_500
#: More workers than this is a typing mistake on any machine privdocs runs on.
MAX_WORKERS = 64


def _whole_number(text: str, *, low: int, high: int, what: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected {what} (a whole number from {low} to {high}), got {text!r}"
        ) from None
    if not low <= number <= high:
        raise argparse.ArgumentTypeError(
            f"expected {what} from {low} to {high}, got {number}"
        )
    return number


def port(text: str) -> int:
    """A TCP port to listen on: 1 to 65535."""
    return _whole_number(text, low=1, high=65_535, what="a TCP port")


def worker_count(text: str) -> int:
    """How many server processes: at least one."""
    return _whole_number(text, low=1, high=MAX_WORKERS, what="a number of workers")


def day_count(text: str) -> int:
    """A number of days ahead: 1 to a hundred years."""
    return _whole_number(text, low=1, high=MAX_DAYS, what="a number of days")


def iso_day(text: str) -> datetime.date:
    """A calendar date written YYYY-MM-DD."""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date as YYYY-MM-DD, got {text!r}"
        ) from None


def output_check(output: Path) -> None:
    """Refuse, before any work, an output that cannot become a file: a directory,
    a missing folder, a folder this process may not write in."""
    if output.is_dir():
        raise CommandError(
            f"--output {output}: is a directory; name a file in it",
            returncode=EXIT_USAGE,
        )
    directory = output.resolve().parent
    if not directory.is_dir():
        raise CommandError(
            f"--output {output}: folder {directory} does not exist",
            returncode=EXIT_USAGE,
        )
    if not os.access(directory, os.W_OK | os.X_OK):
        raise CommandError(
            f"--output {output}: folder {directory} is not writable",
            returncode=EXIT_USAGE,
        )
    if output.exists() and not os.access(output, os.W_OK):
        raise CommandError(
            f"--output {output}: file exists and is not writable",
            returncode=EXIT_USAGE,
        )


def write_whole(output: Path, write: Callable[[Any], None], *, binary: bool) -> None:
    """Run ``write`` on a file beside ``output`` and rename it: a reader never sees
    half a file, and a failure leaves no file behind."""
    output_check(output)
    directory = output.resolve().parent
    try:
        handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{output.name}.")
    except OSError as error:
        raise CommandError(
            f"--output {output}: {error.strerror}", returncode=EXIT_USAGE
        ) from None
    try:
        if binary:
            with os.fdopen(handle, "wb") as stream:
                write(stream)
        else:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                write(stream)
        os.replace(temporary, output)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise CommandError(
            f"--output {output}: {error.strerror}", returncode=EXIT_USAGE
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class CheckedCommand(BaseCommand):
    """A command whose usage errors are one line (what is wrong, and where to read
    more) and exit code 2, instead of argparse's usage block before the error."""

    def create_parser(
        self, prog_name: str, subcommand: str, **kwargs: Any
    ) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        for each in _parsers(parser):
            if each.called_from_command_line:
                # argparse has no hook for its error line but this method.
                setattr(each, "error", _one_line_error(each))  # noqa: B010
        return parser


def _parsers(parser: argparse.ArgumentParser) -> list[CommandParser]:
    """The parser and the parsers of its sub-commands, at any depth."""
    found = [parser] if isinstance(parser, CommandParser) else []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                found.extend(_parsers(child))
    return found


def _one_line_error(parser: CommandParser) -> Callable[[str], None]:
    def error(message: str) -> None:
        sys.stderr.write(
            f"{parser.prog}: error: {message} (see '{parser.prog} --help')\n"
        )
        sys.exit(EXIT_USAGE)

    return error
