"""Settings shared by every environment. Values that differ per deployment come from
``KINERJA_*`` environment variables and ``DATABASE_URL``."""

from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.utils.translation import gettext_lazy as _

from config.settings.env import env_bool, env_int, env_list, env_str

django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("KINERJA_VAR_DIR", str(BASE_DIR / "var")))

SECRET_KEY = env_str("KINERJA_SECRET_KEY", "dev-only-insecure-key-change-me")
DEBUG = env_bool("KINERJA_DEBUG", default=False)
ALLOWED_HOSTS = env_list("KINERJA_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "whitenoise.runserver_nostatic",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "axes",
    "kinerja.core",
    "kinerja.accounts",
    "kinerja.audit",
    "kinerja.workcalendar",
    "kinerja.organization",
    "kinerja.service_metrics",
    "kinerja.notifications",
    "kinerja.criteria",
    "kinerja.plans",
    "kinerja.innovations",
    "kinerja.appraisals",
    "kinerja.coaching",
    "kinerja.monitoring",
    "kinerja.portal",
    "kinerja.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it inspects the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kinerja.portal.context_processors.navigation",
                "kinerja.notifications.context_processors.unread_notifications",
            ],
        },
    },
]

# SQLite is the embedded default so that `make run` needs nothing else; PostgreSQL is the
# production engine, chosen with DATABASE_URL (postgres://user:pass@host:5432/name).
_SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue
    # instead of one failing with "database is locked" half-way through.
    "transaction_mode": "IMMEDIATE",
    # A 64 MB page cache (grown only as needed) keeps bulk imports and the set-based
    # recomputation of service figures off the disk. Temporary tables (an import's
    # staging table) stay in files, so memory does not grow with the size of a file.
    "init_command": (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        " PRAGMA cache_size=-65536;"
    ),
}
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'kinerja.sqlite3'}"),
        conn_max_age=env_int("KINERJA_DB_CONN_MAX_AGE", default=60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = _SQLITE_OPTIONS
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "kinerja.organization.backends.NipBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Brute-force protection: after 5 failed logins for one username from one address the
# pair is locked out for 15 minutes (django-axes answers 429 with our lockout page).
AXES_FAILURE_LIMIT = env_int("KINERJA_LOGIN_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded import files wait here between preview and confirmation. Never web-served.
IMPORT_UPLOAD_DIR = VAR_DIR / "imports"
# Evidence (bukti dukung) files: outside static and media, served only by a view that
# checks who is asking. The limit is per file.
KINERJA_EVIDENCE_DIR = Path(env_str("KINERJA_EVIDENCE_DIR", str(VAR_DIR / "evidence")))
KINERJA_EVIDENCE_MAX_BYTES = env_int("KINERJA_EVIDENCE_MAX_MB", default=10) * 1024 * 1024
# An employee may object to a delivered evaluation within this many days (PP 30/2019
# Pasal 59: 14), counted in calendar days or, with KINERJA_OBJECTION_WORKING_DAYS, in
# working days of the office's calendar.
KINERJA_OBJECTION_DAYS = env_int("KINERJA_OBJECTION_DAYS", default=14)
KINERJA_OBJECTION_WORKING_DAYS = env_bool("KINERJA_OBJECTION_WORKING_DAYS", default=False)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

EMAIL_BACKEND = env_str("KINERJA_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("KINERJA_FROM_EMAIL", "kinerja@localhost")
# Notifications always appear in the application; they are also e-mailed when this is on
# (and the recipient has an address). KINERJA_SITE_URL makes the links in them absolute.
KINERJA_EMAIL_NOTIFICATIONS = env_bool("KINERJA_EMAIL_NOTIFICATIONS", default=False)
KINERJA_SITE_URL = env_str("KINERJA_SITE_URL", "http://127.0.0.1:8000")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kinerja API",
    "DESCRIPTION": (
        "Service tasks from front-desk systems and the service figures computed from them. "
        "Obtain a token at /api/v1/auth/token/ and send it as `Authorization: Token <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI and Redoc from drf-spectacular-sidecar's static files: no CDN, and the
    # site's Content-Security-Policy allows only our own origin.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "kinerja.service_metrics.api.schema.document_task_list_limits",
    ],
}

# Content Security Policy: everything, scripts included, comes from our own origin
# (htmx and Chart.js are vendored), so no CDN and no inline script is allowed.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("KINERJA_LOG_LEVEL", "WARNING")},
}
