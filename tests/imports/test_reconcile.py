"""An import reconciles, it never destroys: the seed over the demo, dry runs, undo."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from privdocs.documents.models import Association, DocumentVersion, Transition
from privdocs.formats.catalog_export import export_catalog
from privdocs.imports.models import ChangeSet
from privdocs.imports.services import CHANGED_SINCE
from privdocs.inventory.models import System

pytestmark = pytest.mark.django_db


def _run(*arguments: str) -> str:
    stdout = io.StringIO()
    call_command(*arguments, stdout=stdout, stderr=io.StringIO())
    return stdout.getvalue()


def _export() -> str:
    stream = io.StringIO()
    export_catalog(stream, fmt="json")
    return stream.getvalue()


def _versions(exported: str) -> dict[str, dict[str, Any]]:
    catalog = json.loads(exported)
    return {
        version["identifier"]: version
        for series in catalog["series"]
        for version in series["versions"]
    }


def _changes_listed(output: str) -> list[str]:
    """The indented change lines a dry run or `imports show` prints."""
    lines = output.splitlines()
    start = next(i for i, line in enumerate(lines) if line.endswith(":")) + 1
    listed = []
    for line in lines[start:]:
        if not line.startswith("  "):
            break
        listed.append(line.strip())
    return listed


def _demo() -> None:
    _run("demo")


def test_the_seed_over_the_demo_creates_no_system_and_erases_nothing(
    seed_path: Path,
) -> None:
    """Importing the seed page over the sample it came from: no system created, no
    association removed, no value the page does not show erased."""
    _demo()
    systems = System.objects.count()
    associations = sorted(
        Association.objects.values_list("source__number", "kind", "target_identifier")
    )
    before = _versions(_export())
    _run("import", "page", str(seed_path))
    assert System.objects.count() == systems
    assert (
        sorted(
            Association.objects.values_list(
                "source__number", "kind", "target_identifier"
            )
        )
        == associations
    )
    after = _versions(_export())
    erased = [
        f"{identifier}.{name}"
        for identifier, version in before.items()
        for name, value in version.items()
        if value not in (None, "") and after[identifier][name] in (None, "")
    ]
    assert erased == []
    pia15g = after["DHS/ICE/PIA-015(g)"]
    assert pia15g["date"] == before["DHS/ICE/PIA-015(g)"]["date"] is not None
    assert pia15g["summary"] == before["DHS/ICE/PIA-015(g)"]["summary"] != ""


def test_a_dry_run_changes_nothing_and_lists_what_the_real_run_does(
    seed_path: Path,
) -> None:
    """--dry-run runs the import and rolls it back: the same change lines as the
    real run's change set, and the registry as it was."""
    _demo()
    exported = _export()
    change_sets = ChangeSet.objects.count()
    dry = _run("import", "page", str(seed_path), "--dry-run")
    assert "Dry run: nothing was changed." in dry
    assert _export() == exported
    assert ChangeSet.objects.count() == change_sets
    planned = _changes_listed(dry)
    assert planned, "the seed changes titles and sections of the sample"
    _run("import", "page", str(seed_path))
    change_set = ChangeSet.objects.order_by("-pk").first()
    assert change_set is not None
    shown = _run("imports", "show", str(change_set.pk))
    assert _changes_listed(shown) == planned


def test_undo_gives_back_the_exact_earlier_export(seed_path: Path) -> None:
    """`import undo` puts back every value: the export is byte-identical again."""
    _demo()
    exported = _export()
    _run("import", "page", str(seed_path))
    assert _export() != exported
    change_set = ChangeSet.objects.order_by("-pk").first()
    assert change_set is not None
    output = _run("import", "undo", str(change_set.pk))
    assert f"Undid import {change_set.pk}" in output
    assert _export() == exported
    change_set.refresh_from_db()
    assert change_set.undone_at is not None


def test_undo_of_a_first_import_empties_the_registry(seed_path: Path) -> None:
    """Undoing the import that created everything leaves nothing of it."""
    _run("import", "page", str(seed_path))
    change_set = ChangeSet.objects.get()
    _run("import", "undo", str(change_set.pk))
    assert not DocumentVersion.objects.exists()
    assert not System.objects.exists()
    assert json.loads(_export())["series"] == []


def test_undo_refuses_naming_what_changed_since(seed_path: Path) -> None:
    """A version edited after the import: undo refuses, names it, changes nothing."""
    _run("import", "page", str(seed_path))
    change_set = ChangeSet.objects.get()
    version = DocumentVersion.objects.get(series__number=39, update_letter="")
    version.title = "Edited after the import"
    version.save()
    exported = _export()
    with pytest.raises(CommandError) as caught:
        _run("import", "undo", str(change_set.pk))
    assert str(caught.value).startswith(
        CHANGED_SINCE.format(id=change_set.pk, names="").rstrip()
    )
    assert "DHS/ICE/PIA-039 (title)" in str(caught.value)
    assert _export() == exported


def test_undo_twice_and_an_unknown_import_are_refused(seed_path: Path) -> None:
    """An import is undone once; a wrong number says there is no such import."""
    _run("import", "page", str(seed_path))
    change_set = ChangeSet.objects.get()
    _run("import", "undo", str(change_set.pk))
    with pytest.raises(CommandError, match=f"import {change_set.pk} was undone"):
        _run("import", "undo", str(change_set.pk))
    with pytest.raises(CommandError, match="there is no import 999"):
        _run("import", "undo", "999")


def test_imports_lists_each_import_with_its_file_and_sha256(seed_path: Path) -> None:
    """`privdocs imports`: number, when, who, format, source, sha256, counts."""
    _run("import", "page", str(seed_path))
    listing = _run("imports").splitlines()
    assert listing[0].split("\t")[:5] == ["import", "when", "who", "format", "source"]
    row = listing[1].split("\t")
    change_set = ChangeSet.objects.get()
    assert row[0] == str(change_set.pk)
    assert row[3:5] == ["page", str(seed_path)]
    assert change_set.sha256.startswith(row[5]) and len(change_set.sha256) == 64
    created = sum(outcomes.get("created", 0) for outcomes in change_set.counts.values())
    assert created > 38
    assert row[6] == f"{created} created, 0 updated, 0 removed"
    assert row[7] == ""


def test_every_imported_version_has_a_transition_naming_the_import(
    seed_path: Path,
) -> None:
    """The import creates versions through the one door: a Transition each, with
    the import and its file as the actor."""
    _run("import", "page", str(seed_path))
    versions = DocumentVersion.objects.count()
    transitions = Transition.objects.filter(from_status="")
    assert transitions.count() == versions
    assert set(transitions.values_list("actor_label", flat=True)) == {
        f"import: {seed_path}"
    }


def test_the_catalog_read_back_through_the_command(tmp_path: Path) -> None:
    """export → `import catalog` into an empty registry → export gives the same
    text; importing it again changes nothing."""
    _demo()
    exported = _export()
    catalog_file = tmp_path / "catalog.json"
    catalog_file.write_text(exported, encoding="utf-8")
    for change_set in ChangeSet.objects.order_by("-pk"):
        _run("import", "undo", str(change_set.pk))
    assert json.loads(_export())["series"] == []
    output = _run("import", "catalog", str(catalog_file))
    assert "Recorded as import" in output
    assert _export() == exported
    again = _run("import", "catalog", str(catalog_file))
    assert "Nothing changed: the registry already had all of it." in again
    assert _export() == exported
