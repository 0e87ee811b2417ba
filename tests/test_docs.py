"""The docs are part of the feature: every command, setting and format is documented."""

from __future__ import annotations

from pathlib import Path

from privdocs.core.clidocs import DOC_PATH, render
from privdocs.settings.environment import VARIABLES

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_cli_reference_matches_the_help() -> None:
    """docs/cli.md is what the commands' --help says (regenerate with python -m privdocs.core.clidocs)."""
    assert DOC_PATH.read_text(encoding="utf-8") == render()


def test_every_setting_is_documented() -> None:
    """Each environment variable privdocs reads has a row in docs/operators.md."""
    operators = (DOCS / "operators.md").read_text(encoding="utf-8")
    missing = [name for name in VARIABLES if f"`{name}`" not in operators]
    assert missing == []


def test_readme_names_the_two_commands() -> None:
    """The README's two commands are the ones .ci/run and the docs use."""
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    ci = (DOCS.parent / ".ci" / "run").read_text(encoding="utf-8")
    assert "python3 dev.py serve" in readme
    assert "python3 dev.py test" in readme
    assert "python3 dev.py test" in ci
