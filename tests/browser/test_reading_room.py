"""The reading room in a real browser: a reader's path, accessibility, small screens."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import screenshot

pytestmark = pytest.mark.browser

#: axe-core impacts the reading room must never have.
BLOCKING_IMPACTS = {"serious", "critical"}


def test_reader_finds_the_license_plate_reader_pia(
    page: Page, sample_site: str
) -> None:
    """Home → search "license plate" → the LPR PIA → its version link → the document."""
    page.goto(sample_site + "/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    screenshot(page, "home")
    search_box = page.get_by_role("main").get_by_role("searchbox")
    search_box.fill("license plate")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/search/\?"))
    first_hit = page.get_by_role("main").get_by_role("link", name=re.compile("PIA-039"))
    expect(first_hit.first).to_be_visible()
    screenshot(page, "search")
    first_hit.first.click()
    page.wait_for_url(re.compile(r"/dhs/ice/pia-039/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("License Plate")
    screenshot(page, "document")
    versions = page.get_by_role("region", name=re.compile("Versions", re.IGNORECASE))
    versions.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("License Plate")
    expect(page.get_by_text("DHS/ICE/PIA-039").first).to_be_visible()


def test_an_identifier_typed_in_the_box_opens_the_document(
    page: Page, sample_site: str
) -> None:
    """Typing "ice pia 15g" goes straight to DHS/ICE/PIA-015(g)."""
    page.goto(sample_site + "/")
    search_box = page.get_by_role("main").get_by_role("searchbox")
    search_box.fill("ice pia 15g")
    search_box.press("Enter")
    page.wait_for_url(re.compile(r"/dhs/ice/pia-015/g/$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("DHS/ICE/PIA-015(g)").first).to_be_visible()


def test_organization_page_lists_every_series(page: Page, sample_site: str) -> None:
    """The ICE page shows the 38 PIA series, and its earlier versions fold open."""
    page.goto(sample_site + "/dhs/ice/")
    screenshot(page, "organization")
    for number in (1, 15, 20, 39):
        expect(
            page.get_by_text(f"DHS/ICE/PIA-{number:03d}", exact=False).first
        ).to_be_visible()


@pytest.mark.parametrize(
    "path",
    ["/", "/dhs/ice/", "/dhs/ice/pia-015/g/", "/search/?q=license+plate"],
    ids=["home", "organization", "document", "search"],
)
def test_pages_have_no_serious_accessibility_violation(
    page: Page, sample_site: str, path: str
) -> None:
    """axe-core finds nothing serious or critical on the main pages."""
    page.goto(sample_site + path)
    results = Axe().run(page)
    blocking = [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]
    assert blocking == []


@pytest.mark.parametrize("path", ["/", "/dhs/ice/", "/dhs/ice/pia-015/g/"])
def test_pages_fit_a_phone_screen(
    browser: Browser, sample_site: str, path: str
) -> None:
    """On a 375 px wide phone nothing scrolls sideways."""
    context = browser.new_context(
        viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True
    )
    phone = context.new_page()
    phone.goto(sample_site + path)
    overflow = phone.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    if path == "/dhs/ice/":
        screenshot(phone, "organization-phone")
    context.close()
    assert overflow <= 0


def test_search_works_without_javascript(browser: Browser, sample_site: str) -> None:
    """With JavaScript off the search form still submits and lists hits."""
    context = browser.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto(sample_site + "/")
    search_box = reader.get_by_role("main").get_by_role("searchbox")
    search_box.fill("student")
    search_box.press("Enter")
    reader.wait_for_url(re.compile(r"/search/\?"))
    expect(reader.get_by_role("main").get_by_role("link").first).to_be_visible()
    context.close()
