"""The commands behind ``privdocs``: import, export and demo, on the real seed and bad input."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from privdocs.documents.models import DocumentSeries

pytestmark = pytest.mark.django_db


def _run(*arguments: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command(*arguments, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def _export_json() -> dict[str, Any]:
    stdout, _ = _run("export", "catalog", "--format", "json")
    document: dict[str, Any] = json.loads(stdout)
    return document


def test_seed_imports_whole_and_twice_is_unchanged(seed_path: Path) -> None:
    """The DHS page of 2015 gives 38 series; importing it again reports all unchanged."""
    stdout, _ = _run("import", "page", str(seed_path))
    assert "38 series" in stdout
    catalog = _export_json()
    series = {s["identifier"]: s for s in catalog["series"]}
    assert len(series) == 38
    pia15 = series["DHS/ICE/PIA-015"]
    assert [v["update"] for v in pia15["versions"]] == ["g"]
    previous = sorted(i for i, s in series.items() if "PREVIOUS" in s["sections"])
    assert previous == ["DHS/ICE/PIA-015", "DHS/ICE/PIA-020"]
    pia1 = series["DHS/ICE/PIA-001"]["versions"][0]
    assert (pia1["update"], pia1["date"], pia1["pages"], pia1["size_bytes"]) == (
        "a",
        "2011-06-23",
        6,
        167 * 1024,
    )
    stdout, _ = _run("import", "page", str(seed_path))
    assert "Nothing changed" in stdout


def test_refuses_a_file_that_is_not_a_page(tmp_path: Path) -> None:
    """A CSV is refused with the file's name and exit code 1, and nothing is written."""
    bogus = tmp_path / "people.csv"
    bogus.write_text("name,age\nalice,30\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"people\.csv") as caught:
        _run("import", "page", str(bogus))
    assert caught.value.returncode == 1
    assert not DocumentSeries.objects.exists()


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    """A path that does not exist is named in the error."""
    with pytest.raises(CommandError, match="cannot read"):
        _run("import", "page", str(tmp_path / "absent.txt"))


def test_dry_run_changes_nothing(seed_path: Path) -> None:
    """--dry-run parses and reports but writes nothing."""
    stdout, _ = _run("import", "page", str(seed_path), "--dry-run")
    assert "Dry run" in stdout
    assert not DocumentSeries.objects.exists()


def test_demo_loads_the_sample_once() -> None:
    """The sample catalog loads 38 PIA series; loading it again changes nothing."""
    _run("demo")
    assert DocumentSeries.objects.filter(kind="PIA").count() == 38
    stdout, _ = _run("demo")
    assert "Nothing changed" in stdout
    stdout, _ = _run("demo", "--if-empty")
    assert "not loaded" in stdout


def test_export_to_a_file(tmp_path: Path) -> None:
    """--output writes the whole file; CSV has a header and a row per version."""
    _run("demo")
    target = tmp_path / "catalog.csv"
    _run("export", "catalog", "--format", "csv", "--output", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("series,identifier,kind")
    assert len(lines) > 38
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
