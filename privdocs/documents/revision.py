"""The catalog revision: a number that changes after every committed change to
what the reading room shows (organizations, systems, series and their systems,
versions, attachments, associations), so that pages can be cached under it and
are never served stale.

It is bumped by signals (every ``save()`` and ``delete()``, admin and imports
included) once the transaction has committed, in a short transaction of its own:
no lock is held while the change itself runs. A reader takes the revision
*before* the data, so the worst it can do is file newer data under an older
revision, which the next bump retires. Writes that bypass signals
(``QuerySet.update()``, ``bulk_create()``, raw SQL) must call
``catalog_revision_bump()`` themselves.
"""

from __future__ import annotations

import time
from typing import Any

from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save

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
    """Listen to every save and delete of what the reading room shows, and to the
    systems a series covers."""
    for model in SHOWN:
        name = model._meta.label_lower
        post_save.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"rev-s-{name}"
        )
        post_delete.connect(
            _bump_after_commit, sender=model, dispatch_uid=f"rev-d-{name}"
        )
    m2m_changed.connect(
        _bump_after_commit,
        sender=DocumentSeries.systems.through,
        dispatch_uid="rev-m2m-series-systems",
    )
