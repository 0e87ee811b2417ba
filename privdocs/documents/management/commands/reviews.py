"""``privdocs reviews list|remind``: periodic reviews and PTA re-certifications
coming due, and their reminders."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import CommandParser
from django.utils import timezone

from privdocs.access.selectors import version_list_review_due
from privdocs.assessments.reminders import recertification_reminders_send
from privdocs.assessments.selectors import determination_list_to_recertify
from privdocs.core import arguments
from privdocs.core.arguments import CheckedCommand
from privdocs.documents.services.reviews import review_reminders_send


class Command(CheckedCommand):
    help = (
        "List published documents whose periodic review is due and PTAs to "
        "re-certify, or mail reminders."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        listing = actions.add_parser(
            "list",
            help="Print the reviews and PTA re-certifications overdue or due soon.",
            description="Print published documents whose next review date falls "
            "within the coming days (PRIVDOCS_REVIEW_DUE_SOON_DAYS by default), then "
            "the PTAs whose determination expires within them, oldest first.",
        )
        listing.add_argument(
            "--within",
            type=arguments.day_count,
            help=f"Days ahead, 1 to {arguments.MAX_DAYS} (default: the setting).",
        )
        remind = actions.add_parser(
            "remind",
            help="Mail the authors and privacy officers of reviews and PTAs coming due.",
            description="Send one reminder per document or PTA coming due, and one "
            "more once it is overdue; safe to run every day (from cron or a systemd "
            "timer).",
        )
        for action in (listing, remind):
            action.add_argument(
                "--today",
                type=arguments.iso_day,
                help="Act as if today were this date (YYYY-MM-DD).",
            )

    def handle(self, *args: Any, **options: Any) -> None:
        today = options["today"] or timezone.localdate()
        if options["action"] == "remind":
            reviews = review_reminders_send(today=today)
            ptas = recertification_reminders_send(today=today)
            self.stdout.write(
                f"{reviews} review reminder(s) and {ptas} PTA re-certification "
                "reminder(s) sent."
            )
            return
        within = options["within"] or settings.PRIVDOCS_REVIEW_DUE_SOON_DAYS
        versions = version_list_review_due(today=today, within_days=within)
        for version in versions:
            due = version.next_review_on
            state = "OVERDUE" if due is not None and due < today else "due"
            self.stdout.write(f"{due}  {state:<8} {version}  {version.title}")
        self.stdout.write(
            f"{versions.count()} review(s) within {within} days of {today}."
        )
        determinations = determination_list_to_recertify(
            today=today, within_days=within
        )
        for determination in determinations:
            expires = determination.expires_on
            state = "EXPIRED" if expires is not None and expires < today else "due"
            self.stdout.write(
                f"{expires}  {state:<8} PTA for {determination.analysis.system}"
            )
        self.stdout.write(
            f"{determinations.count()} PTA(s) to re-certify within {within} days "
            f"of {today}."
        )
