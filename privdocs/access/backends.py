"""Model permissions from roles: an Administrator manages the registry's
memberships, inventory and templates in the admin without being a superuser."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model

from privdocs.access.models import Membership, Role


def _every(label: str, model: str, *actions: str) -> set[str]:
    return {f"{label}.{action}_{model}" for action in actions}


_ALL = ("add", "change", "delete", "view")

#: The model permissions the Administrator role carries (docs/workflow.md): roles,
#: the inventory and the questionnaire templates; the accounts and the audit log
#: to look at. Not accounts' rights (is_staff, is_superuser, groups): an
#: administrator who could edit users could make themselves a superuser.
ADMINISTRATOR_PERMISSIONS = frozenset(
    _every("access", "membership", *_ALL)
    | _every("inventory", "organization", *_ALL)
    | _every("inventory", "system", *_ALL)
    | _every("questionnaires", "template", "add", "change", "view")
    | _every("auth", "user", "view")
    | _every("audit", "auditevent", "view")
)


_CACHE = "_privdocs_administrator"


def administrator_holds(user: AbstractBaseUser | AnonymousUser) -> bool:
    """Whether the user is an active Administrator of some organization."""
    if not user.is_authenticated or not user.is_active:
        return False
    # Asked many times per admin page (once per model and action): kept on the
    # user object, which lives for one request.
    cached = getattr(user, _CACHE, None)
    if cached is None:
        cached = Membership.objects.filter(
            user_id=user.pk, role=Role.ADMINISTRATOR
        ).exists()
        setattr(user, _CACHE, cached)
    return bool(cached)


class RoleBackend(BaseBackend):
    """Grants ADMINISTRATOR_PERMISSIONS to Administrators; authenticates nobody.

    Which organizations an administrator may act on is the admin screens' part
    (privdocs.access.adminsite.OrganizationScopedAdmin): a model permission says
    what kind of object, not which one.
    """

    def get_all_permissions(self, user_obj: Any, obj: Model | None = None) -> set[str]:
        if obj is None and administrator_holds(user_obj):
            return set(ADMINISTRATOR_PERMISSIONS)
        return set()

    def has_perm(self, user_obj: Any, perm: str, obj: Model | None = None) -> bool:
        return perm in self.get_all_permissions(user_obj, obj)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(
            perm.startswith(f"{app_label}.")
            for perm in self.get_all_permissions(user_obj)
        )
