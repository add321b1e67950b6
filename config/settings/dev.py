"""Local development: `make run`."""

from config.settings.base import *  # noqa: F403
from config.settings.base import STORAGES

DEBUG = True
# runserver serves static files from the finders; no collectstatic needed.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
