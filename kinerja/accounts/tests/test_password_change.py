"""Changing one's own password: the form, the audit event, the session that survives."""

import pytest
from django.urls import reverse

from kinerja.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

URL = "/accounts/password/"
NEW_PASSWORD = "Kinerja-Baru-2026"


def test_the_page_needs_a_login(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={URL}"


def test_the_form_is_in_indonesian_with_labelled_fields_and_help(client_as, pegawai):
    html = client_as(pegawai).get(URL).content.decode()

    assert "<h1" in html
    assert "Ganti sandi" in html
    assert '<label for="id_old_password">Sandi lama</label>' in html
    assert '<label for="id_new_password1">Sandi baru</label>' in html
    assert 'id="id_new_password1_helptext"' in html
    assert 'aria-describedby="id_new_password1_helptext"' in html


def test_changing_the_password_records_an_audit_event_and_keeps_the_session(client_as, pegawai):
    client = client_as(pegawai)

    response = client.post(
        URL,
        {"old_password": "binawidya", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert response.redirect_chain == [(reverse("accounts:password_change_done"), 302)]
    html = response.content.decode()
    assert "Sandi telah diganti" in html
    assert "Sandi Anda telah diganti." in html
    pegawai.refresh_from_db()
    assert pegawai.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.actor == pegawai
    assert event.target_id == str(pegawai.pk)
    assert NEW_PASSWORD not in str(event.changes)
    assert client.get("/").status_code == 200


def test_the_new_password_works_for_the_next_login(client_as, pegawai, client):
    client_as(pegawai).post(
        URL,
        {"old_password": "binawidya", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    # django-axes needs the request, so sign in through the login page, not client.login().
    response = client.post("/accounts/login/", {"username": "staf", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_a_wrong_current_password_changes_nothing(client_as, pegawai):
    response = client_as(pegawai).post(
        URL, {"old_password": "salah", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sandi lama Anda yang dimasukkan salah" in html
    assert 'aria-describedby="id_old_password_error"' in html
    assert 'aria-invalid="true"' in html
    pegawai.refresh_from_db()
    assert pegawai.check_password("binawidya")
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()


def test_a_weak_new_password_is_refused_with_the_reason(client_as, pegawai):
    response = client_as(pegawai).post(
        URL, {"old_password": "binawidya", "new_password1": "12345678", "new_password2": "12345678"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Perbaiki kesalahan di bawah ini." in html
    assert 'id="id_new_password2_error"' in html
    assert not AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED).exists()
