"""PTAs to re-certify: remind their authors and privacy officers before they expire."""

from __future__ import annotations

import datetime

from django.conf import settings

from privdocs.assessments.selectors import determination_list_to_recertify
from privdocs.core.reminders import reminder_due, reminder_record
from privdocs.documents import notifications


def recertification_reminders_send(*, today: datetime.date) -> int:
    """Mail one reminder per determination coming to its expiry (and one more once it
    has expired) that no later PTA has replaced. Returns how many were reminded;
    ``recertify_reminded_on`` makes a second run the same day send nothing."""
    within = int(getattr(settings, "PRIVDOCS_REVIEW_DUE_SOON_DAYS", 90))
    reminded = 0
    for determination in determination_list_to_recertify(
        today=today, within_days=within
    ):
        expires = determination.expires_on
        if expires is None:  # the selector returns only determinations with a date
            continue
        if not reminder_due(
            due=expires, last=determination.recertify_reminded_on, today=today
        ):
            continue
        expired = expires < today
        reminder_record(
            determination,
            field="recertify_reminded_on",
            today=today,
            action="determination.recertify_reminder",
            summary=f"PTA for {determination.analysis.system}: "
            f"{'expired' if expired else 'expires'} {expires}",
            send=lambda determination=determination: (  # type: ignore[misc]
                notifications.notify_recertification_due(determination, today=today)
            ),
        )
        reminded += 1
    return reminded
