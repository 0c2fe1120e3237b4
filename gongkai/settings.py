"""Django settings for Gongkai.

Every setting that varies by deployment comes from the environment (``GONGKAI_*`` or the usual
``DATABASE_URL``) with a safe default for the embedded mode: SQLite and local files under ``var/``,
so ``make run`` needs nothing else.

Environment:
    GONGKAI_SECRET_KEY       secret key; default: generated once into var/secret_key
    GONGKAI_DEBUG            "1" to enable debug mode (``make run`` sets it); default off
    GONGKAI_ALLOWED_HOSTS    comma-separated; default localhost,127.0.0.1,[::1]
    GONGKAI_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://gk.example.gov.cn
    GONGKAI_BASE_URL         public base URL used in admin e-mails; default http://127.0.0.1:8000
    GONGKAI_VAR_DIR          where the SQLite database, secret key and uploads live; default var/
    GONGKAI_SECURE_COOKIES   "1"/"0": cookies only over HTTPS; default on unless debug
    GONGKAI_BEHIND_TLS_PROXY "1" when a reverse proxy terminates TLS and sets X-Forwarded-Proto
    GONGKAI_FIELD_KEYS       comma-separated Fernet keys encrypting personal data, newest first;
                             default: one key derived from the secret key (gongkai.privacy)
    GONGKAI_TRUSTED_PROXIES  number of reverse proxies whose X-Forwarded-For the audit log
                             believes; default 0 (REMOTE_ADDR)
    GONGKAI_ATTACHMENT_MAX_BYTES  largest applicant upload in bytes; default 5 MB
    GONGKAI_APPLY_RATE_LIMIT online applications per client IP as count/seconds; default 5/3600
    GONGKAI_TRACK_RATE_LIMIT progress queries per client IP as count/seconds; default 10/600
    GONGKAI_SMTP_HOST        send mail through this SMTP server (and GONGKAI_SMTP_PORT, _USER,
                             _PASSWORD, _TLS=1); default: mails are written to var/mail
    GONGKAI_FROM_EMAIL       sender of mails to applicants and staff
    GONGKAI_REDIS_URL        shared cache for several app servers, e.g. redis://127.0.0.1:6379/0
    GONGKAI_CACHE_DIR        without Redis: a directory the processes of one machine share their
                             cache in (``gongkai serve`` sets var/cache); default: per-process memory
    GONGKAI_LOG_LEVEL        level of Gongkai's own messages in the server log; default INFO
                             (other libraries: warnings and errors; every 500 with its traceback)
    GONGKAI_LOG_FILE         also write the server log to this file (reopened after logrotate)
    GONGKAI_STATIC_MANIFEST  "0" to serve static files under their plain names (tests, ``make run``);
                             default on unless debug: hashed, compressed names from collectstatic
    DATABASE_URL             e.g. postgres://user@host:5432/gongkai; default SQLite in var/

Read by ``gongkai serve`` (gongkai/serve.py), not here:
    GONGKAI_BIND             listen address, e.g. 127.0.0.1:8000 or unix:/run/gongkai/gongkai.sock
    GONGKAI_WORKERS          gunicorn worker processes; default 2 x cores + 1, at most 9
"""

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
PROJECT_DIR = BASE_DIR / "gongkai"


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR") or BASE_DIR / "var").resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    """The secret key from the environment, else one generated once and kept in var/."""
    from_env = os.environ.get("GONGKAI_SECRET_KEY")
    if from_env:
        return from_env
    key_file = VAR_DIR / "secret_key"
    try:
        return key_file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return key_file.read_text(encoding="ascii").strip()
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = _env_bool("GONGKAI_DEBUG", default=False)
ALLOWED_HOSTS = _env_list("GONGKAI_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = _env_list("GONGKAI_CSRF_TRUSTED_ORIGINS", [])

# ---------------------------------------------------------------- applications

INSTALLED_APPS = [
    # Gongkai
    "gongkai.agencies",
    "gongkai.workdays",
    "gongkai.registers",
    "gongkai.reports",
    "gongkai.catalog",
    "gongkai.portal",
    "gongkai.applications",
    "gongkai.audit",
    "gongkai.backoffice",
    "gongkai.demo",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    # wagtail.users with the staff user forms (one 姓名 field).
    "gongkai.backoffice.apps.StaffUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    # The catalogue's read-only JSON API and its OpenAPI schema (gongkai.catalog.api).
    "rest_framework",
    "drf_spectacular",
    # Login lockout after repeated failures (back office faces the internet).
    "axes",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # sitemap.xml (gongkai.catalog.sitemaps): the framework's views and templates.
    "django.contrib.sitemaps",
    # Wagtail on PostgreSQL needs it (postgres.E005); harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (collected to STATIC_ROOT) and /favicon.ico without DEBUG, before anything
    # else touches the request: no session, no database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A conditional GET of a portal page that has not changed: 304 before anything else runs.
    "gongkai.httpcache.pages.PortalNotModifiedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The client address of Wagtail's own writes, for their copy in the audit trail.
    "gongkai.audit.admin_log.RequestForAudit",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Agency staff (any StaffMembership) may open the back office.
    "gongkai.agencies.backends.AgencyStaffBackend",
]

ROOT_URLCONF = "gongkai.urls"
WSGI_APPLICATION = "gongkai.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# ---------------------------------------------------------------- database

_DEFAULT_DATABASE_URL = f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}"
_database_url = os.environ.get("DATABASE_URL") or _DEFAULT_DATABASE_URL
_is_sqlite = _database_url.startswith("sqlite:")
DATABASES = {
    "default": dj_database_url.parse(
        _database_url,
        # Connection reuse: ~3x the page throughput on PostgreSQL (MACHINE-NOTES). On SQLite
        # too: a new connection parses the whole schema again (3.65 ms against 0.62 ms for a
        # page's queries on a reused one).
        conn_max_age=600,
        conn_health_checks=True,
    )
}
if _is_sqlite:
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: take the write lock at BEGIN, so concurrent writers wait (timeout) instead
        # of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        # WAL: readers (every page view of several server processes) never wait for a writer;
        # NORMAL is durable in WAL mode except for the last commits on power loss.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------- auth and security

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "wagtailadmin_login"

_secure_cookies = _env_bool("GONGKAI_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60  # one working day
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview panel frames our own pages
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if _env_bool("GONGKAI_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# django-axes: lock a username+IP pair out for an hour after 5 failed logins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"

# Personal data is encrypted at rest (gongkai.privacy.fields.EncryptedTextField) under the first
# of these Fernet keys; the others still decrypt (key rotation: prepend the new key, keep the
# old ones). Empty: a key derived from SECRET_KEY, so the embedded mode needs no setup.
GONGKAI_FIELD_KEYS = _env_list("GONGKAI_FIELD_KEYS", [])
# How many reverse proxies in front of Gongkai append to X-Forwarded-For. 0: the audit log records
# REMOTE_ADDR and ignores the header, which any client can forge.
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES") or 0)

# Request size limits: an uploaded annual report (PDF/DOCX) or application attachment is a file
# upload (streamed to disk above FILE_UPLOAD_MAX_MEMORY_SIZE); non-file form data stays small.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Wagtail's page editor can post more than Django's default of 1000 fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# ---------------------------------------------------------------- cache

# What the cache holds must be the same for every server process: the rate-limit counters, the
# calendar's version and the public pages' version (gongkai.httpcache). Several app servers:
# GONGKAI_REDIS_URL (e.g. redis://127.0.0.1:6379/0). Several processes on one machine without
# Redis: GONGKAI_CACHE_DIR, a directory they share (``gongkai serve`` sets var/cache). One
# process (``make run``, the tests): an in-memory cache.
if os.environ.get("GONGKAI_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["GONGKAI_REDIS_URL"],
            "KEY_PREFIX": "gongkai",
        }
    }
elif os.environ.get("GONGKAI_CACHE_DIR"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ["GONGKAI_CACHE_DIR"],
            "KEY_PREFIX": "gongkai",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "gongkai",
        }
    }

# ---------------------------------------------------------------- i18n

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", "简体中文"),
    ("en", "English"),
]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [PROJECT_DIR / "locale"]

# ---------------------------------------------------------------- files

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Present even before the first collectstatic (WhiteNoise warns about a missing one).
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
# Applicants' uploads (ID proofs) are personal data: kept outside MEDIA_ROOT, never served by
# URL, read back only through the audited back-office download view.
GONGKAI_PRIVATE_DIR = VAR_DIR / "private"
GONGKAI_ATTACHMENT_MAX_BYTES = int(os.environ.get("GONGKAI_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))
GONGKAI_ATTACHMENT_MAX_COUNT = 5


def _rate(name: str, default: str) -> tuple[int, int]:
    """A "count/seconds" rate from the environment, e.g. GONGKAI_APPLY_RATE_LIMIT=5/3600."""
    count, seconds = os.environ.get(name, default).split("/")
    return int(count), int(seconds)


# Flooding: online applications and progress queries per client IP. The counters live in the
# cache: with several app servers the cache must be shared (Redis) for the limits to hold.
GONGKAI_APPLY_RATE_LIMIT = _rate("GONGKAI_APPLY_RATE_LIMIT", "5/3600")
GONGKAI_TRACK_RATE_LIMIT = _rate("GONGKAI_TRACK_RATE_LIMIT", "10/600")
# Largest whole application POST; None: every attachment at its maximum plus 1 MB of form.
GONGKAI_APPLICATION_MAX_REQUEST_BYTES = (
    int(os.environ["GONGKAI_APPLICATION_MAX_REQUEST_BYTES"])
    if os.environ.get("GONGKAI_APPLICATION_MAX_REQUEST_BYTES")
    else None
)
# Production (no DEBUG): ``collectstatic`` writes every file under a content-hashed name with
# gzip and Brotli copies (``gongkai serve`` runs it), WhiteNoise serves them with a far-future
# Cache-Control. Debug mode and the tests use the plain names, found in the apps' folders.
_static_manifest = _env_bool("GONGKAI_STATIC_MANIFEST", default=not DEBUG)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if _static_manifest
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Without the manifest nothing is collected: WhiteNoise serves from the apps' static folders.
WHITENOISE_USE_FINDERS = not _static_manifest
# Files served at the site's root: /favicon.ico (browsers ask for it on every first visit).
WHITENOISE_ROOT = PROJECT_DIR / "webroot"

# ---------------------------------------------------------------- mail

# The embedded mode writes mails to files under var/mail (nothing leaves the machine); a
# deployment sets GONGKAI_SMTP_HOST (and _PORT, _USER, _PASSWORD, _TLS=1) to send through SMTP.
# Django 6.1 configures mail with MAILERS (the EMAIL_* backend settings are deprecated).
if os.environ.get("GONGKAI_SMTP_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["GONGKAI_SMTP_HOST"],
                "port": int(os.environ.get("GONGKAI_SMTP_PORT", "25")),
                "username": os.environ.get("GONGKAI_SMTP_USER", ""),
                "password": os.environ.get("GONGKAI_SMTP_PASSWORD", ""),
                "use_tls": os.environ.get("GONGKAI_SMTP_TLS", "") == "1",
            },
        }
    }
else:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "OPTIONS": {"file_path": str(VAR_DIR / "mail")},
        }
    }
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# ---------------------------------------------------------------- Wagtail

# The back office's name in its tab titles, sign-in page and dashboard (never the framework's).
WAGTAIL_SITE_NAME = "政府信息公开工作平台"
# The back office speaks Chinese and keeps Beijing time: one choice each, so Wagtail hides the
# language and time zone preferences (hundreds of English zone names) from the account page.
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAILADMIN_USER_LOGIN_FORM = "gongkai.backoffice.forms.StaffLoginForm"
WAGTAILADMIN_BASE_URL = os.environ.get("GONGKAI_BASE_URL", "http://127.0.0.1:8000")
# No internet on many government intranets: Gravatar images would be broken links.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
# A signed-off catalogue item is published by its service (索引号, 发布日期, audit event).
WAGTAIL_FINISH_WORKFLOW_ACTION = "gongkai.catalog.finish.finish_workflow"
# SQLite FTS5 / PostgreSQL full text, on tokens the catalogue makes of Chinese text itself
# (gongkai.catalog.tokens): no extension a stock server lacks. "simple": no stemming.
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database", "SEARCH_CONFIG": "simple"}
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "rtf", "txt", "xlsx", "xls", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

# ---------------------------------------------------------------- catalogue API
# Only the schema class is global (drf-spectacular reads it); authentication, permissions and
# renderers are set on the catalogue's views themselves, so Wagtail's own API keeps its defaults.
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}
SPECTACULAR_SETTINGS = {
    "TITLE": "主动公开目录接口",
    "DESCRIPTION": (
        "政府信息公开平台的只读接口：已发布的主动公开信息（条例第十九至二十六条），"
        "含目录信息、内容概述、正文和附件。只支持 GET；不含任何个人信息；"
        "响应带 ETag 和 Last-Modified，可用条件请求（If-None-Match）节省流量。"
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

# ---------------------------------------------------------------- logging

# The server log goes to stderr (systemd's journal, the container's log, gunicorn's error log),
# and to GONGKAI_LOG_FILE as well when set. Every 500 is written with its traceback
# (django.request); applicants' ID numbers and phone numbers are masked in every line
# (gongkai.privacy.log_filter.MaskPersonalData), whatever an exception message quotes.
_log_handlers = ["stderr"]
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_personal_data": {"()": "gongkai.privacy.log_filter.MaskPersonalData"}},
    "formatters": {
        "server": {"format": "%(asctime)s %(levelname)s %(name)s [%(process)d] %(message)s"},
    },
    "handlers": {
        "stderr": {
            "class": "gongkai.privacy.log_filter.ServerLogHandler",
            "formatter": "server",
            "filters": ["mask_personal_data"],
        },
    },
    # Libraries' warnings and errors; our own messages from GONGKAI_LOG_LEVEL (default INFO).
    "root": {"handlers": _log_handlers, "level": "WARNING"},
    "loggers": {
        "gongkai": {"level": os.environ.get("GONGKAI_LOG_LEVEL", "INFO")},
        # 500s with their traceback. Django logs every 4xx here too, as a warning (a 404 for
        # each robot's guess): left out, so that errors stand out.
        "django.request": {"level": "ERROR"},
        "django.security": {"level": "WARNING"},
        # Robots send any Host header; each would be an ERROR with a traceback. The reverse
        # proxy should refuse unknown hosts before they get here (docs/deploy.md).
        "django.security.DisallowedHost": {"level": "CRITICAL"},
        "django.db.backends": {"level": "WARNING"},
    },
}
if os.environ.get("GONGKAI_LOG_FILE"):
    LOGGING["handlers"]["file"] = {
        # Watched: logrotate may move the file; the next line goes to a new one.
        "class": "logging.handlers.WatchedFileHandler",
        "filename": os.environ["GONGKAI_LOG_FILE"],
        "encoding": "utf-8",
        "formatter": "server",
        "filters": ["mask_personal_data"],
    }
    _log_handlers.append("file")
