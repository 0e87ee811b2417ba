"""Settings for a server facing the public: what ``privdocs serve`` runs by default.

A strong secret key from the environment, never debug pages, and, with
``PRIVDOCS_HTTPS=1``, HTTPS only (HSTS, redirect, secure cookies). See
docs/operators.md.
"""

from __future__ import annotations

from privdocs.settings import environment
from privdocs.settings.base import *  # noqa: F403  (settings layering)

if environment.debug():
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        "PRIVDOCS_DEBUG is refused by the production settings: debug pages show "
        "settings and source to anyone (use privdocs.settings.base to debug)."
    )
DEBUG = False
SECRET_KEY = environment.secret_key_production()

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

if environment.https():
    SECURE_SSL_REDIRECT = True
    # A year, sub-domains included, and eligible for the browsers' preload lists:
    # what Django's deployment check asks. Turning HTTPS off again means waiting
    # out the year in the browsers that saw it.
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The cookies keep their names (sessionid, csrftoken): API clients are told
    # to send them (docs/api.md), so a __Host- prefix would break them.

if environment.behind_proxy():
    # Only behind a proxy that sets this header itself (and drops the client's):
    # otherwise any client could claim to have come over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
