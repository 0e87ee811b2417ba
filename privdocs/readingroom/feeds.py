"""Atom 1.0 feeds of publications: the whole reading room and each organization.

Everything a feed writes passes through ``text_clean``: one control character in a
stored summary (saved before input was cleaned) would otherwise make the XML writer
refuse the whole feed. Summaries go out as ``type="text"``: a reader shows them as
written and never runs markup found in them.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.xmlutils import SimplerXMLGenerator

from privdocs.core.text import text_clean
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


class TextSummaryAtom1Feed(Atom1Feed):
    """Atom 1.0 whose entry summaries are plain text (``type="text"``).

    Django's Atom feed writes every summary as ``type="html"``, which tells a feed
    reader to render it as markup: a summary holding ``<script>`` or ``<img
    onerror=...>`` would run in the reader. A summary is plain text, so it says so;
    the XML writer escapes ``<`` and ``&`` as for any text.
    """

    def add_item_elements(
        self, handler: SimplerXMLGenerator, item: dict[str, Any]
    ) -> None:
        super().add_item_elements(handler, {**item, "description": None})
        if item.get("description") is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class _VersionFeed(Feed):  # type: ignore[type-arg]
    """What every publications feed says about one version."""

    feed_type = TextSummaryAtom1Feed

    def item_title(self, item: DocumentVersion) -> str:
        return text_clean(f"{item.identifier} \N{EN DASH} {item.title}")

    def item_description(self, item: DocumentVersion) -> str:
        return text_clean(item.summary)

    def item_link(self, item: DocumentVersion) -> str:
        # The version published, not whatever is in force when the reader clicks.
        return item.own_url

    def item_pubdate(self, item: DocumentVersion) -> datetime.datetime:
        return _published_at(item)

    def item_updateddate(self, item: DocumentVersion) -> datetime.datetime:
        return _published_at(item)

    def item_author_name(self, item: DocumentVersion) -> str:
        return text_clean(item.series.organization.name)

    def item_categories(self, item: DocumentVersion) -> tuple[str, ...]:
        return (text_clean(item.series.kind),)


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
        return text_clean(f"{SITE_NAME}: {obj.name} ({obj.acronym})")

    def subtitle(self, obj: Organization) -> str:
        return text_clean(
            f"Privacy documents of {obj.acronym} published, newest first."
        )

    def author_name(self, obj: Organization) -> str:
        return text_clean(obj.name)

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
