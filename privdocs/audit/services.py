"""Write audit entries. Every service that changes state calls ``audit_record``."""

from __future__ import annotations

import json
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
    """Append one entry, chained to the last, in the caller's transaction.

    Appends are serialized (an advisory lock on PostgreSQL; SQLite's write lock,
    taken at the start of every transaction here) so two writers never take the
    same sequence number or the same previous hash.
    """
    # Dates and decimals become strings now, so what is hashed is what is stored.
    stored_changes = json.loads(json.dumps(changes or {}, default=str))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPEND_LOCK])
        last = AuditEvent.objects.order_by("-sequence").only("sequence", "hash").first()
        sequence = last.sequence + 1 if last else 1
        previous_hash = last.hash if last else GENESIS
        fields: dict[str, Any] = {
            "sequence": sequence,
            "occurred_at": timezone.now(),
            "actor_label": _actor_label(actor, actor_label)[:200],
            "action": action,
            "object_type": object_type,
            "object_id": str(object_id),
            "summary": summary[:500],
            "changes": stored_changes,
            "previous_hash": previous_hash,
        }
        user = actor if actor is not None and actor.is_authenticated else None
        return AuditEvent.objects.create(
            **fields, actor=user, hash=entry_hash(**fields)
        )
