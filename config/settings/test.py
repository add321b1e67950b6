"""The test suite. DATABASE_URL selects PostgreSQL; without it tests run on SQLite."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

SECRET_KEY = "test-only-key"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# The live server used by browser tests serves files from the finders, which know
# nothing of manifest names.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
