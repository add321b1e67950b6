"""An SKP from draft to approval, in the demo office: the front-desk officer drafts an SKP
that intervenes in their section head's RHK and submits it; the section head returns it
with a reason, approves the corrected one and gives feedback, which the officer reads.
Screenshots land in var/screenshots/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.story import click_menu, sign_in, t

pytestmark = pytest.mark.usefixtures("transactional_db")

RHK = "Permohonan surat keterangan di loket PATEN selesai sesuai standar pelayanan"
RETURN_REASON = "Target terlalu rendah: loket PATEN melayani lebih dari 1.000 permohonan setahun."
FEEDBACK = "Bagus: antrean pagi ini selesai sebelum pukul 10. Pertahankan."


def _draft_and_submit(page: Page, screenshot_dir: Path) -> str:
    click_menu(page, t("My performance"), t("My SKP"))
    page.get_by_role("button", name=t("Start the SKP")).click()
    expect(page).to_have_url(re.compile(r"/kinerja/skp/\d+/$"))
    plan_url = page.url

    page.get_by_role("link", name=t("Add an RHK")).click()
    page.get_by_label(t("Planned work result (RHK)")).fill(RHK)
    page.get_by_label(t("Leader's RHK it intervenes in")).select_option(index=1)
    page.get_by_role("button", name=t("Save")).first.click()
    page.goto(plan_url)

    page.get_by_role("link", name=t("Add IKI")).first.click()
    page.get_by_label(t("Indicator (IKI)")).fill("Jumlah permohonan yang diselesaikan tepat waktu")
    page.get_by_label(t("Aspect")).select_option(label=t("Quantity"))
    page.get_by_label(t("Target (or lower bound of a range)")).fill("500")
    page.get_by_label(t("Unit of measure")).fill("permohonan")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    page.goto(plan_url)
    expect(page.locator("main")).to_contain_text(RHK)
    page.screenshot(path=screenshot_dir / "skp-draft.png", full_page=True)

    page.get_by_role("link", name=t("Submit to the appraiser")).click()
    page.get_by_role("button", name=t("Submit"), exact=True).click()
    expect(page.locator("main")).to_contain_text(t("Submitted"), ignore_case=True)
    return plan_url


@pytest.mark.usefixtures("demo_data")
def test_an_skp_is_returned_corrected_approved_and_given_feedback(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    # The officer drafts an SKP intervening in the section head's RHK and submits it.
    sign_in(page, live_server.url, "staf.pelayanan")
    plan_url = _draft_and_submit(page, screenshot_dir)
    page.screenshot(path=screenshot_dir / "skp-submitted.png", full_page=True)

    # The section head returns it with a reason.
    sign_in(page, live_server.url, "kasi.pelayanan")
    click_menu(page, t("My team"), t("Team SKP"))
    expect(page.locator("main table")).to_contain_text(t("Waiting for approval"))
    page.screenshot(path=screenshot_dir / "skp-team.png", full_page=True)
    page.goto(plan_url)
    page.get_by_role("link", name=t("Return with a reason")).click()
    page.get_by_label(t("Reason")).fill(RETURN_REASON)
    page.get_by_role("button", name=t("Return the SKP")).click()
    expect(page.locator("main")).to_contain_text(t("Returned"), ignore_case=True)

    # The officer reads the reason, raises the target and submits again.
    sign_in(page, live_server.url, "staf.pelayanan")
    page.goto(plan_url)
    expect(page.locator("main")).to_contain_text(RETURN_REASON)
    page.screenshot(path=screenshot_dir / "skp-returned.png", full_page=True)
    page.get_by_role("link", name=t("Edit IKI")).first.click()
    page.get_by_label(t("Target (or lower bound of a range)")).fill("1200")
    page.get_by_role("button", name=t("Save"), exact=True).click()
    page.goto(plan_url)
    page.get_by_role("link", name=t("Submit to the appraiser")).click()
    page.get_by_role("button", name=t("Submit"), exact=True).click()
    expect(page.locator("main")).to_contain_text(t("Submitted"), ignore_case=True)

    # The section head approves it and gives feedback on the RHK.
    sign_in(page, live_server.url, "kasi.pelayanan")
    page.goto(plan_url)
    page.get_by_role("link", name=t("Approve"), exact=True).click()
    page.get_by_role("button", name=t("Approve"), exact=True).click()
    expect(page.locator("main")).to_contain_text(t("Approved"), ignore_case=True)
    page.screenshot(path=screenshot_dir / "skp-approved.png", full_page=True)
    page.get_by_role("link", name=t("Feedback"), exact=True).click()
    page.get_by_label(t("About")).select_option(index=1)
    page.get_by_label(t("Feedback"), exact=True).fill(FEEDBACK)
    page.get_by_role("button", name=t("Send the feedback")).click()
    expect(page.locator("main")).to_contain_text(FEEDBACK)

    # The officer finds the feedback under Kinerja Saya.
    sign_in(page, live_server.url, "staf.pelayanan")
    click_menu(page, t("My performance"), t("Feedback"))
    expect(page.locator("main")).to_contain_text(FEEDBACK)
    page.screenshot(path=screenshot_dir / "skp-feedback.png", full_page=True)
    assert console_errors == []
