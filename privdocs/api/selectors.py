"""The API's queries, each built on the public gate of ``documents.selectors``."""

from __future__ import annotations

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from privdocs.documents import selectors as gate
from privdocs.documents.identifiers import Identifier
from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.selectors import series_list_public, version_list_public
from privdocs.inventory.models import Organization, System

_SERIES_ORDER = {
    "identifier": ("agency", "component", "kind", "number"),
    "-identifier": ("-agency", "-component", "-kind", "-number"),
    "title": ("current_title", "pk"),
}
_VERSION_ORDER = {
    "identifier": (
        "series__agency",
        "series__component",
        "series__kind",
        "series__number",
        "update_index",
    ),
    "-identifier": (
        "-series__agency",
        "-series__component",
        "-series__kind",
        "-series__number",
        "-update_index",
    ),
}


def _series_public_ids() -> QuerySet[DocumentSeries, int]:
    return series_list_public().order_by().values_list("pk", flat=True)


def organization_list() -> QuerySet[Organization]:
    """Organizations with their parent and how many public series each holds."""
    public_counts = (
        series_list_public()
        .filter(organization=OuterRef("pk"))
        .order_by()
        .values("organization")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Organization.objects.select_related("parent")
        .annotate(
            series_count=Coalesce(
                Subquery(public_counts, output_field=IntegerField()), 0
            )
        )
        .order_by("acronym")
    )


def organization_get(acronym: str) -> Organization | None:
    """One organization by acronym, in any case."""
    return organization_list().filter(acronym__iexact=acronym).first()


def system_list_public(*, organization: Organization | None = None) -> QuerySet[System]:
    """Systems covered by a public series (the gate of ``documents.selectors``),
    each with those series prefetched."""
    public_series = DocumentSeries.objects.filter(pk__in=_series_public_ids())
    systems = gate.system_list_public()
    if organization is not None:
        systems = systems.filter(organization=organization)
    return (
        systems.select_related("organization")
        .prefetch_related(
            Prefetch(
                "series",
                queryset=public_series.order_by(
                    "agency", "component", "kind", "number"
                ),
                to_attr="public_series",
            )
        )
        .order_by("organization__acronym", "name", "pk")
    )


def _current_versions() -> QuerySet[DocumentVersion]:
    """A series' public versions, the one in force first, then the newest."""
    published_first = Case(
        When(status=Status.PUBLISHED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return (
        version_list_public()
        .filter(series=OuterRef("pk"))
        .order_by(published_first, "-update_index")
    )


def series_list_filtered(
    *,
    organization: Organization | None = None,
    kind: str | None = None,
    status: str | None = None,
    year: int | None = None,
    sort: str = "identifier",
) -> QuerySet[DocumentSeries]:
    """Public series, filtered on their current version's status and year."""
    current = _current_versions()
    series = series_list_public().annotate(
        current_status=Subquery(current.values("status")[:1]),
        current_date=Subquery(current.values("published_on")[:1]),
        # A series' own title may be a draft's; the public one is its current version's.
        current_title=Subquery(current.values("title")[:1]),
    )
    if organization is not None:
        series = series.filter(organization=organization)
    if kind is not None:
        series = series.filter(kind=kind)
    if status is not None:
        series = series.filter(current_status=status)
    if year is not None:
        series = series.filter(current_date__year=year)
    if sort in ("date", "-date"):
        date = F("current_date")
        by_date = (
            date.desc(nulls_last=True) if sort == "-date" else date.asc(nulls_last=True)
        )
        return series.order_by(by_date, "pk")
    return series.order_by(*_SERIES_ORDER[sort])


def series_get_public(identifier: Identifier) -> DocumentSeries | None:
    """The public series an identifier names (its update letter is ignored)."""
    series = identifier.series
    return (
        series_list_public()
        .filter(
            agency=series.agency,
            component=series.component or "",
            kind=series.kind.value,
            number=series.number,
        )
        .first()
    )


def version_list_filtered(
    *,
    organization: Organization | None = None,
    kind: str | None = None,
    status: str | None = None,
    year: int | None = None,
    series: Identifier | None = None,
    sort: str = "identifier",
) -> QuerySet[DocumentVersion]:
    """Public versions with their series, organization and systems."""
    versions = version_list_public().select_related("series__organization")
    versions = versions.prefetch_related("series__systems")
    if organization is not None:
        versions = versions.filter(series__organization=organization)
    if kind is not None:
        versions = versions.filter(series__kind=kind)
    if status is not None:
        versions = versions.filter(status=status)
    if year is not None:
        versions = versions.filter(published_on__year=year)
    if series is not None:
        versions = versions.filter(
            series__agency=series.agency,
            series__component=series.component or "",
            series__kind=series.kind.value,
            series__number=series.number,
        )
    if sort in ("date", "-date"):
        date = F("published_on")
        by_date = (
            date.desc(nulls_last=True) if sort == "-date" else date.asc(nulls_last=True)
        )
        return versions.order_by(by_date, "pk")
    return versions.order_by(*_VERSION_ORDER[sort])


def version_get_public(identifier: Identifier) -> DocumentVersion | None:
    """The public version an identifier names; no letter names the original."""
    return (
        version_list_filtered(series=identifier.series)
        .filter(update_letter=identifier.update)
        .first()
    )
