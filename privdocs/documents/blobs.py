"""The content-addressed blob store: a file is kept once, under its sha256.

Names are ``blobs/<first two hex digits>/<sha256>``, never the uploader's file
name. The store is Django's default storage (local disk, or any S3-compatible
store through django-storages), so a blob put twice is kept once.
"""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from typing import BinaryIO

from django.core.files import File
from django.core.files.storage import Storage, default_storage

#: Bytes read at a time while hashing and copying.
CHUNK = 1 << 20


@dataclass(frozen=True)
class Blob:
    """A kept file: its store name, sha256 and size."""

    name: str
    sha256: str
    size_bytes: int


def blob_name(sha256: str) -> str:
    """Where the blob of this sha256 is kept in the store."""
    return f"blobs/{sha256[:2]}/{sha256}"


def blob_put(stream: BinaryIO, *, storage: Storage | None = None) -> Blob:
    """Keep the stream's bytes under their sha256; a blob already kept is not
    written again."""
    store = storage or default_storage
    digest = hashlib.sha256()
    size = 0
    with tempfile.SpooledTemporaryFile(max_size=8 * CHUNK) as copy:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            copy.write(chunk)
        sha256 = digest.hexdigest()
        name = blob_name(sha256)
        if not store.exists(name):
            copy.seek(0)
            saved = store.save(name, File(copy))
            if saved != name:  # a store that renames would break the addressing
                store.delete(saved)
                raise RuntimeError(f"the blob store renamed {name} to {saved}")
    return Blob(name=name, sha256=sha256, size_bytes=size)


def blob_open(name: str, *, storage: Storage | None = None) -> File[bytes]:
    """Open a kept blob for reading."""
    return (storage or default_storage).open(name, "rb")
