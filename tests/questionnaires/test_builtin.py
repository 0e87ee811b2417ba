"""The shipped templates: each parses, has its structure, and keeps the PTA contract."""

from __future__ import annotations

from pathlib import Path

import pytest

from privdocs.questionnaires.definition import (
    AnswerKind,
    TemplateDefinition,
    definition_from_yaml,
)
from privdocs.questionnaires.services import BUILTIN_DIR

DOCS = Path(__file__).resolve().parents[2] / "docs" / "templates.md"


def builtin(key: str) -> TemplateDefinition:
    path = BUILTIN_DIR / f"{key}.yaml"
    return definition_from_yaml(path.read_text(encoding="utf-8"), source=path.name)


#: key -> (kind, sections, questions, required questions)
SHIPPED = {
    "dhs-pta": ("PTA", 6, 30, 6),
    "dhs-pia": ("PIA", 11, 36, 36),
    "sorn-a108": ("SORN", 20, 26, 24),
    "gdpr-dpia": ("DPIA", 6, 37, 32),
}


def test_the_four_templates_are_shipped() -> None:
    """The package holds one YAML file per shipped template, named after its key."""
    assert sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")) == sorted(SHIPPED)


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_each_shipped_template_parses_with_its_counts(key: str) -> None:
    """Each file parses; its kind and counts of sections, questions and required ones are as documented."""
    definition = builtin(key)
    questions = list(definition.questions())
    assert definition.key == key
    assert (
        definition.kind,
        len(definition.sections),
        len(questions),
        sum(q.required for q in questions),
    ) == SHIPPED[key]


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_every_question_serves_a_fipp_and_has_its_own_words(key: str) -> None:
    """Every question names at least one FIPP and a question text ending in '?' or '.'."""
    for question in builtin(key).questions():
        assert question.fipps, question.id
        assert question.text.rstrip().endswith(("?", ".")), question.id


@pytest.mark.parametrize("key", sorted(SHIPPED))
def test_the_docs_list_each_template_with_its_counts(key: str) -> None:
    """docs/templates.md names each shipped template with its number of questions."""
    _, _, questions, required = SHIPPED[key]
    docs = DOCS.read_text(encoding="utf-8")
    assert f"| `{key}` |" in docs
    assert f"| {questions} | {required} |" in docs


PTA_CONTRACT: dict[str, tuple[AnswerKind, bool, tuple[str, ...]]] = {
    "1.1": (AnswerKind.TEXT, True, ()),
    "1.2": (AnswerKind.TEXT, False, ()),
    "1.3": (
        AnswerKind.CHOICE,
        True,
        (
            "it_system",
            "program",
            "technology",
            "information_sharing",
            "form",
            "rulemaking",
            "pilot",
            "paper_system",
        ),
    ),
    "1.4": (AnswerKind.CHOICE, True, ("new", "operational", "modification")),
    "1.5": (AnswerKind.TEXT, True, ()),
    "1.6": (AnswerKind.TEXT, False, ()),
    "1.7": (AnswerKind.DATE, False, ()),
    "2.1": (AnswerKind.YESNO, True, ()),
    "2.2": (
        AnswerKind.MULTICHOICE,
        False,
        (
            "public",
            "us_persons",
            "non_us_persons",
            "employees",
            "contractors",
            "other_federal",
        ),
    ),
    "2.3": (AnswerKind.LIST, False, ()),
    "2.4": (AnswerKind.YESNO, False, ()),
    "2.5": (
        AnswerKind.MULTICHOICE,
        False,
        (
            "a_number",
            "tin",
            "visa_number",
            "passport",
            "financial_account",
            "edipi",
            "social_media_handle",
            "trusted_traveler",
            "drivers_license",
            "biometrics",
        ),
    ),
    "2.6": (AnswerKind.TEXT, False, ()),
    "2.7": (
        AnswerKind.MULTICHOICE,
        False,
        (
            "paper",
            "fillable_pdf",
            "web_form",
            "interview",
            "automatic",
            "other_systems",
        ),
    ),
    "2.8": (AnswerKind.YESNO, True, ()),
    "2.9": (AnswerKind.YESNO, False, ()),
    "3.1": (
        AnswerKind.MULTICHOICE,
        False,
        (
            "cctv",
            "biometrics",
            "social_media",
            "web_portal",
            "mobile_app",
            "commercial_data",
            "license_plate_readers",
            "facial_recognition",
            "cloud",
        ),
    ),
    "3.2": (AnswerKind.YESNO, False, ()),
    "4.1": (AnswerKind.YESNO, False, ()),
    "4.2": (AnswerKind.YESNO, False, ()),
    "4.3": (AnswerKind.TEXT, False, ()),
    "4.4": (AnswerKind.YESNO, False, ()),
    "5.1": (AnswerKind.YESNO, False, ()),
    "5.2": (AnswerKind.TEXT, False, ()),
    "5.3": (AnswerKind.YESNO, False, ()),
    "5.4": (AnswerKind.TEXT, False, ()),
    "6.1": (AnswerKind.TEXT, False, ()),
    "6.2": (AnswerKind.TEXT, False, ()),
    "6.3": (
        AnswerKind.MULTICHOICE,
        False,
        (
            "conversion",
            "anonymous_to_identifiable",
            "significant_management_change",
            "merging",
            "new_public_access",
            "commercial_sources",
            "new_interagency_use",
            "internal_flow_change",
            "new_pii_kinds",
            "new_technology",
        ),
    ),
    "6.4": (AnswerKind.CHOICE, False, ("none", "in_progress", "granted", "expired")),
}


def test_the_pta_keeps_the_ids_kinds_and_values_the_determination_rules_read() -> None:
    """The contract with privdocs.assessments: each PTA id, its kind, required flag and option values."""
    pta = builtin("dhs-pta")
    assert [s.id for s in pta.sections] == ["1", "2", "3", "4", "5", "6"]
    found = {
        q.id: (q.kind, q.required, tuple(o.value for o in q.options))
        for q in pta.questions()
    }
    assert found == PTA_CONTRACT


def test_the_pia_has_the_dhs_sections_and_numbered_questions() -> None:
    """Abstract, Overview, 1.0 to 8.0 and the officials, with the questions of the DHS template."""
    pia = builtin("dhs-pia")
    assert [s.id for s in pia.sections] == [
        "abstract",
        "overview",
        "1.0",
        "2.0",
        "3.0",
        "4.0",
        "5.0",
        "6.0",
        "7.0",
        "8.0",
        "officials",
    ]
    assert [q.id for q in pia.section("2.0").questions] == [
        "2.1",
        "2.2",
        "2.3",
        "2.4",
        "2.5",
    ]
    assert [q.id for q in pia.section("8.0").questions] == ["8.1", "8.2", "8.3", "8.4"]
    analyses = ["2.5", "3.4", "4.3", "5.2", "6.5"]
    for question_id in analyses:
        question = pia.question(question_id)
        assert question.kind is AnswerKind.TABLE
        assert question.columns == ("risk", "mitigation")
    assert pia.question("7.4").kind is AnswerKind.TEXT


def test_every_pia_prefill_names_a_pta_question_it_can_take_an_answer_from() -> None:
    """Each ``prefill: pta:X`` of the PIA names a question the PTA has, of a kind that carries over."""
    pia, pta = builtin("dhs-pia"), builtin("dhs-pta")
    prefills = {q.id: q.prefill for q in pia.questions() if q.prefill}
    assert prefills == {
        "O.1": "pta:1.5",
        "1.2": "pta:6.2",
        "1.4": "pta:5.2",
        "1.5": "pta:5.4",
        "2.1": "pta:2.3",
        "6.1": "pta:4.3",
    }
    for question_id, prefill in prefills.items():
        source, _, pta_id = prefill.partition(":")
        assert source == "pta"
        assert pta.question(pta_id).kind in (AnswerKind.TEXT, AnswerKind.LIST), (
            question_id
        )


def test_the_sorn_follows_the_a108_headings_in_order() -> None:
    """The preamble, then the Circular's headings in their order, ending with the history."""
    sorn = builtin("sorn-a108")
    assert [s.id for s in sorn.sections] == [
        "preamble",
        "system_name_number",
        "security_classification",
        "system_location",
        "system_managers",
        "authority",
        "purposes",
        "categories_individuals",
        "categories_records",
        "record_sources",
        "routine_uses",
        "storage",
        "retrieval",
        "retention",
        "safeguards",
        "record_access",
        "contesting",
        "notification",
        "exemptions",
        "history",
    ]
    action = sorn.question("action")
    assert [o.value for o in action.options] == ["new", "modified", "rescindment"]


def test_the_dpia_rates_each_of_the_three_risks_on_the_same_scale() -> None:
    """Illegitimate access, unwanted modification and disappearance each have severity and likelihood."""
    dpia = builtin("gdpr-dpia")
    scale = ["negligible", "limited", "significant", "maximum"]
    for prefix in ("IA", "UM", "DD"):
        for number in (3, 4):
            question = dpia.question(f"{prefix}.{number}")
            assert [o.value for o in question.options] == scale
    assert [s.id for s in dpia.sections] == [
        "description",
        "necessity",
        "risk_access",
        "risk_modification",
        "risk_disappearance",
        "validation",
    ]
