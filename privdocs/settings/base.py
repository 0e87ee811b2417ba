"""Settings of the embedded default: SQLite in a data directory, no set-up needed."""

from __future__ import annotations

import datetime

import django_stubs_ext

from privdocs.settings import environment

# Lets admin and other generic classes be subscripted for type checking.
django_stubs_ext.monkeypatch()

DEBUG = environment.debug()
SECRET_KEY = environment.secret_key()
ALLOWED_HOSTS = environment.allowed_hosts()
PRIVDOCS_BASE_URL = environment.base_url()
PRIVDOCS_DATA_DIR = environment.data_dir()
PRIVDOCS_BEHIND_PROXY = environment.behind_proxy()
PRIVDOCS_REVIEW_INTERVAL_YEARS = environment.review_interval_years()
PRIVDOCS_REVIEW_DUE_SOON_DAYS = environment.review_due_soon_days()
# EMAIL_BACKEND, EMAIL_HOST, DEFAULT_FROM_EMAIL…: which keys depends on the URL.
globals().update(environment.email())

INSTALLED_APPS = [
    # Django's admin, open to the Administrator role (privdocs/access/adminsite.py).
    "privdocs.access.adminconfig.RegistryAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "ninja",
    "privdocs.core",
    "privdocs.inventory",
    "privdocs.documents",
    "privdocs.imports",
    "privdocs.questionnaires",
    "privdocs.audit",
    "privdocs.access",
    "privdocs.assessments",
    "privdocs.search",
    "privdocs.workspace",
    "privdocs.readingroom",
    "privdocs.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A control character in the path, a NUL in the query: 400 before any view.
    "privdocs.core.guards.AddressCheckMiddleware",
    # Pages, JSON and feeds go out compressed when the client accepts it.
    "django.middleware.gzip.GZipMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # An ETag on every page (a hash of its content): a client that sends it back
    # gets 304 Not Modified until the page changes.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "privdocs.core.middleware.session_idle_timeout",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A write that waited the busy timeout behind a long import: 503, not a 500.
    "privdocs.core.guards.DatabaseBusyMiddleware",
    "csp.middleware.CSPMiddleware",
    "privdocs.core.middleware.permissions_policy",
    # Last, as django-axes asks: it turns a lock-out into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in throttling (django-axes): after PRIVDOCS_LOGIN_FAILURE_LIMIT failures
# for one account from one address, that pair is locked out for
# PRIVDOCS_LOGIN_LOCKOUT_MINUTES. Locking the account alone would let anybody
# lock anybody out; the address alone would lock out a whole office behind NAT.
# It covers every form that signs in with a password: the workspace's and the
# admin's (the API has no password door; it takes the session they open).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # The Administrator role's model permissions (privdocs/access/backends.py).
    "privdocs.access.backends.RoleBackend",
]
AXES_FAILURE_LIMIT = environment.login_failure_limit()
AXES_COOLOFF_TIME = datetime.timedelta(minutes=environment.login_lockout_minutes())
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workspace/locked.html"
AXES_CLIENT_IP_CALLABLE = "privdocs.core.middleware.client_address"
# No row per successful sign-in: the audit log is the record of who did what.
AXES_DISABLE_ACCESS_LOG = True
AXES_ALLOWED_CORS_ORIGINS = PRIVDOCS_BASE_URL

# A signed-in session ends after PRIVDOCS_SESSION_IDLE_HOURS without a request
# (eight by default, a working day): privdocs.core.middleware.session_idle_timeout
# saves an active session every few minutes, which pushes its expiry back.
# Readers of the reading room have no session to save.
SESSION_COOKIE_AGE = environment.session_idle_seconds()

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from
# this site only; no inline script or style, no plug-ins, no framing, forms post
# only here. Every template keeps its script and CSS in static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
#: Browser features no page of privdocs uses, refused to every page (and so to
#: any script that would get in).
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), browsing-topics=()"
)

# Each worker's own memory. The reading room caches rendered rows of its document
# tables under a digest of what they show (a change makes a new key, so nothing
# is ever stale); rows of a few thousand series fit.
#
# Whole pages (home, organizations, documents) go in a cache of their own, kept
# small: a crawler walking every document must not grow each worker's memory by
# tens of thousands of pages; the pages a burst of readers asks for stay (the least
# recently read go first).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "privdocs-default",
        "OPTIONS": {"MAX_ENTRIES": 20_000},
    },
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "privdocs-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}

ROOT_URLCONF = "privdocs.urls"
LOGIN_URL = "workspace:login"
LOGIN_REDIRECT_URL = "workspace:dashboard"
WSGI_APPLICATION = "privdocs.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": environment.database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = PRIVDOCS_DATA_DIR / "static"
STORAGES = {
    "default": environment.files_storage(),
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = PRIVDOCS_DATA_DIR / "files"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
