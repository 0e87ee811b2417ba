"""Reminders of something coming due: when to send one, and how one is recorded."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import models, transaction

from privdocs.audit.services import audit_record


def reminder_due(
    *, due: datetime.date, last: datetime.date | None, today: datetime.date
) -> bool:
    """Whether to remind today of something due on ``due``, last reminded on ``last``.

    The first reminder goes out as soon as it is asked for (the caller picks what is
    coming due); one more once the day has passed; then nothing, however often the
    daily job runs.
    """
    if last is None:
        return True
    return due < today and last < due


def reminder_record(
    instance: models.Model,
    *,
    field: str,
    today: datetime.date,
    action: str,
    summary: str,
    send: Callable[[], object],
) -> None:
    """Note today's reminder on ``instance`` and in the audit log, in one
    transaction; ``send`` mails it once that transaction has committed."""
    with transaction.atomic():
        setattr(instance, field, today)
        instance.save(update_fields=[field])
        audit_record(
            action=action,
            summary=summary,
            object_type=instance._meta.label_lower,
            object_id=instance.pk,
        )
        transaction.on_commit(send)
