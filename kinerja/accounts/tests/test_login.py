"""Signing in and out, the demo hint, and django-axes' lockout after repeated failures."""

import pytest
from django.test import Client
from django.urls import reverse

from kinerja.accounts.models import User

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


@pytest.fixture
def browser_client() -> Client:
    """An anonymous client that speaks Indonesian, as the office's browsers do."""
    return Client(HTTP_ACCEPT_LANGUAGE="id")


def test_the_login_page_is_in_indonesian_and_labels_every_field(browser_client):
    response = browser_client.get(LOGIN_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="id">' in html
    assert "Masuk ke Kinerja" in html
    assert '<label for="id_username">Nama pengguna</label>' in html
    assert '<label for="id_password">Sandi</label>' in html
    assert 'autocomplete="current-password"' in html
    assert html.count("<h1") == 1


def test_a_persona_signs_in_and_lands_on_the_home_page(browser_client, pegawai):
    response = browser_client.post(
        LOGIN_URL, {"username": "staf", "password": "binawidya"}, follow=True
    )

    assert response.redirect_chain == [("/", 302)]
    assert "Selamat datang, Staf" in response.content.decode()


def test_signing_in_follows_the_next_parameter(browser_client, pegawai):
    response = browser_client.post(
        LOGIN_URL + "?next=/accounts/password/",
        {"username": "staf", "password": "binawidya", "next": "/accounts/password/"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/"


def test_a_wrong_password_shows_an_indonesian_error_and_stays_signed_out(browser_client, pegawai):
    response = browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="alert"' in html
    assert "Nama pengguna (atau NIP) dan sandi tidak cocok" in html
    assert "nama pengguna nama pengguna" not in html
    assert browser_client.get("/").status_code == 302


def test_an_empty_form_marks_the_fields_as_invalid(browser_client, db):
    html = browser_client.post(LOGIN_URL, {"username": "", "password": ""}).content.decode()

    assert 'aria-invalid="true"' in html
    assert 'aria-describedby="id_username_error"' in html
    assert (
        '<ul class="errorlist" id="id_username_error"><li>Bidang ini harus diisi.</li></ul>' in html
    )


def test_a_signed_in_user_who_opens_the_login_page_goes_home(client_as, pegawai):
    response = client_as(pegawai).get(LOGIN_URL)

    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_demo_hint_appears_only_when_debug_is_on(browser_client, settings, db):
    settings.DEBUG = False
    assert "binawidya" not in browser_client.get(LOGIN_URL).content.decode()

    settings.DEBUG = True
    html = browser_client.get(LOGIN_URL).content.decode()
    assert "Akun demo: <code>camat</code> / <code>binawidya</code>" in html


def test_five_failed_logins_lock_the_account_with_an_indonesian_page(browser_client, pegawai):
    for _ in range(4):
        response = browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})
        assert response.status_code == 200

    response = browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})

    html = response.content.decode()
    assert response.status_code == 429
    assert "Masuk dikunci sementara" in html
    assert "Terjadi 5 kali percobaan masuk yang gagal" in html
    assert "dikunci selama 15 menit" in html
    # even the right password is refused while the lock lasts
    response = browser_client.post(LOGIN_URL, {"username": "staf", "password": "binawidya"})
    assert response.status_code == 429
    assert browser_client.get("/").status_code == 302


def test_the_lockout_concerns_only_the_attacked_account(browser_client, pegawai, atasan):
    for _ in range(5):
        browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})

    response = browser_client.post(LOGIN_URL, {"username": "kasi", "password": "binawidya"})

    assert response.status_code == 302


def test_a_successful_login_resets_the_failure_count(browser_client, pegawai):
    for _ in range(4):
        browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})
    browser_client.post(LOGIN_URL, {"username": "staf", "password": "binawidya"})
    browser_client.post(reverse("accounts:logout"))

    response = browser_client.post(LOGIN_URL, {"username": "staf", "password": "salah"})

    assert response.status_code == 200


def test_an_account_without_an_employee_record_can_still_sign_in(browser_client, db):
    User.objects.create_user(username="tamu", password="binawidya")

    response = browser_client.post(
        LOGIN_URL, {"username": "tamu", "password": "binawidya"}, follow=True
    )

    assert "Akun Anda belum terhubung dengan data pegawai" in response.content.decode()


def test_logging_out_needs_a_post(client_as, pegawai):
    client = client_as(pegawai)

    assert client.get(reverse("accounts:logout")).status_code == 405
    assert client.get("/").status_code == 200
