"""Templates in the admin: added from YAML and checked, copied as a new version, never edited in place."""

from __future__ import annotations

import pytest
import yaml
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from privdocs.audit.models import AuditEvent
from privdocs.questionnaires.admin import COPY_ONE, next_version
from privdocs.questionnaires.models import Template
from privdocs.questionnaires.selectors import template_get
from tests.questionnaires.test_definition import minimal

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.questionnaires.urls")]

ADD_URL = "admin:questionnaires_template_add"


@pytest.fixture
def admin_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_superuser("iago", "iago@example.org", "pw"))
    return client


def test_the_add_form_refuses_a_bad_definition_on_the_field(
    admin_client: Client,
) -> None:
    """A malformed template is shown back with the parser's message and its path; nothing is stored."""
    bad = minimal()
    bad["sections"][1]["questions"][2]["kind"] = "essay"
    response = admin_client.post(
        reverse(ADD_URL),
        {"definition_text": yaml.safe_dump(bad), "is_active": "on"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["definition_text"]
    assert errors == [
        "definition: sections[1].questions[2].kind: 'essay' is not one of text, yesno, "
        "choice, multichoice, list, date, table"
    ]
    assert Template.objects.count() == 4


def test_the_add_form_refuses_an_existing_version(admin_client: Client) -> None:
    """Adding a key and version that exist asks for a new version."""
    existing = template_get(reference="dhs-pta@2016.1")
    response = admin_client.post(
        reverse(ADD_URL), {"definition_text": yaml.safe_dump(existing.definition)}
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["definition_text"]
    assert errors[0].startswith("dhs-pta@2016.1 exists already")


def test_the_add_form_stores_a_valid_template_with_one_audit_entry(
    admin_client: Client,
) -> None:
    """A valid YAML template becomes a new row, recorded once in the audit log with the admin as actor."""
    response = admin_client.post(
        reverse(ADD_URL), {"definition_text": yaml.safe_dump(minimal())}
    )
    assert response.status_code == 302
    template = template_get(reference="acme-pia@1")
    assert not template.is_active  # the box was left unticked
    events = AuditEvent.objects.filter(object_type="questionnaires.Template")
    assert [(e.action, e.actor_label) for e in events] == [("template.create", "iago")]


def test_a_stored_version_is_read_only_except_its_active_flag(
    admin_client: Client,
) -> None:
    """The change page shows the definition but only lets an administrator retire the version."""
    template = template_get(reference="dhs-pia@2010.1")
    url = reverse("admin:questionnaires_template_change", args=[template.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert list(form.fields) == ["is_active"]
    assert "11 sections, 36 questions, 36 required" in page.content.decode()
    response = admin_client.post(url, {"version": "9", "title": "Changed"})
    assert response.status_code == 302
    template.refresh_from_db()
    assert (template.version, template.title, template.is_active) == (
        "2010.1",
        "Privacy Impact Assessment (DHS)",
        False,
    )
    event = AuditEvent.objects.get(action="admin.change")
    assert event.changes == {"is_active": False}


def test_a_shipped_template_cannot_be_deleted(admin_client: Client) -> None:
    """Shipped templates (and templates documents use) have no delete."""
    template = template_get(reference="dhs-pta@2016.1")
    url = reverse("admin:questionnaires_template_delete", args=[template.pk])
    assert admin_client.get(url).status_code == 403


def test_copy_as_new_version_opens_the_add_form_with_the_next_version(
    admin_client: Client,
) -> None:
    """The action leads to the add form, filled with the template's YAML and a new version."""
    template = template_get(reference="dhs-pia@2010.1")
    response = admin_client.post(
        reverse("admin:questionnaires_template_changelist"),
        {"action": "copy_as_new_version", "_selected_action": [template.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"?copy_from={template.pk}")
    page = admin_client.get(response["Location"])
    initial = page.context["adminform"].form.initial["definition_text"]
    copied = yaml.safe_load(initial)
    assert copied["version"] == "2010.2"
    assert copied["sections"] == template.definition["sections"]
    saved = admin_client.post(
        reverse(ADD_URL), {"definition_text": initial, "is_active": "on"}
    )
    assert saved.status_code == 302
    assert template_get(reference="dhs-pia@2010.2").is_active


def test_copy_as_new_version_wants_exactly_one_template(admin_client: Client) -> None:
    """Selecting two templates is answered with a message, not a copy."""
    pks = list(Template.objects.values_list("pk", flat=True)[:2])
    response = admin_client.post(
        reverse("admin:questionnaires_template_changelist"),
        {"action": "copy_as_new_version", "_selected_action": pks},
        follow=True,
    )
    assert COPY_ONE in [str(m) for m in response.context["messages"]]


@pytest.mark.parametrize(
    ("version", "expected"),
    [("2010.1", "2010.2"), ("7", "8"), ("2024-09", "2024-10"), ("draft", "draft.1")],
)
def test_next_version_counts_up_the_last_number(version: str, expected: str) -> None:
    """A copy's suggested version counts the last number up, or appends .1."""
    assert next_version(version) == expected


def test_the_change_page_shows_the_definition_as_yaml_with_its_indentation(
    admin_client: Client,
) -> None:
    """The read-only definition is preformatted YAML, escaped."""
    template = template_get(reference="dhs-pta@2016.1")
    page = admin_client.get(
        reverse("admin:questionnaires_template_change", args=[template.pk])
    )
    html = page.content.decode()
    assert '<pre class="template-definition">key: dhs-pta\n' in html
    assert "Driver&#x27;s licence number" in html
