"""The Administrator role does its documented job (docs/workflow.md) in the admin:
it manages memberships, the inventory and templates of the organizations it holds
and those below them, through model permissions, without being a superuser."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.test import Client
from django.urls import reverse

from privdocs.access.backends import ADMINISTRATOR_PERMISSIONS
from privdocs.access.models import Membership, Role
from privdocs.audit.models import AuditEvent
from privdocs.inventory.models import System
from tests.personas import Tree, member

pytestmark = pytest.mark.django_db

Personas = dict[str, User | AnonymousUser]


def _signed_in(client: Client, user: User | AnonymousUser) -> Client:
    assert isinstance(user, User)
    client.force_login(user)
    return client


def test_an_administrator_is_neither_superuser_nor_staff(personas: Personas) -> None:
    """The persona holds only the role: what follows comes from the role alone."""
    admin = personas["admin"]
    assert isinstance(admin, User)
    assert not admin.is_superuser
    assert not admin.is_staff
    assert admin.has_perm("access.add_membership")
    assert admin.has_perm("inventory.change_system")
    assert admin.has_module_perms("inventory")
    assert not admin.has_perm("auth.change_user")
    assert not admin.has_perm("documents.change_documentversion")


def test_other_roles_get_no_model_permission(personas: Personas) -> None:
    """Authors, reviewers and approvers hold none of the administrator's rights."""
    for name in ("author", "reviewer", "approver"):
        user = personas[name]
        assert isinstance(user, User)
        assert not any(user.has_perm(perm) for perm in ADMINISTRATOR_PERMISSIONS)


def test_an_administrator_opens_the_admin(client: Client, personas: Personas) -> None:
    """The admin's index lists memberships, organizations and systems to them."""
    response = _signed_in(client, personas["admin"]).get(reverse("admin:index"))
    assert response.status_code == 200
    text = response.content.decode()
    for label in ("Memberships", "Organizations", "Systems"):
        assert label in text


def test_an_administrator_signs_in_to_the_admin(client: Client, tree: Tree) -> None:
    """The admin's own sign-in form lets an Administrator in, staff or not."""
    user = member("chief", (tree.dhs, Role.ADMINISTRATOR))
    user.set_password("a long admin password 9")
    user.save()
    response = client.post(
        reverse("admin:login"),
        {"username": "chief", "password": "a long admin password 9", "next": "/admin/"},
    )
    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_an_author_is_kept_out_of_the_admin(client: Client, personas: Personas) -> None:
    """Without the role (or the staff flag), the admin asks to sign in again."""
    response = _signed_in(client, personas["author"]).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_an_administrator_grants_a_role(
    client: Client, personas: Personas, tree: Tree
) -> None:
    """Adding a membership in the admin works and is written to the audit log."""
    newcomer = member("newcomer")
    response = _signed_in(client, personas["admin"]).post(
        reverse("admin:access_membership_add"),
        {"user": newcomer.pk, "organization": tree.cbp.pk, "role": Role.AUTHOR},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=newcomer, organization=tree.cbp, role=Role.AUTHOR
    ).exists()
    assert AuditEvent.objects.filter(
        action="admin.add", object_type="access.Membership"
    ).exists()


def test_an_administrator_edits_the_inventory(
    client: Client, personas: Personas, tree: Tree
) -> None:
    """Adding a system of a component below their organization works."""
    response = _signed_in(client, personas["admin"]).post(
        reverse("admin:inventory_system_add"),
        {
            "organization": tree.ice.pk,
            "name": "Harbor Plate Reader",
            "acronym": "HPR",
            "slug": "harbor-plate-reader",
            "lifecycle": System.Lifecycle.PLANNED,
        },
    )
    assert response.status_code == 302
    assert System.objects.filter(organization=tree.ice, acronym="HPR").exists()


def test_a_component_administrator_stays_in_the_component(
    client: Client, personas: Personas, tree: Tree
) -> None:
    """An administrator of ICE sees ICE's memberships, not CBP's; cannot open a
    CBP system; and cannot grant a role in DHS or CBP."""
    ice_admin = member("ice-admin", (tree.ice, Role.ADMINISTRATOR))
    cbp_system = System.objects.create(
        organization=tree.cbp, name="Border Camera", slug="border-camera"
    )
    _signed_in(client, ice_admin)
    listing = client.get(reverse("admin:access_membership_changelist"))
    assert listing.status_code == 200
    shown = {membership.pk for membership in listing.context["cl"].result_list}
    assert shown == set(
        Membership.objects.filter(organization=tree.ice).values_list("pk", flat=True)
    )
    opened = client.get(reverse("admin:inventory_system_change", args=[cbp_system.pk]))
    assert opened.status_code == 302  # Django's "does not exist" redirect to the index
    refused = client.post(
        reverse("admin:access_membership_add"),
        {"user": ice_admin.pk, "organization": tree.dhs.pk, "role": Role.ADMINISTRATOR},
    )
    assert refused.status_code == 200
    assert "organization" in refused.context["adminform"].form.errors
    assert not Membership.objects.filter(user=ice_admin, organization=tree.dhs).exists()


def test_an_administrator_cannot_edit_accounts(
    client: Client, personas: Personas
) -> None:
    """Accounts are shown, never changed: editing them would let an administrator
    make themselves a superuser."""
    author = personas["author"]
    assert isinstance(author, User)
    _signed_in(client, personas["admin"])
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 200
    response = client.post(
        reverse("admin:auth_user_change", args=[author.pk]),
        {"username": "author", "is_superuser": "on", "is_staff": "on"},
    )
    assert response.status_code == 403
    author.refresh_from_db()
    assert not author.is_superuser
