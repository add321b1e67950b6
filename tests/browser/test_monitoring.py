"""Early warning to coaching in the demo office: the PATEN section head sees an alert about
one of their officers whose figures dropped, opens a coaching case from it and records a
dialogue session; the officer finds the case on their dashboard. Screenshots of both
dashboards land in var/screenshots/."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from kinerja.coaching.models import CoachingCase
from kinerja.monitoring.models import Alert
from tests.browser.story import click_menu, sign_in, t

pytestmark = pytest.mark.usefixtures("transactional_db")

GOALS = "Ketepatan waktu layanan kembali ke 90 % dalam dua bulan."
NOTES = "Membahas antrean pagi dan berkas yang kurang lengkap."
AGREEMENTS = "Daftar periksa kelengkapan berkas dipakai mulai besok."


def _new_alert_without_a_case() -> Alert:
    """A new alert of the section head's about an officer who has no active case."""
    coached = CoachingCase.objects.filter(status=CoachingCase.Status.ACTIVE).values("employee")
    alert = (
        Alert.objects.filter(appraiser__user__username="kasi.pelayanan", status=Alert.Status.OPEN)
        .exclude(employee__in=coached)
        .select_related("employee__user")
        .order_by("-raised_at", "pk")
        .first()
    )
    if alert is None:
        pytest.fail("the demo gives the PATEN section head no new alert")
    return alert


@pytest.mark.usefixtures("demo_data")
def test_an_alert_becomes_a_coaching_case_the_employee_sees(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    base_url = live_server.url
    alert = _new_alert_without_a_case()
    employee = alert.employee
    assert employee.user is not None

    sign_in(page, base_url, "camat")
    page.screenshot(path=screenshot_dir / "dashboard-camat.png", full_page=True)

    sign_in(page, base_url, "kasi.pelayanan")
    page.screenshot(path=screenshot_dir / "dashboard-kasi.png", full_page=True)
    click_menu(page, t("My team"), t("Early warning"))
    expect(page.locator("main")).to_contain_text(employee.name)
    page.goto(f"{base_url}/pemantauan/peringatan/{alert.pk}/")
    page.screenshot(path=screenshot_dir / "alert-detail.png", full_page=True)
    form = page.locator(f'form[action$="/peringatan/{alert.pk}/pembinaan/"]')
    form.locator('textarea[name="goals"]').fill(GOALS)
    form.get_by_role("button", name=t("Open the coaching case")).click()

    case = CoachingCase.objects.get(employee=employee, status=CoachingCase.Status.ACTIVE)
    alert.refresh_from_db()
    assert (alert.status, alert.coaching_case_id) == (Alert.Status.COACHING, case.pk)

    page.goto(f"{base_url}/pembinaan/{case.pk}/")
    page.get_by_role("link", name=t("Record a session")).first.click()
    page.locator('textarea[name="participants"]').fill(f"{employee.name}; Kasi Pelayanan")
    page.locator('textarea[name="notes"]').fill(NOTES)
    page.locator('textarea[name="agreements"]').fill(AGREEMENTS)
    page.get_by_role("button", name=t("Record the session")).click()
    expect(page.locator("#sessions")).to_contain_text(NOTES)
    page.screenshot(path=screenshot_dir / "coaching-case-kasi.png", full_page=True)
    assert case.sessions.count() == 1

    sign_in(page, base_url, employee.user.username)
    expect(page.locator(f'main a[href$="/pembinaan/{case.pk}/"]').first).to_be_visible()
    page.screenshot(path=screenshot_dir / "dashboard-employee.png", full_page=True)
    page.locator(f'main a[href$="/pembinaan/{case.pk}/"]').first.click()
    expect(page.locator("main")).to_contain_text(GOALS)
    expect(page.locator("main")).to_contain_text(AGREEMENTS)
    assert console_errors == []
