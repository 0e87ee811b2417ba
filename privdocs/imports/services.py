"""Record what an import changes, as one change set, and undo it.

An import writes through ``documents.services.catalog`` and tells a ``ChangeLog``
each row it created, each field it changed (old and new value) and each row it
removed. The log becomes one ``ChangeSet`` with its ``Change`` rows;
``change_set_undo`` puts every value back, refusing (with the names) when anything
the import touched has changed since.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from privdocs.audit.services import audit_record
from privdocs.core.errors import ApplicationError, NotFoundError
from privdocs.documents.models import DocumentSeries, DocumentVersion, Status
from privdocs.documents.revision import catalog_revision_bump_on_commit
from privdocs.documents.services.state import Actor, version_move
from privdocs.imports.models import Change, ChangeSet
from privdocs.search.services import search_index_versions

#: Fields no import sets and no undo restores: the database keeps them.
_UNTRACKED = frozenset({"id", "created_at", "updated_at"})
#: A series' systems, kept in the log as a sorted list of primary keys.
SYSTEMS = "systems"

NOT_FOUND = "there is no import {id}: `privdocs imports` lists them"
ALREADY_UNDONE = "import {id} was undone on {when} by {who}"
CHANGED_SINCE = (
    "import {id} cannot be undone: what it changed has changed since, and undoing "
    "would overwrite that. Changed since: {names}"
)


class UndoConflictError(ApplicationError):
    """Something an import touched has changed since: undoing it would lose that."""

    def __init__(self, message: str, *, names: list[str]) -> None:
        super().__init__(message)
        self.names = names


#: Values JSON keeps as they are: no round trip needed to compare them.
_JSON_NATIVE = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    """A value as it is stored in JSON (dates as ISO text), so values compare alike."""
    if isinstance(value, _JSON_NATIVE):
        return value
    if isinstance(value, FieldFile):  # a blob is kept by its store name
        return value.name
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _label_model(instance: models.Model) -> str:
    return instance._meta.label_lower


def row_values(instance: models.Model) -> dict[str, Any]:
    """Every field an import may set, by attribute name, as plain values."""
    return {
        each.attname: _plain(each.value_from_object(instance))
        for each in instance._meta.concrete_fields
        if each.attname not in _UNTRACKED
    }


@dataclass
class _Entry:
    model: str
    object_id: int
    label: str
    operation: str
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)


class ChangeLog:
    """What one import did, one entry per row, in the order rows were first touched.

    Several changes to one row (a version created, then superseded by a newer one
    on the same page) fold into one entry: its first ``before``, its last ``after``.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[str, int], _Entry] = {}
        self._written = 0

    def flush(self, change_set: ChangeSet) -> None:
        """Write the entries so far as Change rows and let them go: a long import
        keeps one batch in memory. A row touched again later gets a later entry;
        undo folds them."""
        rows = self.changes(start=self._written)
        for row in rows:
            row.change_set = change_set
        Change.objects.bulk_create(rows, batch_size=500)
        self._written += len(rows)
        self._entries = {}

    def created(self, instance: models.Model, *, label: str) -> None:
        """A row the import created."""
        key = (_label_model(instance), int(instance.pk))
        self._entries[key] = _Entry(
            model=key[0],
            object_id=key[1],
            label=label,
            operation=Change.Operation.CREATE,
            after=row_values(instance),
        )

    def updated(
        self,
        instance: models.Model,
        *,
        label: str,
        before: Mapping[str, Any],
        after: Mapping[str, Any],
    ) -> None:
        """Fields of a row the import changed, with their old and new values."""
        key = (_label_model(instance), int(instance.pk))
        entry = self._entries.get(key)
        if entry is None:
            entry = _Entry(
                model=key[0],
                object_id=key[1],
                label=label,
                operation=Change.Operation.UPDATE,
            )
            self._entries[key] = entry
        for name, value in before.items():
            if entry.operation != Change.Operation.CREATE:
                entry.before.setdefault(name, _plain(value))
        entry.after.update({name: _plain(value) for name, value in after.items()})
        if entry.operation == Change.Operation.UPDATE:
            for name in [
                n for n in entry.after if entry.before.get(n) == entry.after[n]
            ]:
                del entry.before[name], entry.after[name]  # changed and changed back
            if not entry.after:
                del self._entries[key]

    def deleted(self, instance: models.Model, *, label: str) -> None:
        """A row the import removed (only with --prune)."""
        key = (_label_model(instance), int(instance.pk))
        self._entries[key] = _Entry(
            model=key[0],
            object_id=key[1],
            label=label,
            operation=Change.Operation.DELETE,
            before=row_values(instance),
        )

    def __len__(self) -> int:
        return self._written + len(self._entries)

    def changes(self, *, start: int = 0) -> list[Change]:
        """The entries not written yet as unsaved Change rows, in order."""
        return [
            Change(
                position=start + position,
                model=entry.model,
                object_id=entry.object_id,
                label=entry.label[:300],
                operation=entry.operation,
                before=entry.before,
                after=entry.after,
            )
            for position, entry in enumerate(self._entries.values())
        ]


def change_set_open(
    *, source: str, sha256: str, format: str, actor_label: str
) -> ChangeSet:
    """The change set an import logs into as it goes (in the import's transaction)."""
    return ChangeSet.objects.create(
        source=source[:500],
        sha256=sha256,
        format=format,
        actor_label=actor_label[:200],
    )


def change_set_close(change_set: ChangeSet, *, counts: Mapping[str, Any]) -> ChangeSet:
    """Record an import's counts once it is done."""
    change_set.counts = dict(counts)
    change_set.save(update_fields=["counts"])
    return change_set


@dataclass
class UndoSummary:
    """What an undo put back."""

    change_set: ChangeSet
    deleted: int = 0
    restored: int = 0
    recreated: int = 0


def _folded(changes: Iterable[Change]) -> list[Change]:
    """One change per row, newest first: a row an import touched in several
    batches (created, then retired further down the page) as one change, with
    its first ``before`` and its last ``after`` of each field."""
    folded: dict[tuple[str, int], Change] = {}
    for change in changes:
        key = (change.model, change.object_id)
        first = folded.get(key)
        if first is None:
            folded[key] = change
            continue
        if change.operation == Change.Operation.DELETE:
            if first.operation == Change.Operation.CREATE:
                del folded[key]  # created and removed by the same import
            else:
                first.operation = Change.Operation.DELETE
                first.before = {**change.before, **first.before}
            continue
        for name, value in change.before.items():
            first.before.setdefault(name, value)
        first.after.update(change.after)
    return sorted(folded.values(), key=lambda change: change.position, reverse=True)


def _model(label: str) -> type[models.Model]:
    return apps.get_model(label)


def _current(change: Change, instance: models.Model) -> dict[str, Any]:
    values = row_values(instance)
    if SYSTEMS in change.after and isinstance(instance, DocumentSeries):
        values[SYSTEMS] = sorted(instance.systems.values_list("pk", flat=True))
    return values


def _conflicts(changes: Iterable[Change]) -> list[str]:
    names: list[str] = []
    for change in changes:
        instance = _model(change.model)._default_manager.filter(pk=change.object_id)
        found = instance.first()
        if change.operation == Change.Operation.DELETE:
            if found is not None:
                names.append(f"{change.label} (put back since)")
            continue
        if found is None:
            names.append(f"{change.label} (deleted since)")
            continue
        current = _current(change, found)
        differ = sorted(
            name for name, value in change.after.items() if current.get(name) != value
        )
        if differ:
            names.append(f"{change.label} ({', '.join(differ)})")
    return names


def _restore(instance: models.Model, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        field_ = instance._meta.get_field(name)
        if not isinstance(field_, models.Field):  # the log holds concrete fields only
            raise TypeError(f"{name} is not a field of {instance._meta.label}")
        setattr(instance, name, field_.to_python(value))


def _undo_update(change: Change, actor_label: str) -> None:
    instance = _model(change.model)._default_manager.get(pk=change.object_id)
    before = dict(change.before)
    systems = before.pop(SYSTEMS, None)
    status = before.pop("status", None)
    if before:
        _restore(instance, before)
        instance.save(update_fields=list(before))
    if systems is not None and isinstance(instance, DocumentSeries):
        instance.systems.set(systems)
    if status is not None and isinstance(instance, DocumentVersion):
        version_move(
            instance,
            actor=Actor(label=actor_label),
            to_status=Status(status),
            action="version.import_undo",
            comment=f"undo of import {change.change_set_id}",
            reindex=False,
        )


def _recreate(change: Change) -> None:
    model = _model(change.model)
    instance = model(pk=change.object_id)
    _restore(instance, change.before)
    instance.save(force_insert=True)


@transaction.atomic
def change_set_undo(*, change_set_id: int, actor_label: str) -> UndoSummary:
    """Put back every value an import changed, all or nothing.

    Refuses when anything it touched has changed since (a later import, an edit,
    a workflow step): the message names each row and field.
    """
    catalog_revision_bump_on_commit()
    change_set = ChangeSet.objects.select_for_update().filter(pk=change_set_id).first()
    if change_set is None:
        raise NotFoundError(NOT_FOUND.format(id=change_set_id))
    if change_set.undone_at is not None:
        raise ApplicationError(
            ALREADY_UNDONE.format(
                id=change_set_id,
                when=timezone.localtime(change_set.undone_at).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                who=change_set.undone_by,
            )
        )
    changes = _folded(change_set.changes.order_by("position"))
    names = _conflicts(changes)
    if names:
        raise UndoConflictError(
            CHANGED_SINCE.format(id=change_set_id, names="; ".join(names)),
            names=names,
        )
    summary = UndoSummary(change_set=change_set)
    versions: set[int] = set()
    version_model = DocumentVersion._meta.label_lower
    for change in changes:
        if change.model == version_model:
            versions.add(change.object_id)
        if change.operation == Change.Operation.CREATE:
            _model(change.model)._default_manager.filter(pk=change.object_id).delete()
            summary.deleted += 1
        elif change.operation == Change.Operation.UPDATE:
            _undo_update(change, actor_label)
            summary.restored += 1
        else:
            _recreate(change)
            summary.recreated += 1
    series_model = DocumentSeries._meta.label_lower
    touched_series = [c.object_id for c in changes if c.model == series_model]
    versions.update(
        DocumentVersion.objects.filter(series_id__in=touched_series).values_list(
            "pk", flat=True
        )
    )
    search_index_versions(versions)
    change_set.undone_at = timezone.now()
    change_set.undone_by = actor_label[:200]
    change_set.save(update_fields=["undone_at", "undone_by"])
    audit_record(
        action="catalog.import_undo",
        actor_label=actor_label,
        summary=f"Undid import {change_set.pk} of {change_set.source}",
        object_type="imports.changeset",
        object_id=change_set.pk,
        changes={
            "deleted": summary.deleted,
            "restored": summary.restored,
            "recreated": summary.recreated,
        },
    )
    return summary
