"""A registry in a child process, for the backup tests: build it, keep writing to it
while a backup runs, or report what it holds.

Run as ``python -m tests.core.registry_process seed|write STOPFILE|append|report`` with
``PRIVDOCS_DATA_DIR`` (and ``DATABASE_URL``) naming the registry.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import sys
import time
from pathlib import Path

#: Bounds of the writer: it stops by itself even if nobody tells it to.
WRITER_MAX_ENTRIES = 5_000
WRITER_MAX_SECONDS = 90.0
#: The bytes of the stored file the seed attaches (a PDF's header, then text).
STORED_FILE = b"%PDF-1.4\n% privdocs backup test attachment\n" + bytes(range(256)) * 8


def seed() -> None:
    """Migrate, load the sample catalog, attach one stored file, log in one user."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.files.base import ContentFile
    from django.core.management import call_command

    from privdocs.audit.services import audit_record
    from privdocs.documents.models import Attachment, DocumentVersion
    from privdocs.documents.services.catalog import catalog_apply
    from privdocs.formats.catalog_json import load_sample_catalog

    call_command("migrate", interactive=False, verbosity=0)
    catalog_apply(record=load_sample_catalog())
    version = DocumentVersion.objects.order_by("pk").first()
    assert version is not None
    digest = hashlib.sha256(STORED_FILE).hexdigest()
    attachment = Attachment(
        version=version,
        filename="attachment.pdf",
        sha256=digest,
        size_bytes=len(STORED_FILE),
    )
    attachment.file.save(f"{digest}.pdf", ContentFile(STORED_FILE), save=False)
    attachment.full_clean()
    attachment.save()
    audit_record(
        action="attachment.add",
        summary=f"attached {attachment.filename} to {version}",
        object_type="attachment",
        object_id=attachment.pk,
    )
    SessionStore().create()


def write(stop: Path) -> None:
    """Append audit entries and sessions until ``stop`` exists (or the bounds run out).

    Prints "writing" once the first entry is committed, and the count at the end.
    """
    from django.contrib.sessions.backends.db import SessionStore

    from privdocs.audit.services import audit_record

    started = time.monotonic()
    count = 0
    while (
        not stop.exists()
        and count < WRITER_MAX_ENTRIES
        and time.monotonic() - started < WRITER_MAX_SECONDS
    ):
        count += 1
        audit_record(action="test.write", summary=f"write {count}")
        SessionStore().create()
        if count == 1:
            print("writing", flush=True)
    print(count, flush=True)


def append() -> None:
    """Write one more audit entry and session, as a restored registry goes on."""
    from django.contrib.sessions.backends.db import SessionStore

    from privdocs.audit.services import audit_record

    audit_record(action="test.after-restore", summary="written after the restore")
    SessionStore().create()


def report() -> None:
    """Print what the registry holds as JSON: catalog export, audit hashes, sessions."""
    from django.contrib.sessions.models import Session
    from django.core.management import call_command

    from privdocs.audit.models import AuditEvent

    catalog = io.StringIO()
    call_command("export", "catalog", "--format", "json", stdout=catalog)
    hashes = list(
        AuditEvent.objects.order_by("sequence").values_list("hash", flat=True)
    )
    json.dump(
        {
            "catalog": catalog.getvalue(),
            "audit_hashes": hashes,
            "sessions": Session.objects.count(),
        },
        sys.stdout,
    )


def main(arguments: list[str]) -> None:
    """Set Django up for the registry of the environment and run one mode."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privdocs.settings.base")
    import django

    django.setup()
    mode = arguments[0]
    if mode == "seed":
        seed()
    elif mode == "write":
        write(Path(arguments[1]))
    elif mode == "append":
        append()
    elif mode == "report":
        report()
    else:
        raise SystemExit(f"unknown mode {mode!r}: seed, write STOPFILE, append, report")


if __name__ == "__main__":
    main(sys.argv[1:])
