"""Inviting co-authors from the document and PTA pages, and what taking part costs:
whoever writes a draft or a PTA is offered no review, approval or confirmation of it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from privdocs.access.permissions import (
    REFUSAL_NOT_AN_AUTHOR,
    REFUSAL_OWN_WORK,
    REFUSAL_PTA_NOT_AN_AUTHOR,
)
from privdocs.access.selectors import NO_SUCH_USER
from privdocs.assessments.models import ThresholdAnalysis
from privdocs.assessments.services import (
    NOT_A_PTA_COAUTHOR,
    pta_create,
    pta_save,
    pta_submit,
)
from privdocs.audit.models import AuditEvent
from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.workflow import NOT_A_COAUTHOR, version_submit
from privdocs.inventory.models import System
from tests.workspace.conftest import PTA_ANSWERS, ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

OpenDraft = Callable[..., DocumentVersion]


def _messages(client: Client, url: str) -> list[str]:
    """The messages the page at ``url`` shows after a redirect."""
    return [str(message) for message in client.get(url).context["messages"]]


class TestDocumentCoauthors:
    def test_the_author_invites_a_reviewer_who_is_then_offered_no_review(
        self, client_for: ClientFor, open_draft: OpenDraft, personas: Personas
    ) -> None:
        """The invitation form is on the draft's page for its author; the invited
        reviewer is listed among the writers and, once the draft is in review, is
        offered no forward or return."""
        version = open_draft(complete=True)
        page_url = reverse("workspace:document", kwargs={"pk": version.pk})
        author = client_for("author")
        page = author.get(page_url)
        assert page.context["can_invite"]
        assert b'name="username"' in page.content
        response = author.post(
            reverse("workspace:document_participants", kwargs={"pk": version.pk}),
            {"username": "reviewer"},
        )
        assert response.status_code == 302
        assert response["Location"] == page_url
        assert list(version.participants.values_list("username", flat=True)) == [
            "author",
            "reviewer",
        ]
        assert b"Written by author, reviewer." in author.get(page_url).content
        assert AuditEvent.objects.filter(action="version.participant_add").exists()
        version_submit(actor=user_of(personas, "reviewer"), version=version)
        offered = client_for("reviewer").get(page_url).context["steps"]
        assert [step.name for step in offered] == []
        assert b"Forward to department review" not in (
            client_for("reviewer").get(page_url).content
        )

    def test_invitations_that_cannot_be_taken_say_why(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """An unknown user name, and someone who may not edit ICE drafts, are refused
        with a message on the page; nobody is added."""
        version = open_draft()
        url = reverse("workspace:document_participants", kwargs={"pk": version.pk})
        page_url = reverse("workspace:document", kwargs={"pk": version.pk})
        author = client_for("author")
        author.post(url, {"username": "nobody"})
        assert NO_SUCH_USER.format(username="nobody") in _messages(author, page_url)
        author.post(url, {"username": "approver"})
        expected = NOT_A_COAUTHOR.format(username="approver", organization="ICE")
        assert f"username: {expected}" in _messages(author, page_url)
        assert list(version.participants.values_list("username", flat=True)) == [
            "author"
        ]

    def test_someone_who_takes_no_part_may_not_invite(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A reviewer who did not write the draft sees no invitation form, and a post
        is refused with the message saying who may invite."""
        version = open_draft()
        reviewer = client_for("reviewer")
        page = reviewer.get(reverse("workspace:document", kwargs={"pk": version.pk}))
        assert not page.context["can_invite"]
        response = reviewer.post(
            reverse("workspace:document_participants", kwargs={"pk": version.pk}),
            {"username": "reviewer"},
        )
        assert response.status_code == 403
        expected = REFUSAL_NOT_AN_AUTHOR.format(
            document=version, step="invite co-authors to"
        )
        assert expected in response.content.decode()
        assert not version.participants.filter(username="reviewer").exists()


def test_a_reviewer_who_saves_a_section_in_the_editor_becomes_an_author(
    client_for: ClientFor, open_draft: OpenDraft, personas: Personas
) -> None:
    """The editor warns a reviewer who does not take part that saving makes him an
    author; once he saved, he is listed and is offered no review of the draft."""
    version = open_draft(complete=True)
    url = reverse("workspace:section", kwargs={"pk": version.pk, "section_id": "1.0"})
    reviewer = client_for("reviewer")
    assert reviewer.get(url).context["joins_by_saving"]
    assert not client_for("author").get(url).context["joins_by_saving"]
    saved = reviewer.post(
        url,
        {
            **{f"q_1.{n}": version.body[f"1.{n}"] for n in range(1, 6)},
            "q_1.1": "Rewritten by the reviewer.",
            "base_revision": 0,
        },
    )
    assert saved.status_code == 302
    assert version.participants.filter(username="reviewer").exists()
    assert not reviewer.get(url).context["joins_by_saving"]
    version_submit(actor=user_of(personas, "author"), version=version)
    page = reviewer.get(reverse("workspace:document", kwargs={"pk": version.pk}))
    assert page.context["steps"] == []
    refused = reviewer.post(
        reverse("workspace:document_step", kwargs={"pk": version.pk, "step": "forward"})
    )
    assert refused.status_code == 403
    assert REFUSAL_OWN_WORK.format(document=version) in refused.content.decode()


@pytest.fixture
def analysis(personas: Personas, system: System) -> ThresholdAnalysis:
    """A PTA in draft, started by the author."""
    return pta_create(actor=user_of(personas, "author"), system=system)


class TestPtaCoauthors:
    def test_the_pta_author_invites_a_colleague_who_may_then_answer(
        self,
        client_for: ClientFor,
        analysis: ThresholdAnalysis,
        personas: Personas,
    ) -> None:
        """Before the invitation the reviewer sees the PTA read-only; after it, its
        form, and his name among the authors."""
        page_url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
        reviewer = client_for("reviewer")
        before = reviewer.get(page_url)
        assert not before.context["editable"]
        assert not before.context["can_invite"]
        author = client_for("author")
        assert author.get(page_url).context["can_invite"]
        response = author.post(
            reverse("workspace:pta_participants", kwargs={"pk": analysis.pk}),
            {"username": "reviewer"},
        )
        assert response["Location"] == page_url
        after = reviewer.get(page_url)
        assert after.context["editable"]
        assert after.context["authors"] == ["author", "reviewer"]
        assert b"Written by author, reviewer." in after.content
        assert AuditEvent.objects.filter(action="pta.participant_add").exists()

    def test_a_pta_is_changed_by_its_authors_only(
        self, client_for: ClientFor, analysis: ThresholdAnalysis
    ) -> None:
        """Its author may change the PTA; a reviewer's post of the form is refused
        (403) with the message saying who may change it, the answers unchanged."""
        page_url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
        assert client_for("author").get(page_url).context["editable"]
        response = client_for("reviewer").post(
            reverse("workspace:pta", kwargs={"pk": analysis.pk}),
            {"q_1.5": "Overwritten by the reviewer."},
        )
        assert response.status_code == 403
        assert REFUSAL_PTA_NOT_AN_AUTHOR in response.content.decode()
        analysis.refresh_from_db()
        assert "1.5" not in analysis.answers

    def test_an_invited_co_author_is_not_offered_the_confirmation(
        self,
        client_for: ClientFor,
        analysis: ThresholdAnalysis,
        personas: Personas,
    ) -> None:
        """The reviewer who co-wrote the PTA is not offered its determination; the
        approver, who did not, is."""
        author = user_of(personas, "author")
        client_for("author").post(
            reverse("workspace:pta_participants", kwargs={"pk": analysis.pk}),
            {"username": "reviewer"},
        )
        pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
        pta_submit(actor=author, analysis=analysis)
        page_url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
        assert not client_for("reviewer").get(page_url).context["can_confirm"]
        assert client_for("approver").get(page_url).context["can_confirm"]

    def test_inviting_someone_who_may_not_fill_ptas_says_why(
        self, client_for: ClientFor, analysis: ThresholdAnalysis
    ) -> None:
        """The approver does not fill PTAs: the invitation is refused with a message."""
        author = client_for("author")
        author.post(
            reverse("workspace:pta_participants", kwargs={"pk": analysis.pk}),
            {"username": "approver"},
        )
        expected = NOT_A_PTA_COAUTHOR.format(username="approver", organization="ICE")
        shown = _messages(author, reverse("workspace:pta", kwargs={"pk": analysis.pk}))
        assert f"username: {expected}" in shown
        assert not analysis.participants.filter(username="approver").exists()
