"""``privdocs import page``: through call_command, on the seed, fixture pages and bad files."""

from __future__ import annotations

import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from privdocs.core.errors import ApplicationError
from privdocs.documents.models import DocumentSeries, DocumentVersion
from privdocs.documents.services import catalog as services
from privdocs.formats.page import NO_SERIES_HEADING
from privdocs.imports.models import ChangeSet
from privdocs.inventory.models import Organization, System

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).resolve().parents[1] / "formats" / "pages"


def _import(*arguments: str) -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import", "page", *arguments, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def _registry_is_empty() -> bool:
    return not (
        Organization.objects.exists()
        or System.objects.exists()
        or DocumentSeries.objects.exists()
        or DocumentVersion.objects.exists()
    )


def _version(number: int, update: str) -> DocumentVersion:
    return DocumentVersion.objects.get(
        series__component="ICE", series__number=number, update_letter=update
    )


def test_seed_import_prints_a_summary(seed_path: Path) -> None:
    """Importing the 2015 page creates its 38 series and says what it created."""
    stdout, stderr = _import(str(seed_path))
    assert f"{seed_path}: 38 series, 38 versions found." in stdout
    assert "Imported:" in stdout
    assert "not understood" not in stderr
    assert DocumentSeries.objects.filter(kind="PIA").count() == 38
    assert Organization.objects.get(acronym="ICE").name == (
        "U.S. Immigration and Customs Enforcement"
    )
    assert Organization.objects.get(acronym="ICE").parent == Organization.objects.get(
        acronym="DHS"
    )
    pia15 = _version(15, "g")
    assert (pia15.status, pia15.published_on, pia15.pages) == ("published", None, None)
    assert System.objects.filter(acronym="SEVIS").exists()


def test_seed_imported_twice_is_unchanged(seed_path: Path) -> None:
    """A second import of the same page changes nothing and says so."""
    _import(str(seed_path))
    stdout, _ = _import(str(seed_path))
    assert "Nothing changed" in stdout
    assert DocumentVersion.objects.count() == 38


def test_fixture_html_and_text_import_to_the_same_registry() -> None:
    """Importing the HTML twin of an imported text page changes nothing."""
    _import(str(PAGES / "spellings.txt"))
    stdout, _ = _import(str(PAGES / "spellings.html"))
    assert "Nothing changed" in stdout
    assert _version(101, "a").status == "superseded"
    assert _version(104, "").status == "retired"


def test_newer_page_updates_in_place() -> None:
    """A newer page updates the same rows; its new update supersedes the old version."""
    _import(str(PAGES / "spellings.txt"))
    series = DocumentSeries.objects.get(component="ICE", number=107)
    beacon_before = _version(105, "")
    _import(str(PAGES / "newer.txt"))
    assert DocumentSeries.objects.get(component="ICE", number=107).pk == series.pk
    assert _version(107, "").status == "superseded"
    current = _version(107, "a")
    assert (current.status, current.published_on, current.pages) == (
        "published",
        datetime.date(2016, 4, 2),
        22,
    )
    beacon = _version(105, "")
    assert beacon.pk == beacon_before.pk
    assert (beacon.size_bytes, beacon_before.size_bytes) == (180 * 1024, None)
    assert DocumentSeries.objects.filter(component="ICE", number=105).count() == 1


def test_bad_file_is_refused_and_nothing_written(tmp_path: Path) -> None:
    """A file that is no page stops the command with exit code 1 and an empty registry."""
    bogus = tmp_path / "notes.txt"
    bogus.write_text("Shopping list\nmilk\nbread\n", encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        _import(str(bogus))
    assert caught.value.returncode == 1
    assert str(caught.value) == f"{bogus}: {NO_SERIES_HEADING}"
    assert _registry_is_empty()


def test_binary_file_is_refused(tmp_path: Path) -> None:
    """Binary junk is refused with exit code 1, not a crash."""
    junk = tmp_path / "page.html"
    junk.write_bytes(bytes(range(256)) * 8)
    with pytest.raises(CommandError, match="binary file") as caught:
        _import(str(junk))
    assert caught.value.returncode == 1
    assert _registry_is_empty()


def test_dry_run_changes_nothing(seed_path: Path) -> None:
    """--dry-run parses and reports, and the registry stays empty."""
    stdout, _ = _import(str(seed_path), "--dry-run")
    assert "38 series" in stdout
    assert "Dry run: nothing was changed." in stdout
    assert _registry_is_empty()


def test_problems_are_listed_with_line_numbers() -> None:
    """Without --strict a page with problems is imported and its bad lines listed."""
    path = PAGES / "problems.txt"
    _, stderr = _import(str(path))
    assert f"{path}:13: an identifier that cannot be read" in stderr
    assert "8 line(s) not understood" in stderr
    assert DocumentSeries.objects.filter(component="ICE", kind="PIA").count() == 3


def test_strict_refuses_a_page_with_problems() -> None:
    """--strict refuses the whole page (exit code 3) when a line is not understood."""
    with pytest.raises(CommandError, match="--strict") as caught:
        _import(str(PAGES / "problems.txt"), "--strict")
    assert caught.value.returncode == 3
    assert _registry_is_empty()


def test_strict_accepts_a_clean_page() -> None:
    """--strict imports a page whose every line is understood."""
    _import(str(PAGES / "spellings.txt"), "--strict")
    assert DocumentSeries.objects.filter(component="ICE", kind="PIA").count() == 8
    # The associated SORN is there too, so it can list the PIAs that cite it.
    assert DocumentSeries.objects.filter(component="ICE", kind="SORN").count() == 1


def test_failure_midway_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """If applying fails after some series were written, none of them stay."""
    real = services._Importer.series_apply
    calls: list[int] = []

    def failing(*args: Any, **kwargs: Any) -> None:
        calls.append(1)
        if len(calls) == 4:
            raise ApplicationError("the registry refused series four")
        real(*args, **kwargs)

    monkeypatch.setattr(services._Importer, "series_apply", failing)
    with pytest.raises(CommandError, match="nothing imported") as caught:
        _import(str(PAGES / "spellings.txt"))
    assert caught.value.returncode == 1
    assert len(calls) == 4
    assert _registry_is_empty()


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8-sig", "cp1252"])
def test_a_page_in_another_encoding_imports_the_same(
    encoding: str, tmp_path: Path
) -> None:
    """The same page saved as UTF-16 (with its BOM), UTF-8 with a BOM or
    Windows-1252 imports to the same registry as the UTF-8 original."""
    text = (PAGES / "spellings.txt").read_text(encoding="utf-8")
    _import(str(PAGES / "spellings.txt"))
    expected = sorted(DocumentVersion.objects.values_list("title", "summary"))
    first = ChangeSet.objects.get()
    call_command("import", "undo", str(first.pk), stdout=io.StringIO())
    assert _registry_is_empty()
    other = tmp_path / f"spellings-{encoding}.txt"
    other.write_bytes(text.encode(encoding, errors="strict"))
    _import(str(other))
    assert sorted(DocumentVersion.objects.values_list("title", "summary")) == expected


def test_a_page_with_undecodable_bytes_is_refused_and_nothing_written(
    tmp_path: Path,
) -> None:
    """Bytes no encoding reads (a UTF-8 page cut mid-character, then Latin junk
    that cp1252 leaves undefined) refuse the file, naming it; nothing is stored."""
    text = (PAGES / "spellings.txt").read_text(encoding="utf-8")
    broken = tmp_path / "broken.txt"
    broken.write_bytes(text.encode("utf-8") + b"\x81\x8d\x8f\x90\x9d")
    with pytest.raises(CommandError) as caught:
        _import(str(broken))
    assert caught.value.returncode == 1
    assert str(caught.value).startswith(f"{broken}")
    assert _registry_is_empty()
