"""Settings shared by every environment.

Everything that differs between machines comes from the environment, so no
secret is ever written in this repository. See ``docs/operations.md``.
"""

import os
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("LEERWEG_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "leerweg.core",
    "leerweg.accounts",
    "leerweg.notifications",
    "leerweg.audit",
    "leerweg.schools",
    "leerweg.partners",
    "leerweg.curriculum",
    "leerweg.profiles",
    "leerweg.consent",
    "leerweg.activities",
    "leerweg.paths",
    "leerweg.assessment",
    "leerweg.coaching",
    "leerweg.flex",
    "leerweg.directory",
    "leerweg.initiatives",
    "leerweg.networks",
    "leerweg.lrs",
    "leerweg.credentials",
    "leerweg.insight",
    "leerweg.demo",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "ninja",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "leerweg.core.middleware.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "leerweg.core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "leerweg.insight.middleware.ActiveRoleMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

# Labels start with a capital on every form (leerweg.core.forms).
FORM_RENDERER = "leerweg.core.forms.Renderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # A school's own templates (for example its Plusdocument layout) go first.
        "DIRS": [
            Path(folder)
            for folder in os.environ.get("LEERWEG_TEMPLATE_DIRS", "").split(os.pathsep)
            if folder
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "leerweg.insight.context_processors.active_role",
            ],
        },
    },
]

# SQLite in var/ is the embedded default; DATABASE_URL=postgres://… switches.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'leerweg.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the demo server read while a background task writes.
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "insight:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): five wrong passwords for one username from one
# address lock that pair for fifteen minutes; a correct login resets the count.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = int(timedelta(hours=10).total_seconds())
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content Security Policy: no inline scripts or styles anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "leerweg" / "locale"]
LANGUAGE_COOKIE_NAME = "leerweg_language"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded files live outside the web root and are only served through views
# that check access; there is deliberately no MEDIA_URL route.
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/files/"

# E-mail is printed to the console unless production settings say otherwise.
MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "Leerweg <noreply@localhost>")

# Background work: in-process by default, so nothing else has to run.
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

LOG_FORMAT = os.environ.get("LEERWEG_LOG_FORMAT", "json")
LOGGING: dict[str, Any] = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)-7s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LEERWEG_LOG_LEVEL", "INFO")},
    "loggers": {
        # Our request log replaces Django's own line per request.
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
    },
}

# Absolute links in e-mail (digests, password reset) start with this address.
LEERWEG_BASE_URL = os.environ.get("LEERWEG_BASE_URL", "http://127.0.0.1:8000")
# Wraps the private signing keys of schools (32 bytes, base64); see docs/operations.md.
# Development and test derive it from SECRET_KEY; production must set it.
LEERWEG_CREDENTIAL_KEK = os.environ.get("LEERWEG_CREDENTIAL_KEK", "")
LEERWEG_CREDENTIAL_KEK_FROM_SECRET_KEY = False

NINJA_PAGINATION_PER_PAGE = 50

# The public initiative register: at most this many submissions per client
# address per window (submissions, seconds); a form sent faster than this many
# seconds after it was shown is refused; confirmation links last this many days.
LEERWEG_REGISTER_THROTTLE = (5, 3600)
LEERWEG_REGISTER_MIN_SECONDS = 3
LEERWEG_REGISTER_CONFIRM_DAYS = 7
# Partner offers: students with fewer out-of-school activities than this in the
# last twelve months get a first look, for this many days, at new offers with
# limited places.
LEERWEG_OFFERS_FEW_ACTIVITIES = 2
LEERWEG_OFFERS_FIRST_LOOK_DAYS = 3
# Public pages (register, directory) may be cached this long by browsers.
LEERWEG_PUBLIC_MAX_AGE = 300
LEERWEG_ACCESS_DENIED_STATUS = 404
# The largest xAPI request body (statements with attachments) the LRS reads; larger ones get 413.
LEERWEG_XAPI_MAX_BODY_BYTES = int(os.environ.get("LEERWEG_XAPI_MAX_BODY_BYTES", 20 * 1024 * 1024))
