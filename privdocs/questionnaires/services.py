"""Changes to templates: load the shipped ones, add one an office wrote."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import DEFAULT_DB_ALIAS, transaction

from privdocs.audit.services import audit_record
from privdocs.questionnaires.definition import (
    TemplateDefinition,
    TemplateError,
    definition_dump,
    definition_parse,
    definition_yaml_load,
)
from privdocs.questionnaires.models import Template

#: The templates shipped with privdocs, one YAML file each.
BUILTIN_DIR = Path(__file__).resolve().parent / "definitions"

TEMPLATE_EXISTS = (
    "{reference} exists already; a changed template needs a new version "
    "(documents written in {reference} keep its wording)"
)
BUILTIN_CHANGED = (
    "the definition of {reference} differs from the stored one, but its version did "
    "not change: give the changed template a new version"
)


def _question_count(definition: TemplateDefinition) -> int:
    return sum(len(section.questions) for section in definition.sections)


def _audit_created(
    template: Template,
    definition: TemplateDefinition,
    *,
    actor: User | AnonymousUser | None,
    actor_label: str = "",
    source: str,
) -> None:
    audit_record(
        actor=actor,
        actor_label=actor_label,
        action="template.create",
        object_type="questionnaires.Template",
        object_id=template.pk,
        summary=f"Added template {template.reference} ({template.kind}) from {source}",
        changes={
            "key": template.key,
            "version": template.version,
            "kind": template.kind,
            "title": template.title,
            "sections": len(definition.sections),
            "questions": _question_count(definition),
            "source": source,
        },
    )


def _template_row(
    definition: TemplateDefinition, *, builtin: bool, is_active: bool
) -> Template:
    template = Template(
        key=definition.key,
        version=definition.version,
        title=definition.title,
        kind=definition.kind,
        definition=definition_dump(definition),
        builtin=builtin,
        is_active=is_active,
    )
    template.full_clean(validate_unique=False, validate_constraints=False)
    return template


def template_create(
    *,
    definition: Mapping[str, Any],
    actor: User | AnonymousUser | None,
    actor_label: str = "",
    source: str = "the admin",
    is_active: bool = True,
) -> Template:
    """Check a template definition and store it as a new version, with an audit entry.

    Refuses (``TemplateError``) a definition that does not parse, naming ``source``
    and the path of the bad value, and a key and version that exist already.
    """
    parsed = definition_parse(definition, source=source)
    with transaction.atomic():
        if Template.objects.filter(key=parsed.key, version=parsed.version).exists():
            raise TemplateError(
                TEMPLATE_EXISTS.format(reference=parsed.reference), where=source
            )
        template = _template_row(parsed, builtin=False, is_active=is_active)
        template.save()
        _audit_created(
            template, parsed, actor=actor, actor_label=actor_label, source=source
        )
    return template


def template_sync_builtin(
    *,
    using: str = DEFAULT_DB_ALIAS,
    audited: bool = True,
    directory: Path = BUILTIN_DIR,
) -> dict[str, int]:
    """Store each shipped template version not stored yet; counts created and unchanged.

    A new version of a shipped template replaces the older ones for new documents
    (they are marked inactive; documents keep the version they were written in).
    A file whose definition changed while its version did not is refused, naming
    the file: the stored version may be in use. ``audited=False`` (on migrate)
    writes no audit entries: the shipped templates come with the release.
    """
    parsed: list[tuple[str, TemplateDefinition]] = []
    for path in sorted(directory.glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        raw = definition_yaml_load(text, source=path.name)
        parsed.append((path.name, definition_parse(raw, source=path.name)))
    counts = {"created": 0, "unchanged": 0, "deactivated": 0}
    with transaction.atomic(using=using):
        rows = Template.objects.using(using)
        for filename, definition in parsed:
            stored = rows.filter(key=definition.key, version=definition.version).first()
            if stored is not None:
                if stored.definition != definition_dump(definition):
                    raise TemplateError(
                        BUILTIN_CHANGED.format(reference=definition.reference),
                        where=filename,
                    )
                counts["unchanged"] += 1
                continue
            template = _template_row(definition, builtin=True, is_active=True)
            template.save(using=using)
            counts["deactivated"] += (
                rows.filter(key=definition.key, builtin=True, is_active=True)
                .exclude(pk=template.pk)
                .update(is_active=False)
            )
            counts["created"] += 1
            if audited:
                _audit_created(
                    template,
                    definition,
                    actor=None,
                    actor_label="privdocs templates load",
                    source=f"builtin {filename}",
                )
    return counts
