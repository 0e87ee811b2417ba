"""Systems and the PTA page: start, answer, submit, determine, open the drafts."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from privdocs.access.models import Membership, Role
from privdocs.assessments.models import Requirement, ThresholdAnalysis
from privdocs.assessments.services import pta_create, pta_save, pta_submit
from privdocs.documents.models import DocumentVersion, Kind
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import ANSWER_REQUIRED
from tests.workspace.conftest import PTA_ANSWERS, ClientFor, Personas, user_of

pytestmark = pytest.mark.django_db


def form_data(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers as the PTA form posts them."""
    data: dict[str, Any] = {}
    for question_id, value in answers.items():
        name = f"q_{question_id}"
        if isinstance(value, bool):
            data[name] = "yes" if value else "no"
        elif question_id == "2.3":
            data[name] = "\n".join(value)
        else:
            data[name] = value
    return data


def submitted_analysis(personas: Personas, system: System) -> ThresholdAnalysis:
    author = user_of(personas, "author")
    analysis = pta_create(actor=author, system=system)
    pta_save(actor=author, analysis=analysis, answers=PTA_ANSWERS)
    pta_submit(actor=author, analysis=analysis)
    return analysis


class TestSystems:
    def test_systems_of_ones_organizations_are_listed(
        self, client_for: ClientFor, system: System, tree: Any
    ) -> None:
        """The ICE author sees the ICE system; the CBP officer does not."""
        cbp_system = System.objects.create(
            organization=tree.cbp, name="Border Cameras", slug="cameras"
        )
        mine = client_for("author").get(reverse("workspace:systems"))
        assert list(mine.context["page"].object_list) == [system]
        theirs = client_for("outsider").get(reverse("workspace:systems"))
        assert list(theirs.context["page"].object_list) == [cbp_system]

    def test_a_system_of_another_organization_is_refused(
        self, client_for: ClientFor, system: System
    ) -> None:
        """The CBP officer gets the 404 of a missing system on the ICE system's page."""
        response = client_for("outsider").get(
            reverse("workspace:system", kwargs={"pk": system.pk})
        )
        assert response.status_code == 404
        assert system.name not in response.content.decode()

    def test_start_a_pta_once_even_when_posted_twice(
        self, client_for: ClientFor, system: System
    ) -> None:
        """The Start button opens a new PTA; the same form posted again starts no other."""
        client = client_for("author")
        page = client.get(reverse("workspace:system", kwargs={"pk": system.pk}))
        assert b"Start a PTA" in page.content
        data = {"once": page.context["once"]}
        url = reverse("workspace:pta_start", kwargs={"pk": system.pk})
        first = client.post(url, data)
        analysis = ThresholdAnalysis.objects.get(system=system)
        assert first["Location"] == reverse("workspace:pta", kwargs={"pk": analysis.pk})
        second = client.post(url, data)
        assert second.status_code == 302
        assert ThresholdAnalysis.objects.filter(system=system).count() == 1

    def test_the_approver_may_not_start_a_pta(
        self, client_for: ClientFor, system: System
    ) -> None:
        """Chief privacy officers decide on PTAs; they do not fill them (403)."""
        client = client_for("approver")
        page = client.get(reverse("workspace:system", kwargs={"pk": system.pk}))
        assert b"Start a PTA" not in page.content
        response = client.post(reverse("workspace:pta_start", kwargs={"pk": system.pk}))
        assert response.status_code == 403
        assert not ThresholdAnalysis.objects.exists()


class TestPtaForm:
    def test_the_form_draws_each_kind_of_answer(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """Text as a textarea, yes/no and choices as radio groups in fieldsets,
        multichoice as checkboxes, a date as a date input; guidance is described-by."""
        analysis = pta_create(actor=user_of(personas, "author"), system=system)
        page = client_for("author").get(
            reverse("workspace:pta", kwargs={"pk": analysis.pk})
        )
        html = page.content.decode()
        assert '<textarea name="q_1.1"' in html
        assert 'type="radio" name="q_2.1" value="yes"' in html
        assert 'type="radio" name="q_1.3" value="technology"' in html
        assert 'type="checkbox" name="q_3.1" value="cctv"' in html
        assert 'type="date" name="q_1.7"' in html
        assert '<fieldset id="id_q_2.1"' in html
        assert 'aria-describedby="id_q_1.1-guidance"' in html
        assert "Harbor Plate Reader" in html  # 1.1 is pre-filled with the name

    def test_save_keeps_answers_and_submit_lists_what_is_missing(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """Save stores half an answer set; Submit then names each missing answer
        by its field, and the PTA stays a draft."""
        analysis = pta_create(actor=user_of(personas, "author"), system=system)
        client = client_for("author")
        url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
        saved = client.post(
            url, {**form_data({"1.1": "HPR", "2.1": True}), "save": "1"}
        )
        assert saved.status_code == 302
        analysis.refresh_from_db()
        assert analysis.answers["2.1"] is True
        refused = client.post(url, {**form_data({"1.1": "HPR"}), "submit": "1"})
        assert refused.status_code == 400
        html = refused.content.decode()
        assert "There is a problem" in html
        assert 'href="#id_q_1.3"' in html
        assert ANSWER_REQUIRED in html
        analysis.refresh_from_db()
        assert analysis.status == ThresholdAnalysis.Status.DRAFT

    def test_submit_shows_the_proposal_with_its_reasons(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """After Submit the page shows the rules' proposal: PIA and SORN new, each
        reason with its rule and trigger."""
        analysis = pta_create(actor=user_of(personas, "author"), system=system)
        client = client_for("author")
        url = reverse("workspace:pta", kwargs={"pk": analysis.pk})
        response = client.post(url, {**form_data(PTA_ANSWERS), "submit": "1"})
        assert response.status_code == 302
        page = client.get(url)
        html = page.content.decode()
        assert "Proposed determination" in html
        assert "rule_retrieval_by_identifier" in html
        assert str(Requirement.NEW.label) in html
        # The author sees no decision form: another officer decides.
        assert "Record the determination" not in html
        again = client.post(url, {**form_data(PTA_ANSWERS), "submit": "1"})
        assert again.status_code == 302, "a second Submit is harmless"


class TestDetermination:
    def test_the_reviewer_confirms_and_the_author_opens_the_pia(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """Confirming as proposed needs no comment; the author then opens the PIA
        draft, and a second click goes to the same draft."""
        analysis = submitted_analysis(personas, system)
        reviewer = client_for("reviewer")
        page = reviewer.get(reverse("workspace:pta", kwargs={"pk": analysis.pk}))
        assert b"Record the determination" in page.content
        initial = page.context["determination_form"].initial
        response = reviewer.post(
            reverse("workspace:determination", kwargs={"pk": analysis.pk}),
            {**initial, "comment": ""},
        )
        assert response.status_code == 302
        analysis.refresh_from_db()
        assert analysis.status == ThresholdAnalysis.Status.DETERMINED
        assert not analysis.determination.overridden

        author = client_for("author")
        open_url = reverse(
            "workspace:determination_open", kwargs={"pk": analysis.pk, "kind": "pia"}
        )
        opened = author.post(open_url)
        version = DocumentVersion.objects.get(series__kind=Kind.PIA)
        assert opened["Location"] == reverse(
            "workspace:document", kwargs={"pk": version.pk}
        )
        assert author.post(open_url)["Location"] == opened["Location"]
        assert DocumentVersion.objects.filter(series__kind=Kind.PIA).count() == 1
        pta_page = author.get(reverse("workspace:pta", kwargs={"pk": analysis.pk}))
        assert b"Go to the PIA draft" in pta_page.content

    def test_an_override_without_a_comment_is_a_form_error(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """Changing the proposal without saying why shows the error on the comment."""
        analysis = submitted_analysis(personas, system)
        reviewer = client_for("reviewer")
        initial = (
            reviewer.get(reverse("workspace:pta", kwargs={"pk": analysis.pk}))
            .context["determination_form"]
            .initial
        )
        url = reverse("workspace:determination", kwargs={"pk": analysis.pk})
        response = reviewer.post(url, {**initial, "sorn": Requirement.NONE})
        assert response.status_code == 400
        assert response.context["determination_form"].errors["comment"]
        assert b'href="#id_comment"' in response.content
        fixed = reviewer.post(
            url,
            {
                **initial,
                "sorn": Requirement.NONE,
                "comment": "Covered by a DHS-wide SORN.",
            },
        )
        assert fixed.status_code == 302
        analysis.refresh_from_db()
        assert analysis.determination.overridden
        assert analysis.determination.sorn == Requirement.NONE

    def test_the_pta_author_cannot_decide(
        self, client_for: ClientFor, personas: Personas, system: System, tree: Any
    ) -> None:
        """An officer who wrote the PTA posting a decision is told another must."""
        Membership.objects.create(
            user=user_of(personas, "author"), organization=tree.ice, role=Role.REVIEWER
        )
        analysis = submitted_analysis(personas, system)
        client = client_for("author")
        response = client.post(
            reverse("workspace:determination", kwargs={"pk": analysis.pk}),
            {"privacy_sensitive": "yes", "pia": "new", "sorn": "new"},
        )
        assert response.status_code == 403
        assert b"another privacy officer" in response.content
        analysis.refresh_from_db()
        assert analysis.status == ThresholdAnalysis.Status.SUBMITTED

    def test_outsiders_are_refused_the_pta(
        self, client_for: ClientFor, personas: Personas, system: System
    ) -> None:
        """A CBP officer can neither read nor decide an ICE PTA: both answer 404."""
        analysis = submitted_analysis(personas, system)
        client = client_for("outsider")
        assert (
            client.get(reverse("workspace:pta", kwargs={"pk": analysis.pk})).status_code
            == 404
        )
        response = client.post(
            reverse("workspace:determination", kwargs={"pk": analysis.pk}),
            {"privacy_sensitive": "yes", "pia": "new", "sorn": "new"},
        )
        assert response.status_code == 404
