"""Headless Chromium (Debian's /usr/bin/chromium) driven by Playwright against pytest-django's
live server. The recipe is the one in the stack notes (section 3.4):

- Playwright cannot download its own browser here, so the Debian build is launched;
- the browser asks for Indonesian, or LocaleMiddleware would serve English;
- Playwright's sync API runs an event loop in this thread, so Django's async-safety check
  must be relaxed or teardown fails with SynchronousOnlyOperation;
- the test settings use plain StaticFilesStorage: the live server serves static files from
  the finders, which know no manifest names.
"""

import os
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.path).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_context_args,
        "locale": "id-ID",
        "timezone_id": "Asia/Jakarta",
        "viewport": {"width": 1280, "height": 800},
    }


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: Any) -> None:
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def screenshot_dir() -> Path:
    """var/screenshots/: pictures of the pages for a person to look at (var/ is not in git)."""
    path = Path(settings.BASE_DIR) / "var" / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture
def console_errors(page: Any) -> list[str]:
    """Errors the browser reports (a Content Security Policy violation is one)."""
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(15_000)
    return errors


@pytest.fixture
def demo_data() -> None:
    """The Binawidya demo office, as `kinerja demo` loads it (password "binawidya")."""
    call_command("demo", stdout=StringIO())
