"""The workflow's steps, defined once: from which statuses each is taken and with
which right, the status it moves to, the text it takes, its button, and whether it
mails and refreshes the search index.

The steps the workspace offers (pages and API) are computed from this table
(``version_steps_allowed``), and so are the page's buttons and the roles a version
waits for; the services, the API's endpoints and the e-mail's role map are checked
against it by tests/documents/test_steps.py.
"""

from __future__ import annotations

from dataclasses import dataclass

from privdocs.access.models import Role
from privdocs.access.permissions import (
    ROLES_ALLOWED,
    Action,
    AnyUser,
    permission_allows,
)
from privdocs.documents.models import DocumentVersion, Status


@dataclass(frozen=True)
class Step:
    """One step of a version's workflow."""

    #: The step's name in URLs, the API's ``allowed`` and the audit log
    #: (``version.<name>``).
    name: str
    #: Each status the step is taken from, with the right it takes there (a return is
    #: a review in component review and an approver's refusal in department review).
    rules: tuple[tuple[Status, Action], ...]
    #: The status it moves the version to; None for a step that moves none.
    to_status: Status | None = None
    #: The button of the document page; "" for steps taken on other screens (the
    #: editor, the review page, the People and Discard forms).
    label: str = ""
    #: What the page says once the step is taken.
    done: str = ""
    #: The text the step takes ("comment", "reason"), and whether it is required.
    text: str = ""
    text_required: bool = False
    #: Whether the step mails those it concerns, and refreshes the search index.
    mails: bool = False
    reindex: bool = False
    #: Whether a version in a from-status waits for whoever may take this step (the
    #: dashboard's "Awaiting you", and the mail of the step that led there).
    awaited: bool = False

    @property
    def from_statuses(self) -> tuple[Status, ...]:
        """The statuses the step is taken from."""
        return tuple(status for status, _action in self.rules)

    @property
    def actions(self) -> frozenset[Action]:
        """The rights the step takes, in any status."""
        return frozenset(action for _status, action in self.rules)

    @property
    def needs(self) -> str:
        """The text the step's form requires ("" when none)."""
        return self.text if self.text_required else ""

    @property
    def optional_comment(self) -> bool:
        """Whether the step's form offers a comment that may stay empty."""
        return self.text == "comment" and not self.text_required


S = Status
STEPS: tuple[Step, ...] = (
    Step("edit", ((S.DRAFT, Action.VERSION_EDIT),)),
    Step("invite", ((S.DRAFT, Action.VERSION_INVITE),)),
    Step(
        "submit",
        ((S.DRAFT, Action.VERSION_SUBMIT),),
        to_status=S.COMPONENT_REVIEW,
        label="Submit for review",
        done="Submitted for component review.",
        mails=True,
    ),
    Step("comment", tuple((status, Action.VERSION_COMMENT) for status in Status)),
    Step(
        "forward",
        ((S.COMPONENT_REVIEW, Action.VERSION_REVIEW),),
        to_status=S.DEPARTMENT_REVIEW,
        label="Forward to department review",
        done="Forwarded to department review.",
        text="comment",
        mails=True,
        awaited=True,
    ),
    Step(
        "approve",
        ((S.DEPARTMENT_REVIEW, Action.VERSION_APPROVE),),
        to_status=S.APPROVED,
        label="Approve",
        done="Approved.",
        text="comment",
        mails=True,
        awaited=True,
    ),
    Step(
        "return",
        (
            (S.COMPONENT_REVIEW, Action.VERSION_REVIEW),
            (S.DEPARTMENT_REVIEW, Action.VERSION_APPROVE),
        ),
        to_status=S.DRAFT,
        label="Return to the authors",
        done="Returned to the authors with your comment.",
        text="comment",
        text_required=True,
        mails=True,
    ),
    Step(
        "publish",
        ((S.APPROVED, Action.VERSION_PUBLISH),),
        to_status=S.PUBLISHED,
        label="Publish",
        done="Published: the reading room shows it now.",
        mails=True,
        reindex=True,
        awaited=True,
    ),
    Step(
        "retire",
        ((S.PUBLISHED, Action.VERSION_RETIRE),),
        to_status=S.RETIRED,
        label="Retire",
        done="Retired.",
        text="reason",
        text_required=True,
        mails=True,
        reindex=True,
    ),
    Step("discard", ((S.DRAFT, Action.VERSION_DISCARD),)),
)
STEPS_BY_NAME: dict[str, Step] = {step.name: step for step in STEPS}
#: The steps of the document page's buttons, in the table's order.
BUTTON_STEPS: tuple[Step, ...] = tuple(step for step in STEPS if step.label)


def step_get(name: str) -> Step | None:
    """The step of that name, or None."""
    return STEPS_BY_NAME.get(name)


def version_steps_allowed(user: AnyUser, version: DocumentVersion) -> list[str]:
    """The steps (names in STEPS) the user may take on the version now."""
    organization = version.series.organization
    return [
        step.name
        for step in STEPS
        if any(
            version.status == status
            and permission_allows(
                user, action, organization=organization, version=version
            )
            for status, action in step.rules
        )
    ]


def acting_roles(status: Status) -> frozenset[Role]:
    """The roles a version in ``status`` waits for (a reviewer's forward in component
    review; an approver's or an administrator's publication once approved)."""
    return frozenset(
        role
        for step in STEPS
        if step.awaited
        for rule_status, action in step.rules
        if rule_status == status
        for role in ROLES_ALLOWED[action]
    )


#: The statuses in which a version waits for a reviewer, approver or administrator.
AWAITED_STATUSES: tuple[Status, ...] = tuple(
    status for status in Status if acting_roles(status)
)
