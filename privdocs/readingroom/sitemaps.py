"""The sitemap: organizations, public series and their versions' own pages."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse

from privdocs.documents.models import DocumentSeries, DocumentVersion
from privdocs.documents.selectors import series_list_public, version_list_public
from privdocs.inventory.models import Organization
from privdocs.readingroom.selectors import organization_path


class OrganizationSitemap(Sitemap):  # type: ignore[type-arg]
    """Every organization's page."""

    changefreq = "weekly"

    def items(self) -> QuerySet[Organization]:
        return Organization.objects.select_related("parent__parent").order_by("acronym")

    def location(self, item: Organization) -> str:
        return reverse(
            "readingroom:organization", kwargs={"path": organization_path(item)}
        )


class SeriesSitemap(Sitemap):  # type: ignore[type-arg]
    """Each public series' page, which shows its current version."""

    changefreq = "monthly"

    def items(self) -> QuerySet[DocumentSeries]:
        # The gate, without the prefetches a page needs: a sitemap wants URLs only.
        return (
            series_list_public()
            .prefetch_related(None)
            .select_related(None)
            .annotate(
                last_published=Subquery(
                    version_list_public()
                    .filter(series=OuterRef("pk"), published_on__isnull=False)
                    .order_by("-published_on")
                    .values("published_on")[:1]
                )
            )
        )

    def lastmod(self, item: DocumentSeries) -> datetime.date | None:
        last: datetime.date | None = item.last_published  # type: ignore[attr-defined]
        return last


class VersionSitemap(Sitemap):  # type: ignore[type-arg]
    """Each public version's own page: every lettered one, and the original once an
    update follows it (before that, the series' page shows the same)."""

    changefreq = "yearly"

    def items(self) -> QuerySet[DocumentVersion]:
        later = version_list_public().filter(
            series=OuterRef("series"), update_index__gt=OuterRef("update_index")
        )
        return (
            version_list_public()
            .exclude(Q(update_letter="") & ~Exists(later))
            .select_related("series")
            .order_by(
                "series__agency",
                "series__component",
                "series__kind",
                "series__number",
                "update_index",
            )
        )

    def location(self, item: DocumentVersion) -> str:
        return item.own_url

    def lastmod(self, item: DocumentVersion) -> datetime.date | None:
        return item.published_on


SITEMAPS = {
    "organizations": OrganizationSitemap,
    "series": SeriesSitemap,
    "versions": VersionSitemap,
}
