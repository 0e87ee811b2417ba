"""The workspace gates agree with the permission rules they stand for."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser, User

from privdocs.access.models import Membership, Role
from privdocs.access.permissions import Action, permission_allows
from privdocs.access.selectors import reach_of, version_get_for_user
from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind, Status
from tests.personas import Tree, draft_in

pytestmark = pytest.mark.django_db

Personas = dict[str, User | AnonymousUser]


def test_the_version_gate_opens_exactly_what_the_permission_rules_allow(
    personas: Personas, tree: Tree
) -> None:
    """For every persona and every version (drafts of ICE and CBP, taken part in or
    not, a published one), the gate opens a version exactly when
    ``permission_allows(VERSION_VIEW)`` does."""
    author = personas["author"]
    assert isinstance(author, User)
    series = DocumentSeries.objects.create(
        organization=tree.ice, kind=Kind.PIA, agency="DHS", component="ICE", number=9
    )
    published = DocumentVersion.objects.create(
        series=series,
        update_index=0,
        title="Published",
        status=Status.PUBLISHED,
        published_on=datetime.date(2020, 1, 1),
    )
    versions = [
        draft_in(tree.ice, 1, author),
        draft_in(tree.ice, 2),
        draft_in(tree.cbp, 3),
        published,
    ]
    superuser = User.objects.create_superuser("root", "root@example.gov", "x")
    checked = 0
    for user in [*personas.values(), superuser]:
        for version in versions:
            allowed = permission_allows(
                user,
                Action.VERSION_VIEW,
                organization=version.series.organization,
                version=version,
            )
            opened = version_get_for_user(user, version.pk) is not None
            assert opened is allowed, (user, str(version))
            checked += 1
    assert checked == 28


def test_reach_inherits_roles_down_the_tree(personas: Personas, tree: Tree) -> None:
    """A role held in DHS holds in ICE and CBP; one held in ICE holds in ICE only."""
    approver, author = personas["approver"], personas["author"]
    assert isinstance(approver, User) and isinstance(author, User)
    Membership.objects.create(user=author, organization=tree.cbp, role=Role.REVIEWER)
    assert reach_of(approver).roles == dict.fromkeys(
        (tree.dhs.pk, tree.ice.pk, tree.cbp.pk), frozenset({Role.APPROVER})
    )
    assert reach_of(author).roles == {
        tree.ice.pk: frozenset({Role.AUTHOR}),
        tree.cbp.pk: frozenset({Role.REVIEWER}),
    }
    assert reach_of(personas["anonymous"]).roles == {}
