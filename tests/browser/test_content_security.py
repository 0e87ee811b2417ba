"""In Chromium, the Content-Security-Policy blocks nothing privdocs itself sends:
no page of the reading room, the workspace, the admin or the API docs reports a
violation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/search/?q=license+plate",
    "/dhs/ice/",
    "/dhs/ice/pia-015/",
    "/workspace/login/",
    "/workspace/password-reset/",
    "/admin/login/",
    "/api/v1/docs",
]
SIGNED_IN_PAGES = ["/workspace/", "/workspace/systems/", "/workspace/documents/"]


@pytest.fixture
def watched(browser: Browser) -> Iterator[tuple[Page, list[str]]]:
    """A tab, and the CSP violations it reports (console messages and events)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    violations: list[str] = []
    tab.on(
        "console",
        lambda message: (
            violations.append(f"{tab.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    yield tab, violations
    context.close()


def test_no_page_violates_the_policy(
    sample_site: str, watched: tuple[Page, list[str]]
) -> None:
    """Public pages, the sign-in and reset forms, the admin's sign-in and the API
    docs load whole under the policy, and so do the pages behind the sign-in."""
    tab, violations = watched
    tab.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.log('Content Security Policy: ' + e.violatedDirective + ' ' + "
        "e.blockedURI))"
    )
    for path in PAGES:
        response = tab.goto(sample_site + path)
        assert response is not None
        assert response.status < 400, path
        assert "script-src 'self'" in response.headers["content-security-policy"]
    User.objects.create_user("reader", "reader@example.gov", "a long password 123")
    tab.goto(sample_site + "/workspace/login/")
    tab.get_by_label("User name").fill("reader")
    tab.get_by_label("Password").fill("a long password 123")
    tab.keyboard.press("Enter")
    tab.wait_for_url(sample_site + "/workspace/")
    for path in SIGNED_IN_PAGES:
        tab.goto(sample_site + path)
    assert violations == []
