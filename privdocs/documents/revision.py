"""The catalog revision: a number that changes after every committed change to
what the reading room shows (organizations, systems, series and their systems,
versions, attachments, associations), so that pages can be cached under it and
are never served stale.

The services that change what the public sees bump it, once the transaction has
committed, in a short transaction of its own (no lock is held while the change
itself runs): ``state`` when a version becomes, or stops being, public; the
import and its undo; the admin of series and versions. Versions and series are
not bumped on every ``save()``: most saves are of private drafts (a section saved,
a draft opened), and flushing every cached public page for them would make the
cache useless while authors work. Organizations, systems, attachments and
associations are written only by imports and the admin, never by the workspace,
so their ``save()`` and ``delete()`` still bump through signals.

A reader takes the revision *before* the data, so the worst it can do is file
newer data under an older revision, which the next bump retires. A write of public
data that bypasses the services and signals (``QuerySet.update()``,
``bulk_create()``, raw SQL) must call ``catalog_revision_bump_on_commit()`` itself.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save

from privdocs.documents.models import (
    Association,
    Attachment,
    CatalogRevision,
    DocumentSeries,
    DocumentVersion,
)
from privdocs.inventory.models import Organization, System

#: Every model whose rows a reading-room page shows.
SHOWN = (Organization, System, DocumentSeries, DocumentVersion, Attachment, Association)
#: Those only imports and the admin write: every save or delete bumps (signals).
#: Series and versions, which drafts write too, bump through their services.
SIGNALLED = (Organization, System, Attachment, Association)

#: The one row's primary key.
ROW = 1


def catalog_revision() -> int | None:
    """The current revision, or None before the first recorded change."""
    return (
        CatalogRevision.objects.filter(pk=ROW).values_list("value", flat=True).first()
    )


def catalog_revision_bump() -> None:
    """Move the revision on. A missing row (a new or flushed database) starts at the
    current time in microseconds: above any number an earlier row reached, so a key
    cached before the flush is never taken for one after it."""
    if not CatalogRevision.objects.filter(pk=ROW).update(value=F("value") + 1):
        CatalogRevision.objects.get_or_create(
            pk=ROW, defaults={"value": time.time_ns() // 1000}
        )


def _bump_after_commit(**_: Any) -> None:
    catalog_revision_bump_on_commit()


def catalog_revision_bump_on_commit() -> None:
    """Bump once the current transaction commits; once per transaction, however many
    rows it saved (an import saves thousands)."""
    if not connection.in_atomic_block:
        catalog_revision_bump()
        return
    if any(entry[1] is catalog_revision_bump for entry in connection.run_on_commit):
        return
    transaction.on_commit(catalog_revision_bump)


def connect() -> None:
    """Listen to every save and delete of the catalog data only imports and the
    admin write (``SIGNALLED``)."""
    for model in SIGNALLED:
        name = model._meta.label_lower
        post_save.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"rev-s-{name}"
        )
        post_delete.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"rev-d-{name}"
        )
