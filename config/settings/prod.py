"""Production: PostgreSQL, gunicorn, HTTPS behind a proxy. `kinerja check --deploy` is clean.

Required: KINERJA_SECRET_KEY, KINERJA_ALLOWED_HOSTS, DATABASE_URL.
"""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES
from config.settings.env import env_bool, env_int, env_list, env_str

DEBUG = False
SECRET_KEY = env_str("KINERJA_SECRET_KEY")
if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("dev-only"):
    raise ImproperlyConfigured("KINERJA_SECRET_KEY must be a random string of 50+ characters.")
ALLOWED_HOSTS = env_list("KINERJA_ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("KINERJA_ALLOWED_HOSTS must list the site's host names.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://…")
CSRF_TRUSTED_ORIGINS = env_list("KINERJA_CSRF_TRUSTED_ORIGINS", default=[])

SECURE_SSL_REDIRECT = env_bool("KINERJA_SSL_REDIRECT", default=True)
# The TLS-terminating proxy tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("KINERJA_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
