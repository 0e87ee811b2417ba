"""Whole reading-room pages cached under the catalog revision.

A page is stored under the revision read *before* it is built, with the host and
the path it answers: any committed change to what the reading room shows moves the
revision (see ``documents.revision``), and the next request builds the page again.
The raw query string is left out of the key on purpose: a key per query string would
let anyone fill the cache. A page that does depend on its query (an organization's
sort and page number) names the *validated* values as its ``variant``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache, caches
from django.http import HttpRequest, HttpResponse

from privdocs import __version__
from privdocs.documents.revision import catalog_revision

#: The cache alias whole pages are kept in (see settings: small, least recently read
#: first out); values computed once per revision, being small, use the default.
PAGES_CACHE = "pages"

#: How long a page stays at most: a new revision replaces it at once; this only
#: lets entries nobody asks for any more go.
PAGE_CACHE_SECONDS = 24 * 60 * 60

Value = TypeVar("Value")


def _key(kind: str, revision: int, *parts: str) -> str:
    # A new release (new templates, new code) must not be served what an older one
    # cached, when a cache is shared between servers.
    where = "|".join((__version__, str(revision), *parts))
    return f"readingroom:{kind}:" + hashlib.sha256(where.encode()).hexdigest()


def revision_cached(
    revision: int | None, name: str, compute: Callable[[], Value | None]
) -> Value | None:
    """What ``compute`` returns, computed once per revision under ``name``. None is
    never kept: a name that finds nothing (a mistyped address) costs its query each
    time rather than a place in the cache."""
    if revision is None:
        return compute()
    key = _key("value", revision, name)
    stored: Value | None = cache.get(key)
    if stored is None:
        stored = compute()
        if stored is not None:
            cache.set(key, stored, PAGE_CACHE_SECONDS)
    return stored


def page_cached(
    request: HttpRequest,
    build: Callable[[], HttpResponse],
    *,
    variant: str = "",
    revision: int | None = None,
) -> HttpResponse:
    """The page ``build`` makes, from the cache when this revision already made it.
    Only a plain 200 is kept: redirects, errors and streams are built each time.

    ``variant`` names what else the page depends on, in validated values only;
    ``revision`` saves reading it again when the caller already has.
    """
    if revision is None:
        revision = catalog_revision()
    if revision is None or request.method not in ("GET", "HEAD"):
        return build()
    # Pages write absolute addresses with the request's scheme and host.
    key = _key(
        "page",
        revision,
        request.scheme or "",
        request.get_host(),
        request.path,
        variant,
    )
    pages = caches[PAGES_CACHE]
    stored = pages.get(key)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200 and not response.streaming:
        pages.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
    return response
