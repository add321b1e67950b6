"""The page shell: health check, home page per persona, main menu, error pages, language."""

import json
import re

import pytest
from django.contrib.sessions.middleware import SessionMiddleware
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory
from kinerja.portal.views import permission_denied, server_error

pytestmark = pytest.mark.django_db


def test_health_check_answers_json_without_login():
    response = Client().get("/healthz")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"status": "ok"}


def test_home_sends_an_anonymous_visitor_to_the_login_page():
    response = Client().get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_home_greets_a_pegawai_with_their_position_unit_and_atasan(client_as, pegawai, org):
    response = client_as(pegawai).get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Selamat datang, Staf" in html
    assert "Jabatan saya" in html
    assert "Jabatan staf" in html
    assert "Seksi Pelayanan" in html
    assert "Kasi" in html
    assert f'href="/organisasi/pegawai/{org.kasi.pk}/"' in html
    assert "Bawahan langsung saya" not in html
    assert "Kantor sekilas" not in html


def test_home_shows_a_penilai_their_team_with_a_tab_for_their_own_dashboard(client_as, atasan, org):
    response = client_as(atasan).get("/")

    html = response.content.decode()
    people = html.split('id="dash-people"')[1]
    assert f'href="/beranda/pemantauan/pegawai/{org.staf.pk}/"' in people
    assert f'href="/beranda/pemantauan/pegawai/{org.rekan.pk}/"' in people
    assert org.camat.name not in people
    assert 'href="/?tab=saya"' in html
    assert "Jabatan saya" not in html  # on the other tab
    assert "Jabatan saya" in client_as(atasan).get("/?tab=saya").content.decode()


def test_home_shows_a_pimpinan_the_office_with_links_to_the_people_and_units(client_as, pimpinan):
    response = client_as(pimpinan).get("/")

    html = response.content.decode()
    assert "Kantor sekilas" in html
    # Everyone under Kecamatan Contoh but the camat: admin, kasi, staf, rekan and lurah, in
    # the kecamatan and three of its units.
    assert re.search(r'href="/beranda/pemantauan/unit/KEC/daftar/\?show=all">5 ', html)
    assert re.search(r'href="/organisasi/unit/">4 ', html)
    assert "Jabatan saya" not in html


def test_home_shows_the_hr_admin_their_organisation(client_as, hr_admin):
    html = client_as(hr_admin).get("/").content.decode()

    # camat, kasi, staf, rekan and lurah; not the admin, not Kecamatan Lain's asing.
    assert re.search(r'href="/beranda/pemantauan/unit/KEC/daftar/\?show=all">5 ', html)
    assert "Asing" not in html


def test_home_tells_an_outsider_that_the_account_is_not_linked(client_as, outsider):
    response = client_as(outsider).get("/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Akun Anda belum terhubung dengan data pegawai" in html
    assert "admin kepegawaian" in html
    assert "Kantor sekilas" not in html
    assert "Jabatan saya" not in html


def test_home_needs_the_same_number_of_queries_for_a_bigger_team(
    client_as, atasan, org, django_assert_max_num_queries
):
    client = client_as(atasan)
    with django_assert_max_num_queries(30) as small:
        client.get("/")
    position = PositionFactory(unit=org.pelayanan)
    EmployeeFactory.create_batch(20, position=position, supervisor=org.kasi)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get("/")
    assert response.content.decode().count('<th scope="row"><a href="/beranda/pemantauan/') == 22


@pytest.mark.parametrize(
    ("persona", "sees_administration"),
    [("pegawai", False), ("atasan", False), ("pimpinan", False), ("hr_admin", True)],
)
def test_the_menu_shows_administration_only_to_the_hr_admin(
    client_as, request, persona, sees_administration
):
    user = request.getfixturevalue(persona)

    html = client_as(user).get("/").content.decode()

    assert "Beranda" in html
    assert "Organisasi" in html
    assert ("Administrasi" in html) is sees_administration
    assert ('href="/administrasi/audit/"' in html) is sees_administration


def test_the_menu_of_an_outsider_has_only_the_home_page(client_as, outsider):
    html = client_as(outsider).get("/").content.decode()

    nav = html.split('class="main-nav"')[1].split("</nav>")[0]
    assert "Beranda" in nav
    assert "Organisasi" not in nav
    assert "Administrasi" not in nav


def test_the_header_names_the_organisation_and_the_user(client_as, pegawai):
    html = client_as(pegawai).get("/").content.decode()

    assert '<span class="brand__org">Kecamatan Contoh</span>' in html
    assert "Ganti sandi" in html
    assert f'action="{reverse("accounts:logout")}"' in html


def test_logging_out_is_a_post_that_ends_the_session(client_as, pegawai):
    client = client_as(pegawai)

    response = client.post(reverse("accounts:logout"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert client.get("/").status_code == 302


def test_an_unknown_page_answers_404_in_indonesian(client_as, pegawai):
    response = client_as(pegawai).get("/tidak-ada/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert "Kembali ke beranda" in html


def test_the_404_page_renders_for_an_anonymous_visitor_without_the_menu():
    response = Client(HTTP_ACCEPT_LANGUAGE="id").get("/tidak-ada/")

    html = response.content.decode()
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in html
    assert 'class="main-nav"' not in html


def test_the_403_page_explains_in_indonesian(rf, pegawai):
    request = rf.get("/organisasi/impor/")
    SessionMiddleware(lambda r: HttpResponse()).process_request(request)
    request.user = pegawai

    response = permission_denied(request, PermissionDenied())

    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_the_500_page_renders_without_a_request_or_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = server_error(None)

    html = response.content.decode()
    assert response.status_code == 500
    assert "Terjadi kesalahan di sisi kami" in html
    assert "/static/css/kinerja.css" in html


def test_switching_the_language_to_english_changes_the_interface(client_as, pegawai):
    client = client_as(pegawai)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)

    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "Welcome, Staf" in html
    assert "Home" in html
    assert "Beranda" not in html
    # and back
    html = client.post("/i18n/setlang/", {"language": "id", "next": "/"}, follow=True)
    assert "Selamat datang, Staf" in html.content.decode()


def test_the_language_switch_offers_both_languages_and_marks_the_current_one(client_as, pegawai):
    html = client_as(pegawai).get("/").content.decode()

    assert 'action="/i18n/setlang/"' in html
    assert re.search(r'value="id" lang="id"[^>]*aria-pressed="true"', html)
    assert re.search(r'value="en" lang="en"[^>]*aria-pressed="false"', html)


@pytest.mark.parametrize("persona", ["pegawai", "hr_admin", "outsider"])
def test_pages_have_no_inline_script_or_style_for_the_content_security_policy(
    client_as, request, persona
):
    html = client_as(request.getfixturevalue(persona)).get("/").content.decode()

    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"<style\b", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert re.findall(r"\son[a-z]+=", html) == []


def test_base_loads_vendored_htmx_2_deferred_and_sets_the_csrf_header(client_as, pegawai):
    html = client_as(pegawai).get("/").content.decode()

    assert '<script src="/static/vendor/htmx-2.0.11/htmx.min.js" defer></script>' in html
    assert re.search(r"<body hx-headers='\{\"X-CSRFToken\": \"[A-Za-z0-9]{64}\"\}'>", html)
    assert "chart.umd.min.js" not in html
    assert "//cdn" not in html
    assert 'href="#main"' in html
    assert 'id="main"' in html
    assert html.count("<h1") == 1


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/tidak-ada/", "/accounts/password/", "/accounts/password/done/"]
)
def test_the_shell_pages_have_one_h1_and_nothing_inline(client_as, pegawai, path):
    client = Client(HTTP_ACCEPT_LANGUAGE="id") if "login" in path else client_as(pegawai)

    response = client.get(path)

    html = response.content.decode()
    assert html.count("<h1") == 1
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert re.findall(r"\sstyle=", html) == []
    assert "script-src 'self'" in response["Content-Security-Policy"]
