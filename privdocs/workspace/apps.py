"""The privacy office's workspace: PTAs, determinations, drafting, review and approval
pages (no models: it shows and calls what the other apps keep)."""

from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "privdocs.workspace"
    label = "workspace"
    verbose_name = "Workspace"
