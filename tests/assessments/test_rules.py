"""Each determination rule, tested on the trigger it covers (no database)."""

from __future__ import annotations

from typing import Any

import pytest

from privdocs.assessments.models import Requirement
from privdocs.assessments.rules import (
    RULES,
    Coverage,
    Flag,
    determination_propose,
    rule_change_triggers,
    rule_collects_pii,
    rule_computer_matching,
    rule_modification,
    rule_no_pii,
    rule_paperwork_reduction,
    rule_privacy_act_statement,
    rule_records_schedule,
    rule_retrieval_by_identifier,
    rule_sensitive_identifiers,
    rule_sensitive_technology,
    rule_sharing_outside,
)

#: A new system that collects names and addresses of the public, nothing else.
BASE: dict[str, Any] = {
    "1.1": "Harbor Visitor Log",
    "1.3": "it_system",
    "1.4": "new",
    "1.5": "Logs visitors to harbor facilities.",
    "2.1": True,
    "2.2": ["public"],
    "2.3": ["name", "address"],
    "2.8": False,
    "5.1": True,
}


def answers(**changes: Any) -> dict[str, Any]:
    """BASE with some answers changed; keys are question ids with '_' for '.'."""
    result = dict(BASE)
    result.update({key.replace("_", "."): value for key, value in changes.items()})
    return result


class TestEachTrigger:
    def test_trigger_no_pii_makes_a_system_not_privacy_sensitive(self) -> None:
        """Trigger: no PII at all — not privacy-sensitive, no PIA, no SORN."""
        given = answers(**{"2_1": False, "2_2": [], "2_3": []})
        finding = rule_no_pii(given)
        assert finding is not None and finding.privacy_sensitive is False
        assert rule_collects_pii(given) is None
        proposal = determination_propose(given)
        assert (proposal.privacy_sensitive, proposal.pia, proposal.sorn) == (
            False,
            Requirement.NONE,
            Requirement.NONE,
        )

    def test_trigger_pii_collected_requires_a_pia(self) -> None:
        """Trigger: PII collected (E-Gov Act §208) — privacy-sensitive, new PIA."""
        finding = rule_collects_pii(answers())
        assert finding is not None and finding.pia_needed
        assert "public" in finding.reason
        assert rule_no_pii(answers()) is None
        assert determination_propose(answers()).pia == Requirement.NEW

    def test_trigger_ssn_without_authority_is_flagged(self) -> None:
        """Trigger: SSN collected — sensitive; without a legal authority, flagged."""
        finding = rule_sensitive_identifiers(answers(**{"2_4": True}))
        assert finding is not None and "SSN" in finding.reason
        assert finding.flags == {Flag.SSN_AUTHORITY}
        with_authority = rule_sensitive_identifiers(
            answers(**{"2_4": True, "2_6": "8 U.S.C. 1103"})
        )
        assert with_authority is not None and with_authority.flags == frozenset()

    def test_trigger_stand_alone_sensitive_pii_counts_as_pii(self) -> None:
        """Trigger: an A-Number alone, even with 2.1 answered no, makes it sensitive."""
        given = answers(**{"2_1": False, "2_5": ["a_number"]})
        finding = rule_sensitive_identifiers(given)
        assert finding is not None and "a_number" in finding.reason
        assert determination_propose(given).privacy_sensitive is True

    def test_trigger_sensitive_technology_with_pii(self) -> None:
        """Trigger: technology handling PII (DHS) — license plate readers need a PIA."""
        finding = rule_sensitive_technology(
            answers(**{"3_1": ["license_plate_readers"]})
        )
        assert finding is not None and "license_plate_readers" in finding.reason
        assert rule_sensitive_technology(answers(**{"3_1": ["cloud"]})) is None
        no_pii = answers(**{"2_1": False, "3_1": ["cctv"]})
        assert rule_sensitive_technology(no_pii) is None

    def test_trigger_m_03_22_change_makes_an_update(self) -> None:
        """Trigger: OMB M-03-22 change (commercial sources) — update of the named PIA."""
        given = answers(**{"1_4": "operational", "6_3": ["commercial_sources"]})
        finding = rule_change_triggers(given)
        assert finding is not None and finding.pia_change and finding.sorn_change
        assert "commercial" in finding.reason
        proposal = determination_propose(
            given, pia_coverage=Coverage("DHS/ICE/PIA-039", series_id=7)
        )
        assert proposal.pia == Requirement.UPDATE
        assert (proposal.pia_identifier, proposal.pia_series_id) == (
            "DHS/ICE/PIA-039",
            7,
        )

    def test_trigger_existing_pia_without_change_covers(self) -> None:
        """Trigger: an existing PIA named, nothing changed — covered by it."""
        given = answers(**{"1_4": "operational"})
        proposal = determination_propose(
            given, pia_coverage=Coverage("DHS/ICE/PIA-015", series_id=None)
        )
        assert proposal.pia == Requirement.COVERED
        assert any(reason["rule"] == "coverage" for reason in proposal.reasons)

    def test_trigger_modification_of_a_system(self) -> None:
        """Trigger: a modification of a system with PII is named in the reasons."""
        finding = rule_modification(
            answers(**{"1_4": "modification", "1_6": "a new mobile intake form"})
        )
        assert finding is not None and "mobile intake form" in finding.reason
        assert rule_modification(answers()) is None

    def test_trigger_sharing_outside_the_agency(self) -> None:
        """Trigger: PII shared outside the agency — a PIA describes the sharing."""
        finding = rule_sharing_outside(answers(**{"4_2": True, "4_3": "state police"}))
        assert finding is not None and "state police" in finding.reason
        assert rule_sharing_outside(answers(**{"4_2": False})) is None

    def test_trigger_retrieval_by_identifier_requires_a_sorn(self) -> None:
        """Trigger: Privacy Act system of records — retrieval by name needs a SORN."""
        given = answers(**{"2_8": True})
        assert rule_retrieval_by_identifier(given) is not None
        assert determination_propose(given).sorn == Requirement.NEW
        covered = determination_propose(
            given, sorn_coverage=Coverage("DHS/ICE-011", series_id=None)
        )
        assert covered.sorn == Requirement.COVERED
        changed = determination_propose(
            answers(**{"2_8": True, "6_3": ["new_pii_kinds"]}),
            sorn_coverage=Coverage("DHS/ICE-011", series_id=None),
        )
        assert changed.sorn == Requirement.UPDATE

    def test_trigger_privacy_act_statement_on_direct_collection(self) -> None:
        """Trigger: 552a(e)(3) — a web form into a system of records owes a statement."""
        finding = rule_privacy_act_statement(
            answers(**{"2_8": True, "2_7": ["web_form"]})
        )
        assert finding is not None and finding.flags == {Flag.PRIVACY_ACT_STATEMENT}
        automatic = answers(**{"2_8": True, "2_7": ["automatic"]})
        assert rule_privacy_act_statement(automatic) is None

    def test_trigger_no_records_schedule(self) -> None:
        """Trigger: PII kept with no NARA schedule — the records schedule flag."""
        finding = rule_records_schedule(answers(**{"5_1": False}))
        assert finding is not None and finding.flags == {Flag.RECORDS_SCHEDULE}
        assert rule_records_schedule(answers(**{"5_1": True})) is None

    def test_trigger_paperwork_reduction_act(self) -> None:
        """Trigger: a public form without an OMB control number — PRA clearance."""
        finding = rule_paperwork_reduction(answers(**{"5_3": True}))
        assert finding is not None
        assert (
            rule_paperwork_reduction(answers(**{"5_3": True, "5_4": "1653-0051"}))
            is None
        )

    def test_trigger_computer_matching(self) -> None:
        """Trigger: computer matching (552a(o)) — a Computer Matching Agreement."""
        finding = rule_computer_matching(answers(**{"4_4": True}))
        assert finding is not None and finding.flags == {Flag.COMPUTER_MATCHING}


def test_every_rule_has_a_test_naming_its_trigger() -> None:
    """Each rule in RULES is imported and exercised above (the list cannot drift)."""
    tested = {
        name
        for name, value in globals().items()
        if name.startswith("rule_") and callable(value)
    }
    assert {rule.__name__ for rule in RULES} == tested


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_rules_ignore_empty_answers(rule: Any) -> None:
    """An empty PTA raises no finding except 'no PII' (nothing is assumed)."""
    finding = rule({})
    assert finding is None or finding.rule == "rule_no_pii"


def test_proposal_lists_reasons_in_rule_order_and_sorted_flags() -> None:
    """The proposal keeps each finding's reason and the union of flags."""
    given = answers(**{"2_8": True, "2_7": ["paper"], "5_1": False, "4_4": True})
    proposal = determination_propose(given)
    rules = [reason["rule"] for reason in proposal.reasons]
    assert rules == sorted(rules, key=[rule.__name__ for rule in RULES].index)
    assert proposal.flags == sorted(
        [Flag.COMPUTER_MATCHING, Flag.PRIVACY_ACT_STATEMENT, Flag.RECORDS_SCHEDULE]
    )
    assert proposal.as_json()["sorn"] == "new"
