"""The one door for a version's status: the only module that assigns it.

The workflow's steps and the importers create versions and move them through here,
so every status a version has ever had is a Transition with its actor, and an audit
entry. ``tests/test_one_door.py`` fails if any other module writes ``status``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction

from privdocs.audit.services import AuditEntry, audit_record_many
from privdocs.documents.models import (
    PUBLIC_STATUSES,
    DocumentVersion,
    Status,
    Transition,
)
from privdocs.documents.revision import catalog_revision_bump_on_commit
from privdocs.search.services import search_index_versions


@dataclass(frozen=True)
class Actor:
    """Who moves a status: a signed-in user, or a process named by a label
    (``import: ice-2015.txt``) when no user acts."""

    user: User | None = None
    label: str = ""

    @classmethod
    def of(cls, user: User) -> Actor:
        """A person acting in the workspace, the API or the admin."""
        return cls(user=user)

    @property
    def name(self) -> str:
        """How the Transition and the audit log name the actor."""
        if self.label:
            return self.label[:200]
        if self.user is not None:
            return str(self.user.get_username())[:200]
        return "system"


def _step(
    version: DocumentVersion,
    *,
    actor: Actor,
    from_status: str,
    action: str,
    comment: str = "",
    changes: Mapping[str, Any] | None = None,
) -> tuple[Transition, AuditEntry]:
    """The Transition (unsaved) and the audit entry of one status step."""
    transition = Transition(
        version=version,
        from_status=from_status,
        to_status=version.status,
        actor=actor.user,
        actor_label=actor.name,
        comment=comment,
    )
    before = Status(from_status).label if from_status else "new"
    entry = AuditEntry(
        action=action,
        summary=f"{version}: {before} → {Status(version.status).label}",
        actor=actor.user,
        actor_label=actor.label,
        object_type="documents.documentversion",
        object_id=version.pk,
        changes={
            "status": [from_status, version.status],
            "comment": comment,
            **(changes or {}),
        },
    )
    return transition, entry


def _record(
    version: DocumentVersion,
    *,
    actor: Actor,
    from_status: str,
    action: str,
    comment: str,
    changes: Mapping[str, Any] | None,
) -> Transition:
    transition, entry = _step(
        version,
        actor=actor,
        from_status=from_status,
        action=action,
        comment=comment,
        changes=changes,
    )
    transition.save(force_insert=True)
    audit_record_many([entry])
    return transition


def version_create(
    *,
    actor: Actor,
    status: Status,
    action: str,
    fields: Mapping[str, Any],
    comment: str = "",
    changes: Mapping[str, Any] | None = None,
    reindex: bool = True,
) -> DocumentVersion:
    """Create a version in its first status (a draft, or a published version an
    import reads), with the Transition and the audit entry that say who did it."""
    with transaction.atomic():
        version = DocumentVersion(**fields)
        version.status = status
        version.full_clean(exclude=["series"], validate_unique=False)
        version.save()
        _record(
            version,
            actor=actor,
            from_status="",
            action=action,
            comment=comment,
            changes=changes,
        )
        if reindex and status != Status.DRAFT:
            search_index_versions([version.pk])
        if status in PUBLIC_STATUSES:
            catalog_revision_bump_on_commit()
        return version


def versions_create(
    *,
    actor: Actor,
    action: str,
    rows: Sequence[tuple[Mapping[str, Any], Status]],
) -> list[DocumentVersion]:
    """Create many versions at once, each in its first status (an import's batch),
    with a Transition and an audit entry each: three inserts, not three per row.

    The caller indexes them for search (an import does once, at its end)."""
    versions: list[DocumentVersion] = []
    for fields, status in rows:
        version = DocumentVersion(**fields)
        version.status = status
        version.full_clean(exclude=["series"], validate_unique=False)
        versions.append(version)
    with transaction.atomic():
        created = DocumentVersion.objects.bulk_create(versions, batch_size=500)
        catalog_revision_bump_on_commit()  # bulk_create sends no signals
        steps = [
            _step(version, actor=actor, from_status="", action=action)
            for version in created
        ]
        Transition.objects.bulk_create([step[0] for step in steps], batch_size=500)
        audit_record_many([step[1] for step in steps])
    return created


def version_move(
    version: DocumentVersion,
    *,
    actor: Actor,
    to_status: Status,
    action: str,
    comment: str = "",
    changes: Mapping[str, Any] | None = None,
    also_save: Sequence[str] = (),
    reindex: bool = True,
) -> Transition:
    """Move a version to ``to_status``, saving ``also_save`` fields the caller set
    with it (a publication date, a retirement reason), in one transaction."""
    with transaction.atomic():
        from_status = version.status
        version.status = to_status
        version.save(update_fields=["status", "updated_at", *also_save])
        transition = _record(
            version,
            actor=actor,
            from_status=from_status,
            action=action,
            comment=comment,
            changes=changes,
        )
        if reindex:
            search_index_versions([version.pk])
        # A step inside the workspace (draft to review to approved) changes nothing
        # the public sees; one to or from a public status does.
        if from_status in PUBLIC_STATUSES or to_status in PUBLIC_STATUSES:
            catalog_revision_bump_on_commit()
        return transition


def versions_supersede(
    versions: Iterable[DocumentVersion], *, actor: Actor, by: DocumentVersion | None
) -> list[DocumentVersion]:
    """Make published versions previous versions, as a newer one takes their place."""
    moved: list[DocumentVersion] = []
    for version in versions:
        if version.status != Status.PUBLISHED:
            continue
        version_move(
            version,
            actor=actor,
            to_status=Status.SUPERSEDED,
            action="version.supersede",
            comment=f"superseded by {by}" if by is not None else "",
        )
        moved.append(version)
    return moved
