"""Reads over PTAs and their determinations."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from privdocs.assessments.models import Determination
from privdocs.inventory.models import Organization


def determination_list_to_recertify(
    *,
    today: datetime.date,
    within_days: int,
    organizations: list[Organization] | None = None,
) -> QuerySet[Determination]:
    """Confirmed determinations that expire before ``today + within_days`` (expired
    ones first) and that no later PTA of the same system has replaced: each is a PTA
    to re-certify (DHS: every three years). In the given organizations or everywhere."""
    replaced = Determination.objects.filter(
        analysis__system=OuterRef("analysis__system"),
        confirmed_at__gt=OuterRef("confirmed_at"),
    )
    determinations = Determination.objects.filter(
        confirmed_at__isnull=False,
        expires_on__lte=today + datetime.timedelta(days=within_days),
    ).exclude(Exists(replaced))
    if organizations is not None:
        determinations = determinations.filter(
            analysis__system__organization_id__in=[org.pk for org in organizations]
        )
    return determinations.select_related(
        "analysis__system__organization", "analysis__author"
    ).order_by("expires_on", "pk")
