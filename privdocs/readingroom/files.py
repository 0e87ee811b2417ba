"""Serving a public version's files: ``/dhs/ice/pia-039/original/files/<name>``.

A file is served only through the reading room's gate (a public version, a file
that is not a draft), with its length, its sha256 as ETag, ``inline`` disposition
and single byte ranges, so a PDF viewer can open page 12 without the whole file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from privdocs.documents.blobs import CHUNK, blob_open
from privdocs.documents.models import Attachment, DocumentVersion
from privdocs.readingroom.listings import current_version, public_versions
from privdocs.readingroom.selectors import document_from_url, series_get_public

#: The path part between a version's address and a file's name.
FILES_PATH_PART = "files"
NO_FILE = "No public file of this name belongs to this document."

_RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def attachment_url(version: DocumentVersion, attachment: Attachment) -> str:
    """The stable address of a file: under its version's own address, by name."""
    return f"{version.own_url}{FILES_PATH_PART}/{quote(attachment.filename)}"


def _version_at(path: str) -> DocumentVersion | None:
    """The public version a document path names (the series' path: the version in
    force; a letter or "original": that version)."""
    document = document_from_url(path)
    if document is None:
        return None
    identifier, original = document
    series = series_get_public(identifier)
    if series is None:
        return None
    versions = public_versions(series)
    if not identifier.update and not original:
        return current_version(series) if versions else None
    return next((v for v in versions if v.update_letter == identifier.update), None)


def attachment_get_public(path: str, filename: str) -> Attachment | None:
    """A kept, non-draft file of the public version at this path, or None."""
    version = _version_at(path)
    if version is None:
        return None
    return (
        version.attachments.filter(filename=filename)
        .exclude(role=Attachment.Role.DRAFT)
        .exclude(file="")
        .order_by("position", "pk")
        .first()
    )


def byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte a single ``Range: bytes=`` header asks for, or None
    when it asks for none this file has. Raises ValueError when the header is
    not a single byte range (then the whole file is the answer)."""
    match = _RANGE_RE.match(header.strip())
    if match is None:
        raise ValueError(header)
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        raise ValueError(header)
    if not first_text:  # "bytes=-500": the last 500 bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            return None
        return max(0, size - suffix), size - 1
    first = int(first_text)
    last = int(last_text) if last_text else size - 1
    if last_text and first > last:
        raise ValueError(header)
    if first >= size:
        return None
    return first, min(last, size - 1)


def _chunks(attachment: Attachment, first: int, length: int) -> Iterator[bytes]:
    with blob_open(attachment.file.name) as stream:
        stream.seek(first)
        while length > 0:
            chunk = stream.read(min(CHUNK, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _headers(response: HttpResponseBase, attachment: Attachment) -> None:
    response["ETag"] = f'"{attachment.sha256}"'
    response["Accept-Ranges"] = "bytes"
    response["Content-Type"] = attachment.content_type
    response["Content-Disposition"] = (
        f"inline; filename*=UTF-8''{quote(attachment.filename)}"
    )
    # A file's bytes never change under its sha256; its address may come to
    # serve another file when a version is re-issued, hence a day, not forever.
    response["Cache-Control"] = "public, max-age=86400"
    response["X-Content-Type-Options"] = "nosniff"


@require_safe
def document_file(request: HttpRequest, path: str, filename: str) -> HttpResponseBase:
    """One file of a public version, whole or the byte range asked for."""
    attachment = attachment_get_public(path, filename)
    if attachment is None:
        raise Http404(NO_FILE)
    size = attachment.size_bytes
    etag = f'"{attachment.sha256}"'
    if etag in parse_etags(request.headers.get("If-None-Match", "")):
        not_modified = HttpResponse(status=304)
        _headers(not_modified, attachment)
        del not_modified["Content-Type"]
        return not_modified
    wanted = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    span: tuple[int, int] | None = None
    if wanted and (if_range is None or if_range == etag):
        try:
            span = byte_range(wanted, size)
        except ValueError:
            wanted = None  # not one byte range: the whole file answers
        if wanted and span is None:
            refused = HttpResponse(status=416)
            refused["Content-Range"] = f"bytes */{size}"
            return refused
    if span is not None:
        first, last = span
        partial = StreamingHttpResponse(
            _chunks(attachment, first, last - first + 1), status=206
        )
        _headers(partial, attachment)
        partial["Content-Range"] = f"bytes {first}-{last}/{size}"
        partial["Content-Length"] = str(last - first + 1)
        return partial
    whole = FileResponse(blob_open(attachment.file.name))
    _headers(whole, attachment)
    whole["Content-Length"] = str(size)
    return whole
