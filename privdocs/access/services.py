"""Services that grant and take back roles, and the demo accounts of the sample."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction

from privdocs.access.models import Membership, Role
from privdocs.audit.services import audit_record
from privdocs.core.errors import NotFoundError
from privdocs.inventory.models import Organization


def membership_grant(
    *, actor: User | None, user: User, organization: Organization, role: Role
) -> Membership:
    """Give a user a role in an organization (granting it twice changes nothing)."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        if created:
            audit_record(
                action="membership.grant",
                summary=f"{user.get_username()}: {role.label} of {organization.acronym}",
                actor=actor,
                object_type="access.membership",
                object_id=membership.pk,
            )
        return membership


@dataclass(frozen=True)
class DemoAccount:
    """A demo account made for trying the workspace, with its one-time password."""

    username: str
    password: str
    role: Role
    organization: str


#: Who the demo accounts are: (username, role, organization acronym).
DEMO_ACCOUNTS = (
    ("demo-author", Role.AUTHOR, "ICE"),
    ("demo-reviewer", Role.REVIEWER, "ICE"),
    ("demo-approver", Role.APPROVER, "DHS"),
    ("demo-admin", Role.ADMINISTRATOR, "DHS"),
)


def demo_accounts_create() -> list[DemoAccount]:
    """Create the demo accounts that do not exist yet, each with a random password.

    Returns only the accounts created now: existing ones keep their password.
    """
    created: list[DemoAccount] = []
    with transaction.atomic():
        for username, role, acronym in DEMO_ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            organization = Organization.objects.filter(acronym=acronym).first()
            if organization is None:
                raise NotFoundError(
                    f"Organization {acronym} is not in the registry; load the sample first."
                )
            password = secrets.token_urlsafe(9)
            user = User.objects.create_user(
                username,
                f"{username}@example.gov",
                password,
                is_staff=role == Role.ADMINISTRATOR,
            )
            membership_grant(
                actor=None, user=user, organization=organization, role=role
            )
            created.append(DemoAccount(username, password, role, acronym))
    return created
