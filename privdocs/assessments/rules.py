"""The determination rules: one small named function per trigger, each tested.

Each rule reads the PTA's answers (by the question ids of the DHS PTA template)
and says what it finds, with the trigger it covers and the reason in words a
program owner can read. ``determination_propose`` runs them all and combines
the findings into a proposal the privacy officer confirms or overrides.

The triggers are those of the E-Government Act §208 and OMB M-03-22 (when a PIA
or an update is needed), DHS guidance (new technology handling PII), and the
Privacy Act (a SORN when records are retrieved by a personal identifier).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from privdocs.assessments.models import Requirement

Answers = Mapping[str, Any]

#: Technologies that DHS treats as raising privacy risk whenever PII is involved.
SENSITIVE_TECHNOLOGIES = frozenset(
    {
        "cctv",
        "biometrics",
        "social_media",
        "mobile_app",
        "commercial_data",
        "license_plate_readers",
        "facial_recognition",
    }
)
#: The M-03-22 changes (PTA question 6.3) that call for an update of a PIA.
PIA_CHANGE_TRIGGERS: Mapping[str, str] = {
    "conversion": "conversion of paper records to electronic form",
    "anonymous_to_identifiable": "anonymous information made identifiable",
    "significant_management_change": "significant change in how the system is managed",
    "merging": "databases merged, centralized or matched",
    "new_public_access": "new access for the public (authentication)",
    "commercial_sources": "commercial or public sources incorporated",
    "new_interagency_use": "new uses shared with other agencies",
    "internal_flow_change": "internal flow or collection changed",
    "new_pii_kinds": "new kinds of PII collected",
    "new_technology": "new technology handling PII",
}
#: The changes that also alter a system of records (its categories, uses or sources).
SORN_CHANGE_TRIGGERS = frozenset(
    {
        "new_pii_kinds",
        "new_interagency_use",
        "internal_flow_change",
        "merging",
        "commercial_sources",
    }
)
#: Ways of collecting straight from the individual (a Privacy Act statement is owed).
DIRECT_COLLECTION = frozenset({"paper", "fillable_pdf", "web_form", "interview"})


class Flag:
    """Other obligations a determination can name."""

    PRIVACY_ACT_STATEMENT = "privacy_act_statement"
    RECORDS_SCHEDULE = "records_schedule"
    PAPERWORK_REDUCTION_ACT = "paperwork_reduction_act"
    COMPUTER_MATCHING = "computer_matching_agreement"
    SSN_AUTHORITY = "ssn_authority"


FLAG_LABELS: Mapping[str, str] = {
    Flag.PRIVACY_ACT_STATEMENT: "Privacy Act statement required (5 U.S.C. 552a(e)(3))",
    Flag.RECORDS_SCHEDULE: "Records schedule needed (NARA)",
    Flag.PAPERWORK_REDUCTION_ACT: "Paperwork Reduction Act clearance may be needed",
    Flag.COMPUTER_MATCHING: "Computer Matching Agreement required",
    Flag.SSN_AUTHORITY: "Legal authority for collecting the SSN must be named",
}


@dataclass(frozen=True)
class Finding:
    """What one rule found: the trigger it covers and what follows from it."""

    rule: str
    trigger: str
    reason: str
    privacy_sensitive: bool | None = None
    pia_needed: bool = False
    sorn_needed: bool = False
    pia_change: bool = False
    sorn_change: bool = False
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Coverage:
    """A document the PTA names as already covering the system (question 6.1/6.2)."""

    identifier: str
    series_id: int | None


@dataclass
class Proposal:
    """The combined findings: what the privacy officer is asked to confirm."""

    privacy_sensitive: bool
    pia: Requirement
    pia_identifier: str = ""
    pia_series_id: int | None = None
    sorn: Requirement = Requirement.NONE
    sorn_identifier: str = ""
    sorn_series_id: int | None = None
    flags: list[str] = field(default_factory=list)
    reasons: list[dict[str, str]] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The proposal as stored with the determination."""
        return {
            "privacy_sensitive": self.privacy_sensitive,
            "pia": self.pia.value,
            "pia_identifier": self.pia_identifier,
            "sorn": self.sorn.value,
            "sorn_identifier": self.sorn_identifier,
            "flags": self.flags,
            "reasons": self.reasons,
        }


def _yes(answers: Answers, question_id: str) -> bool:
    return answers.get(question_id) is True


def _chosen(answers: Answers, question_id: str) -> set[str]:
    value = answers.get(question_id)
    return {str(item) for item in value} if isinstance(value, list) else set()


def _collects_pii(answers: Answers) -> bool:
    return _yes(answers, "2.1") or _yes(answers, "2.4") or bool(_chosen(answers, "2.5"))


def rule_no_pii(answers: Answers) -> Finding | None:
    """No PII at all: not privacy-sensitive, the PTA suffices."""
    if _collects_pii(answers):
        return None
    return Finding(
        rule="rule_no_pii",
        trigger="No personally identifiable information",
        reason="The PTA says the system collects no PII, SSN or other sensitive identifier.",
        privacy_sensitive=False,
    )


def rule_collects_pii(answers: Answers) -> Finding | None:
    """PII collected or maintained: privacy-sensitive, a PIA is required (E-Gov Act §208)."""
    if not _collects_pii(answers):
        return None
    whom = ", ".join(sorted(_chosen(answers, "2.2"))) or "individuals"
    return Finding(
        rule="rule_collects_pii",
        trigger="PII collected (E-Government Act §208)",
        reason=f"The system collects PII about {whom}.",
        privacy_sensitive=True,
        pia_needed=True,
    )


def rule_sensitive_identifiers(answers: Answers) -> Finding | None:
    """SSN or other stand-alone sensitive PII: privacy-sensitive; the SSN needs an authority."""
    sensitive = sorted(_chosen(answers, "2.5"))
    ssn = _yes(answers, "2.4")
    if not ssn and not sensitive:
        return None
    named = (["SSN"] if ssn else []) + sensitive
    flags = (
        frozenset({Flag.SSN_AUTHORITY})
        if ssn and not str(answers.get("2.6", "")).strip()
        else frozenset()
    )
    return Finding(
        rule="rule_sensitive_identifiers",
        trigger="Sensitive PII (SSN or stand-alone identifiers)",
        reason=f"The system holds stand-alone sensitive PII: {', '.join(named)}.",
        privacy_sensitive=True,
        pia_needed=True,
        flags=flags,
    )


def rule_sensitive_technology(answers: Answers) -> Finding | None:
    """A technology that DHS treats as privacy-sensitive, used with PII: a PIA is required."""
    used = sorted(_chosen(answers, "3.1") & SENSITIVE_TECHNOLOGIES)
    new_technology = _yes(answers, "3.2")
    if not _collects_pii(answers) or not (used or new_technology):
        return None
    named = ", ".join(used) if used else "a new technology"
    return Finding(
        rule="rule_sensitive_technology",
        trigger="Technology handling PII (DHS guidance)",
        reason=f"The system uses {named} with PII.",
        privacy_sensitive=True,
        pia_needed=True,
        pia_change=new_technology,
    )


def rule_change_triggers(answers: Answers) -> Finding | None:
    """Changes named in 6.3 (the OMB M-03-22 triggers): an existing PIA must be updated."""
    changes = [key for key in PIA_CHANGE_TRIGGERS if key in _chosen(answers, "6.3")]
    if not changes or not _collects_pii(answers):
        return None
    described = "; ".join(PIA_CHANGE_TRIGGERS[key] for key in changes)
    return Finding(
        rule="rule_change_triggers",
        trigger="Change to a system with PII (OMB M-03-22)",
        reason=f"Changes since the last PIA: {described}.",
        privacy_sensitive=True,
        pia_needed=True,
        pia_change=True,
        sorn_change=bool(SORN_CHANGE_TRIGGERS.intersection(changes)),
    )


def rule_modification(answers: Answers) -> Finding | None:
    """A system under modification that holds PII: its PIA is looked at again."""
    if answers.get("1.4") != "modification" or not _collects_pii(answers):
        return None
    what = str(answers.get("1.6", "")).strip() or "a modification (not described)"
    return Finding(
        rule="rule_modification",
        trigger="Modification of an existing system with PII",
        reason=f"The PTA reports {what}.",
        privacy_sensitive=True,
        pia_needed=True,
        pia_change=bool(_chosen(answers, "6.3")),
    )


def rule_sharing_outside(answers: Answers) -> Finding | None:
    """PII shared outside the agency: a PIA must describe it (section 6.0)."""
    if not _yes(answers, "4.2") or not _collects_pii(answers):
        return None
    return Finding(
        rule="rule_sharing_outside",
        trigger="PII shared outside the agency",
        reason="PII is shared outside the agency"
        + (f" ({answers['4.3']})." if answers.get("4.3") else "."),
        privacy_sensitive=True,
        pia_needed=True,
    )


def rule_retrieval_by_identifier(answers: Answers) -> Finding | None:
    """Records retrieved by a name or personal identifier: a SORN (Privacy Act (a)(5))."""
    if not _yes(answers, "2.8"):
        return None
    return Finding(
        rule="rule_retrieval_by_identifier",
        trigger="System of records (Privacy Act, 5 U.S.C. 552a(a)(5))",
        reason="Records are retrieved by a name or other personal identifier.",
        privacy_sensitive=True,
        sorn_needed=True,
        sorn_change=bool(SORN_CHANGE_TRIGGERS & _chosen(answers, "6.3")),
    )


def rule_privacy_act_statement(answers: Answers) -> Finding | None:
    """Collected from the individual into a system of records: a Privacy Act statement."""
    direct = sorted(_chosen(answers, "2.7") & DIRECT_COLLECTION)
    if not _yes(answers, "2.8") or not direct:
        return None
    return Finding(
        rule="rule_privacy_act_statement",
        trigger="Collection from individuals into a system of records (552a(e)(3))",
        reason=f"Information is collected from the individual ({', '.join(direct)}).",
        flags=frozenset({Flag.PRIVACY_ACT_STATEMENT}),
    )


def rule_records_schedule(answers: Answers) -> Finding | None:
    """PII kept without a NARA-approved retention schedule: a schedule is needed."""
    if not _collects_pii(answers) or answers.get("5.1") is not False:
        return None
    return Finding(
        rule="rule_records_schedule",
        trigger="No approved records retention schedule",
        reason="The PTA says no NARA-approved retention schedule covers the records.",
        flags=frozenset({Flag.RECORDS_SCHEDULE}),
    )


def rule_paperwork_reduction(answers: Answers) -> Finding | None:
    """A form put to ten or more members of the public without an OMB control number."""
    if not _yes(answers, "5.3") or str(answers.get("5.4", "")).strip():
        return None
    return Finding(
        rule="rule_paperwork_reduction",
        trigger="Information collection from the public (Paperwork Reduction Act)",
        reason="The system collects from ten or more members of the public and "
        "names no OMB control number.",
        flags=frozenset({Flag.PAPERWORK_REDUCTION_ACT}),
    )


def rule_computer_matching(answers: Answers) -> Finding | None:
    """Records matched with another agency's: a Computer Matching Agreement."""
    if not _yes(answers, "4.4"):
        return None
    return Finding(
        rule="rule_computer_matching",
        trigger="Computer matching program (5 U.S.C. 552a(o))",
        reason="Records are matched by computer with another agency's records.",
        flags=frozenset({Flag.COMPUTER_MATCHING}),
    )


Rule = Callable[[Answers], Finding | None]

#: Every rule, in the order their reasons are shown.
RULES: tuple[Rule, ...] = (
    rule_no_pii,
    rule_collects_pii,
    rule_sensitive_identifiers,
    rule_sensitive_technology,
    rule_change_triggers,
    rule_modification,
    rule_sharing_outside,
    rule_retrieval_by_identifier,
    rule_privacy_act_statement,
    rule_records_schedule,
    rule_paperwork_reduction,
    rule_computer_matching,
)


def _requirement(
    *, needed: bool, change: bool, coverage: Coverage | None, new_system: bool
) -> Requirement:
    """New, update, covered or none, from the findings and the named coverage."""
    if not needed:
        return Requirement.NONE
    if coverage is None:
        return Requirement.NEW
    if change or new_system:
        return Requirement.UPDATE
    return Requirement.COVERED


def determination_propose(
    answers: Answers,
    *,
    pia_coverage: Coverage | None = None,
    sorn_coverage: Coverage | None = None,
) -> Proposal:
    """Run every rule on the answers and combine their findings into a proposal."""
    findings = [finding for rule in RULES if (finding := rule(answers)) is not None]
    sensitive = any(finding.privacy_sensitive for finding in findings)
    new_system = answers.get("1.4") == "new"
    pia = _requirement(
        needed=sensitive and any(finding.pia_needed for finding in findings),
        change=any(finding.pia_change for finding in findings),
        coverage=pia_coverage,
        new_system=new_system,
    )
    sorn = _requirement(
        needed=any(finding.sorn_needed for finding in findings),
        change=any(finding.sorn_change for finding in findings),
        coverage=sorn_coverage,
        new_system=False,
    )
    flags = sorted({flag for finding in findings for flag in finding.flags})
    reasons = [
        {"rule": finding.rule, "trigger": finding.trigger, "reason": finding.reason}
        for finding in findings
    ]
    for label, requirement, coverage in (
        ("PIA", pia, pia_coverage),
        ("SORN", sorn, sorn_coverage),
    ):
        if coverage is not None and requirement in (
            Requirement.UPDATE,
            Requirement.COVERED,
        ):
            reasons.append(
                {
                    "rule": "coverage",
                    "trigger": f"Existing {label} named",
                    "reason": f"The PTA names {coverage.identifier} as the existing {label}.",
                }
            )
    return Proposal(
        privacy_sensitive=sensitive,
        pia=pia,
        pia_identifier=pia_coverage.identifier if pia_coverage else "",
        pia_series_id=pia_coverage.series_id if pia_coverage else None,
        sorn=sorn,
        sorn_identifier=sorn_coverage.identifier if sorn_coverage else "",
        sorn_series_id=sorn_coverage.series_id if sorn_coverage else None,
        flags=flags,
        reasons=reasons,
    )
