"""A public version's files are served at stable addresses, whole or by range;
a draft's file, a draft file and a name that is not there are 404s."""

from __future__ import annotations

import dataclasses
import hashlib
import io

import pytest
from django.test import Client

from privdocs.documents.blobs import blob_put
from privdocs.documents.models import Attachment, DocumentSeries, Status
from privdocs.documents.services.catalog import catalog_apply
from privdocs.documents.services.state import Actor, version_create
from privdocs.formats.records import FileRecord, VersionRecord
from privdocs.readingroom.files import byte_range
from tests.factories import catalog, series, version

pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 40  # 10 240 bytes, every byte value
DIGEST = hashlib.sha256(CONTENT).hexdigest()
URL = "/dhs/ice/pia-039/original/files/privacy-pia-ice-039.pdf"


def _file(
    content: bytes = CONTENT,
    *,
    name: str = "privacy-pia-ice-039.pdf",
    role: str = "published",
) -> FileRecord:
    blob = blob_put(io.BytesIO(content))
    return FileRecord(
        name=blob.name,
        filename=name,
        sha256=blob.sha256,
        size_bytes=blob.size_bytes,
        content_type="application/pdf",
        pages=6,
        role=role,
    )


def _published(*files: FileRecord) -> VersionRecord:
    return dataclasses.replace(version("DHS/ICE/PIA-039"), files=files)


@pytest.fixture
def published_file() -> None:
    catalog_apply(record=catalog(series("DHS/ICE/PIA-039", _published(_file()))))


@pytest.mark.usefixtures("published_file")
def test_the_whole_file_with_its_length_etag_and_inline_disposition(
    client: Client,
) -> None:
    response = client.get(URL)
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 200
    assert hashlib.sha256(body).hexdigest() == DIGEST
    assert response["Content-Length"] == str(len(CONTENT))
    assert response["ETag"] == f'"{DIGEST}"'
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert "privacy-pia-ice-039.pdf" in response["Content-Disposition"]
    assert response["Accept-Ranges"] == "bytes"


@pytest.mark.usefixtures("published_file")
def test_the_series_address_serves_the_version_in_force(client: Client) -> None:
    response = client.get("/dhs/ice/pia-039/files/privacy-pia-ice-039.pdf")
    assert response.status_code == 200


@pytest.mark.usefixtures("published_file")
@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=10000-", 10000, 10239),
        ("bytes=-40", 10200, 10239),
        ("bytes=10200-99999", 10200, 10239),
    ],
)
def test_a_byte_range(client: Client, header: str, first: int, last: int) -> None:
    response = client.get(URL, headers={"Range": header})
    body = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert response.status_code == 206
    assert body == CONTENT[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(CONTENT)}"
    assert response["Content-Length"] == str(last - first + 1)


@pytest.mark.usefixtures("published_file")
def test_a_range_beyond_the_end_is_416_and_a_malformed_one_gets_the_whole(
    client: Client,
) -> None:
    beyond = client.get(URL, headers={"Range": "bytes=20000-"})
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(CONTENT)}"
    several = client.get(URL, headers={"Range": "bytes=0-1,5-6"})
    assert several.status_code == 200
    assert several["Content-Length"] == str(len(CONTENT))


@pytest.mark.usefixtures("published_file")
def test_a_stale_if_range_gets_the_whole_file(client: Client) -> None:
    response = client.get(URL, headers={"Range": "bytes=0-9", "If-Range": '"other"'})
    assert response.status_code == 200


@pytest.mark.usefixtures("published_file")
def test_if_none_match_is_304_and_head_has_no_body(client: Client) -> None:
    assert client.get(URL, headers={"If-None-Match": f'"{DIGEST}"'}).status_code == 304
    head = client.head(URL)
    assert head.status_code == 200
    assert head["Content-Length"] == str(len(CONTENT))
    assert client.post(URL).status_code == 405


@pytest.mark.usefixtures("published_file")
def test_the_document_page_links_the_file_with_size_and_pages(client: Client) -> None:
    page = client.get("/dhs/ice/pia-039/").content.decode()
    assert f'href="{URL}"' in page
    assert "6 pages" in page
    assert "10 KB" in page


def test_no_file_of_an_unpublished_version_or_a_draft_file(client: Client) -> None:
    catalog_apply(
        record=catalog(
            series(
                "DHS/ICE/PIA-039",
                _published(_file(b"draft copy", name="generated.pdf", role="draft")),
            )
        )
    )
    assert (
        client.get("/dhs/ice/pia-039/original/files/generated.pdf").status_code == 404
    )
    assert "generated.pdf" not in client.get("/dhs/ice/pia-039/").content.decode()
    draft = version_create(
        actor=Actor(label="test"),
        status=Status.DRAFT,
        action="version.create",
        fields={
            "series": DocumentSeries.objects.get(),
            "update_letter": "a",
            "update_index": 1,
            "title": "Harbor Records System",
        },
    )
    kept = _file(b"the draft's own file", name="update.pdf")
    Attachment.objects.create(
        version=draft,
        filename=kept.filename,
        sha256=kept.sha256,
        size_bytes=kept.size_bytes,
        file=kept.name,
    )
    assert client.get("/dhs/ice/pia-039/a/files/update.pdf").status_code == 404
    assert client.get("/dhs/ice/pia-039/original/files/update.pdf").status_code == 404
    assert client.get("/dhs/ice/pia-099/files/update.pdf").status_code == 404
    assert client.get("/dhs/ice/not-an-id/files/update.pdf").status_code == 404


@pytest.mark.parametrize(
    ("header", "size", "span"),
    [
        ("bytes=0-0", 1, (0, 0)),
        ("bytes=-0", 5, None),
        ("bytes=5-", 5, None),
        ("bytes=0-", 0, None),
    ],
)
def test_byte_range_edges(header: str, size: int, span: tuple[int, int] | None) -> None:
    assert byte_range(header, size) == span


@pytest.mark.parametrize("header", ["bytes=", "bytes=5-2", "items=0-1", "bytes=a-b"])
def test_byte_range_refuses_what_is_not_one_range(header: str) -> None:
    with pytest.raises(ValueError, match="="):
        byte_range(header, 100)
