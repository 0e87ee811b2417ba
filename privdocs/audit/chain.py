"""The hash that seals an audit entry: the same function writes and verifies it."""

from __future__ import annotations

import datetime
import hashlib
import json
from typing import Any

#: The first entry's ``previous_hash``.
GENESIS = "0" * 64


def entry_hash(
    *,
    sequence: int,
    occurred_at: datetime.datetime,
    actor_label: str,
    action: str,
    object_type: str,
    object_id: str,
    summary: str,
    changes: Any,
    previous_hash: str,
) -> str:
    """SHA-256 over a canonical JSON of the entry (sorted keys, UTC time)."""
    canonical = json.dumps(
        {
            "sequence": sequence,
            "occurred_at": occurred_at.astimezone(datetime.UTC).isoformat(),
            "actor": actor_label,
            "action": action,
            "object_type": object_type,
            "object_id": object_id,
            "summary": summary,
            "changes": changes,
            "previous": previous_hash,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
