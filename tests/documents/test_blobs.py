"""The blob store keeps a file once, under its sha256, never under its own name."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.storage import FileSystemStorage

from privdocs.documents.blobs import blob_name, blob_open, blob_put
from privdocs.settings import environment


def test_a_file_is_kept_under_its_sha256_once(tmp_path: Path) -> None:
    store = FileSystemStorage(location=tmp_path)
    content = b"%PDF-1.7\n" + b"x" * 3_000_000  # more than one chunk
    first = blob_put(io.BytesIO(content), storage=store)
    second = blob_put(io.BytesIO(content), storage=store)

    digest = hashlib.sha256(content).hexdigest()
    assert first == second
    assert (first.sha256, first.size_bytes) == (digest, len(content))
    assert first.name == blob_name(digest) == f"blobs/{digest[:2]}/{digest}"
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [digest]
    with blob_open(first.name, storage=store) as kept:
        assert kept.read() == content


def test_an_empty_file_is_a_blob_too(tmp_path: Path) -> None:
    blob = blob_put(io.BytesIO(b""), storage=FileSystemStorage(location=tmp_path))
    assert blob.size_bytes == 0
    assert blob.sha256 == hashlib.sha256(b"").hexdigest()


def test_files_go_to_the_data_directory_unless_a_bucket_is_named(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("PRIVDOCS_FILES_BUCKET", raising=False)
    assert environment.files_storage()["BACKEND"].endswith("FileSystemStorage")
    monkeypatch.setenv("PRIVDOCS_FILES_BUCKET", "agency-privacy-files")
    monkeypatch.setenv("PRIVDOCS_FILES_ENDPOINT_URL", "https://s3.example.test")
    s3 = environment.files_storage()
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    assert s3["OPTIONS"]["bucket_name"] == "agency-privacy-files"
    assert s3["OPTIONS"]["endpoint_url"] == "https://s3.example.test"
