"""Sign-in, refusals, the dashboard and the documents list, through the Django client."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from privdocs.access.selectors import NOT_YOURS_OR_MISSING
from privdocs.assessments.models import ThresholdAnalysis
from privdocs.assessments.services import (
    determination_confirm,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.documents.models import DocumentVersion, Kind, Status
from privdocs.documents.services.workflow import version_submit
from privdocs.inventory.models import System
from privdocs.workspace.views.common import NO_ROLE
from tests.personas import Tree, draft_in
from tests.workspace.conftest import PTA_ANSWERS, ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

OpenDraft = Callable[..., DocumentVersion]


@pytest.mark.parametrize(
    "name",
    ["dashboard", "systems", "documents", "document_new"],
)
def test_anonymous_visitors_are_sent_to_sign_in(
    client_for: ClientFor, personas: Personas, name: str
) -> None:
    """Every workspace page asks an anonymous visitor to sign in first."""
    response = client_for("anonymous").get(reverse(f"workspace:{name}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("workspace:login"))


def test_signing_in_opens_the_dashboard(personas: Personas) -> None:
    """The sign-in form takes a user name and password and lands on the dashboard."""
    client = Client()
    page = client.get(reverse("workspace:login"))
    assert b"Sign in to the workspace" in page.content
    response = client.post(
        reverse("workspace:login"), {"username": "author", "password": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("workspace:dashboard")
    assert client.get(response["Location"]).status_code == 200


def test_a_wrong_password_is_told_without_a_traceback(personas: Personas) -> None:
    """A wrong password shows the error summary on the sign-in page."""
    response = Client().post(
        reverse("workspace:login"), {"username": "author", "password": "nope"}
    )
    assert response.status_code == 200
    assert b"There is a problem" in response.content


def test_signing_out_needs_a_post_and_ends_the_session(client_for: ClientFor) -> None:
    """The Sign out button posts; afterwards the dashboard asks to sign in again."""
    client = client_for("author")
    assert client.post(reverse("workspace:logout")).status_code == 302
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 302


def test_a_user_without_any_role_is_refused_with_the_reason(db: None) -> None:
    """Signed in but holding no role: a 403 page saying whom to ask."""
    client = Client()
    client.force_login(User.objects.create_user("nobody", password="x"))
    response = client.get(reverse("workspace:dashboard"))
    assert response.status_code == 403
    assert NO_ROLE in response.content.decode()


class TestDashboard:
    def test_lists_what_awaits_each_persona_with_counts(
        self,
        client_for: ClientFor,
        personas: Personas,
        open_draft: OpenDraft,
        system: System,
    ) -> None:
        """The author sees their drafts with progress; the reviewer the submitted
        version and the PTA awaiting a determination."""
        author = user_of(personas, "author")
        draft = open_draft(title="Plate reader draft")
        submitted = open_draft(title="Submitted one", complete=True)
        version_submit(actor=author, version=submitted)
        analysis = pta_create(actor=author, system=system)
        pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
        pta_submit(actor=author, analysis=analysis)

        page = client_for("author").get(reverse("workspace:dashboard"))
        text = page.content.decode()
        assert page.status_code == 200
        assert "Plate reader draft" in text
        assert "required answers" in text
        assert str(draft.identifier) in text

        review_page = client_for("reviewer").get(reverse("workspace:dashboard"))
        assert review_page.context["awaiting_count"] == 1
        assert list(review_page.context["awaiting"]) == [submitted]
        assert review_page.context["ptas_awaiting_count"] == 1
        assert "PTA for Harbor Plate Reader" in review_page.content.decode()
        # The author wrote the PTA: it does not await their determination.
        assert page.context["ptas_awaiting_count"] == 0
        assert page.context["my_ptas_count"] == 1

    def test_reviews_overdue_and_due_soon_are_listed_apart(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A published PIA past its review date is overdue; one within 90 days is due."""
        today = timezone.localdate()
        overdue = open_draft(title="Old one")
        soon = open_draft(title="Soon one")
        DocumentVersion.objects.filter(pk=overdue.pk).update(
            status=Status.PUBLISHED, next_review_on=today - datetime.timedelta(days=3)
        )
        DocumentVersion.objects.filter(pk=soon.pk).update(
            status=Status.PUBLISHED, next_review_on=today + datetime.timedelta(days=30)
        )
        page = client_for("approver").get(reverse("workspace:dashboard"))
        assert [v.pk for v in page.context["overdue"]] == [overdue.pk]
        assert [v.pk for v in page.context["due_soon"]] == [soon.pk]
        assert page.context["overdue_count"] == 1

    def test_query_count_does_not_grow_with_the_drafts(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Ten drafts cost the dashboard no more queries than one."""
        client = client_for("author")
        open_draft(title="Draft 1")
        client.get(reverse("workspace:dashboard"))  # warm the template cache
        with CaptureQueriesContext(connection) as one:
            client.get(reverse("workspace:dashboard"))
        for number in range(2, 11):
            open_draft(title=f"Draft {number}")
        with CaptureQueriesContext(connection) as ten:
            page = client.get(reverse("workspace:dashboard"))
        assert page.context["drafts_count"] == 10
        assert len(ten) == len(one)
        assert len(ten) <= 30


class TestDocumentList:
    def test_an_author_sees_only_the_drafts_they_take_part_in(
        self,
        client_for: ClientFor,
        personas: Personas,
        tree: Tree,
        open_draft: OpenDraft,
    ) -> None:
        """Another author's draft in the same organization is not listed."""
        mine = open_draft(title="Mine")
        other = draft_in(tree.ice, 90)
        page = client_for("author").get(reverse("workspace:documents"))
        listed = list(page.context["page"].object_list)
        assert mine in listed
        assert other not in listed
        reviewer_page = client_for("reviewer").get(reverse("workspace:documents"))
        assert {mine, other} <= set(reviewer_page.context["page"].object_list)

    def test_filters_by_status_and_kind_and_sorts(
        self, client_for: ClientFor, personas: Personas, open_draft: OpenDraft
    ) -> None:
        """?status=component_review keeps the submitted ones; sort=title orders by title."""
        author = user_of(personas, "author")
        open_draft(title="B draft")
        submitted = open_draft(title="A submitted", complete=True)
        version_submit(actor=author, version=submitted)
        client = client_for("reviewer")
        page = client.get(
            reverse("workspace:documents"),
            {"status": Status.COMPONENT_REVIEW, "kind": Kind.PIA},
        )
        assert list(page.context["page"].object_list) == [submitted]
        sorted_page = client.get(reverse("workspace:documents"), {"sort": "title"})
        titles = [v.title for v in sorted_page.context["page"].object_list]
        assert titles == sorted(titles)
        none = client.get(reverse("workspace:documents"), {"kind": Kind.SORN})
        assert b"No document matches." in none.content

    def test_pages_of_twenty_five_and_bounded_queries(
        self, client_for: ClientFor, tree: Tree
    ) -> None:
        """Thirty versions make two pages; a page costs the same queries as a short list."""
        client = client_for("reviewer")
        draft_in(tree.ice, 1)
        client.get(reverse("workspace:documents"))
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("workspace:documents"))
        for number in range(2, 31):
            draft_in(tree.ice, number)
        with CaptureQueriesContext(connection) as many:
            page = client.get(reverse("workspace:documents"))
        assert page.context["count"] == 30
        assert len(page.context["page"].object_list) == 25
        assert len(many) == len(few)
        second = client.get(reverse("workspace:documents"), {"page": 2})
        assert len(second.context["page"].object_list) == 5


class TestDocumentAccess:
    @pytest.mark.parametrize(
        ("name", "status"),
        [
            ("author", 200),
            ("reviewer", 200),
            ("approver", 200),
            ("admin", 200),
            ("outsider", 404),
        ],
    )
    def test_who_may_open_a_draft(
        self, client_for: ClientFor, open_draft: OpenDraft, name: str, status: int
    ) -> None:
        """Its author and ICE's officers open the draft; a CBP officer finds nothing
        there (the 404 of a missing document, naming nothing of the draft)."""
        version = open_draft()
        response = client_for(name).get(
            reverse("workspace:document", kwargs={"pk": version.pk})
        )
        assert response.status_code == status
        if status == 404:
            assert NOT_YOURS_OR_MISSING in response.content.decode()
            assert str(version) not in response.content.decode()

    def test_an_author_is_refused_another_authors_draft(
        self, client_for: ClientFor, tree: Tree
    ) -> None:
        """An author of ICE who does not take part in a draft may not open it: 404."""
        other = draft_in(tree.ice, 77)
        response = client_for("author").get(
            reverse("workspace:document", kwargs={"pk": other.pk})
        )
        assert response.status_code == 404
        assert b"Traceback" not in response.content

    def test_a_missing_document_is_a_404(self, client_for: ClientFor) -> None:
        """An unknown number is a plain 404."""
        response = client_for("reviewer").get(
            reverse("workspace:document", kwargs={"pk": 999999})
        )
        assert response.status_code == 404

    def test_a_draft_is_discarded_once_with_its_reason(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """The author sees the discard form; without a reason nothing happens; with
        one the draft goes and the list says so; posting again is harmless."""
        version = open_draft()
        page = reverse("workspace:document", kwargs={"pk": version.pk})
        discard = reverse("workspace:document_discard", kwargs={"pk": version.pk})
        author = client_for("author")
        html = author.get(page).content.decode()
        assert f'action="{discard}"' in html
        assert '<label for="discard-reason">' in html
        assert (
            f'action="{discard}"'
            not in client_for("approver").get(page).content.decode()
        )

        refused = author.post(discard, {"reason": ""}, follow=True)
        assert "Say why the draft is discarded." in refused.content.decode()
        assert DocumentVersion.objects.filter(pk=version.pk).exists()

        done = author.post(discard, {"reason": "Opened by mistake."}, follow=True)
        assert done.redirect_chain[-1][0] == reverse("workspace:documents")
        assert "DHS/ICE/PIA-001 discarded." in done.content.decode()
        assert not DocumentVersion.objects.filter(pk=version.pk).exists()
        again = author.post(discard, {"reason": "Opened by mistake."}, follow=True)
        assert again.status_code == 200
        assert "Nothing to do: that draft is no longer there." in again.content.decode()


class TestDocumentNew:
    def test_a_privacy_officer_opens_a_draft_directly(
        self, client_for: ClientFor, tree: Tree, system: System
    ) -> None:
        """Organization, kind and title give a new series with the next number."""
        client = client_for("reviewer")
        form = client.get(reverse("workspace:document_new"))
        once = form.context["once"]
        data = {
            "organization": tree.ice.pk,
            "kind": Kind.PIA,
            "title": "Harbor cameras",
            "system": system.pk,
            "once": once,
        }
        response = client.post(reverse("workspace:document_new"), data)
        version = DocumentVersion.objects.get(title="Harbor cameras")
        assert response["Location"] == reverse(
            "workspace:document", kwargs={"pk": version.pk}
        )
        assert str(version) == "DHS/ICE/PIA-001"
        again = client.post(reverse("workspace:document_new"), data)
        assert again.status_code == 302
        assert DocumentVersion.objects.filter(title="Harbor cameras").count() == 1

    def test_an_organization_outside_ones_roles_is_not_offered(
        self, client_for: ClientFor, tree: Tree
    ) -> None:
        """The CBP officer cannot open a draft in ICE: the form says the choice is invalid."""
        response = client_for("outsider").post(
            reverse("workspace:document_new"),
            {"organization": tree.ice.pk, "kind": Kind.PIA, "title": "Sneaky"},
        )
        assert response.status_code == 400
        assert b"There is a problem" in response.content
        assert not DocumentVersion.objects.filter(title="Sneaky").exists()

    def test_an_administrator_may_not_draft(self, client_for: ClientFor) -> None:
        """Administrators manage; they do not write documents (403 with the reason)."""
        response = client_for("admin").get(reverse("workspace:document_new"))
        assert response.status_code == 403


def test_dashboard_lists_ptas_to_recertify_until_a_new_pta_replaces_them(
    client_for: ClientFor, personas: Personas, system: System
) -> None:
    """A determination expiring within the due-soon window is listed as a PTA to
    re-certify; once a newer PTA of the system is determined, it is not."""
    author, reviewer = user_of(personas, "author"), user_of(personas, "reviewer")

    def determined() -> None:
        analysis = pta_create(actor=author, system=system)
        pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
        determination_confirm(
            actor=reviewer, determination=pta_submit(actor=author, analysis=analysis)
        )

    determined()
    page = client_for("reviewer").get(reverse("workspace:dashboard")).content.decode()
    assert "No PTA determination expires" in page
    first = ThresholdAnalysis.objects.get(system=system).determination
    first.expires_on = timezone.localdate() + datetime.timedelta(days=10)
    first.save(update_fields=["expires_on"])
    page = client_for("reviewer").get(reverse("workspace:dashboard")).content.decode()
    assert f'href="{reverse("workspace:system", args=[system.pk])}"' in page
    assert 'PTAs to re-certify <span class="badge badge--alert">1</span>' in page
    determined()
    page = client_for("reviewer").get(reverse("workspace:dashboard")).content.decode()
    assert "No PTA determination expires" in page
