"""POST /api/v1/auth/token/: a username or NIP and a password buy a token that then
authenticates API requests."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from kinerja.audit.models import AuditAction, AuditEvent

pytestmark = pytest.mark.django_db

TOKEN_URL = "/api/v1/auth/token/"
WRONG_CREDENTIALS = (
    "Nama pengguna (atau NIP) dan sandi tidak cocok. Periksa keduanya lalu coba lagi; "
    "huruf besar dan huruf kecil dibedakan."
)


@pytest.fixture
def api_client() -> Client:
    return Client(HTTP_ACCEPT_LANGUAGE="id")


def post_token(client: Client, body: object):
    return client.post(TOKEN_URL, body, content_type="application/json")


def test_a_username_and_password_give_a_token_that_authenticates(api_client, pegawai):
    response = post_token(api_client, {"username": "staf", "password": "binawidya"})

    assert response.status_code == 200
    key = response.json()["token"]
    assert Token.objects.get(key=key).user == pegawai
    authenticated = Client(HTTP_AUTHORIZATION=f"Token {key}")
    metrics = authenticated.get("/api/v1/service-metrics/", {"period": "2026"})
    assert metrics.status_code == 200


def test_asking_twice_returns_the_same_token(api_client, pegawai):
    first = post_token(api_client, {"username": "staf", "password": "binawidya"}).json()
    second = post_token(api_client, {"username": "staf", "password": "binawidya"}).json()

    assert first == second
    assert Token.objects.filter(user=pegawai).count() == 1


def test_issuing_a_token_is_recorded_once_without_its_value(api_client, pegawai):
    key = post_token(api_client, {"username": "staf", "password": "binawidya"}).json()["token"]
    post_token(api_client, {"username": "staf", "password": "binawidya"})

    (event,) = AuditEvent.objects.filter(action=AuditAction.API_TOKEN_ISSUED)
    assert event.actor == pegawai
    assert key not in str(event.changes)


def test_a_nip_works_as_the_username(api_client, org):
    response = post_token(api_client, {"username": org.camat.nip, "password": "binawidya"})

    assert response.status_code == 200
    assert Token.objects.get(key=response.json()["token"]).user == org.camat.user


def test_a_wrong_password_is_a_400_with_an_indonesian_message_and_no_token(api_client, pegawai):
    response = post_token(api_client, {"username": "staf", "password": "salah"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [WRONG_CREDENTIALS]}
    assert not Token.objects.exists()


def test_an_unknown_user_gets_the_same_answer_as_a_wrong_password(api_client, pegawai):
    response = post_token(api_client, {"username": "siapa", "password": "binawidya"})

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": [WRONG_CREDENTIALS]}


def test_an_inactive_account_gets_no_token(api_client, pegawai):
    pegawai.is_active = False
    pegawai.save()

    response = post_token(api_client, {"username": "staf", "password": "binawidya"})

    assert response.status_code == 400


def test_missing_fields_and_nul_characters_are_field_errors(api_client, db):
    missing = post_token(api_client, {"username": "staf"})
    nul = post_token(api_client, {"username": "st\x00af", "password": "x"})

    assert missing.status_code == 400
    assert list(missing.json()) == ["password"]
    assert nul.status_code == 400
    assert list(nul.json()) == ["username"]


def test_a_body_that_is_not_json_is_a_400(api_client, db):
    response = api_client.post(TOKEN_URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert "detail" in response.json()


def test_five_failures_lock_the_account_with_a_json_429(api_client, pegawai):
    for _ in range(4):
        assert post_token(api_client, {"username": "staf", "password": "salah"}).status_code == 400

    locked = post_token(api_client, {"username": "staf", "password": "salah"})
    still_locked = post_token(api_client, {"username": "staf", "password": "binawidya"})

    assert locked.status_code == 429
    assert locked["Content-Type"] == "application/json"
    assert locked.json()["detail"].startswith("Masuk dikunci sementara.")
    assert "15 menit" in locked.json()["detail"]
    assert still_locked.status_code == 429
    assert not Token.objects.exists()


def test_a_token_in_the_header_authenticates_and_a_bad_one_is_a_401(pegawai):
    token = Token.objects.create(user=pegawai)

    good = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    bad = Client(HTTP_AUTHORIZATION="Token 0000000000000000000000000000000000000000")

    assert good.get("/api/v1/service-metrics/", {"period": "2026"}).status_code == 200
    response = bad.get("/api/v1/service-metrics/", {"period": "2026"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
