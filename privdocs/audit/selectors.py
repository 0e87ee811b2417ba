"""Read and check the audit log."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet

from privdocs.audit.chain import GENESIS, entry_hash
from privdocs.audit.models import AuditEvent


@dataclass(frozen=True)
class AuditProblem:
    """An entry that was altered, or a gap where entries are missing."""

    sequence: int
    kind: str  # "altered", "missing", "broken-chain"
    detail: str

    def __str__(self) -> str:
        return f"entry #{self.sequence}: {self.kind}: {self.detail}"


def audit_event_list() -> QuerySet[AuditEvent]:
    """All entries, oldest first, with their actors."""
    return AuditEvent.objects.select_related("actor").order_by("sequence")


def audit_verify() -> Iterator[AuditProblem]:
    """Walk the chain from the first entry and yield every problem found.

    An entry whose content no longer matches its hash is "altered"; a jump in
    sequence numbers means entries are "missing"; an entry whose previous hash is
    not the hash of the entry before it (reordered, or one deleted and the rest
    re-sealed) is a "broken-chain".
    """
    expected_sequence, expected_previous = 1, GENESIS
    for event in audit_event_list().iterator(chunk_size=2000):
        if event.sequence != expected_sequence:
            gap = f"#{expected_sequence}" + (
                f" to #{event.sequence - 1}"
                if event.sequence - 1 > expected_sequence
                else ""
            )
            yield AuditProblem(event.sequence, "missing", f"no entry {gap}")
        computed = entry_hash(
            sequence=event.sequence,
            occurred_at=event.occurred_at,
            actor_label=event.actor_label,
            action=event.action,
            object_type=event.object_type,
            object_id=event.object_id,
            summary=event.summary,
            changes=event.changes,
            previous_hash=event.previous_hash,
        )
        if computed != event.hash:
            yield AuditProblem(
                event.sequence, "altered", "its content does not match its hash"
            )
        elif (
            event.sequence == expected_sequence
            and event.previous_hash != expected_previous
        ):
            yield AuditProblem(
                event.sequence,
                "broken-chain",
                "its previous hash is not the hash of the entry before it",
            )
        expected_sequence, expected_previous = event.sequence + 1, event.hash
