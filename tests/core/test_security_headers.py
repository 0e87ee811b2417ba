"""Every page carries a Content-Security-Policy without inline script or style,
and a Permissions-Policy refusing the browser features privdocs never uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

import privdocs

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)


def _directives(header: str) -> dict[str, str]:
    return {
        part.strip().split(" ", 1)[0]: part.strip()
        for part in header.split(";")
        if part.strip()
    }


@pytest.mark.parametrize(
    "path",
    ["/", "/workspace/login/", "/admin/login/", "/api/v1/docs"],
    ids=["reading room", "workspace", "admin", "API docs"],
)
def test_every_kind_of_page_has_the_policies(client: Client, path: str) -> None:
    """The reading room, the workspace, the admin and the API docs page all say
    the same policies."""
    response = client.get(path)
    assert response.status_code == 200
    assert _directives(response["Content-Security-Policy"]) == _directives(CSP)
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
        assert feature in policy


def test_a_signed_in_workspace_page_has_the_policies(client: Client) -> None:
    """A workspace page behind the sign-in carries the policy too."""
    user = User.objects.create_user("someone", "someone@example.gov", "x")
    client.force_login(user)
    response = client.get("/workspace/systems/")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "Permissions-Policy" in response


#: What a CSP without 'unsafe-inline' blocks in a template.
_INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=|\son[a-z]+=", re.IGNORECASE
)


def test_no_template_has_inline_script_or_style() -> None:
    """No template of privdocs holds an inline <script>, <style>, style= or on*=
    attribute, which the policy would block."""
    root = Path(privdocs.__file__).parent
    found = [
        f"{path.relative_to(root)}:{number}: {line.strip()}"
        for path in sorted(root.rglob("templates/**/*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if _INLINE.search(line)
    ]
    assert found == []
