"""The whole story in Chromium: a PTA leads to a new PIA, which is reviewed,
returned, fixed, approved and published, and then appears in the reading room."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import AnonymousUser, User
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pytest_django.live_server_helper import LiveServer

from privdocs.documents.models import Kind
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import AnswerKind
from privdocs.questionnaires.selectors import template_definition, template_get_current
from tests.browser.conftest import screenshot
from tests.personas import Tree

pytestmark = pytest.mark.browser

#: axe-core impacts the workspace must never have.
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_blocking(page: Page) -> list[str]:
    """The serious or critical axe-core violations of the page, described."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


@pytest.fixture
def site(transactional_db: None, live_server: LiveServer) -> str:
    """The live server's URL (the database is the test's, templates loaded)."""
    return str(live_server.url)


@pytest.fixture
def contexts(browser: Browser) -> Iterator[dict[str, BrowserContext]]:
    """One browser context (one set of cookies) per person, closed at the end."""
    opened: dict[str, BrowserContext] = {}
    yield opened
    for context in opened.values():
        context.close()


def sign_in(
    browser: Browser, contexts: dict[str, BrowserContext], site: str, username: str
) -> Page:
    """A tab of the person, signed in through the form with the keyboard."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    contexts[username] = context
    tab = context.new_page()
    tab.set_default_timeout(15_000)
    tab.goto(site + "/workspace/")
    expect(tab).to_have_url(re.compile(r"/workspace/login/"))
    tab.get_by_label("User name").fill(username)
    tab.get_by_label("Password").fill("x")
    tab.keyboard.press("Enter")
    expect(tab.get_by_role("heading", level=1)).to_have_text("Your dashboard")
    return tab


def question(page: Page, question_id: str) -> str:
    """The CSS selector of a question's control or group (ids hold dots)."""
    return f'[id="id_q_{question_id}"]'


def test_a_pta_leads_to_a_published_pia(
    site: str,
    browser: Browser,
    contexts: dict[str, BrowserContext],
    personas: dict[str, User | AnonymousUser],
    tree: Tree,
) -> None:
    """Author: PTA → submit. Reviewer: confirm (PIA new). Author: open the PIA, fill
    it, submit. Reviewer: comment, return. Author: fix, resubmit. Reviewer: forward.
    Approver: approve, publish. The reading room shows it, and search finds it."""
    System.objects.create(
        organization=tree.ice, name="Harbor Plate Reader", acronym="HPR", slug="hpr"
    )

    # --- The author fills the PTA -------------------------------------------------
    author = sign_in(browser, contexts, site, "author")
    screenshot(author, "workspace-dashboard")
    author.get_by_role("navigation", name="Workspace").get_by_role(
        "link", name="Systems"
    ).click()
    author.get_by_role("link", name="Harbor Plate Reader (HPR)").click()
    author.get_by_role("button", name="Start a PTA").click()
    expect(author.get_by_role("heading", level=1)).to_contain_text(
        "Privacy threshold analysis"
    )
    expect(author.locator(question(author, "1.1"))).to_have_value("Harbor Plate Reader")
    author.locator(f"{question(author, '1.3')} input[value='technology']").check()
    author.locator(f"{question(author, '1.4')} input[value='new']").check()
    author.locator(question(author, "1.5")).fill(
        "Reads the license plates of vehicles entering harbor facilities."
    )
    # Radio buttons and checkboxes by keyboard: focus, then Space.
    author.locator(f"{question(author, '2.1')} input[value='yes']").focus()
    author.keyboard.press("Space")
    author.locator(f"{question(author, '2.2')} input[value='public']").focus()
    author.keyboard.press("Space")
    author.locator(question(author, "2.3")).fill(
        "license plate number\nvehicle photograph\ntime and place"
    )
    author.locator(f"{question(author, '2.7')} input[value='automatic']").check()
    author.locator(f"{question(author, '2.8')} input[value='yes']").check()
    author.locator(
        f"{question(author, '3.1')} input[value='license_plate_readers']"
    ).check()
    author.locator(f"{question(author, '5.1')} input[value='yes']").check()
    screenshot(author, "workspace-pta")
    author.get_by_role("button", name="Submit for determination").click()
    expect(author.get_by_role("heading", name="Proposed determination")).to_be_visible()
    expect(author.get_by_text("rule_retrieval_by_identifier")).to_be_visible()
    pta_url = author.url

    # --- The reviewer confirms the determination ----------------------------------
    reviewer = sign_in(browser, contexts, site, "reviewer")
    assert axe_blocking(reviewer) == [], "dashboard"
    awaiting = reviewer.get_by_role("region", name=re.compile("PTAs awaiting"))
    awaiting.get_by_role("link", name="PTA for Harbor Plate Reader (HPR)").click()
    expect(reviewer.get_by_role("heading", name="Your decision")).to_be_visible()
    screenshot(reviewer, "workspace-determination")
    reviewer.get_by_role("button", name="Record the determination").click()
    expect(
        reviewer.get_by_role("heading", name="Determination", exact=True)
    ).to_be_visible()
    expect(reviewer.get_by_text("New document required").first).to_be_visible()

    # --- The author opens the PIA and fills it, section by section ---------------
    author.goto(pta_url)
    author.get_by_role("button", name="Open the PIA draft").click()
    expect(author.get_by_text("DHS/ICE/PIA-001").first).to_be_visible()
    author.get_by_role("link", name="Edit the draft").click()
    definition = template_definition(template_get_current(kind=Kind.PIA))
    for index, section in enumerate(definition.sections):
        expect(author.get_by_role("heading", level=1)).to_contain_text(section.title)
        if index == 0:
            assert axe_blocking(author) == [], "editor"
            screenshot(author, "workspace-editor")
        for item in section.questions:
            if not item.required:
                continue
            if item.kind is AnswerKind.TABLE:
                for column in item.columns:
                    author.locator(f'input[name="q_{item.id}-0-{column}"]').fill(
                        f"{column} of {item.id}"
                    )
            else:
                control = author.locator(question(author, item.id))
                if not control.input_value():
                    control.fill(f"Our answer to {item.id}.")
        author.get_by_role("button", name=re.compile("^Save and (next|finish)")).click()
    expect(author.get_by_role("heading", name="Sections")).to_be_visible()
    author.get_by_role("button", name="Submit for review").click()
    expect(author.get_by_text("Submitted for component review.")).to_be_visible()
    document_url = author.url

    # --- The reviewer comments and returns it -------------------------------------
    reviewer.goto(site + "/workspace/")
    reviewer.get_by_role("region", name=re.compile("Awaiting you")).get_by_role(
        "link", name="DHS/ICE/PIA-001"
    ).click()
    reviewer.get_by_role("link", name="Read and comment").click()
    assert axe_blocking(reviewer) == [], "review"
    reviewer.get_by_label("Comment on 2.0 Characterization of the Information").fill(
        "Say where the plate images come from."
    )
    reviewer.get_by_role(
        "region", name="2.0 Characterization of the Information"
    ).get_by_role("button", name="Add the comment").click()
    expect(reviewer.get_by_text("Comment added to section 2.0.")).to_be_visible()
    screenshot(reviewer, "workspace-review")
    reviewer.get_by_label("What must change (required to return it)").fill(
        "See the comment on 2.0."
    )
    reviewer.get_by_role("button", name="Return to the authors").click()
    expect(reviewer.get_by_text("Returned to the authors")).to_be_visible()

    # --- The author fixes section 2.0 and resubmits --------------------------------
    author.goto(document_url)
    expect(
        author.get_by_role("status").filter(has_text="See the comment on 2.0.")
    ).to_contain_text("Returned by reviewer")
    author.get_by_role("link", name="2.0 Characterization of the Information").click()
    author.locator(question(author, "2.2")).fill(
        "Cameras at the harbor gates read the plates automatically."
    )
    author.get_by_role("button", name="Save", exact=True).click()
    expect(
        author.get_by_text("2.0 Characterization of the Information: saved")
    ).to_be_visible()
    author.goto(document_url)
    author.get_by_role("button", name="Submit for review").click()
    expect(author.get_by_text("Submitted for component review.")).to_be_visible()

    # --- The reviewer forwards; the approver approves and publishes ---------------
    reviewer.goto(document_url)
    reviewer.get_by_role("button", name="Forward to department review").click()
    expect(reviewer.get_by_text("Forwarded to department review.")).to_be_visible()
    approver = sign_in(browser, contexts, site, "approver")
    approver.get_by_role("region", name=re.compile("Awaiting you")).get_by_role(
        "link", name="DHS/ICE/PIA-001"
    ).click()
    approver.get_by_role("button", name="Approve").click()
    expect(approver.get_by_text("Approved.")).to_be_visible()
    approver.get_by_role("button", name="Publish").click()
    expect(
        approver.get_by_text("Published: the reading room shows it now.")
    ).to_be_visible()
    history = approver.get_by_role("list").filter(has_text="Published")
    expect(history.first).to_be_visible()

    # --- The public reads it in the reading room -----------------------------------
    approver.get_by_role("link", name="Public page in the reading room").click()
    expect(approver).to_have_url(re.compile(r"/dhs/ice/pia-001/"))
    expect(approver.get_by_role("heading", level=1)).to_contain_text(
        "Harbor Plate Reader"
    )
    screenshot(approver, "workspace-published")
    public = browser.new_context()
    reader = public.new_page()
    reader.goto(site + "/")
    search_box = reader.get_by_role("main").get_by_role("searchbox")
    search_box.fill("harbor plate reader")
    search_box.press("Enter")
    expect(
        reader.get_by_role("main").get_by_role("link", name=re.compile("PIA-001")).first
    ).to_be_visible()
    public.close()
