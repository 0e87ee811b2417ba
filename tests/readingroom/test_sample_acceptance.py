"""The issue's acceptance path on the sample catalog: home → ICE → PIA-039, search, jumps."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.catalog_json import load_sample_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample(db: None) -> None:
    catalog_apply(record=load_sample_catalog())


def test_home_leads_to_ice_and_to_the_lpr_pia(client: Client, sample: None) -> None:
    """The home page links ICE, whose page links DHS/ICE/PIA-039, which opens."""
    home = client.get("/").content.decode()
    assert 'href="/dhs/ice/"' in home
    organization = client.get("/dhs/ice/").content.decode()
    assert 'href="/dhs/ice/pia-039/"' in organization
    document = client.get("/dhs/ice/pia-039/")
    assert document.status_code == 200
    assert "DHS/ICE/PIA-039" in document.content.decode()


def test_license_plate_reader_ranks_pia_039_first(client: Client, sample: None) -> None:
    """Searching "license plate reader" puts PIA-039 first, on the page and in the API."""
    api = client.get("/api/v1/search", {"q": "license plate reader"}).json()
    assert api["results"][0]["identifier"] == "DHS/ICE/PIA-039"
    page = client.get("/search/", {"q": "license plate reader"}).content.decode()
    assert re.findall(r"DHS/ICE/PIA-\d{3}", page)[0] == "DHS/ICE/PIA-039"


@pytest.mark.parametrize("typed", ["DHS-ICE-PIA-039", "ice pia 39"])
def test_identifier_spellings_jump_to_the_document(
    client: Client, sample: None, typed: str
) -> None:
    """An identifier typed in the box goes straight to the document."""
    response = client.get("/search/", {"q": typed})
    assert response.status_code == 302
    assert response["Location"] == "/dhs/ice/pia-039/"
