import pytest
from django.urls import reverse

LOGIN = reverse("accounts:login")


def _log_in(client, username: str, password: str = "binawidya"):
    return client.post(LOGIN, {"username": username, "password": password})


def test_an_employee_whose_username_is_not_the_nip_logs_in_with_the_nip(org, client):
    response = _log_in(client, org.camat.nip)

    assert response.status_code == 302
    assert client.get(reverse("portal:home")).context["user"] == org.camat.user


def test_the_username_keeps_working(org, client):
    assert _log_in(client, "camat").status_code == 302


def test_a_nip_with_the_wrong_password_is_refused(org, client):
    response = _log_in(client, org.camat.nip, "salah")

    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_an_inactive_employee_cannot_log_in_with_the_nip(org, client):
    org.camat.is_active = False
    org.camat.save()

    assert _log_in(client, org.camat.nip).status_code == 200


@pytest.mark.parametrize("username", ["", "12345", "19860904201201227x"])
def test_anything_that_is_not_a_nip_is_left_to_the_other_backends(org, client, username):
    assert _log_in(client, username).status_code == 200
