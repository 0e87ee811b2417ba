"""docs/api.md documents what openapi.json describes: every endpoint and parameter."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.api.urls")]

API_DOC = Path(__file__).resolve().parents[2] / "docs" / "api.md"


def test_every_endpoint_has_a_section(openapi: dict[str, Any]) -> None:
    """Each method and path of openapi.json has its own heading in docs/api.md."""
    text = API_DOC.read_text(encoding="utf-8")
    missing = [
        f"{method.upper()} {path}"
        for path, operations in openapi["paths"].items()
        for method in operations
        if f"### `{method.upper()} {path}`" not in text
    ]
    assert missing == []


def test_every_parameter_is_documented(openapi: dict[str, Any]) -> None:
    """Each query and path parameter of openapi.json is named in docs/api.md."""
    text = API_DOC.read_text(encoding="utf-8")
    names = {
        parameter["name"]
        for operations in openapi["paths"].values()
        for operation in operations.values()
        for parameter in operation.get("parameters", [])
    }
    assert names
    assert sorted(name for name in names if f"`{name}`" not in text) == []
