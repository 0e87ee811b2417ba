"""Settings for a server facing the public: a secret from the environment, secure cookies."""

from __future__ import annotations

import os

from privdocs.settings.base import *  # noqa: F403  (settings layering)

if not os.environ.get("PRIVDOCS_SECRET_KEY"):
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("PRIVDOCS_SECRET_KEY must be set in production.")

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
