"""Personas shared by the workspace tests: one per role, in the DHS > ICE/CBP tree
(loaded for every test by tests/conftest.py as a pytest plugin)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser, User

from privdocs.access.models import Membership, Role
from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind, Status
from privdocs.inventory.models import Organization

#: The fewest answers that complete the DHS PTA: a new system that collects PII,
#: so that its determination calls for a new PIA.
PTA_MINIMAL_ANSWERS = {
    "1.1": "Harbor Plate Reader",
    "1.3": "technology",
    "1.4": "new",
    "1.5": "Reads license plates of vehicles entering harbor facilities.",
    "2.1": True,
    "2.8": False,
}


@dataclass
class Tree:
    dhs: Organization
    ice: Organization
    cbp: Organization


@pytest.fixture
def tree(db: None) -> Tree:
    dhs = Organization.objects.create(
        acronym="DHS", name="Homeland Security", slug="dhs"
    )
    ice = Organization.objects.create(acronym="ICE", name="ICE", slug="ice", parent=dhs)
    cbp = Organization.objects.create(acronym="CBP", name="CBP", slug="cbp", parent=dhs)
    return Tree(dhs=dhs, ice=ice, cbp=cbp)


def member(username: str, *grants: tuple[Organization, Role]) -> User:
    user = User.objects.create_user(username, f"{username}@example.gov", "x")
    for organization, role in grants:
        Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def personas(tree: Tree) -> dict[str, User | AnonymousUser]:
    """author and reviewer of ICE, approver and administrator of DHS, an outsider
    who reviews for CBP, and the anonymous public."""
    return {
        "author": member("author", (tree.ice, Role.AUTHOR)),
        "reviewer": member("reviewer", (tree.ice, Role.REVIEWER)),
        "approver": member("approver", (tree.dhs, Role.APPROVER)),
        "admin": member("admin", (tree.dhs, Role.ADMINISTRATOR)),
        "outsider": member(
            "outsider", (tree.cbp, Role.REVIEWER), (tree.cbp, Role.AUTHOR)
        ),
        "anonymous": AnonymousUser(),
    }


def draft_in(
    organization: Organization, number: int, *participants: User
) -> DocumentVersion:
    """A draft PIA of the organization with the given participants."""
    series = DocumentSeries.objects.create(
        organization=organization,
        kind=Kind.PIA,
        agency="DHS",
        component=organization.acronym,
        number=number,
    )
    version = DocumentVersion.objects.create(
        series=series, update_index=0, title=f"Draft {number}", status=Status.DRAFT
    )
    version.participants.add(*participants)
    return version
