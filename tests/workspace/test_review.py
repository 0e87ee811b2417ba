"""The review screen, comment threads, the workflow steps as buttons, the redline."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.urls import reverse

from privdocs.documents.models import DocumentVersion, ReviewComment, Status
from privdocs.documents.services.workflow import (
    draft_open_update,
    version_approve,
    version_forward,
    version_publish,
    version_submit,
)
from tests.workspace.conftest import ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db

OpenDraft = Callable[..., DocumentVersion]


def url(name: str, version: DocumentVersion, **kwargs: object) -> str:
    return reverse(f"workspace:{name}", kwargs={"pk": version.pk, **kwargs})


def step(name: str, version: DocumentVersion) -> str:
    return url("document_step", version, step=name)


@pytest.fixture
def submitted(personas: Personas, open_draft: OpenDraft) -> DocumentVersion:
    """A complete PIA draft, submitted to component review by its author."""
    version = open_draft(complete=True)
    version_submit(actor=user_of(personas, "author"), version=version)
    return version


class TestComments:
    def test_comment_reply_and_resolve(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """The reviewer comments on 2.0, the author replies and resolves the thread;
        the same comment form posted twice adds one comment."""
        reviewer = client_for("reviewer")
        page = reviewer.get(url("review", submitted))
        assert b"Comment on 2.0 Characterization of the Information" in page.content
        data = {
            "section_id": "2.0",
            "body": "Name the sources.",
            "once": page.context["once"] + "-2.0",
        }
        added = reviewer.post(url("comment", submitted), data)
        assert added["Location"].endswith("#section-2.0")
        reviewer.post(url("comment", submitted), data)
        thread = ReviewComment.objects.get(version=submitted)
        assert thread.body == "Name the sources."

        author = client_for("author")
        author.post(
            url("comment", submitted),
            {"section_id": "2.0", "parent": thread.pk, "body": "Done."},
        )
        assert thread.replies.get().body == "Done."
        author.post(url("comment_resolve", submitted, comment_pk=thread.pk))
        thread.refresh_from_db()
        assert thread.resolved_at is not None
        html = author.get(url("review", submitted)).content.decode()
        assert "thread--resolved" in html
        assert "Done." in html

    def test_an_empty_comment_is_told_not_stored(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """Posting an empty comment says so and stores nothing."""
        client = client_for("reviewer")
        response = client.post(
            url("comment", submitted), {"section_id": "2.0", "body": "  "}
        )
        assert response.status_code == 302
        assert b"Write the comment" in client.get(response["Location"]).content
        assert not ReviewComment.objects.exists()

    def test_outsiders_cannot_comment(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """The CBP officer finds neither the review page nor a way to comment (404)."""
        client = client_for("outsider")
        assert client.get(url("review", submitted)).status_code == 404
        response = client.post(
            url("comment", submitted), {"section_id": "2.0", "body": "Hi"}
        )
        assert response.status_code == 404


class TestSteps:
    def test_return_needs_a_comment_and_the_author_sees_it(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """Return without a comment is told; with one the version is back in draft
        and its page shows the comment to the author."""
        reviewer = client_for("reviewer")
        refused = reviewer.post(step("return", submitted), {"comment": ""})
        assert b"a return needs a comment" in reviewer.get(refused["Location"]).content
        submitted.refresh_from_db()
        assert submitted.status == Status.COMPONENT_REVIEW
        reviewer.post(step("return", submitted), {"comment": "Explain 2.2 better."})
        reviewer.post(step("return", submitted), {"comment": "Explain 2.2 better."})
        submitted.refresh_from_db()
        assert submitted.status == Status.DRAFT
        assert list(
            submitted.transitions.filter(to_status=Status.DRAFT).values_list(
                "from_status", "comment"
            )
        ) == [("", ""), (Status.COMPONENT_REVIEW, "Explain 2.2 better.")]
        page = client_for("author").get(url("document", submitted))
        assert b"Explain 2.2 better." in page.content
        assert b"Submit for review" in page.content

    def test_the_history_says_how_the_version_began_and_who_moved_it(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """The document page's history starts with the draft's opening (a step with
        no "from" status), then names each move and who took it."""
        reviewer = client_for("reviewer")
        reviewer.post(step("return", submitted), {"comment": "Explain 2.2 better."})
        page = client_for("author").get(url("document", submitted)).content.decode()
        history = page[page.index("<h2>History</h2>") :]
        steps = [
            line.split(", ", 2)[:2]
            for line in re.findall(r"<li><strong>(.*?)</li>", history)
        ]
        assert steps == [
            ["Opened as a draft</strong>", "by author"],
            ["In component review from draft</strong>", "by author"],
            ["Draft from in component review</strong>", "by reviewer"],
        ]

    def test_each_persona_sees_only_the_steps_they_may_take(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """In component review the reviewer may forward or return; the author and
        the approver see no step, and the approver's forward is refused."""
        reviewer_steps = client_for("reviewer").get(url("document", submitted))
        assert [s.name for s in reviewer_steps.context["steps"]] == [
            "forward",
            "return",
        ]
        assert (
            client_for("author").get(url("document", submitted)).context["steps"] == []
        )
        approver = client_for("approver")
        assert approver.get(url("document", submitted)).context["steps"] == []
        assert approver.post(step("forward", submitted)).status_code == 403

    def test_forward_approve_publish_then_the_public_link(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """Reviewer forwards, approver approves and publishes (each twice, harmless);
        the document page then links to the reading room, which shows it."""
        reviewer = client_for("reviewer")
        approver = client_for("approver")
        for client, name in (
            (reviewer, "forward"),
            (approver, "approve"),
            (approver, "publish"),
        ):
            assert client.post(step(name, submitted)).status_code == 302
            assert client.post(step(name, submitted)).status_code == 302
        submitted.refresh_from_db()
        assert submitted.status == Status.PUBLISHED
        page = approver.get(url("document", submitted))
        public = submitted.get_absolute_url()
        assert page.context["public_url"] == public
        assert client_for("anonymous").get(public).status_code == 200
        assert [s.name for s in page.context["steps"]] == ["retire"]

    def test_retire_needs_a_reason(
        self, client_for: ClientFor, personas: Personas, submitted: DocumentVersion
    ) -> None:
        """A retirement without its reason is told; with one it is done."""
        reviewer, approver = (
            user_of(personas, "reviewer"),
            user_of(personas, "approver"),
        )
        version_forward(actor=reviewer, version=submitted)
        version_approve(actor=approver, version=submitted)
        version_publish(actor=approver, version=submitted)
        client = client_for("admin")
        refused = client.post(step("retire", submitted), {"reason": ""})
        assert b"needs its reason" in client.get(refused["Location"]).content
        client.post(step("retire", submitted), {"reason": "The system was shut down."})
        submitted.refresh_from_db()
        assert submitted.status == Status.RETIRED
        assert submitted.retired_reason == "The system was shut down."

    def test_an_unknown_step_is_a_404(
        self, client_for: ClientFor, submitted: DocumentVersion
    ) -> None:
        """Only the six steps exist."""
        response = client_for("reviewer").post(step("destroy", submitted))
        assert response.status_code == 404

    def test_submitting_an_incomplete_draft_names_what_is_missing(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Submit on a half-done draft is told the missing answers; it stays a draft."""
        version = open_draft()
        client = client_for("author")
        response = client.post(step("submit", version))
        page = client.get(response["Location"])
        assert b"required answer(s) missing" in page.content
        version.refresh_from_db()
        assert version.status == Status.DRAFT


class TestRedline:
    def test_an_update_is_compared_with_the_version_it_replaces(
        self, client_for: ClientFor, personas: Personas, submitted: DocumentVersion
    ) -> None:
        """The update of a published PIA shows the words changed, marked."""
        reviewer, approver = (
            user_of(personas, "reviewer"),
            user_of(personas, "approver"),
        )
        version_forward(actor=reviewer, version=submitted)
        version_approve(actor=approver, version=submitted)
        version_publish(actor=approver, version=submitted)
        update = draft_open_update(
            actor=user_of(personas, "author"), series=submitted.series
        )
        body = dict(update.body)
        body["1.1"] = "Answer to 1.1 and a new statute."
        DocumentVersion.objects.filter(pk=update.pk).update(body=body)

        client = client_for("author")
        document = client.get(url("document", update))
        assert b"Redline against" in document.content
        page = client.get(url("redline", update))
        html = page.content.decode()
        assert page.status_code == 200
        assert "<ins> and a new statute</ins>" in html
        assert page.context["changed_count"] == 1
        only = client.get(url("redline", update), {"changed": "1"})
        assert [s.id for s in only.context["sections"]] == ["1.0"]

    def test_a_first_version_has_no_redline(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """The redline of an original says it replaces nothing (404, no traceback)."""
        version = open_draft()
        response = client_for("author").get(url("redline", version))
        assert response.status_code == 404
        assert b"replaces none" in response.content
