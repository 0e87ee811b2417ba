"""The section editor: saving, Save and next, tables, errors, and the merge screen
when two people save the same section (nothing is overwritten silently)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from privdocs.access.models import Membership, Role
from privdocs.assessments.services import pta_create
from privdocs.audit.models import AuditEvent
from privdocs.documents.models import DocumentVersion, Status
from privdocs.documents.services.workflow import section_edit, version_submit
from privdocs.workspace.templatetags.workspace import section_label
from privdocs.workspace.views.editor import edit_time
from tests.personas import Tree
from tests.workspace.conftest import ClientFor, Personas, pia_definition, user_of

pytestmark = pytest.mark.django_db

OpenDraft = Callable[..., DocumentVersion]


def section_url(version: DocumentVersion, section_id: str) -> str:
    return reverse(
        "workspace:section", kwargs={"pk": version.pk, "section_id": section_id}
    )


def authorities(text: str, base_revision: int, **extra: Any) -> dict[str, Any]:
    """A post of section 1.0 with 1.1 set to ``text``."""
    return {"q_1.1": text, "q_1.2": "", "base_revision": base_revision, **extra}


@pytest.fixture
def coauthor(personas: Personas, tree: Tree) -> User:
    """A second ICE author, taking part in the draft with the first."""
    user = User.objects.create_user("coauthor", "coauthor@example.gov", "x")
    Membership.objects.create(user=user, organization=tree.ice, role=Role.AUTHOR)
    return user


class TestEditing:
    def test_a_section_shows_its_questions_guidance_and_revision(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Each question has its label and guidance (aria-describedby), the form
        carries the revision it started from, the navigation marks the section."""
        version = open_draft()
        definition = pia_definition()
        guided = next(q for q in definition.questions() if q.guidance)
        section = definition.section_of(guided.id)
        page = client_for("author").get(section_url(version, section.id))
        html = page.content.decode()
        assert page.status_code == 200
        assert f'<label for="id_q_{guided.id}">' in html
        assert f'aria-describedby="id_q_{guided.id}-guidance"' in html
        assert f'id="id_q_{guided.id}-guidance"' in html
        assert 'name="base_revision" value="0"' in html
        assert re.search(
            rf'aria-current="page">\s*{re.escape(section_label(section))}', html
        ), "the navigation marks the current section"

    def test_save_stays_and_save_and_next_moves_on(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Save comes back to the section; Save and next opens the next one."""
        version = open_draft()
        client = client_for("author")
        saved = client.post(section_url(version, "1.0"), authorities("Statute A", 0))
        assert saved["Location"] == section_url(version, "1.0")
        version.refresh_from_db()
        assert version.body["1.1"] == "Statute A"
        assert section_edit(version, "1.0").revision == 1
        moved = client.post(
            section_url(version, "1.0"), authorities("Statute B", 1, next="1")
        )
        assert moved["Location"] == section_url(version, "2.0")

    def test_a_table_takes_its_filled_rows_and_drops_empty_ones(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """Rows of inputs become a list of rows; blank rows are left out."""
        version = open_draft()
        client = client_for("author")
        page = client.get(section_url(version, "5.0"))
        assert b'name="q_5.2-rows" value="2"' in page.content
        response = client.post(
            section_url(version, "5.0"),
            {
                "q_5.1": "Seven years.",
                "q_5.2-rows": "3",
                "q_5.2-0-risk": "Kept too long",
                "q_5.2-0-mitigation": "Deleted on schedule",
                "q_5.2-1-risk": "",
                "q_5.2-1-mitigation": "",
                "q_5.2-2-risk": "Backups",
                "q_5.2-2-mitigation": "",
                "base_revision": 0,
            },
        )
        assert response.status_code == 302
        version.refresh_from_db()
        assert version.body["5.2"] == [
            {"risk": "Kept too long", "mitigation": "Deleted on schedule"},
            {"risk": "Backups", "mitigation": ""},
        ]
        again = client.get(section_url(version, "5.0"))
        assert b'value="Kept too long"' in again.content
        assert b'name="q_5.2-rows" value="4"' in again.content

    def test_the_same_save_posted_twice_is_saved_once(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A double click on Save makes one revision and one audit entry."""
        version = open_draft()
        client = client_for("author")
        data = authorities("Statute A", 0)
        client.post(section_url(version, "1.0"), data)
        entries = AuditEvent.objects.filter(action="version.section_save").count()
        second = client.post(section_url(version, "1.0"), data)
        assert second.status_code == 302
        version.refresh_from_db()
        assert section_edit(version, "1.0").revision == 1
        assert (
            AuditEvent.objects.filter(action="version.section_save").count() == entries
        )

    def test_who_may_edit(self, client_for: ClientFor, open_draft: OpenDraft) -> None:
        """The approver and the administrator are refused the editor (403); the CBP
        officer, who may not open the draft at all, finds nothing there (404)."""
        version = open_draft()
        for name, status in (("approver", 403), ("admin", 403), ("outsider", 404)):
            response = client_for(name).get(section_url(version, "1.0"))
            assert response.status_code == status, name

    def test_a_version_in_review_is_not_edited(
        self, client_for: ClientFor, personas: Personas, open_draft: OpenDraft
    ) -> None:
        """Once submitted, the editor sends the author back to the document page."""
        version = open_draft(complete=True)
        version_submit(actor=user_of(personas, "author"), version=version)
        client = client_for("author")
        response = client.get(section_url(version, "1.0"))
        assert response["Location"] == reverse(
            "workspace:document", kwargs={"pk": version.pk}
        )
        assert b"only a draft can be edited" in client.get(response["Location"]).content
        version.refresh_from_db()
        assert version.status == Status.COMPONENT_REVIEW

    def test_an_unknown_section_is_a_404(
        self, client_for: ClientFor, open_draft: OpenDraft
    ) -> None:
        """A section id the template lacks is not found (no traceback)."""
        version = open_draft()
        response = client_for("author").get(section_url(version, "9.9"))
        assert response.status_code == 404

    def test_a_bad_date_is_shown_in_the_error_summary(
        self, client_for: ClientFor, personas: Personas, system: Any
    ) -> None:
        """A PTA date that is not a date is named in the summary, linked to its field."""
        analysis = pta_create(actor=user_of(personas, "author"), system=system)
        response = client_for("author").post(
            reverse("workspace:pta", kwargs={"pk": analysis.pk}),
            {"q_1.1": "HPR", "q_1.7": "31/02/2020", "save": "1"},
        )
        assert response.status_code == 400
        assert b'href="#id_q_1.7"' in response.content
        assert b'aria-invalid="true"' in response.content


def test_save_times_are_shown_in_local_time() -> None:
    """A stored UTC timestamp reads as a local date and time; other text stays."""
    assert edit_time("2026-11-25T14:36:01+00:00") == "25 Nov 2026, 09:36"
    assert edit_time("yesterday") == "yesterday"


class TestConflict:
    def test_the_second_saver_sees_both_texts_and_merges(
        self,
        personas: Personas,
        coauthor: User,
        open_draft: OpenDraft,
    ) -> None:
        """Two authors open section 1.0 at revision 0. The first saves. The second's
        save is refused with "author saved this section at …", both texts side by
        side, the form holding the second's answers and the first's revision; saving
        again keeps the merge, and nothing was overwritten unseen."""
        version = open_draft()
        version.participants.add(coauthor)
        first = Client()
        first.force_login(user_of(personas, "author"))
        second = Client()
        second.force_login(coauthor)
        url = section_url(version, "1.0")
        assert b'name="base_revision" value="0"' in first.get(url).content
        assert b'name="base_revision" value="0"' in second.get(url).content

        first.post(url, authorities("The Homeland Security Act.", 0))
        clash = second.post(url, authorities("The Immigration and Nationality Act.", 0))

        assert clash.status_code == 409
        html = clash.content.decode()
        edit = section_edit(DocumentVersion.objects.get(pk=version.pk), "1.0")
        assert f"author saved this section at {edit_time(edit.at)}" in html
        assert "The Homeland Security Act." in html  # theirs
        assert "The Immigration and Nationality Act." in html  # yours
        assert "Saved by author" in html
        assert 'name="base_revision" value="1"' in html
        assert re.search(
            r'<textarea name="q_1.1"[^>]*>\s*The Immigration and Nationality Act.</textarea>',
            html,
        ), "the form holds your answer"
        version.refresh_from_db()
        assert version.body["1.1"] == "The Homeland Security Act.", "theirs is kept"

        merged = "The Homeland Security Act and the Immigration and Nationality Act."
        saved = second.post(url, authorities(merged, 1))
        assert saved.status_code == 302
        version.refresh_from_db()
        assert version.body["1.1"] == merged
        assert section_edit(version, "1.0").revision == 2
