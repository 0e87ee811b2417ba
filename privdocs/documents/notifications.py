"""E-mail to the people a workflow step concerns (Django's mail backends send it)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

from privdocs.access.models import Membership, Role
from privdocs.access.permissions import organization_lineage
from privdocs.documents.models import DocumentVersion, Status, Transition
from privdocs.inventory.models import Organization

if TYPE_CHECKING:
    from privdocs.assessments.models import Determination

#: Which step mails whom: the role that acts next, or the authors.
NEXT_ROLE = {
    Status.COMPONENT_REVIEW: Role.REVIEWER,
    Status.DEPARTMENT_REVIEW: Role.APPROVER,
    Status.APPROVED: Role.APPROVER,
}


def _addresses_of_role(organization: Organization, role: Role) -> set[str]:
    lineage = [org.pk for org in organization_lineage(organization)]
    return set(
        Membership.objects.filter(organization_id__in=lineage, role=role)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )


def _addresses_of_participants(version: DocumentVersion) -> set[str]:
    return set(version.participants.exclude(email="").values_list("email", flat=True))


def _send(template: str, context: dict[str, object], recipients: Iterable[str]) -> int:
    to = sorted(set(recipients))
    if not to:
        return 0
    context = {**context, "base_url": settings.PRIVDOCS_BASE_URL}
    subject = " ".join(
        render_to_string(f"documents/email/{template}-subject.txt", context).split()
    )
    body = render_to_string(f"documents/email/{template}-body.txt", context)
    message = EmailMultiAlternatives(subject, body, to=to)
    return message.send()


def notify_transition(transition_id: int) -> int:
    """Mail the people the step concerns: those who act next, and the authors."""
    transition = Transition.objects.select_related(
        "version__series__organization", "actor"
    ).get(pk=transition_id)
    version = transition.version
    organization = version.series.organization
    recipients = _addresses_of_participants(version)
    role = NEXT_ROLE.get(Status(transition.to_status))
    if role is not None:
        recipients |= _addresses_of_role(organization, role)
    actor_email = transition.actor.email if transition.actor else ""
    recipients.discard(actor_email)
    return _send(
        "transition",
        {
            "version": version,
            "transition": transition,
            "from_label": Status(transition.from_status).label,
            "to_label": Status(transition.to_status).label,
        },
        recipients,
    )


def notify_review_due(version: DocumentVersion, *, today: datetime.date) -> int:
    """Remind the authors and the component privacy officers of a periodic review."""
    organization = version.series.organization
    recipients = _addresses_of_participants(version) | _addresses_of_role(
        organization, Role.REVIEWER
    )
    overdue = version.next_review_on is not None and version.next_review_on < today
    return _send(
        "review-due",
        {"version": version, "overdue": overdue, "today": today},
        recipients,
    )


def notify_recertification_due(
    determination: Determination, *, today: datetime.date
) -> int:
    """Remind the PTA's author and the component privacy officers that the PTA must
    be re-certified (filled again) before its determination expires."""
    analysis = determination.analysis
    recipients = _addresses_of_role(analysis.system.organization, Role.REVIEWER)
    if analysis.author is not None and analysis.author.email:
        recipients.add(analysis.author.email)
    expired = determination.expires_on is not None and determination.expires_on < today
    return _send(
        "pta-due",
        {"determination": determination, "system": analysis.system, "expired": expired},
        recipients,
    )
