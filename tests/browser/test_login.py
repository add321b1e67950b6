"""A person signs in with a demo account, finds their way through the menu and signs out.

Screenshots of the pages land in var/screenshots/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.story import t

pytestmark = pytest.mark.usefixtures("transactional_db")


def _sign_in(page: Page, base_url: str, username: str, password: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


@pytest.mark.usefixtures("demo_data")
def test_camat_signs_in_sees_the_office_and_opens_the_unit_tree(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    # given the login page, in Indonesian
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/$"))
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Kinerja")
    page.screenshot(path=screenshot_dir / "login.png", full_page=True)

    # when camat signs in
    page.get_by_label("Nama pengguna").fill("camat")
    page.get_by_label("Sandi").fill("binawidya")
    page.get_by_role("button", name="Masuk").click()

    # then the home page greets them and shows the office at a glance
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    expect(page.locator(".brand__org")).to_have_text("Kecamatan Binawidya")
    # the leader's control room: the office at a glance, unit by unit
    expect(page.get_by_role("link", name="Kantor sekilas")).to_be_visible()
    expect(page.get_by_role("heading", name=t("Services by unit"))).to_be_visible()
    assert page.evaluate("window.htmx && window.htmx.version") == "2.0.11"
    page.screenshot(path=screenshot_dir / "home-camat.png", full_page=True)

    # and the Organisasi menu leads to the unit tree with the five kelurahan
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_text("Organisasi").click()
    page.screenshot(path=screenshot_dir / "menu-open.png")
    menu.get_by_role("link", name="Unit", exact=True).click()
    expect(page).to_have_url(re.compile(r"/organisasi/unit/$"))
    expect(page.get_by_role("main")).to_contain_text("Kelurahan Delima")
    page.screenshot(path=screenshot_dir / "unit-tree.png", full_page=True)

    # and signing out, from the user menu, returns to the login page
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Keluar").click()
    expect(page).to_have_url(re.compile(r"/accounts/login/$"))
    assert console_errors == []


@pytest.mark.usefixtures("demo_data")
def test_a_wrong_password_is_explained_and_the_shell_fits_a_small_phone(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})

    _sign_in(page, live_server.url, "camat", "salah")
    expect(page.get_by_role("alert")).to_contain_text(
        "Nama pengguna (atau NIP) dan sandi tidak cocok"
    )
    page.screenshot(path=screenshot_dir / "login-error-360.png", full_page=True)

    _sign_in(page, live_server.url, "camat", "binawidya")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    page.screenshot(path=screenshot_dir / "home-camat-360.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert console_errors == []


@pytest.mark.usefixtures("demo_data")
def test_the_language_switch_turns_the_interface_into_english_and_back(
    page: Page, live_server: LiveServer, console_errors: list[str]
) -> None:
    _sign_in(page, live_server.url, "staf.pelayanan", "binawidya")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")
    expect(page.get_by_role("navigation", name="Main menu")).to_contain_text("Home")

    page.get_by_role("button", name="Bahasa Indonesia").click()
    expect(page.locator("html")).to_have_attribute("lang", "id")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    assert console_errors == []
