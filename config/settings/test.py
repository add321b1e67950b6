"""The test suite. DATABASE_URL selects PostgreSQL; without it tests run on SQLite."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, STORAGES, VAR_DIR
from config.settings.env import env_str

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

# A file, not ":memory:", for the SQLite test database: like production it then has WAL
# and the busy timeout, so tests with two connections at once wait instead of failing
# with "database table is locked" (an in-memory database shares one cache instead).
# KINERJA_TEST_DB_NAME lets two test runs share a machine without sharing a database.
_TEST_DB_NAME = env_str("KINERJA_TEST_DB_NAME", "test_kinerja")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"{_TEST_DB_NAME}.sqlite3")}
else:
    DATABASES["default"]["TEST"] = {"NAME": _TEST_DB_NAME}
