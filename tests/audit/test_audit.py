"""The audit log: appended by services and the admin, chained, and verified."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client

from privdocs.audit.chain import entry_hash
from privdocs.audit.models import AuditEvent
from privdocs.audit.selectors import audit_verify
from privdocs.audit.services import audit_record
from privdocs.inventory.models import Organization

pytestmark = pytest.mark.django_db


def _three_entries() -> list[AuditEvent]:
    return [
        audit_record(
            action="test.step", summary=f"step {number}", changes={"n": number}
        )
        for number in (1, 2, 3)
    ]


def _verify() -> tuple[str, str]:
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("audit", "verify", stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def test_entries_chain_to_the_one_before() -> None:
    """Each entry's previous hash is the hash of the entry before it."""
    first, second, third = _three_entries()
    assert [first.sequence, second.sequence, third.sequence] == [1, 2, 3]
    assert second.previous_hash == first.hash
    assert third.previous_hash == second.hash
    assert list(audit_verify()) == []


def test_verify_reports_an_intact_log() -> None:
    """`privdocs audit verify` says the log is intact and names its head."""
    entries = _three_entries()
    stdout, _ = _verify()
    assert "intact: 3 entries" in stdout
    assert entries[-1].hash in stdout


def test_verify_catches_an_entry_altered_in_the_database() -> None:
    """A summary changed behind the application's back is reported, exit code 2."""
    _three_entries()
    AuditEvent.objects.filter(sequence=2).update(summary="nothing happened")
    with pytest.raises(CommandError) as caught:
        _verify()
    assert caught.value.returncode == 2
    problems = list(audit_verify())
    assert [(p.sequence, p.kind) for p in problems] == [(2, "altered")]


def test_verify_catches_a_deleted_entry() -> None:
    """A removed entry in the middle shows as missing."""
    _three_entries()
    AuditEvent.objects.filter(sequence=2).delete()
    problems = list(audit_verify())
    assert [(p.sequence, p.kind) for p in problems] == [(3, "missing")]
    assert "#2" in problems[0].detail


def test_verify_catches_a_resealed_entry() -> None:
    """An entry rewritten and sealed with a fresh hash still breaks the chain after it."""
    _three_entries()
    forged = AuditEvent.objects.get(sequence=2)
    forged.summary = "nothing happened"
    forged.hash = entry_hash(
        sequence=forged.sequence,
        occurred_at=forged.occurred_at,
        actor_label=forged.actor_label,
        action=forged.action,
        object_type=forged.object_type,
        object_id=forged.object_id,
        summary=forged.summary,
        changes=forged.changes,
        previous_hash=forged.previous_hash,
    )
    forged.save()
    problems = list(audit_verify())
    assert [(p.sequence, p.kind) for p in problems] == [(3, "broken-chain")]


def test_values_are_stored_as_hashed() -> None:
    """Dates in changes become strings before hashing, so the stored entry verifies."""
    audit_record(
        action="test.date",
        summary="a date",
        changes={"published_on": datetime.date(2015, 10, 5)},
    )
    event = AuditEvent.objects.get()
    assert event.changes == {"published_on": "2015-10-05"}
    assert list(audit_verify()) == []


def test_export_writes_every_entry_in_order() -> None:
    """JSON Lines export has one object per entry, oldest first."""
    _three_entries()
    stdout = io.StringIO()
    call_command("audit", "export", "--format", "jsonl", stdout=stdout)
    rows = [json.loads(line) for line in stdout.getvalue().splitlines()]
    assert [row["sequence"] for row in rows] == [1, 2, 3]
    assert rows[0]["changes"] == {"n": 1}


def test_admin_edits_are_audited_with_their_actor() -> None:
    """Adding an organization in the admin writes an entry naming who and what."""
    admin = User.objects.create_superuser("iago", "iago@example.org", "pw")
    client = Client()
    client.force_login(admin)
    response = client.post(
        "/admin/inventory/organization/add/",
        {"acronym": "CBP", "name": "Customs and Border Protection", "slug": "cbp"},
    )
    assert response.status_code == 302, response.content[:500]
    organization = Organization.objects.get(acronym="CBP")
    event = AuditEvent.objects.get(action="admin.add")
    assert (event.actor, event.actor_label) == (admin, "iago")
    assert event.object_id == str(organization.pk)
    assert event.changes["acronym"] == "CBP"
    assert list(audit_verify()) == []


def test_the_admin_cannot_change_the_log() -> None:
    """The audit log's admin pages are read-only: no add, change or delete."""
    admin = User.objects.create_superuser("iago", "iago@example.org", "pw")
    entry = _three_entries()[0]
    client = Client()
    client.force_login(admin)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/audit/auditevent/add/").status_code == 403
    client.post(f"/admin/audit/auditevent/{entry.pk}/delete/", {"post": "yes"})
    assert AuditEvent.objects.filter(pk=entry.pk).exists()


def test_an_import_that_changes_something_is_audited() -> None:
    """A catalog import writes one entry with its counts; a no-op re-import writes none."""
    from privdocs.documents.services.catalog import catalog_apply
    from tests.factories import catalog, series

    record = catalog(series("DHS/ICE/PIA-001"), source="harbor.txt")
    catalog_apply(record=record)
    catalog_apply(record=record)
    event = AuditEvent.objects.get(action="catalog.import")
    assert event.actor_label == "import: harbor.txt"
    assert event.changes["series"]["created"] == 1
    assert list(audit_verify()) == []
