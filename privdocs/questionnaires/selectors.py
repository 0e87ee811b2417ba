"""Questions about templates: which exist, which is current for a kind, their definitions."""

from __future__ import annotations

from django.db.models import QuerySet

from privdocs.core.errors import NotFoundError
from privdocs.documents.models import DocumentVersion
from privdocs.questionnaires.definition import TemplateDefinition, definition_parse
from privdocs.questionnaires.models import Template

TEMPLATE_NOT_FOUND = "There is no template {reference!r}."
NOT_A_REFERENCE = "{reference!r} is not a template reference such as dhs-pia@2010.1."
NO_CURRENT_TEMPLATE = (
    "No active template for {kind} documents: load one with 'privdocs templates load' "
    "or mark one active in the admin."
)

# Parsed definitions by row. A stored version's definition never changes, so the
# reference and creation time identify it even if a test database reuses a pk.
_DEFINITIONS: dict[tuple[int, str, str], TemplateDefinition] = {}
_CACHE_SIZE = 64


def template_list(
    *, kind: str | None = None, active_only: bool = False
) -> QuerySet[Template]:
    """Templates, by kind, key and newest first; optionally of one kind or active only."""
    templates = Template.objects.all()
    if kind is not None:
        templates = templates.filter(kind=kind)
    if active_only:
        templates = templates.filter(is_active=True)
    return templates


def template_get(*, reference: str) -> Template:
    """The template named ``key@version``; ``NotFoundError`` when there is none."""
    key, separator, version = reference.partition("@")
    if not separator or not key or not version:
        raise NotFoundError(NOT_A_REFERENCE.format(reference=reference))
    try:
        return Template.objects.get(key=key, version=version)
    except Template.DoesNotExist:
        raise NotFoundError(TEMPLATE_NOT_FOUND.format(reference=reference)) from None


def template_get_current(*, kind: str) -> Template:
    """The template new documents of a kind are written in: the newest active one."""
    template = (
        Template.objects.filter(kind=kind, is_active=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if template is None:
        raise NotFoundError(NO_CURRENT_TEMPLATE.format(kind=kind))
    return template


def template_definition(template: Template) -> TemplateDefinition:
    """The parsed definition of a stored template (cached: stored versions never change)."""
    cache_key = (template.pk, template.reference, template.created_at.isoformat())
    definition = _DEFINITIONS.get(cache_key)
    if definition is None:
        definition = definition_parse(template.definition, source=template.reference)
        if len(_DEFINITIONS) >= _CACHE_SIZE:
            _DEFINITIONS.clear()
        _DEFINITIONS[cache_key] = definition
    return definition


def template_definition_get(*, reference: str) -> TemplateDefinition:
    """The parsed definition of the template a document names (``dhs-pia@2010.1``)."""
    return template_definition(template_get(reference=reference))


def template_is_used(template: Template) -> bool:
    """True when some document version was written in this template version."""
    return DocumentVersion.objects.filter(template_version=template.reference).exists()
