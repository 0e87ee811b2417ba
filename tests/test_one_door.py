"""One door per state change: only services assign a document's status."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "privdocs"
#: Calls that write the keyword arguments they are given.
WRITING_CALLS = {"create", "update", "update_or_create", "get_or_create", "bulk_update"}


def _is_service_module(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).parts
    return "services.py" in relative or "services" in relative[:-1]


def _status_writes(tree: ast.AST) -> list[int]:
    """Line numbers where the code assigns ``status`` on an object or in a write call."""
    lines: list[int] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            lines.extend(
                node.lineno
                for target in targets
                if isinstance(target, ast.Attribute) and target.attr == "status"
            )
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITING_CALLS
            and any(keyword.arg == "status" for keyword in node.keywords)
        ):
            lines.append(node.lineno)
    return lines


def test_only_services_assign_status() -> None:
    """No view, command, form or importer sets ``status`` itself: it calls a service."""
    offenders = [
        f"{path.relative_to(PACKAGE.parent)}:{line}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "migrations" not in path.parts and not _is_service_module(path)
        for line in _status_writes(ast.parse(path.read_text(encoding="utf-8")))
    ]
    assert offenders == []


def test_the_check_sees_a_status_assignment() -> None:
    """The check itself finds both spellings of a write (so a pass means something)."""
    source = "version.status = 'published'\nVersion.objects.update(status='draft')\n"
    assert _status_writes(ast.parse(source)) == [1, 2]
