"""Write audit entries. Every service that changes state calls ``audit_record``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection, transaction
from django.utils import timezone

from privdocs.audit.chain import GENESIS, entry_hash
from privdocs.audit.models import AuditEvent

# Any fixed number: the PostgreSQL advisory lock that serializes appends.
_APPEND_LOCK = 7_734_551


def _actor_label(actor: User | AnonymousUser | None, label: str) -> str:
    if label:
        return label
    if actor is None or not actor.is_authenticated:
        return "system"
    return str(actor.get_username())


@dataclass(frozen=True)
class AuditEntry:
    """One entry to append: what happened, to which object, by whom."""

    action: str
    summary: str
    actor: User | AnonymousUser | None = None
    actor_label: str = ""
    object_type: str = ""
    object_id: str | int = ""
    changes: dict[str, Any] | None = None


def audit_record(
    *,
    action: str,
    summary: str,
    actor: User | AnonymousUser | None = None,
    actor_label: str = "",
    object_type: str = "",
    object_id: str | int = "",
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one entry, chained to the last, in the caller's transaction."""
    (event,) = audit_record_many(
        [
            AuditEntry(
                action=action,
                summary=summary,
                actor=actor,
                actor_label=actor_label,
                object_type=object_type,
                object_id=object_id,
                changes=changes,
            )
        ]
    )
    return event


def audit_record_many(entries: Sequence[AuditEntry]) -> list[AuditEvent]:
    """Append entries in order, each chained to the one before, in one insert.

    Appends are serialized (an advisory lock on PostgreSQL; SQLite's write lock,
    taken at the start of every transaction here) so two writers never take the
    same sequence number or the same previous hash.
    """
    if not entries:
        return []
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
        last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        sequence = last.sequence if last else 0
        previous_hash = last.hash if last else GENESIS
        events: list[AuditEvent] = []
        now = timezone.now()
        for entry in entries:
            sequence += 1
            # Dates and decimals become strings now, so what is hashed is what is stored.
            stored_changes = json.loads(json.dumps(entry.changes or {}, default=str))
            fields: dict[str, Any] = {
                "sequence": sequence,
                "occurred_at": now,
                "actor_label": _actor_label(entry.actor, entry.actor_label)[:200],
                "action": entry.action,
                "object_type": entry.object_type,
                "object_id": str(entry.object_id),
                "summary": entry.summary[:500],
                "changes": stored_changes,
                "previous_hash": previous_hash,
            }
            user = (
                entry.actor
                if entry.actor is not None and entry.actor.is_authenticated
                else None
            )
            event = AuditEvent(**fields, actor=user, hash=entry_hash(**fields))
            previous_hash = event.hash
            events.append(event)
        if len(events) == 1:
            events[0].save(force_insert=True)
            return events
        return AuditEvent.objects.bulk_create(events, batch_size=500)
