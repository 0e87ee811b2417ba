"""The core app: errors, shared base templates and the command-line entry points."""

from __future__ import annotations

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "privdocs.core"
    label = "core"
    verbose_name = "privdocs core"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from privdocs.core.middleware import session_mark_seen

        # Part of the session's machinery, like Django's own update_last_login.
        user_logged_in.connect(session_mark_seen, dispatch_uid="privdocs-seen")
