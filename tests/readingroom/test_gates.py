"""One public gate per object kind: nothing unpublished reaches any public URL.

The sweep enumerates every public URL pattern from the URLconf (and every public
operation of the served OpenAPI document), so a new page, feed, download or
endpoint is swept as soon as it is routed: a pattern without samples fails here.
"""

from __future__ import annotations

import datetime
import io
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlencode

import pytest
from django.contrib.auth.models import AnonymousUser, User
from django.core.cache import caches
from django.http import HttpResponseBase, StreamingHttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from privdocs.api.api import api
from privdocs.assessments.models import Requirement
from privdocs.assessments.services import (
    determination_confirm,
    determination_open_draft,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.core.errors import IdentifierError
from privdocs.documents.blobs import blob_put
from privdocs.documents.identifiers import identifier_from_path
from privdocs.documents.models import (
    Attachment,
    DocumentSeries,
    DocumentVersion,
    Kind,
    Status,
)
from privdocs.documents.services.state import Actor, version_move
from privdocs.documents.services.workflow import (
    draft_open_new,
    draft_section_save,
    section_edit,
    version_discard,
    version_publish,
)
from privdocs.inventory.models import Organization, System
from privdocs.questionnaires.selectors import template_get_current
from privdocs.search.services import search_index_rebuild, search_index_versions
from tests.personas import PTA_MINIMAL_ANSWERS, Tree

#: The downloads stream from a thread with its own connection: it must see the
#: test's rows, so they are committed (a transactional test).
pytestmark = pytest.mark.django_db(transaction=True)

Personas = dict[str, User | AnonymousUser]

#: The new system a draft update proposes (through a PTA of that system).
PROPOSED_NAME, PROPOSED_ACRONYM = "Tidewater Cargo Scanner", "TDWXQ"
PROPOSED_DESCRIPTION = "Quillwort sensors that scan containers at the quay."
#: A system only a draft covers.
DRAFT_ONLY_NAME, DRAFT_ONLY_ACRONYM = "Marsh Gate Counter", "MGCQZ"
DRAFT_ONLY_DESCRIPTION = "Counts bramblewick passes at the marsh gates."
DRAFT_ONLY_TITLE = "Marsh Gate Counter Assessment"
DRAFT_SAVED_WORDS = "Gorsefield answers saved in a draft"
SORN_TITLE = "Brackish Tide Records"
PCR_TITLE = "Saltmarsh Compliance Review"

#: Words and identifiers of the unpublished documents and of their systems.
SECRETS = (
    PROPOSED_NAME,
    PROPOSED_ACRONYM,
    "Quillwort",
    DRAFT_ONLY_NAME,
    DRAFT_ONLY_ACRONYM,
    "bramblewick",
    "Gorsefield",
    "gorsefield",
    "Brackish",
    "Saltmarsh",
    "PIA-001(a)",
    "pia-001/a",
    "PIA-003",
    "pia-003",
    "ICE-001",
    "sorn-001",
    "PCR-001",
    "pcr-001",
)

#: A file of the published PIA-001, and one every unpublished version has (and
#: PIA-001 too, as a draft file): served never, named nowhere.
PUBLIC_FILE, SECRET_FILE = "harbor-plate-reader.pdf", "gorsefield-draft.pdf"

#: Public words that must stay visible: the retired version is public.
RETIRED_TITLE = "Dockside Camera Pilot"

#: Where each URL pattern's placeholders are filled from, by URL name: public
#: objects, the unpublished ones (which must answer as missing) and unknown ones.
DOCUMENT_PATHS = (
    "dhs",
    "dhs/ice",
    "dhs/cbp",
    "dhs/ice/pia-001",
    "dhs/ice/pia-001/original",
    "dhs/ice/pia-001/a",
    "dhs/ice/pia-002",
    "dhs/ice/pia-003",
    "dhs/ice/sorn-001",
    "dhs/ice/pcr-001",
    "dhs/ice/pcr-001/original",
    "dhs/ice/pia-009",
)
PATH_SAMPLES: dict[str, dict[str, tuple[str, ...]]] = {
    "readingroom:document": {"path": DOCUMENT_PATHS},
    "readingroom:organization": {"path": DOCUMENT_PATHS},
    "readingroom:system": {
        "path": ("dhs", "dhs/ice"),
        "slug": ("hpr", "tdwxq", "mgcqz", "none"),
    },
    "readingroom:organization_feed": {"path": ("dhs", "dhs/ice", "dhs/cbp")},
    "readingroom:document_file": {
        "path": DOCUMENT_PATHS,
        "filename": (PUBLIC_FILE, SECRET_FILE),
    },
    "api:organization": {"acronym": ("DHS", "ICE", "CBP")},
    "api:series": {
        "identifier": (
            "dhs/ice/pia-001",
            "dhs/ice/pia-002",
            "dhs/ice/pia-003",
            "DHS/ICE-001",
            "dhs/ice/pcr-001",
        )
    },
    "api:version": {
        "identifier": (
            "dhs/ice/pia-001",
            "DHS/ICE/PIA-001(a)",
            "dhs/ice/pia-002",
            "dhs/ice/pia-003",
            "dhs/ice/sorn-001",
            "dhs/ice/pcr-001",
        )
    },
    # The API's answer to any other path under it.
    "api:<path:rest>": {"rest": ("nothing-here",)},
}
#: Query strings a page reads, by URL name (the first is always the bare page).
PAGE_QUERIES: dict[str, tuple[str, ...]] = {
    "readingroom:document": ("", "?sort=date", "?sort=name"),
    "readingroom:search": tuple(
        "?" + urlencode({"q": words})
        for words in (
            "harbor",
            "Tidewater",
            PROPOSED_ACRONYM,
            "Quillwort",
            "Marsh Gate",
            "bramblewick",
            "Gorsefield",
            "gorsefield",
            "Brackish",
            "Saltmarsh",
            "DHS/ICE/PIA-001(a)",
            "ice pia 3",
            "DHS/ICE-001",
            "DHS/ICE/PCR-001",
        )
    ),
}
#: Values of the API's query parameters (from the OpenAPI document): each is asked
#: alone, the required ones (``q``) with every other.
QUERY_SAMPLES: dict[str, tuple[str, ...]] = {
    "q": ("harbor", "Tidewater", "Quillwort", "Brackish", "Saltmarsh", "Gorsefield"),
    "page": ("1", "2"),
    "limit": ("1", "100"),
    "organization": ("ICE", "DHS"),
    "kind": ("PIA", "SORN", "PCR"),
    "status": ("published", "retired", "draft"),
    "year": ("2020", "2026"),
    "series": ("DHS/ICE/PIA-001", "DHS/ICE/PIA-003", "DHS/ICE-001"),
    "sort": ("identifier", "-identifier", "date", "-date", "title"),
}
#: URL patterns that are not public (signed-in pages and API, the admin).
PRIVATE_PREFIXES = ("admin/", "workspace/", "api/v1/workspace/")


def _patterns(
    patterns: list[URLPattern | URLResolver], prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """(route, name) of every URL pattern, names qualified by namespace; an unnamed
    pattern is named by its route ("api:<path:rest>")."""
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or namespace
            yield from _patterns(pattern.url_patterns, route, inner)
        else:
            local = pattern.name or str(pattern.pattern)
            yield route, f"{namespace}:{local}" if namespace else local


def public_patterns() -> dict[str, str]:
    """Every public route of the URLconf and its name (one name per route)."""
    found: dict[str, str] = {}
    for route, name in _patterns(get_resolver().url_patterns):
        if not route.startswith(PRIVATE_PREFIXES):
            found.setdefault(route, name)
    return found


_PLACEHOLDER = re.compile(r"<(?:(?P<converter>[a-z]+):)?(?P<name>\w+)>")


def _fill(route: str, name: str) -> list[str]:
    """The route with its placeholders filled from ``PATH_SAMPLES``, every
    combination; a placeholder without samples fails the test, naming it."""
    names = [match["name"] for match in _PLACEHOLDER.finditer(route)]
    if not names:
        return ["/" + route]
    samples = PATH_SAMPLES.get(name, {})
    missing = [each for each in names if each not in samples]
    assert not missing, (
        f"the public URL pattern {route!r} ({name}) has no samples for {missing}: "
        "add them to PATH_SAMPLES in tests/readingroom/test_gates.py"
    )
    urls = []
    for values in itertools.product(*(samples[each] for each in names)):
        filled = dict(zip(names, values, strict=True))
        url = route
        for match in _PLACEHOLDER.finditer(route):
            url = url.replace(match[0], quote(filled[match["name"]], "/"), 1)
        urls.append("/" + url)
    return urls


def _api_queries() -> dict[str, list[str]]:
    """Query strings of every public GET operation of the served OpenAPI document,
    by its path template; a parameter without samples fails the test."""
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    found: dict[str, list[str]] = {}
    for path, operations in document["paths"].items():
        if path.startswith("/api/v1/workspace/"):
            continue
        parameters = [
            parameter
            for parameter in operations["get"].get("parameters", [])
            if parameter["in"] == "query"
        ]
        missing = [p["name"] for p in parameters if p["name"] not in QUERY_SAMPLES]
        assert not missing, (
            f"{path} takes {missing}, which have no samples: add them to "
            "QUERY_SAMPLES in tests/readingroom/test_gates.py"
        )
        required = [p["name"] for p in parameters if p.get("required")]
        queries: list[str] = []
        for base in itertools.product(*(QUERY_SAMPLES[each] for each in required)):
            fixed = dict(zip(required, base, strict=True))
            queries.append("?" + urlencode(fixed) if fixed else "")
            for parameter in parameters:
                if parameter["name"] in required:
                    continue
                for value in QUERY_SAMPLES[parameter["name"]]:
                    queries.append("?" + urlencode({**fixed, parameter["name"]: value}))
        found[path] = queries
    return found


def public_urls() -> list[str]:
    """Every public URL pattern filled with samples, with the queries it reads."""
    api_queries = _api_queries()
    urls: list[str] = []
    for route, name in public_patterns().items():
        queries: list[str] = list(PAGE_QUERIES.get(name, ("",)))
        for url in _fill(route, name):
            template = re.sub(r"<(?:path:)?(\w+)>", r"{\1}", "/" + route)
            for query in api_queries.get(template, queries):
                urls.append(url + query)
    return urls


def test_the_sweep_covers_every_public_operation_of_the_openapi_document() -> None:
    """Each public path of the OpenAPI document is a route the sweep requests."""
    routes = public_patterns()
    document = api.get_openapi_schema(path_prefix="/api/v1/")
    for path in document["paths"]:
        if path.startswith("/api/v1/workspace/"):
            continue
        sample = re.sub(r"\{\w+\}", "dhs/ice/pia-001", path)
        match = resolve(sample)
        assert match.route in routes, path


@dataclass
class World:
    """The public registry: PIA-001 published on the Harbor Plate Reader, PIA-002
    retired."""

    tree: Tree
    harbor: System
    published: DocumentVersion
    retired: DocumentVersion


def _series(tree: Tree, kind: Kind, number: int, title: str) -> DocumentSeries:
    return DocumentSeries.objects.create(
        organization=tree.ice,
        kind=kind,
        agency="DHS",
        component="ICE",
        number=number,
        title=title,
    )


def _attach(
    version: DocumentVersion,
    filename: str,
    content: bytes,
    *,
    role: Attachment.Role = Attachment.Role.PUBLISHED,
) -> None:
    blob = blob_put(io.BytesIO(content))
    Attachment.objects.create(
        version=version,
        role=role,
        filename=filename,
        sha256=blob.sha256,
        size_bytes=blob.size_bytes,
        file=blob.name,
    )


@pytest.fixture
def world(tree: Tree, personas: Personas) -> World:
    """PIA-001 (published, in the PIA template, covering the Harbor Plate Reader)
    and PIA-002 (retired), indexed for search."""
    harbor = System.objects.create(
        organization=tree.ice,
        name="Harbor Plate Reader",
        acronym="HPR",
        slug="hpr",
        description="Reads license plates at the harbor gates.",
    )
    first = _series(tree, Kind.PIA, 1, "Harbor Plate Reader")
    first.systems.add(harbor)
    published = DocumentVersion.objects.create(
        series=first,
        update_index=0,
        title="Harbor Plate Reader",
        summary="How plates read at the harbor are kept and shared.",
        status=Status.PUBLISHED,
        published_on=datetime.date(2020, 3, 2),
        template_version=template_get_current(kind=Kind.PIA).reference,
    )
    second = _series(tree, Kind.PIA, 2, RETIRED_TITLE)
    second.systems.add(harbor)
    retired = DocumentVersion.objects.create(
        series=second,
        update_index=0,
        title=RETIRED_TITLE,
        summary="Cameras tried on the docks, then taken down.",
        status=Status.RETIRED,
        published_on=datetime.date(2018, 5, 1),
        retired_on=datetime.date(2021, 1, 4),
        retired_reason="The pilot ended.",
    )
    _attach(published, PUBLIC_FILE, b"%PDF-1.7 the harbor plate reader PIA")
    search_index_versions([published.pk, retired.pk])
    return World(tree=tree, harbor=harbor, published=published, retired=retired)


def _user(personas: Personas, name: str) -> User:
    found = personas[name]
    assert isinstance(found, User)
    return found


def open_update_proposing_a_system(world: World, personas: Personas) -> DocumentVersion:
    """A PTA of a new system whose determination calls for an update of PIA-001; the
    update opened from it, as the workspace opens it."""
    author, reviewer = _user(personas, "author"), _user(personas, "reviewer")
    scanner = System.objects.create(
        organization=world.tree.ice,
        name=PROPOSED_NAME,
        acronym=PROPOSED_ACRONYM,
        slug=PROPOSED_ACRONYM.lower(),
        description=PROPOSED_DESCRIPTION,
    )
    analysis = pta_create(actor=author, system=scanner)
    pta_save(
        actor=author,
        analysis=analysis,
        answers={**PTA_MINIMAL_ANSWERS, "1.1": PROPOSED_NAME},
    )
    determination = determination_confirm(
        actor=reviewer,
        determination=pta_submit(actor=author, analysis=analysis),
        comment="The scanner joins the harbor plate reader's assessment.",
        pia=Requirement.UPDATE,
        pia_identifier="DHS/ICE/PIA-001",
    )
    return determination_open_draft(
        actor=author, determination=determination, kind=Kind.PIA
    )


def add_unpublished(world: World, personas: Personas) -> list[DocumentVersion]:
    """A draft update proposing a new system, a system with only a draft (saved
    once), a draft SORN and a draft PCR; the search index rebuilt over all."""
    author = _user(personas, "author")
    update = open_update_proposing_a_system(world, personas)
    counter = System.objects.create(
        organization=world.tree.ice,
        name=DRAFT_ONLY_NAME,
        acronym=DRAFT_ONLY_ACRONYM,
        slug=DRAFT_ONLY_ACRONYM.lower(),
        description=DRAFT_ONLY_DESCRIPTION,
    )
    counted = draft_open_new(
        actor=author,
        organization=world.tree.ice,
        kind=Kind.PIA,
        title=DRAFT_ONLY_TITLE,
        template_reference=template_get_current(kind=Kind.PIA).reference,
        system=counter,
    )
    # A private draft save: the public pages must not change.
    draft_section_save(
        actor=author,
        version=counted,
        section_id="1.0",
        answers={"1.1": DRAFT_SAVED_WORDS},
        base_revision=section_edit(counted, "1.0").revision,
    )
    sorn = draft_open_new(
        actor=author,
        organization=world.tree.ice,
        kind=Kind.SORN,
        title=SORN_TITLE,
        template_reference=template_get_current(kind=Kind.SORN).reference,
    )
    # No PCR template ships; a PCR draft is as an import or the admin makes it.
    review = DocumentVersion.objects.create(
        series=_series(world.tree, Kind.PCR, 1, PCR_TITLE),
        update_index=0,
        title=PCR_TITLE,
        summary="A Saltmarsh review not yet signed.",
        status=Status.DRAFT,
    )
    unpublished = [update, counted, sorn, review]
    for version in unpublished:
        _attach(
            version, SECRET_FILE, b"%PDF-1.7 Gorsefield draft " + version.title.encode()
        )
    _attach(
        world.published,
        SECRET_FILE,
        b"%PDF-1.7 Gorsefield generated, not signed",
        role=Attachment.Role.DRAFT,
    )
    search_index_rebuild()
    return unpublished


@dataclass(frozen=True)
class Answer:
    """What a URL answered: status, where it redirects, and the body's bytes."""

    status: int
    location: str
    body: bytes


def _answer(response: HttpResponseBase) -> Answer:
    if isinstance(response, StreamingHttpResponse):
        body = b"".join(response.streaming_content)  # type: ignore[arg-type]
    else:
        body = response.content  # type: ignore[attr-defined]
    if body.startswith(b"<?xml") and b"<entry>" not in body:
        # A feed with no entries is dated now (Django's syndication): the one
        # public byte that changes by itself, second by second.
        body = re.sub(rb"<updated>[^<]*</updated>", b"<updated/>", body)
    return Answer(response.status_code, response.get("Location", ""), body)


def sweep(urls: list[str]) -> dict[str, Answer]:
    """Each URL's answer to the anonymous public, every cache cleared before it."""
    client = Client()
    answers: dict[str, Answer] = {}
    for url in urls:
        for cache in caches.all():
            cache.clear()
        answers[url] = _answer(client.get(url))
    return answers


def _asked(url: str) -> str:
    """What a URL asks about, as an answer may repeat it: its text, and the
    identifier its path names in the standard spelling ("sorn-001" is DHS/ICE-001)."""
    text = unquote(url).replace("+", " ")
    parts = [part for part in text.split("?")[0].split("/") if part]
    for start in range(len(parts)):
        try:
            text += " " + str(identifier_from_path(parts[start:]))
        except IdentifierError:
            continue
    return text.lower()


def _leaks(url: str, answer: Answer) -> list[str]:
    """The secrets an answer shows that its URL did not ask about."""
    asked = _asked(url)
    text = answer.body.decode(errors="replace").lower()
    return [
        secret
        for secret in SECRETS
        if secret.lower() not in asked
        and (secret.lower() in text or secret.lower() in answer.location.lower())
    ]


def test_public_gate_sweep(world: World, personas: Personas) -> None:
    """Every public URL (pages, feeds, sitemap, downloads, search, the API from its
    OpenAPI document) answers the public byte for byte the same before and after
    a draft update proposing a new system, a system with only drafts (saved once),
    a draft SORN and a draft PCR are added; none shows their names, acronyms,
    titles or identifiers, and the retired version stays public."""
    urls = public_urls()
    before = sweep(urls)
    add_unpublished(world, personas)
    after = sweep(urls)
    changed = [url for url in urls if before[url] != after[url]]
    assert not changed, f"{len(changed)} public answers changed, e.g. {changed[:5]}"
    leaking = {url: found for url in urls if (found := _leaks(url, after[url]))}
    assert not leaking, leaking
    assert after["/dhs/ice/pia-002/"].status == 200
    assert RETIRED_TITLE.encode() in after["/dhs/ice/pia-002/"].body
    assert RETIRED_TITLE.encode() in after["/catalog.json"].body
    assert after["/dhs/ice/systems/hpr/"].status == 200
    for hidden in ("/dhs/ice/pia-001/a/", "/dhs/ice/pia-003/", "/dhs/ice/sorn-001/"):
        assert after[hidden].status == 404, hidden
    assert len(urls) > 100


def _shown(client: Client, url: str) -> str:
    answer = _answer(client.get(url))
    assert answer.status == 200, url
    return answer.body.decode()


#: Every public path that names systems: pages, the API, downloads.
SYSTEM_PATHS = (
    "/",
    "/dhs/",
    "/dhs/ice/",
    "/dhs/ice/pia-001/",
    "/dhs/ice/systems/hpr/",
    "/api/v1/systems",
    "/api/v1/systems?organization=ICE",
    "/api/v1/series",
    "/api/v1/series/dhs/ice/pia-001",
    "/api/v1/versions",
    "/api/v1/versions/dhs/ice/pia-001",
    "/catalog.json",
    "/catalog.csv",
    "/sitemap.xml",
    "/feed.atom",
)


def test_an_update_draft_does_not_publish_its_system(
    world: World, personas: Personas
) -> None:
    """Opening an update draft from a PTA of a new system leaves the system out of
    the public series: not on the series, organization or system pages, the API,
    the downloads, nor in search after a reindex; nor after the draft is
    discarded. The draft keeps the coverage it proposes."""
    update = open_update_proposing_a_system(world, personas)
    assert str(update) == "DHS/ICE/PIA-001(a)"
    assert [s.name for s in world.published.series.systems.all()] == [
        "Harbor Plate Reader"
    ]
    search_index_rebuild()
    client = Client()
    for url in (*SYSTEM_PATHS, "/search/?q=harbor", "/api/v1/search?q=harbor"):
        body = _shown(client, url)
        for word in (PROPOSED_NAME, PROPOSED_ACRONYM, "Quillwort"):
            assert word not in body, (url, word)
    assert client.get(f"/dhs/ice/systems/{PROPOSED_ACRONYM.lower()}/").status_code == (
        404
    )
    assert "No results" in _shown(client, "/search/?q=Tidewater")
    assert [s.name for s in update.proposed_systems.all()] == [PROPOSED_NAME]
    version_discard(
        actor=_user(personas, "author"), version=update, reason="Opened in error."
    )
    assert [s.name for s in world.published.series.systems.all()] == [
        "Harbor Plate Reader"
    ]
    assert PROPOSED_NAME not in _shown(client, "/catalog.json")


def test_an_update_publishes_its_system_with_it(
    world: World, personas: Personas
) -> None:
    """Once the update is published, the system it proposed is the series': on the
    series page, its own page and in the API."""
    update = open_update_proposing_a_system(world, personas)
    approver = _user(personas, "approver")
    # Straight to approved: the review steps are the workflow tests' concern.
    version_move(
        update,
        actor=Actor.of(approver),
        to_status=Status.APPROVED,
        action="version.approve",
    )
    version_publish(actor=approver, version=update)
    client = Client()
    assert PROPOSED_NAME in _shown(client, "/dhs/ice/pia-001/")
    assert PROPOSED_DESCRIPTION in _shown(
        client, f"/dhs/ice/systems/{PROPOSED_ACRONYM.lower()}/"
    )
    assert PROPOSED_NAME in _shown(client, "/api/v1/systems")
    assert PROPOSED_NAME in _shown(client, "/catalog.json")


def test_systems_with_no_public_document_are_not_public(
    world: World, personas: Personas
) -> None:
    """A system no public document covers (one with only a draft, one with none)
    is on no public path: not in the catalog downloads, the API or the pages,
    and its page answers 404 like a system that does not exist."""
    bare = System.objects.create(
        organization=world.tree.ice,
        name="Lonely Buoy Logger",
        acronym="LBLQX",
        slug="lblqx",
        description="A logger no document covers.",
    )
    counter = System.objects.create(
        organization=world.tree.ice,
        name=DRAFT_ONLY_NAME,
        acronym=DRAFT_ONLY_ACRONYM,
        slug=DRAFT_ONLY_ACRONYM.lower(),
        description=DRAFT_ONLY_DESCRIPTION,
    )
    draft_open_new(
        actor=_user(personas, "author"),
        organization=world.tree.ice,
        kind=Kind.PIA,
        title=DRAFT_ONLY_TITLE,
        template_reference=template_get_current(kind=Kind.PIA).reference,
        system=counter,
    )
    client = Client()
    for system in (bare, counter):
        page = client.get(f"/dhs/ice/systems/{system.slug}/")
        missing = client.get("/dhs/ice/systems/nosuchsystem/")
        # The same page as for a system that does not exist, but for the address.
        assert (page.status_code, page.content.replace(system.slug.encode(), b"")) == (
            404,
            missing.content.replace(b"nosuchsystem", b""),
        )
        for url in SYSTEM_PATHS:
            body = _shown(client, url)
            assert system.name not in body, (url, system.name)
            assert system.acronym not in body, (url, system.acronym)
            assert system.description not in body, (url, system.description)
    assert "Harbor Plate Reader" in _shown(client, "/catalog.json")
    assert "HPR" in _shown(client, "/catalog.csv")


def test_the_sweep_samples_name_public_objects(world: World) -> None:
    """The sweep's samples name the public objects it must keep showing: their
    pages answer 200 (a sweep of 404s would prove nothing)."""
    urls = [
        "/dhs/ice/pia-001/",
        "/dhs/ice/pia-002/",
        "/dhs/ice/systems/hpr/",
        f"/dhs/ice/pia-001/files/{PUBLIC_FILE}",
    ]
    answers = sweep([*urls, "/api/v1/series/dhs/ice/pia-001"])
    assert {url: answer.status for url, answer in answers.items()} == dict.fromkeys(
        answers, 200
    )
    assert set(Organization.objects.values_list("acronym", flat=True)) == {
        "DHS",
        "ICE",
        "CBP",
    }
