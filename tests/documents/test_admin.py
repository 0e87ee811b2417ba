"""The version's admin page: its history reads as the workspace's does."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client

from privdocs.documents.models import Kind
from privdocs.documents.services.workflow import draft_open_new
from privdocs.questionnaires.selectors import template_get_current
from tests.personas import Tree

pytestmark = pytest.mark.django_db


def test_the_history_inline_names_the_opening_step_and_who_took_it(
    personas: dict[str, User | AnonymousUser], tree: Tree
) -> None:
    """A draft's first step has no "from" status; the admin says "Opened as a draft"
    and names the author, instead of an empty cell."""
    author = personas["author"]
    assert isinstance(author, User)
    draft = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template_get_current(kind=Kind.PIA).reference,
    )
    client = Client()
    client.force_login(User.objects.create_superuser("iago", "iago@example.gov", "pw"))
    page = client.get(f"/admin/documents/documentversion/{draft.pk}/change/")
    assert page.status_code == 200
    history = page.content.decode()
    history = history[history.index('id="transitions-group"') :]
    history = history[: history.index('id="transitions-empty"')]
    cells = re.findall(
        r'<td class="field-(step|from_status|actor_label)">\s*<p>(.*?)</p>', history
    )
    assert cells == [
        ("step", "Opened as a draft"),
        ("from_status", "-"),
        ("actor_label", "author"),
    ]


def test_the_admin_cannot_add_a_version(admin_client: Client) -> None:
    """A version is born through the one door only: the admin has no add form,
    neither on its own nor inline under a series."""
    response = admin_client.get("/admin/documents/documentversion/add/")
    assert response.status_code == 403


def test_the_admin_changes_neither_answers_nor_participants(
    personas: dict[str, User | AnonymousUser], tree: Tree
) -> None:
    """Nobody rewrites a draft's answers in the admin (where nobody would be
    recorded as its author) nor takes an author off it: neither is in its form."""
    author = personas["author"]
    assert isinstance(author, User)
    draft = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Visitor Log",
        template_reference=template_get_current(kind=Kind.PIA).reference,
        answers={"A.1": "The author's abstract."},
    )
    client = Client()
    client.force_login(User.objects.create_superuser("iago", "iago@example.gov", "pw"))
    url = f"/admin/documents/documentversion/{draft.pk}/change/"
    form = client.get(url).context["adminform"].form
    assert "body" not in form.fields
    assert "participants" not in form.fields
