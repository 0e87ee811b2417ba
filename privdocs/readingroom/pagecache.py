"""Whole reading-room pages cached under the catalog revision.

A page is stored under the revision read *before* it is built, with the host and
the path it answers: any committed change to what the reading room shows moves the
revision (see ``documents.revision``), and the next request builds the page again.
The query string is left out of the key on purpose: the pages cached here ignore it,
and a key per query string would let anyone fill the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from privdocs import __version__
from privdocs.documents.revision import catalog_revision

#: How long a page stays at most: a new revision replaces it at once; this only
#: lets entries nobody asks for any more go.
PAGE_CACHE_SECONDS = 24 * 60 * 60


def _key(revision: int, request: HttpRequest) -> str:
    # Pages write absolute addresses with the request's scheme and host; a new
    # release (new templates) must not be served a page the old one rendered.
    where = (
        f"{__version__}|{revision}|{request.scheme}|{request.get_host()}|{request.path}"
    )
    return "readingroom:page:" + hashlib.sha256(where.encode()).hexdigest()


def page_cached(
    request: HttpRequest, build: Callable[[], HttpResponse]
) -> HttpResponse:
    """The page ``build`` makes, from the cache when this revision already made it.
    Only a plain 200 is kept: redirects, errors and streams are built each time."""
    revision = catalog_revision()
    if revision is None or request.method not in ("GET", "HEAD"):
        return build()
    key = _key(revision, request)
    stored = cache.get(key)
    if stored is not None:
        content, content_type = stored
        return HttpResponse(content, content_type=content_type)
    response = build()
    if response.status_code == 200 and not response.streaming:
        cache.set(key, (response.content, response["Content-Type"]), PAGE_CACHE_SECONDS)
    return response
