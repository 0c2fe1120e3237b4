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
    GONGKAI_TRUSTED_PROXY_ADDRESSES  comma-separated addresses/networks of those proxies; when
                             set, X-Forwarded-For counts only in requests from them
    GONGKAI_SESSION_IDLE_MINUTES  sign out after this many idle minutes; default 30
    GONGKAI_SESSION_MAX_HOURS     sign out this many hours after signing in; default 12
    GONGKAI_LOGIN_FAILURE_LIMIT   failed sign-ins that lock an account; default 5
    GONGKAI_LOGIN_IP_FAILURE_LIMIT  failed sign-ins (any accounts) that lock an address; default 20
    GONGKAI_LOGIN_LOCK_MINUTES    how long a lock lasts; default 30
    GONGKAI_PASSWORD_POLICY  dengbao (default) or asvs (docs/security.md)
    GONGKAI_PASSWORD_MAX_AGE_DAYS  forced password change after this many days; default 90
                             under dengbao, 0 (never) under asvs
    GONGKAI_PASSWORD_BREACHED_FILE  breached-password list (plain or SHA-1 lines, .gz ok)
    GONGKAI_PASSWORD_CONTEXT_WORDS  comma-separated words passwords must not be made of
    GONGKAI_OTP_REQUIRED_FOR_ADMINS "0" to relax the administrators' second factor; default on
    GONGKAI_AUDIT_RETENTION_DAYS  audit events older than this may be purged; default 180
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

import datetime
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

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
    # Login lockout after repeated failures (back office faces the internet).
    "axes",
    # After axes (its failed-login receiver runs first): sessions, lockout, passwords, 2FA.
    "gongkai.accounts",
    # The second factor: authenticator apps (TOTP) and single-use recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Wagtail on PostgreSQL needs it (postgres.E005); harmless on SQLite.
    "django.contrib.postgres",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (collected to STATIC_ROOT) and /favicon.ico without DEBUG, before anything
    # else touches the request: no session, no database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A conditional GET of a portal page that has not changed: 304 before anything else runs.
    "gongkai.portal.caching.PortalNotModifiedMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # request.user.is_verified(): whether this session passed the second factor.
    "django_otp.middleware.OTPMiddleware",
    # The client address of Wagtail's own writes, for their copy in the audit trail.
    "gongkai.audit.admin_log.RequestForAudit",
    "django.contrib.messages.middleware.MessageMiddleware",
    # gongkai.accounts, after the messages (they tell the user why): idle and absolute session
    # timeouts; the second factor and a due password change before any back-office page;
    # refused requests into the audit trail.
    "gongkai.accounts.sessions.SessionTimeoutMiddleware",
    "gongkai.accounts.policy.AccountPolicyMiddleware",
    "gongkai.accounts.denied.AccessDeniedAuditMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a lockout into the lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses locked-out credentials before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    # Then: refuses every sign-in from an address with too many recent failures.
    "gongkai.accounts.backends.ClientAddressLimitBackend",
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

# Password policy (gongkai.accounts.passwords, docs/security.md): "dengbao" (default: >= 10
# characters of 3 of 4 classes, changed every 90 days, none of the last 5 again) or "asvs"
# (>= 12 characters, a breached/common list, no composition rules, no periodic change).
GONGKAI_PASSWORD_POLICY = os.environ.get("GONGKAI_PASSWORD_POLICY", "dengbao").strip().lower()
if GONGKAI_PASSWORD_POLICY not in {"dengbao", "asvs"}:
    raise ImproperlyConfigured(
        f"GONGKAI_PASSWORD_POLICY 应为 dengbao 或 asvs（现为 {GONGKAI_PASSWORD_POLICY!r}）。"
    )
_ACCOUNTS_PASSWORDS = "gongkai.accounts.passwords."
_DJANGO_PASSWORDS = "django.contrib.auth.password_validation."
if GONGKAI_PASSWORD_POLICY == "dengbao":  # noqa: S105 (a profile's name, not a password)
    AUTH_PASSWORD_VALIDATORS = [
        {"NAME": _DJANGO_PASSWORDS + "MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
        {"NAME": _ACCOUNTS_PASSWORDS + "CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
        {"NAME": _ACCOUNTS_PASSWORDS + "NotContainingUsernameValidator"},
        {"NAME": _DJANGO_PASSWORDS + "UserAttributeSimilarityValidator"},
        {"NAME": _DJANGO_PASSWORDS + "CommonPasswordValidator"},
        {"NAME": _ACCOUNTS_PASSWORDS + "GuessablePasswordValidator"},
        {"NAME": _ACCOUNTS_PASSWORDS + "PasswordReuseValidator", "OPTIONS": {"count": 5}},
    ]
    _password_max_age_days, _password_history = 90, 5
else:
    AUTH_PASSWORD_VALIDATORS = [
        {"NAME": _DJANGO_PASSWORDS + "MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
        {"NAME": _ACCOUNTS_PASSWORDS + "NotContainingUsernameValidator"},
        {"NAME": _DJANGO_PASSWORDS + "UserAttributeSimilarityValidator"},
        {"NAME": _DJANGO_PASSWORDS + "CommonPasswordValidator"},
        {"NAME": _ACCOUNTS_PASSWORDS + "BreachedPasswordValidator"},
        {"NAME": _ACCOUNTS_PASSWORDS + "GuessablePasswordValidator"},
        {"NAME": _ACCOUNTS_PASSWORDS + "PasswordChangeRecorder"},
    ]
    _password_max_age_days, _password_history = 0, 1
# Days a password lasts before the forced change at sign-in (0: never).
GONGKAI_PASSWORD_MAX_AGE_DAYS = int(
    os.environ.get("GONGKAI_PASSWORD_MAX_AGE_DAYS") or _password_max_age_days
)
GONGKAI_PASSWORD_HISTORY = _password_history
# A breached-password list for the asvs profile (plain or SHA-1 lines, optionally .gz).
GONGKAI_PASSWORD_BREACHED_FILE = os.environ.get("GONGKAI_PASSWORD_BREACHED_FILE") or None
# Words of this deployment a password must not be made of (besides the agencies' abbreviations).
GONGKAI_PASSWORD_CONTEXT_WORDS = _env_list("GONGKAI_PASSWORD_CONTEXT_WORDS", [])

LOGIN_URL = "wagtailadmin_login"

_secure_cookies = _env_bool("GONGKAI_SECURE_COOKIES", default=not DEBUG)
SESSION_COOKIE_SECURE = _secure_cookies
CSRF_COOKIE_SECURE = _secure_cookies
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Sessions (gongkai.accounts.sessions): signed out after 30 idle minutes and at the latest 12
# hours after signing in; the cookie lasts no longer than the absolute lifetime.
GONGKAI_SESSION_IDLE_SECONDS = 60 * int(os.environ.get("GONGKAI_SESSION_IDLE_MINUTES") or 30)
GONGKAI_SESSION_MAX_SECONDS = 3600 * int(os.environ.get("GONGKAI_SESSION_MAX_HOURS") or 12)
SESSION_COOKIE_AGE = GONGKAI_SESSION_MAX_SECONDS
X_FRAME_OPTIONS = "SAMEORIGIN"  # Wagtail's preview panel frames our own pages
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if _env_bool("GONGKAI_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Login lockout (django-axes + gongkai.accounts.backends): an account is locked for 30 minutes
# after 5 failures whatever addresses they came from; an address after 20 failures (any
# accounts) within the same 30 minutes. The client address is the one gongkai.audit.services
# .client_ip believes (X-Forwarded-For only from the trusted proxies).
AXES_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_FAILURE_LIMIT") or 5)
GONGKAI_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("GONGKAI_LOGIN_IP_FAILURE_LIMIT") or 20)
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("GONGKAI_LOGIN_LOCK_MINUTES") or 30)
)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "gongkai.audit.services.client_ip"
AXES_RESET_ON_SUCCESS = True
# axes.W006 asks for "ip_address" in the lockout parameters; the per-address limit is
# gongkai.accounts.backends.ClientAddressLimitBackend instead (axes has one limit for both).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_LOCKOUT_CALLABLE = "gongkai.accounts.views.lockout_response"
# Second factor (TOTP, gongkai.accounts.policy): required for system and security
# administrators and superusers; "0" relaxes it (a demo on a laptop, never production).
GONGKAI_OTP_REQUIRED_FOR_ADMINS = _env_bool("GONGKAI_OTP_REQUIRED_FOR_ADMINS", default=True)
OTP_TOTP_ISSUER = "政府信息公开工作平台"

# Personal data is encrypted at rest (gongkai.privacy.fields.EncryptedTextField) under the first
# of these Fernet keys; the others still decrypt (key rotation: prepend the new key, keep the
# old ones). Empty: a key derived from SECRET_KEY, so the embedded mode needs no setup.
GONGKAI_FIELD_KEYS = _env_list("GONGKAI_FIELD_KEYS", [])
# How many reverse proxies in front of Gongkai append to X-Forwarded-For. 0: the audit log records
# REMOTE_ADDR and ignores the header, which any client can forge.
GONGKAI_TRUSTED_PROXIES = int(os.environ.get("GONGKAI_TRUSTED_PROXIES") or 0)
# The addresses (or networks) of those proxies. When set, X-Forwarded-For is believed only in a
# request that came from one of them, and the client is the right-most address in it that is
# not one of them (gongkai.audit.services.client_ip): the audit trail, the lockout and the rate
# limits see the real client, and a client cannot forge the header past the proxy.
GONGKAI_TRUSTED_PROXY_ADDRESSES = _env_list("GONGKAI_TRUSTED_PROXY_ADDRESSES", [])

# The audit trail is kept this many days at least (等保: 审计记录留存不少于六个月; 180 is the
# floor `gongkai audit purge` accepts); older events may then be purged.
GONGKAI_AUDIT_RETENTION_DAYS = int(os.environ.get("GONGKAI_AUDIT_RETENTION_DAYS") or 180)

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
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "doc", "odt", "pdf", "rtf", "txt", "xlsx", "xls", "zip"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024

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
