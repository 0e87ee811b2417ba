"""Templates in the database: loaded on migrate, synced idempotently, added with an audit entry."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from privdocs.audit.models import AuditEvent
from privdocs.core.errors import NotFoundError
from privdocs.documents.models import DocumentVersion
from privdocs.documents.services.catalog import catalog_apply
from privdocs.questionnaires.definition import TemplateError, definition_yaml_load
from privdocs.questionnaires.models import Template
from privdocs.questionnaires.selectors import (
    NO_CURRENT_TEMPLATE,
    NOT_A_REFERENCE,
    TEMPLATE_NOT_FOUND,
    template_definition,
    template_definition_get,
    template_get,
    template_get_current,
    template_is_used,
    template_list,
)
from privdocs.questionnaires.services import (
    BUILTIN_DIR,
    TEMPLATE_EXISTS,
    template_create,
    template_sync_builtin,
)
from tests import factories
from tests.questionnaires.test_definition import minimal

pytestmark = pytest.mark.django_db


def test_migrate_loaded_the_shipped_templates() -> None:
    """A fresh database (the test database too) has the four shipped templates, active."""
    references = sorted(t.reference for t in template_list())
    assert references == [
        "dhs-pia@2010.1",
        "dhs-pta@2016.1",
        "gdpr-dpia@2018.1",
        "sorn-a108@2016.1",
    ]
    assert all(t.builtin and t.is_active for t in template_list())


def test_sync_is_idempotent() -> None:
    """Loading the shipped templates again adds nothing and changes nothing."""
    before = list(Template.objects.values_list("pk", "definition"))
    assert template_sync_builtin() == {"created": 0, "unchanged": 4, "deactivated": 0}
    assert list(Template.objects.values_list("pk", "definition")) == before


def _copy_builtins(tmp_path: Path) -> Path:
    for path in BUILTIN_DIR.glob("*.yaml"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_a_shipped_file_changed_without_a_new_version_is_refused(
    tmp_path: Path,
) -> None:
    """Changing a stored version's wording in place is refused, naming the file."""
    directory = _copy_builtins(tmp_path)
    pia = directory / "dhs-pia.yaml"
    pia.write_text(
        pia.read_text(encoding="utf-8").replace(
            "Summarize the system", "Sum up the system"
        ),
        encoding="utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        template_sync_builtin(directory=directory)
    assert str(caught.value).startswith(
        "dhs-pia.yaml: the definition of dhs-pia@2010.1 differs from the stored one"
    )
    assert Template.objects.count() == 4


def test_a_new_shipped_version_is_added_and_replaces_the_old_for_new_documents(
    tmp_path: Path,
) -> None:
    """A new version is a new row; the older shipped version stays, no longer offered."""
    directory = _copy_builtins(tmp_path)
    pia = directory / "dhs-pia.yaml"
    text = pia.read_text(encoding="utf-8")
    pia.write_text(
        text.replace('version: "2010.1"', 'version: "2010.2"').replace(
            "Summarize the system", "Sum up the system"
        ),
        encoding="utf-8",
    )
    counts = template_sync_builtin(directory=directory)
    assert counts == {"created": 1, "unchanged": 3, "deactivated": 1}
    assert template_get_current(kind="PIA").reference == "dhs-pia@2010.2"
    assert not template_get(reference="dhs-pia@2010.1").is_active
    event = AuditEvent.objects.get(action="template.create")
    assert event.object_id == str(template_get(reference="dhs-pia@2010.2").pk)


def test_template_create_stores_a_new_version_with_an_audit_entry() -> None:
    """An office's own template is checked, stored as parsed data and recorded in the audit log."""
    actor = User.objects.create_user("iago")
    template = template_create(definition=minimal(), actor=actor, source="acme.yaml")
    assert template.reference == "acme-pia@1"
    assert (template.kind, template.title, template.builtin) == (
        "PIA",
        "ACME PIA",
        False,
    )
    assert template_definition(template).question("2.4").columns == (
        "risk",
        "mitigation",
    )
    event = AuditEvent.objects.get(action="template.create")
    assert event.actor == actor
    assert event.changes["questions"] == 7
    assert "acme-pia@1" in event.summary


def test_template_create_refuses_a_bad_definition_or_an_existing_version() -> None:
    """Nothing is stored when the definition is malformed or its key and version exist."""
    bad = minimal()
    bad["sections"][0]["questions"][0]["kind"] = "essay"
    with pytest.raises(
        TemplateError, match=r"^acme.yaml: sections\[0\]\.questions\[0\]\.kind"
    ):
        template_create(definition=bad, actor=None, source="acme.yaml")
    pta = definition_yaml_load(
        (BUILTIN_DIR / "dhs-pta.yaml").read_text(encoding="utf-8"),
        source="dhs-pta.yaml",
    )
    with pytest.raises(
        TemplateError,
        match=re.escape(TEMPLATE_EXISTS.format(reference="dhs-pta@2016.1")),
    ):
        template_create(definition=pta, actor=None, source="mine.yaml")
    assert Template.objects.count() == 4
    assert not AuditEvent.objects.exists()


def test_selectors_find_templates_by_reference_and_the_current_one_by_kind() -> None:
    """References resolve; unknown or malformed references and kinds without templates are clear errors."""
    assert template_get(reference="dhs-pta@2016.1").kind == "PTA"
    assert (
        template_definition_get(reference="dhs-pia@2010.1").question("O.1").prefill
        == "pta:1.5"
    )
    assert template_get_current(kind="SORN").key == "sorn-a108"
    with pytest.raises(
        NotFoundError, match=TEMPLATE_NOT_FOUND.format(reference="dhs-pia@1999")
    ):
        template_get(reference="dhs-pia@1999")
    with pytest.raises(NotFoundError) as caught:
        template_get(reference="dhs-pia")
    assert str(caught.value) == NOT_A_REFERENCE.format(reference="dhs-pia")
    with pytest.raises(NotFoundError) as caught:
        template_get_current(kind="PCR")
    assert str(caught.value) == NO_CURRENT_TEMPLATE.format(kind="PCR")
    assert [t.key for t in template_list(kind="PTA")] == ["dhs-pta"]


def test_the_current_template_is_the_newest_active_one_of_its_kind() -> None:
    """An office's template added later becomes current; made inactive, the shipped one is again."""
    template = template_create(definition=minimal(), actor=None)
    assert template_get_current(kind="PIA") == template
    Template.objects.filter(pk=template.pk).update(is_active=False)
    assert template_get_current(kind="PIA").reference == "dhs-pia@2010.1"
    assert [t.reference for t in template_list(kind="PIA", active_only=True)] == [
        "dhs-pia@2010.1"
    ]


def test_a_template_is_used_once_a_document_version_names_it() -> None:
    """template_is_used looks at the versions' template_version."""
    template = template_get(reference="dhs-pia@2010.1")
    catalog_apply(record=factories.catalog(factories.series("DHS/ICE/PIA-015")))
    assert not template_is_used(template)
    DocumentVersion.objects.update(template_version="dhs-pia@2010.1")
    assert template_is_used(template)
