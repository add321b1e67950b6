"""The criteria everyone knows, in the demo office: a front-desk officer proposes a change in
the open consultation and acknowledges the criteria in force; the evaluation team answers
the proposal; the officer finds the decision on their proposal. Screenshots land in
var/screenshots/."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.story import click_menu, sign_in

pytestmark = pytest.mark.usefixtures("transactional_db")

PROPOSAL_TITLE = "Standar waktu legalisasi dihitung dari berkas lengkap"


@pytest.mark.usefixtures("demo_data")
def test_a_proposal_is_answered_and_the_criteria_are_acknowledged(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    # The officer opens the consultation that is running and posts a proposal.
    sign_in(page, live_server.url, "staf.pelayanan")
    click_menu(page, "Kriteria", "Konsultasi")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.screenshot(path=screenshot_dir / "criteria-rounds.png", full_page=True)
    page.locator("main").get_by_role(
        "link", name=re.compile("Konsultasi kriteria kinerja")
    ).first.click()
    expect(page).to_have_url(re.compile(r"/kriteria/konsultasi/\d+/$"))
    page.screenshot(path=screenshot_dir / "criteria-round.png", full_page=True)
    page.get_by_role("link", name="Kirim usulan").first.click()
    page.get_by_label("Apa yang Anda usulkan?").select_option(label="Ubah indikator")
    page.get_by_label("Indikator yang dimaksud").select_option(index=1)
    page.get_by_label("Judul").fill(PROPOSAL_TITLE)
    page.get_by_label("Usulan dan alasannya").fill(
        "Berkas legalisasi sering diterima belum lengkap. Hitung standar waktu sejak berkas"
        " dinyatakan lengkap, bukan sejak diterima di loket."
    )
    page.get_by_role("button", name="Kirim usulan").click()
    expect(page).to_have_url(re.compile(r"/kriteria/usulan/\d+/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(PROPOSAL_TITLE)
    proposal_url = page.url
    page.screenshot(path=screenshot_dir / "criteria-proposal-posted.png", full_page=True)

    # Then reads the criteria in force, answers the comprehension check and acknowledges.
    click_menu(page, "Kriteria", "Kriteria yang berlaku")
    reading = page.get_by_role("link", name=re.compile("Baca"))
    if reading.count():
        reading.first.click()
    expect(page).to_have_url(re.compile(r"/kriteria/berlaku/\d+/$"))
    expect(page.locator("main")).to_contain_text("Ketepatan waktu layanan")
    page.screenshot(path=screenshot_dir / "criteria-for-me.png", full_page=True)
    form = page.locator("#acknowledge")
    form.get_by_label("10 %", exact=True).check()
    form.get_by_label("100", exact=True).check()
    form.get_by_label("Inovasi yang sudah diverifikasi panel inovasi").check()
    form.get_by_role("button", name="Saya sudah membaca dan memahami kriteria ini").click()
    expect(page.locator("main")).to_contain_text("Sudah memberi tanda terima")
    expect(page.locator("#acknowledge")).to_have_count(0)
    page.screenshot(path=screenshot_dir / "criteria-acknowledged.png", full_page=True)

    # The evaluation team answers the proposal with a reasoned decision.
    sign_in(page, live_server.url, "tim.evaluasi")
    page.goto(proposal_url)
    page.get_by_label("Diterima sebagian").check()
    page.get_by_label("Alasan keputusan").fill(
        "Standar waktu tetap dihitung sejak berkas diterima, tetapi berkas yang dikembalikan"
        " karena tidak lengkap tidak dihitung terlambat pada tahun 2026."
    )
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("main")).to_contain_text("Diterima sebagian")
    page.screenshot(path=screenshot_dir / "criteria-proposal-decided.png", full_page=True)

    # The author sees the decision and its reason on their proposal.
    sign_in(page, live_server.url, "staf.pelayanan")
    page.goto(proposal_url)
    decision = page.locator("main")
    expect(decision).to_contain_text("Diterima sebagian")
    expect(decision).to_contain_text("tidak dihitung terlambat pada tahun 2026")
    page.screenshot(path=screenshot_dir / "criteria-decision-seen.png", full_page=True)
    assert console_errors == []


@pytest.mark.usefixtures("demo_data")
def test_leaders_follow_the_versions_the_consultation_and_the_coverage(
    page: Page, live_server: LiveServer, screenshot_dir: Path, console_errors: list[str]
) -> None:
    # The evaluation team compares last year's criteria with this year's draft.
    sign_in(page, live_server.url, "tim.evaluasi")
    click_menu(page, "Kriteria", "Versi & perbandingan")
    expect(page).to_have_url(re.compile(r"/kriteria/versi/$"))
    page.screenshot(path=screenshot_dir / "criteria-versions.png", full_page=True)
    page.locator("main").get_by_role("link", name=re.compile(r"v1 — .*Binawidya")).last.click()
    expect(page.locator("main")).to_contain_text("Berorientasi Pelayanan")
    page.screenshot(path=screenshot_dir / "criteria-version-detail.png", full_page=True)
    page.go_back()
    page.get_by_role("button", name=re.compile("Bandingkan")).click()
    expect(page).to_have_url(re.compile(r"/kriteria/versi/bandingkan/\?"))
    expect(page.locator("main")).to_contain_text("Ketepatan waktu layanan")
    page.screenshot(path=screenshot_dir / "criteria-diff.png", full_page=True)
    page.goto(live_server.url + "/kriteria/konsultasi/")
    page.locator("main").get_by_role("link", name=re.compile("Konsultasi kriteria kinerja")).click()
    page.get_by_role("link", name="Ringkasan").click()
    expect(page.locator("main table").first).to_contain_text("Subbagian Umum dan Kepegawaian")
    page.screenshot(path=screenshot_dir / "criteria-round-summary.png", full_page=True)

    # The camat follows who has acknowledged the criteria in force, unit by unit.
    sign_in(page, live_server.url, "camat")
    click_menu(page, "Kriteria", "Sosialisasi")
    page.locator("main").get_by_role("link").first.click()
    expect(page.locator("main")).to_contain_text("Kelurahan")
    page.screenshot(path=screenshot_dir / "criteria-coverage.png", full_page=True)
    page.locator("main table").get_by_role("link").first.click()
    expect(page).to_have_url(re.compile(r"/kriteria/sosialisasi/\d+/unit/"))
    page.screenshot(path=screenshot_dir / "criteria-coverage-unit.png", full_page=True)
    assert console_errors == []
