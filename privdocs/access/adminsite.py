"""The admin site of privdocs: open to staff and to Administrators, who see and
change only the organizations they administer (and those below them)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.models import User
from django.db.models import ForeignKey, Model, QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest

from privdocs.access.backends import administrator_holds
from privdocs.access.models import Membership, Role
from privdocs.inventory.models import Organization


class RegistryAdminLoginForm(AdminAuthenticationForm):
    """The admin's sign-in, which Administrators pass without the staff flag."""

    def confirm_login_allowed(self, user: User) -> None:
        if administrator_holds(user):
            return
        super().confirm_login_allowed(user)


class RegistryAdminSite(admin.AdminSite):
    """Django's admin, letting in Administrators without the staff flag."""

    site_header = "privdocs administration"
    site_title = "privdocs admin"
    login_form = RegistryAdminLoginForm

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) or administrator_holds(request.user)


def administered_organizations(request: HttpRequest) -> QuerySet[Organization] | None:
    """The organizations the user administers, with everything below them; None
    for a superuser (everything)."""
    user = request.user
    if not user.is_authenticated:
        return Organization.objects.none()
    if user.is_superuser:
        return None
    roots = set(
        Membership.objects.filter(user_id=user.pk, role=Role.ADMINISTRATOR).values_list(
            "organization_id", flat=True
        )
    )
    everything = list(Organization.objects.only("pk", "parent_id"))
    children: dict[int | None, list[int]] = {}
    for organization in everything:
        children.setdefault(organization.parent_id, []).append(organization.pk)
    scope: set[int] = set()
    pending = list(roots)
    while pending:
        current = pending.pop()
        if current in scope:
            continue
        scope.add(current)
        pending.extend(children.get(current, []))
    return Organization.objects.filter(pk__in=scope)


class OrganizationScopedAdmin:
    """Admin screens of objects that belong to an organization: an administrator
    lists, opens, changes and chooses only those of the organizations in their
    scope. ``organization_path`` is the lookup from the model to its organization
    (``"pk"`` for Organization itself)."""

    organization_path = "organization"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        queryset: QuerySet[Any] = super().get_queryset(request)  # type: ignore[misc]
        scope = administered_organizations(request)
        if scope is None:
            return queryset
        return queryset.filter(**{f"{self.organization_path}__in": scope})

    def formfield_for_foreignkey(
        self, db_field: ForeignKey[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField[Any] | None:
        if db_field.related_model is Organization:
            scope = administered_organizations(request)
            if scope is not None:
                kwargs["queryset"] = scope
        field: ModelChoiceField[Any] | None = super().formfield_for_foreignkey(  # type: ignore[misc]
            db_field, request, **kwargs
        )
        return field

    def has_change_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        allowed: bool = super().has_change_permission(request, obj)  # type: ignore[misc]
        return allowed and self._in_scope(request, obj)

    def has_delete_permission(
        self, request: HttpRequest, obj: Model | None = None
    ) -> bool:
        allowed: bool = super().has_delete_permission(request, obj)  # type: ignore[misc]
        return allowed and self._in_scope(request, obj)

    def _in_scope(self, request: HttpRequest, obj: Model | None) -> bool:
        if obj is None:
            return True
        return self.get_queryset(request).filter(pk=obj.pk).exists()
