"""``privdocs templates list|load``: what an operator sees."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from django.core.management.base import CommandError

from privdocs.audit.models import AuditEvent
from privdocs.questionnaires.selectors import template_get
from tests.questionnaires.test_definition import minimal

pytestmark = pytest.mark.django_db


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command("templates", *arguments, stdout=out)
    return out.getvalue()


def test_list_shows_each_template_with_its_counts() -> None:
    """One line per version: key, version, kind, sections, questions, required, active."""
    lines = run("list").splitlines()
    assert lines[0].split() == [
        "key",
        "version",
        "kind",
        "sections",
        "questions",
        "required",
        "active",
    ]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:]}
    assert rows == {
        "gdpr-dpia": ["2018.1", "DPIA", "6", "37", "32", "yes"],
        "dhs-pia": ["2010.1", "PIA", "11", "36", "36", "yes"],
        "dhs-pta": ["2016.1", "PTA", "6", "30", "6", "yes"],
        "sorn-a108": ["2016.1", "SORN", "20", "26", "24", "yes"],
    }


def test_load_without_a_file_loads_the_shipped_templates() -> None:
    """On a database that has them, loading again adds nothing and says so."""
    assert run("load") == (
        "Shipped templates: 0 added, 4 unchanged, 0 older version(s) no longer offered.\n"
    )


def test_load_a_file_adds_a_template_with_an_audit_entry(tmp_path: Path) -> None:
    """An office's YAML file becomes a new template version, inactive with --inactive."""
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(minimal()), encoding="utf-8")
    assert (
        run("load", str(path), "--inactive")
        == f"{path}: added template acme-pia@1 (PIA).\n"
    )
    assert not template_get(reference="acme-pia@1").is_active
    event = AuditEvent.objects.get(action="template.create")
    assert event.actor_label == "privdocs templates load acme.yaml"


def test_load_refuses_a_bad_file_naming_the_file_and_the_path(tmp_path: Path) -> None:
    """A malformed template exits with code 1 and the parser's message, nothing stored."""
    bad = minimal()
    bad["sections"][0]["questions"][1]["fipps"] = ["privacy"]
    path = tmp_path / "acme.yaml"
    path.write_text(yaml.safe_dump(bad), encoding="utf-8")
    with pytest.raises(CommandError) as caught:
        run("load", str(path))
    assert caught.value.returncode == 1
    assert str(caught.value).startswith(
        f"{path}: sections[0].questions[1].fipps[0]: 'privacy' is not one of"
    )
    missing = tmp_path / "missing.yaml"
    with pytest.raises(CommandError, match=r"missing.yaml: cannot read: No such file"):
        run("load", str(missing))
    broken = tmp_path / "broken.yaml"
    broken.write_text("key: a\n- b\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"broken.yaml: line 2: not valid YAML"):
        run("load", str(broken))
