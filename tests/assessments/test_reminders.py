"""PTAs to re-certify: the reminders before and after a determination expires."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from privdocs.assessments.models import Determination
from privdocs.assessments.reminders import recertification_reminders_send
from privdocs.assessments.services import (
    determination_confirm,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.audit.models import AuditEvent
from privdocs.inventory.models import System
from tests.personas import PTA_MINIMAL_ANSWERS, Tree

pytestmark = pytest.mark.django_db

OnCommit = Callable[..., AbstractContextManager[Any]]


def confirmed(
    personas: dict[str, Any], system: System, expires_on: datetime.date
) -> Determination:
    """A PTA of ``system`` determined by the reviewer, expiring on ``expires_on``."""
    author: User = personas["author"]
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_MINIMAL_ANSWERS)
    determination = determination_confirm(
        actor=personas["reviewer"],
        determination=pta_submit(actor=author, analysis=analysis),
    )
    determination.expires_on = expires_on
    determination.save(update_fields=["expires_on"])
    return determination


@pytest.fixture
def system(tree: Tree) -> System:
    return System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )


def test_a_pta_coming_to_expiry_is_reminded_once_and_again_once_expired(
    personas: dict[str, Any],
    system: System,
    django_capture_on_commit_callbacks: OnCommit,
) -> None:
    """Within 90 days of expiry the author and ICE's privacy officers get one mail;
    a second run the same day sends nothing; once expired, one more; then none."""
    determination = confirmed(personas, system, datetime.date(2026, 12, 1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert recertification_reminders_send(today=datetime.date(2026, 8, 1)) == 0
        assert recertification_reminders_send(today=datetime.date(2026, 10, 1)) == 1
        assert recertification_reminders_send(today=datetime.date(2026, 10, 1)) == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "[privdocs] PTA for Harbor Plate Reader (HPR) — re-certification due 2026-12-01"
    )
    assert set(mail.outbox[0].to) == {"author@example.gov", "reviewer@example.gov"}
    assert f"/workspace/systems/{system.pk}/" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert recertification_reminders_send(today=datetime.date(2026, 12, 2)) == 1
        assert recertification_reminders_send(today=datetime.date(2027, 1, 2)) == 0
    assert "re-certification overdue" in mail.outbox[-1].subject
    determination.refresh_from_db()
    assert determination.recertify_reminded_on == datetime.date(2026, 12, 2)
    assert (
        AuditEvent.objects.filter(action="determination.recertify_reminder").count()
        == 2
    )


def test_a_pta_replaced_by_a_later_one_is_not_reminded(
    personas: dict[str, Any], system: System
) -> None:
    """Once a newer PTA of the system is determined, the old one's expiry is moot."""
    confirmed(personas, system, datetime.date(2026, 12, 1))
    confirmed(personas, system, datetime.date(2029, 12, 1))
    assert recertification_reminders_send(today=datetime.date(2026, 10, 1)) == 0


def test_the_command_lists_and_reminds_ptas_beside_reviews(
    personas: dict[str, Any], system: System
) -> None:
    """`privdocs reviews list` shows the PTA to re-certify; `remind` counts both kinds."""
    confirmed(personas, system, datetime.date(2026, 12, 1))
    out = io.StringIO()
    call_command("reviews", "list", "--today", "2026-12-02", stdout=out)
    assert "2026-12-01  EXPIRED  PTA for Harbor Plate Reader (HPR)" in out.getvalue()
    assert "1 PTA(s) to re-certify within 90 days of 2026-12-02." in out.getvalue()
    out = io.StringIO()
    call_command("reviews", "remind", "--today", "2026-12-02", stdout=out)
    assert (
        "0 review reminder(s) and 1 PTA re-certification reminder(s) sent."
        in out.getvalue()
    )
