"""Settings for the test suite: the same as the default, with fast hashing and no secrets on disk."""

from __future__ import annotations

import os

os.environ.setdefault("PRIVDOCS_SECRET_KEY", "test-only-secret-key-not-for-production")

from privdocs.settings.base import *  # noqa: F403  (settings layering)

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Django's test client sends this host; no real server answers to it.
ALLOWED_HOSTS = [*ALLOWED_HOSTS, "testserver"]  # noqa: F405
