"""Signing in: failed attempts lock an account for one address, a locked user gets
a page that says so, passwords are reset by a link sent by e-mail, and an idle
session ends."""

from __future__ import annotations

import base64
import datetime
import re
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from privdocs.core.middleware import SESSION_RENEW_SECONDS, SESSION_SEEN

pytestmark = pytest.mark.django_db

LOGIN = reverse("workspace:login")
ADMIN_LOGIN = reverse("admin:login")
PASSWORD = "a long and correct password 42"


@pytest.fixture
def officer() -> User:
    return User.objects.create_user(
        "officer", "officer@example.gov", PASSWORD, is_staff=True
    )


def _fail(client: Client, url: str, times: int, username: str = "officer") -> None:
    for _ in range(times):
        client.post(url, {"username": username, "password": "wrong"})


def test_failures_lock_the_account_from_that_address(
    client: Client, officer: User
) -> None:
    """After the limit of wrong passwords, even the right one is refused with the
    lock-out page (429, not a 500), which says why and how to get back in."""
    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT)
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    text = response.content.decode()
    assert "Too many failed sign-ins" in text
    assert f"wrong {settings.AXES_FAILURE_LIMIT} times" in text
    assert reverse("workspace:password_reset") in text
    assert "_auth_user_id" not in client.session


def test_fewer_failures_do_not_lock(client: Client, officer: User) -> None:
    """One failure short of the limit, the right password still signs in."""
    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)


def test_the_lock_is_per_account_and_address(client: Client, officer: User) -> None:
    """A lock on one address leaves the same account usable from another one."""
    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT)
    elsewhere = Client(REMOTE_ADDR="192.0.2.77")
    response = elsewhere.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302


def test_the_admin_login_is_throttled_too(client: Client, officer: User) -> None:
    """The admin's sign-in form counts failures and locks like the workspace's."""
    _fail(client, ADMIN_LOGIN, settings.AXES_FAILURE_LIMIT)
    response = client.post(ADMIN_LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()


def test_the_lock_expires(client: Client, officer: User) -> None:
    """Once the cool-off time has passed, the right password signs in again."""
    from axes.models import AccessAttempt

    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT)
    assert (
        client.post(LOGIN, {"username": "officer", "password": PASSWORD}).status_code
        == 429
    )
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(minutes=1)
    AccessAttempt.objects.update(attempt_time=past)
    response = client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert response.status_code == 302


def test_a_password_reset_clears_the_lock(client: Client, officer: User) -> None:
    """The locked page's way out: a new password set by the mailed link lifts the
    lock, and signs in with the new password."""
    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT)
    new = "another long password 77"
    link = _reset_link(client)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": new, "new_password2": new},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("workspace:password_reset_complete")
    response = client.post(LOGIN, {"username": "officer", "password": new})
    assert response.status_code == 302


def _reset_link(client: Client) -> str:
    response = client.post(
        reverse("workspace:password_reset"), {"email": "officer@example.gov"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:password_reset_done")
    assert len(mail.outbox) == 1
    found = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert found is not None
    return found.group(0).removeprefix(settings.PRIVDOCS_BASE_URL)


def test_password_reset_mails_a_link_to_the_public_address(
    client: Client, officer: User
) -> None:
    """The mail goes to the account's address, from the configured sender, with a
    link on PRIVDOCS_BASE_URL whatever Host the request named."""
    client.post(
        reverse("workspace:password_reset"),
        {"email": "officer@example.gov"},
        headers={"host": "testserver"},
    )
    [message] = mail.outbox
    assert message.to == ["officer@example.gov"]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert message.subject == "privdocs: set a new password for officer"
    assert f"{settings.PRIVDOCS_BASE_URL}/workspace/password-reset/" in message.body


def test_password_reset_of_an_unknown_address_says_the_same(client: Client) -> None:
    """Nobody learns which addresses have accounts: same page, no mail."""
    response = client.post(
        reverse("workspace:password_reset"), {"email": "nobody@example.gov"}
    )
    assert response["Location"] == reverse("workspace:password_reset_done")
    assert mail.outbox == []


def test_a_used_reset_link_is_refused(client: Client, officer: User) -> None:
    """The link works once: afterwards it opens a page saying it cannot be used."""
    link = _reset_link(client)
    form = client.get(link, follow=True)
    new = "another long password 77"
    client.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}
    )
    again = client.get(link, follow=True)
    assert "This link cannot be used" in again.content.decode()


def test_the_login_page_offers_the_reset(client: Client) -> None:
    """The sign-in page links to the password reset."""
    response = client.get(LOGIN)
    assert reverse("workspace:password_reset") in response.content.decode()


def test_an_idle_session_ends(client: Client, officer: User) -> None:
    """A session lasts PRIVDOCS_SESSION_IDLE_HOURS (eight by default) from its
    last save; left idle longer than that, its user is signed out."""
    assert settings.SESSION_COOKIE_AGE == 8 * 3600
    client.force_login(officer)
    response = client.get(reverse("workspace:dashboard"))
    assert response.wsgi_request.user == officer
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(reverse("workspace:dashboard"))
    assert not response.wsgi_request.user.is_authenticated
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_activity_pushes_the_end_back(client: Client, officer: User) -> None:
    """A request more than SESSION_RENEW_SECONDS after the last renewal saves the
    session, so that it ends the idle limit after that request; one sooner saves
    nothing (no write to the database on every page)."""
    client.force_login(officer)
    soon = client.get(reverse("workspace:dashboard"))
    assert settings.SESSION_COOKIE_NAME not in soon.cookies
    session = client.session
    session[SESSION_SEEN] = int(time.time()) - SESSION_RENEW_SECONDS
    session.save()
    Session.objects.update(expire_date=timezone.now() + datetime.timedelta(minutes=1))
    later = client.get(reverse("workspace:dashboard"))
    assert later.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == 8 * 3600
    expiry = Session.objects.get().expire_date
    assert expiry > timezone.now() + datetime.timedelta(hours=7, minutes=59)


def test_the_api_takes_no_password(client: Client, officer: User) -> None:
    """The workspace API accepts only the session the sign-in forms open: HTTP
    Basic credentials, right or wrong, get 401, so passwords cannot be tried there
    around the lock-out."""
    credentials = base64.b64encode(f"officer:{PASSWORD}".encode()).decode()
    response = client.get(
        "/api/v1/workspace/versions", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )
    assert response.status_code == 401


def test_a_locked_account_gets_no_session_for_the_api(
    client: Client, officer: User
) -> None:
    """Locked out, the right password opens no session, so the API stays shut."""
    _fail(client, LOGIN, settings.AXES_FAILURE_LIMIT)
    client.post(LOGIN, {"username": "officer", "password": PASSWORD})
    assert client.get("/api/v1/workspace/versions").status_code == 401


def test_password_reset_requests_are_throttled(client: Client, officer: User) -> None:
    """Past the limit of requests in the cool-off time, the form mails nothing more
    and says so (429): a form cannot be used to flood a mailbox."""
    url = reverse("workspace:password_reset")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert client.post(url, {"email": "officer@example.gov"}).status_code == 302
    response = client.post(url, {"email": "officer@example.gov"})
    assert response.status_code == 429
    assert "Too many password reset requests" in response.content.decode()
    assert len(mail.outbox) == settings.AXES_FAILURE_LIMIT


def test_the_reset_throttle_counts_the_mailbox_too(
    client: Client, officer: User
) -> None:
    """Asking from many addresses for one mailbox meets the same limit."""
    url = reverse("workspace:password_reset")
    for number in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR=f"192.0.2.{number + 1}").post(
            url, {"email": "Officer@example.gov"}
        )
    response = client.post(url, {"email": "officer@example.gov"})
    assert response.status_code == 429
