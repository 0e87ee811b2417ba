"""Admin edits refresh the search index (a regression: they used to leave it stale)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.inventory.models import System
from privdocs.search.services import search_public
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("iago", "iago@example.gov", "pw"))
    return client


def test_renaming_a_system_in_the_admin_makes_it_findable_at_once(
    admin_client: Client,
) -> None:
    """After a system is renamed, searching its new name finds its documents."""
    catalog_apply(record=factories.catalog(factories.series("DHS/ICE/PIA-007")))
    system = System.objects.get(acronym="HRS")
    assert search_public("quayside").total == 0
    response = admin_client.post(
        f"/admin/inventory/system/{system.pk}/change/",
        {
            "organization": system.organization_id,
            "name": "Quayside Inspection Records",
            "acronym": "HRS",
            "slug": system.slug,
            "description": "",
            "lifecycle": system.lifecycle,
            "owner_contact": "",
        },
    )
    assert response.status_code == 302, response.content[:500]
    assert [hit.identifier for hit in search_public("quayside").hits] == [
        "DHS/ICE/PIA-007"
    ]


def test_editing_a_version_title_in_the_admin_reindexes_it(
    admin_client: Client,
) -> None:
    """A title corrected in the admin is what the search finds next."""
    catalog_apply(record=factories.catalog(factories.series("DHS/ICE/PIA-007")))
    version = DocumentVersion.objects.get()
    data = {
        "series": version.series_id,
        "update_letter": "",
        "title": "Waterfront Gatekeeper",
        "published_on": "2012-03-04",
        "published_on_precision": "day",
        "retired_on": "",
        "retired_reason": "",
        "next_review_on": "",
        "review_reminded_on": "",
        "summary": version.summary,
        "body": "{}",
        "template_version": "",
        "pages": "10",
        "size_bytes": "20480",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
    }
    response = admin_client.post(
        f"/admin/documents/documentversion/{version.pk}/change/", data
    )
    assert response.status_code == 302, response.content[:2000]
    assert search_public("gatekeeper").total == 1
