"""Atom 1.0 feeds of publications: the whole reading room and each organization."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from privdocs.documents.models import DocumentVersion
from privdocs.inventory.models import Organization
from privdocs.readingroom.selectors import (
    FEED_COUNT,
    organization_descendant_ids,
    organization_get_by_path,
    organization_path,
    organization_tree,
    version_list_recent,
)

SITE_NAME = "privdocs reading room"


def _published_at(version: DocumentVersion) -> datetime.datetime:
    """Feeds need a time; a publication has only a date, so midnight UTC."""
    published_on = version.published_on or datetime.date.min
    return datetime.datetime.combine(
        published_on, datetime.time.min, tzinfo=datetime.UTC
    )


class _VersionFeed(Feed):  # type: ignore[type-arg]
    """What every publications feed says about one version."""

    feed_type = Atom1Feed

    def item_title(self, item: DocumentVersion) -> str:
        return f"{item.identifier} \N{EN DASH} {item.title}"

    def item_description(self, item: DocumentVersion) -> str:
        return item.summary

    def item_link(self, item: DocumentVersion) -> str:
        # The version published, not whatever is in force when the reader clicks.
        return item.own_url

    def item_pubdate(self, item: DocumentVersion) -> datetime.datetime:
        return _published_at(item)

    def item_updateddate(self, item: DocumentVersion) -> datetime.datetime:
        return _published_at(item)

    def item_author_name(self, item: DocumentVersion) -> str:
        return item.series.organization.name

    def item_categories(self, item: DocumentVersion) -> tuple[str, ...]:
        return (item.series.kind,)


class PublicationsFeed(_VersionFeed):
    """The latest publications of every organization."""

    title = f"{SITE_NAME}: latest publications"
    subtitle = "Privacy documents published, newest first."
    author_name = SITE_NAME

    def link(self) -> str:
        return reverse("readingroom:home")

    def feed_url(self) -> str:
        return reverse("readingroom:feed")

    def items(self) -> list[DocumentVersion]:
        return version_list_recent(limit=FEED_COUNT)


class OrganizationFeed(_VersionFeed):
    """The latest publications of one organization and those beneath it."""

    def get_object(self, request: HttpRequest, path: str) -> Organization:
        organization = organization_get_by_path(path)
        if organization is None:
            raise Http404("No organization at this address.")
        return organization

    def title(self, obj: Organization) -> str:
        return f"{SITE_NAME}: {obj.name} ({obj.acronym})"

    def subtitle(self, obj: Organization) -> str:
        return f"Privacy documents of {obj.acronym} published, newest first."

    def author_name(self, obj: Organization) -> str:
        return obj.name

    def link(self, obj: Organization) -> str:
        return reverse(
            "readingroom:organization", kwargs={"path": organization_path(obj)}
        )

    def feed_url(self, obj: Organization) -> str:
        return reverse(
            "readingroom:organization_feed", kwargs={"path": organization_path(obj)}
        )

    def items(self, obj: Organization) -> list[DocumentVersion]:
        ids = organization_descendant_ids(obj, organization_tree())
        return version_list_recent(ids, limit=FEED_COUNT)
