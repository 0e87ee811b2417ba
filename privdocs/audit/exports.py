"""Write the audit log as JSON Lines or CSV, streaming, for administrators."""

from __future__ import annotations

import csv
import json
from typing import Any

from privdocs.audit.models import AuditEvent
from privdocs.audit.selectors import audit_event_list
from privdocs.core.reporting import Writable

AUDIT_COLUMNS = (
    "sequence",
    "occurred_at",
    "actor",
    "action",
    "object_type",
    "object_id",
    "summary",
    "changes",
    "previous_hash",
    "hash",
)


def _row(event: AuditEvent) -> dict[str, Any]:
    return {
        "sequence": event.sequence,
        "occurred_at": event.occurred_at.isoformat(),
        "actor": event.actor_label,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "summary": event.summary,
        "changes": event.changes,
        "previous_hash": event.previous_hash,
        "hash": event.hash,
    }


def export_audit(stream: Writable, fmt: str) -> int:
    """Write every entry, oldest first, as ``jsonl`` or ``csv``; return how many."""
    count = 0
    writer = None
    if fmt == "csv":
        writer = csv.DictWriter(stream, fieldnames=AUDIT_COLUMNS)
        writer.writeheader()
    for event in audit_event_list().iterator(chunk_size=2000):
        row = _row(event)
        if writer is not None:
            writer.writerow({**row, "changes": json.dumps(row["changes"])})
        else:
            stream.write(json.dumps(row, ensure_ascii=False) + "\n")
        count += 1
    return count
