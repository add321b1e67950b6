"""Steps every browser story takes in the demo office: the Indonesian of a label, signing
in as a demo account (password "binawidya") and choosing an item of the main menu."""

from django.utils import translation
from playwright.sync_api import Page, expect

DEMO_PASSWORD = "binawidya"


def t(message: str) -> str:
    """The Indonesian of a label, as the pages show it."""
    with translation.override("id"):
        return translation.gettext(message)


def sign_in(page: Page, base_url: str, username: str) -> None:
    """Sign in afresh as ``username`` and wait for the main menu."""
    page.context.clear_cookies()
    page.goto(base_url + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("navigation", name="Menu utama")).to_be_visible()


def click_menu(page: Page, menu_label: str, item: str) -> None:
    """Open ``menu_label`` in the main menu and follow its link ``item``."""
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_text(menu_label, exact=True).click()
    menu.get_by_role("link", name=item, exact=True).click()
