"""Services of the PTA: fill it, submit it, have its determination proposed and
confirmed, and open the PIA or SORN it calls for."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    permission_allows,
    permission_require,
    pta_takes_part,
)
from privdocs.assessments.models import Determination, Requirement, ThresholdAnalysis
from privdocs.assessments.rules import Coverage, Proposal, determination_propose
from privdocs.audit.services import audit_record
from privdocs.core.errors import (
    IdentifierError,
    StepConflictError,
    StepInputError,
)
from privdocs.documents.identifiers import DocumentKind, parse_identifier
from privdocs.documents.models import DocumentSeries, DocumentVersion, Kind
from privdocs.documents.services.catalog import series_get_by_identifier
from privdocs.documents.services.workflow import draft_open_new, draft_open_update
from privdocs.inventory.models import System
from privdocs.questionnaires.definition import (
    TemplateDefinition,
    answers_errors,
    prefill_value,
)
from privdocs.questionnaires.selectors import (
    template_definition,
    template_get,
    template_get_current,
)

#: Names no identifier: the draft is not the asker's to open.
DRAFT_NOT_YOURS = (
    "The {kind} this determination calls for was already opened by other authors; "
    "ask them to let you take part."
)
#: An invitation to a PTA names someone who may not fill PTAs there.
NOT_A_PTA_COAUTHOR = (
    "{username} may not fill PTAs of {organization}: invite an author, a component "
    "privacy officer or an administrator of {organization}."
)
#: A PTA's determination holds for three years, then the PTA is re-certified.
PTA_VALID_YEARS = 3


class AssessmentError(StepConflictError):
    """A PTA or determination step that cannot be taken as the PTA stands."""


class AssessmentInputError(AssessmentError, StepInputError):
    """A PTA or determination step refused for what was asked (an answer, an
    identifier, a comment, a user name), named by ``where``."""


def _audit(actor: User, action: str, summary: str, obj: Any, **changes: Any) -> None:
    audit_record(
        action=action,
        summary=summary,
        actor=actor,
        object_type=f"assessments.{type(obj).__name__.lower()}",
        object_id=obj.pk,
        changes=changes,
    )


def pta_create(*, actor: User, system: System) -> ThresholdAnalysis:
    """Start a PTA for a system in the current PTA template."""
    permission_require(actor, Action.PTA_EDIT, organization=system.organization)
    template = template_get_current(kind=DocumentKind.PTA)
    with transaction.atomic():
        analysis = ThresholdAnalysis.objects.create(
            system=system,
            template_version=template.reference,
            author=actor,
            answers={"1.1": system.name},
        )
        analysis.participants.add(actor)
        _audit(actor, "pta.create", f"PTA started for {system}", analysis)
        return analysis


def pta_participant_add(
    *, actor: User, analysis: ThresholdAnalysis, user: User
) -> bool:
    """Invite a co-author to a PTA in draft: one of its authors names someone who
    may fill PTAs of the system's organization. The invited person may change it from
    then on, and may not confirm its determination. Returns False when they were
    already one of its authors."""
    organization = analysis.system.organization
    with transaction.atomic():
        analysis = ThresholdAnalysis.objects.select_for_update().get(pk=analysis.pk)
        permission_require(
            actor, Action.PTA_INVITE, organization=organization, analysis=analysis
        )
        if analysis.status != ThresholdAnalysis.Status.DRAFT:
            raise AssessmentError(
                "This PTA was submitted; co-authors are invited while it is a draft.",
                where=f"PTA {analysis.pk}",
            )
        if not permission_allows(user, Action.PTA_EDIT, organization=organization):
            raise AssessmentInputError(
                NOT_A_PTA_COAUTHOR.format(
                    username=user.get_username(), organization=organization.acronym
                ),
                where="username",
            )
        if pta_takes_part(user, analysis):
            return False
        analysis.participants.add(user)
        _audit(
            actor,
            "pta.participant_add",
            f"PTA for {analysis.system}: {user.get_username()} takes part",
            analysis,
            participant=user.get_username(),
        )
        return True


def _pta_definition(analysis: ThresholdAnalysis) -> TemplateDefinition:
    return template_definition(template_get(reference=analysis.template_version))


def pta_save(
    *, actor: User, analysis: ThresholdAnalysis, answers: Mapping[str, Any]
) -> ThresholdAnalysis:
    """Save answers of a PTA still in draft (answers not given stay as they were).

    Only the PTA's authors save it: whoever started it and those they invited."""
    organization = analysis.system.organization
    with transaction.atomic():
        analysis = ThresholdAnalysis.objects.select_for_update().get(pk=analysis.pk)
        permission_require(
            actor, Action.PTA_EDIT, organization=organization, analysis=analysis
        )
        if analysis.status != ThresholdAnalysis.Status.DRAFT:
            raise AssessmentError(
                "This PTA was submitted; start a new PTA to change its answers.",
                where=f"PTA {analysis.pk}",
            )
        definition = _pta_definition(analysis)
        known = {question.id for question in definition.questions()}
        unknown = sorted(set(answers) - known)
        if unknown:
            raise AssessmentInputError(
                f"The PTA has no question {', '.join(unknown)}.", where="answers"
            )
        errors = answers_errors(definition, answers, require_complete=False)
        if errors:
            first = sorted(errors)[0]
            raise AssessmentInputError(errors[first], where=f"question {first}")
        merged = {**analysis.answers, **answers}
        analysis.answers = {
            key: value for key, value in merged.items() if value not in ("", None, [])
        }
        analysis.save(update_fields=["answers", "updated_at"])
        analysis.participants.add(actor)
        _audit(
            actor,
            "pta.save",
            f"PTA for {analysis.system}: answers saved",
            analysis,
            questions=sorted(answers),
        )
        return analysis


def _coverage(text: Any, kind: DocumentKind) -> Coverage | None:
    """The document a PTA names as existing coverage, looked up in the registry."""
    if not isinstance(text, str) or not text.strip():
        return None
    try:
        identifier = parse_identifier(text.strip(), kind_hint=kind)
    except IdentifierError:
        return Coverage(identifier=text.strip(), series_id=None)
    series = series_get_by_identifier(identifier.series)
    return Coverage(
        identifier=str(identifier.series), series_id=series.pk if series else None
    )


def pta_propose(analysis: ThresholdAnalysis) -> Proposal:
    """What the rules propose for a PTA's answers (no database writes)."""
    return determination_propose(
        analysis.answers,
        pia_coverage=_coverage(analysis.answers.get("6.1"), DocumentKind.PIA),
        sorn_coverage=_coverage(analysis.answers.get("6.2"), DocumentKind.SORN),
    )


def pta_submit(*, actor: User, analysis: ThresholdAnalysis) -> Determination:
    """Submit a complete PTA; the rules propose its determination at once.

    Submitting twice returns the same determination. Only the PTA's authors submit it.
    """
    organization = analysis.system.organization
    with transaction.atomic():
        analysis = ThresholdAnalysis.objects.select_for_update().get(pk=analysis.pk)
        permission_require(
            actor, Action.PTA_EDIT, organization=organization, analysis=analysis
        )
        if analysis.status != ThresholdAnalysis.Status.DRAFT:
            return analysis.determination
        errors = answers_errors(
            _pta_definition(analysis), analysis.answers, require_complete=True
        )
        if errors:
            raise AssessmentError(
                f"{len(errors)} required answer(s) missing or invalid: "
                f"{', '.join(sorted(errors))}.",
                where=f"PTA {analysis.pk}",
            )
        proposal = pta_propose(analysis)
        analysis.status = ThresholdAnalysis.Status.SUBMITTED
        analysis.submitted_at = timezone.now()
        analysis.save(update_fields=["status", "submitted_at", "updated_at"])
        determination = Determination.objects.create(
            analysis=analysis,
            proposed=proposal.as_json(),
            privacy_sensitive=proposal.privacy_sensitive,
            pia=proposal.pia,
            pia_series_id=proposal.pia_series_id,
            pia_identifier=proposal.pia_identifier,
            sorn=proposal.sorn,
            sorn_series_id=proposal.sorn_series_id,
            sorn_identifier=proposal.sorn_identifier,
            flags=proposal.flags,
            reasons=proposal.reasons,
        )
        _audit(
            actor,
            "pta.submit",
            f"PTA for {analysis.system} submitted; "
            f"proposed PIA {proposal.pia}, SORN {proposal.sorn}",
            analysis,
            proposal=proposal.as_json(),
        )
        return determination


def _series_for(identifier: str, kind: DocumentKind) -> DocumentSeries | None:
    if not identifier:
        return None
    try:
        parsed = parse_identifier(identifier, kind_hint=kind)
    except IdentifierError as error:
        raise AssessmentInputError(str(error), where=f"{kind} identifier") from error
    return series_get_by_identifier(parsed.series)


def determination_confirm(
    *,
    actor: User,
    determination: Determination,
    comment: str = "",
    privacy_sensitive: bool | None = None,
    pia: Requirement | None = None,
    pia_identifier: str | None = None,
    sorn: Requirement | None = None,
    sorn_identifier: str | None = None,
    flags: list[str] | None = None,
) -> Determination:
    """The privacy officer confirms the proposal, or overrides parts of it (a comment
    then says why). Nobody confirms the determination of a PTA they are an author
    of (started, saved answers of, or were invited to)."""
    analysis = determination.analysis
    permission_require(
        actor,
        Action.DETERMINATION_CONFIRM,
        organization=analysis.system.organization,
        analysis=analysis,
    )
    with transaction.atomic():
        Determination.objects.select_for_update().filter(pk=determination.pk).first()
        determination.refresh_from_db()
        if determination.confirmed_at is not None:
            return determination
        before = _decision(determination)
        if privacy_sensitive is not None:
            determination.privacy_sensitive = privacy_sensitive
        for field, value in (("pia", pia), ("sorn", sorn)):
            if value is not None:
                setattr(determination, field, Requirement(value))
        for field, identifier, kind in (
            ("pia", pia_identifier, DocumentKind.PIA),
            ("sorn", sorn_identifier, DocumentKind.SORN),
        ):
            if identifier is not None:
                setattr(determination, f"{field}_identifier", identifier.strip())
                setattr(
                    determination,
                    f"{field}_series",
                    _series_for(identifier.strip(), kind),
                )
        if flags is not None:
            determination.flags = sorted(set(flags))
        for field, label in (("pia", "PIA"), ("sorn", "SORN")):
            needs_series = getattr(determination, field) in (
                Requirement.UPDATE,
                Requirement.COVERED,
            )
            if needs_series and not getattr(determination, f"{field}_identifier"):
                raise AssessmentInputError(
                    f"An update or coverage names the existing {label}.",
                    where=f"{field}_identifier",
                )
        determination.overridden = _decision(determination) != before
        if determination.overridden and not comment.strip():
            raise AssessmentInputError(
                "Say why you override the proposal: a comment is required.",
                where="comment",
            )
        determination.comment = comment.strip()
        determination.officer = actor
        determination.confirmed_at = timezone.now()
        determination.expires_on = _years_later(timezone.localdate(), PTA_VALID_YEARS)
        determination.save()
        analysis.status = ThresholdAnalysis.Status.DETERMINED
        analysis.save(update_fields=["status", "updated_at"])
        _audit(
            actor,
            "determination.confirm",
            f"Determination on {analysis.system}: PIA {determination.pia}, "
            f"SORN {determination.sorn}"
            + (" (overridden)" if determination.overridden else ""),
            determination,
            before=before,
            after=_decision(determination),
            comment=comment,
        )
        return determination


def _decision(determination: Determination) -> dict[str, Any]:
    return {
        "privacy_sensitive": determination.privacy_sensitive,
        "pia": str(determination.pia),
        "pia_identifier": determination.pia_identifier,
        "sorn": str(determination.sorn),
        "sorn_identifier": determination.sorn_identifier,
        "flags": sorted(determination.flags),
    }


def _years_later(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _prefill(
    definition: TemplateDefinition, analysis: ThresholdAnalysis
) -> dict[str, Any]:
    """Answers of a new document taken from the PTA, as its template asks (``pta:2.3``)."""
    pta = _pta_definition(analysis)
    answers: dict[str, Any] = {}
    for question in definition.questions():
        source = question.prefill_source
        if source is None or source[0] != "pta":
            continue
        value = prefill_value(
            question, pta.question(source[1]), analysis.answers.get(source[1])
        )
        if value is not None:
            answers[question.id] = value
    return answers


def determination_open_draft(
    *, actor: User, determination: Determination, kind: Kind
) -> DocumentVersion:
    """Open the PIA or SORN a confirmed determination calls for, pre-filled from the
    PTA (and from the series' latest version for an update). Asking twice returns
    the draft already opened."""
    permission_require(
        actor,
        Action.DRAFT_OPEN,
        organization=determination.analysis.system.organization,
    )
    if determination.confirmed_at is None:
        raise AssessmentError("Confirm the determination before opening a document.")
    if kind not in (Kind.PIA, Kind.SORN):
        raise AssessmentError(f"A determination opens a PIA or a SORN, not a {kind}.")
    field = "pia" if kind == Kind.PIA else "sorn"
    with transaction.atomic():
        # The determination's row is the lock: two people asking at once get one
        # draft, the second finding the first's instead of taking another number.
        Determination.objects.select_for_update().filter(pk=determination.pk).first()
        determination.refresh_from_db()
        existing: DocumentVersion | None = getattr(determination, f"{field}_version")
        if existing is not None:
            # Handed back only to those who may see it (not to another author).
            if not permission_allows(
                actor,
                Action.VERSION_VIEW,
                organization=existing.series.organization,
                version=existing,
            ):
                raise PermissionDeniedError(DRAFT_NOT_YOURS.format(kind=kind))
            return existing
        version = _draft_for(actor, determination, kind)
        setattr(determination, f"{field}_version", version)
        determination.save(update_fields=[f"{field}_version"])
    return version


def _draft_for(
    actor: User, determination: Determination, kind: Kind
) -> DocumentVersion:
    """Open the draft the determination's requirement for ``kind`` calls for."""
    field = "pia" if kind == Kind.PIA else "sorn"
    requirement = getattr(determination, field)
    analysis = determination.analysis
    system = analysis.system
    template = template_get_current(kind=kind)
    definition = template_definition(template)
    prefill = _prefill(definition, analysis)
    if requirement == Requirement.NEW:
        name = str(analysis.answers.get("1.1") or system.name)
        title = (
            name if kind == Kind.SORN else f"Privacy Impact Assessment for the {name}"
        )
        return draft_open_new(
            actor=actor,
            organization=system.organization,
            kind=kind,
            title=title,
            template_reference=template.reference,
            system=system,
            answers=prefill,
        )
    if requirement == Requirement.UPDATE:
        series = getattr(determination, f"{field}_series")
        if series is None:
            raise AssessmentError(
                f"{getattr(determination, f'{field}_identifier')} is not in the registry; "
                "import it before opening its update."
            )
        version = draft_open_update(
            actor=actor,
            series=series,
            template_reference=template.reference,
            answers=prefill,
        )
        # The draft proposes the coverage; the series takes it on publication.
        version.proposed_systems.add(system)
        return version
    raise AssessmentError(
        f"The determination says the {kind} is {Requirement(requirement).label.lower()}: "
        "there is nothing to draft."
    )
