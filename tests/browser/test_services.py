"""A front-desk officer follows their service figures down to the tasks behind them, and
their section head finds them in the team view. Screenshots land in var/screenshots/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kinerja.service_metrics.tests.factories import ServiceTypeFactory, ingest, task

pytestmark = pytest.mark.usefixtures("transactional_db")


@pytest.fixture
def recorded(org):
    domisili = ServiceTypeFactory(code="DOM", name="Surat Keterangan Domisili", unit=org.pelayanan)
    ingest(
        [
            task("B1", domisili, org.staf, "2026-03-02T09:00:00", "2026-03-02T10:00:00"),
            task("B2", domisili, org.staf, "2026-03-03T09:00:00", "2026-03-04T15:00:00"),
            task(
                "B3", domisili, org.staf, "2026-04-06T09:00:00", "2026-04-06T09:30:00", returned=1
            ),
            task("B4", domisili, org.rekan, "2026-03-05T10:00:00", "2026-03-05T11:00:00"),
        ]
    )
    return org


def _sign_in(page: Page, base_url: str, username: str) -> None:
    page.goto(base_url + "/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill("binawidya")
    page.get_by_role("button", name="Masuk").click()


def test_an_officer_follows_a_late_figure_to_the_task_behind_it(
    recorded,
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    console_errors: list[str],
) -> None:
    _sign_in(page, live_server.url, "staf")
    menu = page.get_by_role("navigation", name="Menu utama")
    menu.get_by_text("Layanan", exact=True).click()
    menu.get_by_role("link", name="Layanan saya").click()
    expect(page).to_have_url(re.compile(r"/layanan/saya/"))

    expect(page.get_by_role("heading", level=1)).to_have_text("Layanan saya")
    # The chart is drawn (Chart.js sized its canvas) and the table holds the same months.
    expect(page.locator("#service-trend-chart")).to_be_visible()
    page.wait_for_function("document.querySelector('#service-trend-chart').width > 0")
    expect(page.locator("table.service-figures")).to_contain_text("Maret")
    page.screenshot(path=screenshot_dir / "services-mine.png", full_page=True)

    # The year's on-time card leads to the late task: B2 took 14 working hours against 4.
    page.locator("a.stat", has_text="tepat waktu").click()
    expect(page).to_have_url(re.compile(r"/layanan/pegawai/\d+/tugas/"))
    expect(page.get_by_text("B2")).to_be_visible()
    expect(page.get_by_text("B1")).to_have_count(0)
    expect(page.locator("body")).to_contain_text("terlambat")
    page.screenshot(path=screenshot_dir / "services-late-tasks.png", full_page=True)
    assert console_errors == []


def test_the_section_head_sorts_the_team_and_opens_an_officer(
    recorded,
    page: Page,
    live_server: LiveServer,
    screenshot_dir: Path,
    console_errors: list[str],
) -> None:
    _sign_in(page, live_server.url, "kasi")
    page.goto(live_server.url + "/layanan/tim/?period=2026")

    table = page.locator("table.data").first
    expect(table).to_contain_text("Staf")
    expect(table).to_contain_text("Rekan")
    expect(table.locator("svg").first).to_be_visible()  # a sparkline per officer
    page.screenshot(path=screenshot_dir / "services-team.png", full_page=True)

    table.get_by_role("link", name="Staf").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Staf")
    assert console_errors == []
