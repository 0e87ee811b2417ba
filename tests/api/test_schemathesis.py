"""Property-based tests of the API from its own OpenAPI document (schemathesis):
every operation, with inputs the schema allows and inputs it forbids, anonymous and
signed in, answers without a server error and as its schema promises.

The number of examples is bounded so the run stays well under a minute on two
cores; ``PRIVDOCS_SCHEMATHESIS_EXAMPLES`` raises it for a longer local hunt.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import Case, GenerationMode
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.core.result import Ok
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from privdocs.assessments.services import pta_create, pta_save, pta_submit
from privdocs.documents.models import Kind
from privdocs.documents.services.workflow import comment_add, draft_open_new
from privdocs.inventory.models import System
from privdocs.questionnaires.selectors import template_get_current
from tests.personas import Tree
from tests.workspace.conftest import PTA_ANSWERS

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode (positive and negative).
EXAMPLES = int(os.environ.get("PRIVDOCS_SCHEMATHESIS_EXAMPLES", "10"))
#: What each response is checked against, beside "not a server error".
CHECKS = (
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@dataclass
class Findings:
    """What went wrong, by operation: collected so one run reports every problem."""

    problems: list[str] = field(default_factory=list)
    #: The statuses each operation answered, to show what the run reached.
    statuses: dict[str, set[int]] = field(default_factory=dict)

    def add(self, case: Case[Any], what: str) -> None:
        self.problems.append(
            f"{case.operation.label}: {what}\n  {case.as_curl_command()}"
        )


def _session(user: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Cookies and headers of a signed-in browser: its session, and the CSRF token
    as a cookie and in X-CSRFToken (what a page's script sends)."""
    client = Client()
    client.force_login(user)
    token = secrets.token_hex(16)  # a CSRF secret: 32 letters and digits
    cookies = {name: morsel.value for name, morsel in client.cookies.items()}
    return {**cookies, "csrftoken": token}, {"X-CSRFToken": token}


@dataclass(frozen=True)
class Caller:
    """How each generated request is sent: as whom, recording into ``findings``."""

    cookies: dict[str, str]
    headers: dict[str, str]
    findings: Findings

    def send(self, case: Case[Any]) -> None:
        """Send one generated request and record what it answered."""
        response = case.call(headers=self.headers, cookies=self.cookies)
        self.findings.statuses.setdefault(case.operation.label, set()).add(
            response.status_code
        )
        if response.status_code >= 500:
            self.findings.add(case, f"server error {response.status_code}")
            return
        for check in CHECKS:
            try:
                case.validate_response(response, checks=[check])
            except (Failure, FailureGroup) as failure:
                self.findings.add(case, f"{check.__name__}: {failure}")


def _run(
    cookies: dict[str, str],
    headers: dict[str, str],
    known: dict[str, Any] | None = None,
) -> Findings:
    """Every operation, positive and negative examples: what was found. ``known``
    fixes path parameters to objects that exist (the others are generated)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())
    # The WSGI client does not decompress: ask for the body as it is.
    caller = Caller(cookies, {**headers, "Accept-Encoding": "identity"}, Findings())
    bounded = settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    for result in schema.get_all_operations():
        assert isinstance(result, Ok), result.err()
        operation = result.ok()
        named = set(re.findall(r"{(\w+)}", operation.path))
        fixed = {name: value for name, value in (known or {}).items() if name in named}
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            strategy = operation.as_strategy(
                generation_mode=mode, path_parameters=fixed
            )
            try:
                bounded(given(case=strategy)(caller.send))()
            except Unsatisfiable:
                # Nothing to negate (an operation without parameters or body):
                # the positive examples cover it.
                assert mode is GenerationMode.NEGATIVE, operation.label
    return caller.findings


@pytest.fixture(autouse=True)
def _connection_kept() -> Iterator[None]:
    """Django closes the database connection at the end of each request; inside the
    test's transaction on PostgreSQL that would close the test's own connection.
    Django's test client stops it the same way."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def known(personas: dict[str, Any], tree: Tree) -> dict[str, Any]:
    """Objects the signed-in run acts on: a system, its submitted PTA and its
    determination, and a draft with a comment; by path parameter name."""
    author = personas["author"]
    system = System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
    determination = pta_submit(actor=author, analysis=analysis)
    draft = draft_open_new(
        actor=author,
        organization=tree.ice,
        kind=Kind.PIA,
        title="Harbor Camera",
        template_reference=template_get_current(kind=Kind.PIA).reference,
        system=system,
    )
    comment = comment_add(
        actor=author, version=draft, section_id="1.0", body="Cite the statute."
    )
    return {
        "version_id": draft.pk,
        "section_id": "1.0",
        "comment_id": comment.pk,
        "system_id": system.pk,
        "pta_id": analysis.pk,
        "determination_id": determination.pk,
    }


@pytest.mark.usefixtures("registry")
def test_schemathesis_anonymous_finds_no_server_error() -> None:
    """The public API and the workspace API's refusals, as anyone sees them."""
    findings = _run({}, {})
    assert not findings.problems, "\n\n".join(findings.problems)
    assert 200 in findings.statuses["GET /api/v1/series"]
    workspace = {
        label: statuses
        for label, statuses in findings.statuses.items()
        if label.split()[1].startswith("/api/v1/workspace/")
    }
    assert workspace and all(200 not in found for found in workspace.values())


def test_schemathesis_signed_in_finds_no_server_error(
    personas: dict[str, Any], known: dict[str, Any]
) -> None:
    """Every operation as the author, signed in with a session and its CSRF token:
    first on a draft, a PTA and a determination that exist (so writes are taken,
    not only refused), then with generated ids."""
    cookies, headers = _session(personas["author"])
    on_known = _run(cookies, headers, known)
    assert not on_known.problems, "\n\n".join(on_known.problems)
    reached = {
        label
        for label, statuses in on_known.statuses.items()
        if any(200 <= status < 300 for status in statuses)
    }
    assert {
        "GET /api/v1/workspace/versions/{version_id}",
        "PUT /api/v1/workspace/versions/{version_id}/sections/{section_id}",
        "GET /api/v1/workspace/ptas/{pta_id}",
    } <= reached, on_known.statuses
    generated = _run(cookies, headers)
    assert not generated.problems, "\n\n".join(generated.problems)
