"""The permission matrix: every role by action by organization, allowed and refused."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser, User

from privdocs.access.permissions import (
    Action,
    PermissionDeniedError,
    permission_allows,
    permission_require,
)
from privdocs.documents.steps import version_steps_allowed
from tests.personas import Tree, draft_in

pytestmark = pytest.mark.django_db

ORGANIZATION_ACTIONS = (
    Action.WORKSPACE_ENTER,
    Action.PTA_EDIT,
    Action.PTA_INVITE,
    Action.DETERMINATION_CONFIRM,
    Action.DRAFT_OPEN,
    Action.MEMBERS_MANAGE,
)
VERSION_ACTIONS = (
    Action.VERSION_VIEW,
    Action.VERSION_EDIT,
    Action.VERSION_INVITE,
    Action.VERSION_SUBMIT,
    Action.VERSION_COMMENT,
    Action.VERSION_REVIEW,
    Action.VERSION_APPROVE,
    Action.VERSION_PUBLISH,
    Action.VERSION_RETIRE,
    Action.VERSION_DISCARD,
)

# What each persona may do in ICE, written out by hand (not derived from the code).
ALLOWED_IN_ICE: dict[str, set[Action]] = {
    "author": {
        Action.WORKSPACE_ENTER,
        Action.PTA_EDIT,
        Action.PTA_INVITE,
        Action.DRAFT_OPEN,
    },
    "reviewer": {
        Action.WORKSPACE_ENTER,
        Action.PTA_EDIT,
        Action.PTA_INVITE,
        Action.DETERMINATION_CONFIRM,
        Action.DRAFT_OPEN,
    },
    "approver": {Action.WORKSPACE_ENTER, Action.DETERMINATION_CONFIRM},
    "admin": {
        Action.WORKSPACE_ENTER,
        Action.PTA_EDIT,
        Action.PTA_INVITE,
        Action.MEMBERS_MANAGE,
    },
    "outsider": set(),
    "anonymous": set(),
}
# On an ICE draft the author takes part in ("own") and one they don't ("other");
# nobody else takes part in either, so only the author submits or invites.
ALLOWED_ON_ICE_DRAFT: dict[str, dict[str, set[Action]]] = {
    "author": {
        "own": {
            Action.VERSION_VIEW,
            Action.VERSION_EDIT,
            Action.VERSION_INVITE,
            Action.VERSION_SUBMIT,
            Action.VERSION_COMMENT,
            Action.VERSION_DISCARD,
        },
        "other": set(),
    },
    "reviewer": {
        key: {
            Action.VERSION_VIEW,
            Action.VERSION_EDIT,
            Action.VERSION_COMMENT,
            Action.VERSION_REVIEW,
            Action.VERSION_DISCARD,
        }
        for key in ("own", "other")
    },
    "approver": {
        key: {
            Action.VERSION_VIEW,
            Action.VERSION_COMMENT,
            Action.VERSION_APPROVE,
            Action.VERSION_PUBLISH,
            Action.VERSION_RETIRE,
        }
        for key in ("own", "other")
    },
    "admin": {
        key: {Action.VERSION_VIEW, Action.VERSION_PUBLISH, Action.VERSION_RETIRE}
        for key in ("own", "other")
    },
    "outsider": {"own": set(), "other": set()},
    "anonymous": {"own": set(), "other": set()},
}
PERSONAS = tuple(ALLOWED_IN_ICE)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", ORGANIZATION_ACTIONS)
def test_organization_actions_in_ice(
    personas: dict[str, User | AnonymousUser], tree: Tree, persona: str, action: Action
) -> None:
    """Each persona by organization-level action in ICE: allowed exactly as the table says."""
    allowed = permission_allows(personas[persona], action, organization=tree.ice)
    assert allowed == (action in ALLOWED_IN_ICE[persona])


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", VERSION_ACTIONS)
@pytest.mark.parametrize("whose", ["own", "other"])
def test_version_actions_on_ice_drafts(
    personas: dict[str, User | AnonymousUser],
    tree: Tree,
    persona: str,
    action: Action,
    whose: str,
) -> None:
    """Each persona by version action on an ICE draft the author does or doesn't take part in."""
    author = personas["author"]
    assert isinstance(author, User)
    version = draft_in(tree.ice, 1, *([author] if whose == "own" else []))
    allowed = permission_allows(
        personas[persona], action, organization=tree.ice, version=version
    )
    assert allowed == (action in ALLOWED_ON_ICE_DRAFT[persona][whose])


@pytest.mark.parametrize("action", ORGANIZATION_ACTIONS + VERSION_ACTIONS)
def test_rights_follow_the_tree_and_stop_at_its_branches(
    personas: dict[str, User | AnonymousUser], tree: Tree, action: Action
) -> None:
    """DHS roles hold in CBP; ICE roles do not; CBP's own officer holds in CBP only."""
    version = draft_in(tree.cbp, 2)
    approver_in_cbp = permission_allows(
        personas["approver"], action, organization=tree.cbp, version=version
    )
    approver_in_ice = permission_allows(
        personas["approver"],
        action,
        organization=tree.ice,
        version=draft_in(tree.ice, 3),
    )
    assert approver_in_cbp == approver_in_ice
    for ice_only in ("author", "reviewer"):
        assert not permission_allows(
            personas[ice_only], action, organization=tree.cbp, version=version
        )
    assert not permission_allows(personas["outsider"], action, organization=tree.dhs)


@pytest.mark.parametrize("action", [Action.VERSION_REVIEW, Action.VERSION_APPROVE])
def test_nobody_reviews_or_approves_what_they_drafted(
    personas: dict[str, User | AnonymousUser], tree: Tree, action: Action
) -> None:
    """A reviewer or approver who takes part in a draft loses review and approval on it."""
    holder = personas["reviewer" if action == Action.VERSION_REVIEW else "approver"]
    assert isinstance(holder, User)
    theirs = draft_in(tree.ice, 4, holder)
    someone_elses = draft_in(tree.ice, 5)
    assert not permission_allows(holder, action, organization=tree.ice, version=theirs)
    assert permission_allows(
        holder, action, organization=tree.ice, version=someone_elses
    )


def test_superuser_acts_as_administrator(tree: Tree) -> None:
    """A Django superuser holds the administrator's rights everywhere, no more."""
    root = User.objects.create_superuser("root", "root@example.gov", "x")
    assert permission_allows(root, Action.MEMBERS_MANAGE, organization=tree.cbp)
    assert not permission_allows(root, Action.VERSION_APPROVE, organization=tree.cbp)


def test_refusal_says_what_and_where(
    personas: dict[str, User | AnonymousUser], tree: Tree
) -> None:
    """The refusal names the action and the organization, in words."""
    with pytest.raises(PermissionDeniedError) as refused:
        permission_require(
            personas["author"], Action.MEMBERS_MANAGE, organization=tree.ice
        )
    assert (
        str(refused.value) == "ICE: Your roles do not allow you to members manage here."
    )


@pytest.mark.parametrize(
    ("status", "persona", "expected"),
    [
        ("draft", "author", ["edit", "invite", "submit", "comment", "discard"]),
        ("draft", "approver", ["comment"]),
        ("component_review", "author", ["comment"]),
        ("component_review", "reviewer", ["comment", "forward", "return"]),
        ("component_review", "approver", ["comment"]),
        ("department_review", "approver", ["comment", "approve", "return"]),
        ("approved", "admin", ["publish"]),
        ("published", "approver", ["comment", "retire"]),
        ("published", "outsider", []),
    ],
)
def test_steps_offered_follow_status_and_role(
    personas: dict[str, User | AnonymousUser],
    tree: Tree,
    status: str,
    persona: str,
    expected: list[str],
) -> None:
    """Pages and the API offer exactly the steps the status and the role allow."""
    author = personas["author"]
    assert isinstance(author, User)
    version = draft_in(tree.ice, 9, author)
    version.status = status
    assert version_steps_allowed(personas[persona], version) == expected
