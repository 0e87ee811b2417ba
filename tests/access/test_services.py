"""Granting roles, and the demo accounts `privdocs demo --accounts` makes."""

from __future__ import annotations

import io
import logging
import stat
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory, override_settings

from privdocs.access.models import Membership, Role
from privdocs.access.services import (
    DEMO_ACCOUNTS,
    demo_accounts_create,
    membership_grant,
)
from privdocs.audit.models import AuditEvent
from privdocs.core.errors import NotFoundError
from tests.personas import Tree, member

pytestmark = pytest.mark.django_db


def test_granting_twice_makes_one_membership_and_one_audit_entry(tree: Tree) -> None:
    """A role granted again changes nothing and writes nothing more to the log."""
    user = member("someone")
    for _ in range(2):
        membership_grant(
            actor=None, user=user, organization=tree.ice, role=Role.REVIEWER
        )
    assert Membership.objects.filter(user=user).count() == 1
    assert AuditEvent.objects.filter(action="membership.grant").count() == 1


def test_demo_accounts_need_the_sample_organizations(db: None) -> None:
    """Without DHS and ICE in the registry the demo accounts are refused, clearly."""
    with pytest.raises(NotFoundError, match="load the sample first"):
        demo_accounts_create()


class _Terminal(io.StringIO):
    """Standard output as a person's terminal."""

    def isatty(self) -> bool:
        return True


def test_demo_command_creates_accounts_once_and_prints_their_passwords(
    tmp_path: Path,
) -> None:
    """`privdocs demo --accounts` run at a terminal loads the sample, creates four
    accounts that can sign in with the printed passwords, and a second run creates
    none."""
    out = _Terminal()
    with override_settings(PRIVDOCS_DATA_DIR=tmp_path):
        call_command("demo", accounts=True, stdout=out)
        call_command("demo", if_empty=True, accounts=True, stdout=io.StringIO())
    lines = (tmp_path / "demo-accounts.txt").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(DEMO_ACCOUNTS)
    for line in lines:
        username, password = line.split()[:2]
        assert f"{username:<14} {password}" in out.getvalue()
        signing_in = RequestFactory().post("/workspace/login/")
        assert (
            authenticate(signing_in, username=username, password=password) is not None
        )
    roles = set(
        Membership.objects.values_list(
            "user__username", "role", "organization__acronym"
        )
    )
    assert roles == {
        (name, role.value, acronym) for name, role, acronym in DEMO_ACCOUNTS
    }


def test_demo_passwords_never_go_into_a_log(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Written to a file or pipe (a server log, a journal), `demo --accounts` names
    the accounts and the 0600 file, never a password; nor does any log record."""
    out = io.StringIO()
    with caplog.at_level(logging.DEBUG), override_settings(PRIVDOCS_DATA_DIR=tmp_path):
        call_command("demo", accounts=True, stdout=out)
    path = tmp_path / "demo-accounts.txt"
    passwords = [line.split()[1] for line in path.read_text().splitlines()]
    assert len(passwords) == len(DEMO_ACCOUNTS)
    for password in passwords:
        assert password not in out.getvalue()
        assert password not in caplog.text
    assert f"their passwords are in {path}" in out.getvalue()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
