"""Periodic reviews: remind the people concerned when a published PIA comes due."""

from __future__ import annotations

import datetime

from django.conf import settings

from privdocs.access.selectors import version_list_review_due
from privdocs.core.reminders import reminder_due, reminder_record
from privdocs.documents import notifications


def review_reminders_send(*, today: datetime.date) -> int:
    """Mail one reminder per version coming due (and one more once it is overdue).

    Returns how many versions were reminded. Running it twice a day sends nothing
    the second time: ``review_reminded_on`` remembers the last reminder.
    """
    within = int(getattr(settings, "PRIVDOCS_REVIEW_DUE_SOON_DAYS", 90))
    reminded = 0
    for version in version_list_review_due(today=today, within_days=within):
        due = version.next_review_on
        if due is None:  # the selector returns only versions with a date
            continue
        if not reminder_due(due=due, last=version.review_reminded_on, today=today):
            continue
        overdue = due < today
        reminder_record(
            version,
            field="review_reminded_on",
            today=today,
            action="version.review_reminder",
            summary=f"{version}: review {'overdue' if overdue else 'due'} {due}",
            send=lambda version=version: notifications.notify_review_due(  # type: ignore[misc]
                version, today=today
            ),
        )
        reminded += 1
    return reminded
