"""The API's test set-up: a small registry with hidden drafts, and a client whose every
answer is checked against the served OpenAPI document."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.test import Client

from privdocs.documents.services.catalog import catalog_apply
from privdocs.formats.records import CatalogRecord, OrganizationRecord, SystemRecord
from tests.api.openapi import operation_for, response_schema, schema_errors
from tests.factories import ORGANIZATIONS, series, sorn, version

#: A word only drafts and versions in review carry: it must never leave the API.
HIDDEN_WORD = "Quokkavault"

CBP = OrganizationRecord("CBP", "U.S. Customs and Border Protection", "DHS")
EID = SystemRecord("Enforcement Integrated Database", "EID")
LPR = SystemRecord("License Plate Reader Data Service", "LPR")
ATS = SystemRecord("Automated Targeting System", "ATS")
HIDDEN_SYSTEM = SystemRecord(f"{HIDDEN_WORD} Tracker", "QVT")

ApiGet = Callable[..., Any]


def registry_record() -> CatalogRecord:
    """ICE and CBP documents: previous, published and retired versions, and three
    that the public must not see (a draft update, a draft series, one in review)."""
    return CatalogRecord(
        organizations=(*ORGANIZATIONS, CBP),
        source="test",
        series=(
            series(
                "DHS/ICE/PIA-015",
                version(
                    "DHS/ICE/PIA-015",
                    title="Enforcement Integrated Database",
                    date=datetime.date(2010, 1, 14),
                    status="superseded",
                ),
                version(
                    "DHS/ICE/PIA-015(a)",
                    title="Enforcement Integrated Database Update",
                    date=datetime.date(2011, 3, 2),
                    status="superseded",
                ),
                version(
                    "DHS/ICE/PIA-015(b)",
                    title="Enforcement Integrated Database Update",
                    date=datetime.date(2015, 8, 10),
                    summary="Booking and arrest records of people ICE encounters.",
                ),
                version(
                    "DHS/ICE/PIA-015(c)",
                    title=f"{HIDDEN_WORD} Update",
                    date=None,
                    summary=f"A draft about {HIDDEN_WORD}.",
                    status="draft",
                ),
                system=EID,
                associations=(
                    sorn(
                        "DHS/ICE-011",
                        "Criminal Arrest Records and Immigration Enforcement Records",
                        "75 FR 23274",
                    ),
                ),
            ),
            series(
                "DHS/ICE/PIA-039",
                version(
                    "DHS/ICE/PIA-039",
                    title="Acquisition and Use of License Plate Reader Data",
                    date=datetime.date(2015, 12, 1),
                    summary="Investigators query a vendor's records of where "
                    "license plates were seen.",
                ),
                system=LPR,
            ),
            series(
                "DHS/ICE/PIA-001",
                version(
                    "DHS/ICE/PIA-001",
                    title="Student and Exchange Visitor Information System",
                    date=datetime.date(2008, 2, 5),
                    status="retired",
                ),
            ),
            series(
                "DHS/CBP/PIA-006",
                version(
                    "DHS/CBP/PIA-006",
                    title="Automated Targeting System",
                    date=datetime.date(2012, 6, 1),
                    summary="Compares traveler records against targeting rules.",
                ),
                system=ATS,
            ),
            series(
                "DHS/ICE/PIA-050",
                version(
                    "DHS/ICE/PIA-050",
                    title=f"{HIDDEN_WORD} Tracker",
                    date=None,
                    summary=f"A new {HIDDEN_WORD} system.",
                    status="draft",
                ),
                system=HIDDEN_SYSTEM,
                associations=(sorn("DHS/ICE-099", f"{HIDDEN_WORD} Records"),),
            ),
            series(
                "DHS/CBP/PIA-077",
                version(
                    "DHS/CBP/PIA-077",
                    title=f"{HIDDEN_WORD} Review",
                    date=datetime.date(2016, 1, 1),
                    summary=f"In review: {HIDDEN_WORD}.",
                    status="component_review",
                ),
                system=HIDDEN_SYSTEM,
            ),
        ),
    )


@pytest.fixture
def registry(db: None) -> None:
    """The registry of ``registry_record``."""
    catalog_apply(record=registry_record())


@pytest.fixture
def openapi(client: Client) -> dict[str, Any]:
    """The OpenAPI document the API serves."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


@pytest.fixture
def api_get(client: Client, openapi: dict[str, Any]) -> ApiGet:
    """GET a URL (path or absolute), assert its status, check the body against the
    schema openapi.json gives for that status, and return the parsed body."""

    def get(url: str, status: int = 200) -> Any:
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        response = client.get(target)
        assert response.status_code == status, response.content
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        template = operation_for(openapi, parts.path)
        assert (
            schema_errors(openapi, response_schema(openapi, template, status), body)
            == []
        )
        return body

    return get
