"""GET /api/v1/evaluations/<id>/explanation/: who may read it (the employee once the result
is delivered, the reporting line above, the pimpinan; a 404 for everybody else, never a
403), token authentication, and the JSON fields, checked against the published schema."""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from kinerja.appraisals.models import Objection
from kinerja.appraisals.services.objections import file_objection
from kinerja.appraisals.tests.factories import (
    finalise,
    opened_evaluation,
    org_predicate,
    submitted_evaluation,
)

JUSTIFICATION = "Unit kecil; pola distribusi belum dapat dipenuhi."
PATH = "/api/v1/evaluations/{evaluation_id}/explanation/"


def endpoint(evaluation_id: int) -> str:
    return reverse("api:evaluation-explanation", args=[evaluation_id])


def token_client(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def evaluation(org):
    evaluation = submitted_evaluation(org.staf)
    finalise(org_predicate(org.kecamatan, "BAIK"), justification=JUSTIFICATION)
    evaluation.refresh_from_db()
    return evaluation


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("staf", 200),  # the employee, once delivered
        ("kasi", 200),  # the appraiser
        ("camat", 200),  # the pimpinan, and the appraiser's superior
        ("admin", 200),  # the HR admin
        ("rekan", 404),  # a colleague in the same section
        ("lurah", 404),  # another unit of the same office
        ("asing", 404),  # another organisation
        ("outsider", 404),  # an account without an employee record
    ],
)
def test_who_may_read_the_explanation(org, evaluation, persona, status):
    user = org.outsider if persona == "outsider" else getattr(org, persona).user

    response = token_client(user).get(endpoint(evaluation.pk))

    assert response.status_code == status
    if status == 404:
        assert set(response.json()) == {"detail"}


def test_the_employee_does_not_see_it_before_delivery(org):
    evaluation = submitted_evaluation(org.staf)

    assert token_client(org.staf.user).get(endpoint(evaluation.pk)).status_code == 404
    assert token_client(org.kasi.user).get(endpoint(evaluation.pk)).status_code == 200


def test_a_draft_is_hidden_from_the_employee_too(org):
    evaluation = opened_evaluation(org.staf)

    assert token_client(org.staf.user).get(endpoint(evaluation.pk)).status_code == 404


def test_an_unknown_evaluation_is_a_404_like_a_hidden_one(org, evaluation):
    response = token_client(org.admin.user).get(endpoint(evaluation.pk + 1000))

    assert response.status_code == 404


def test_without_a_token_it_is_a_401(org, evaluation):
    response = APIClient().get(endpoint(evaluation.pk))

    assert response.status_code == 401
    assert "Token" in response["WWW-Authenticate"]


def test_an_invalid_token_is_a_401(org, evaluation):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token bukan-token")

    assert client.get(endpoint(evaluation.pk)).status_code == 401


def test_only_get_is_allowed(org, evaluation):
    client = token_client(org.staf.user)

    assert client.post(endpoint(evaluation.pk), {}).status_code == 405
    assert client.delete(endpoint(evaluation.pk)).status_code == 405


def test_the_json_carries_the_whole_explanation(org, evaluation):
    data = token_client(org.staf.user).get(endpoint(evaluation.pk)).json()

    assert list(data) == [
        "evaluation_id",
        "status",
        "status_label",
        "is_own",
        "employee",
        "appraiser",
        "superior",
        "period",
        "criteria",
        "lines",
        "left_out_count",
        "results_score",
        "results_rating",
        "result_ratings",
        "behaviour_ratings",
        "behaviour_rating",
        "matrix",
        "predicate",
        "headed_unit",
        "organisation",
        "notes",
        "delivered_at",
        "objection_deadline",
        "objection",
    ]
    assert (data["evaluation_id"], data["status"], data["is_own"]) == (
        evaluation.pk,
        "DISAMPAIKAN",
        True,
    )
    assert data["employee"]["nip"] == org.staf.nip
    assert data["appraiser"]["name"] == org.kasi.name
    assert data["superior"]["name"] == org.camat.name
    assert data["period"]["code"] == "2026-01"
    assert data["criteria"]["id"] == evaluation.criteria_version_id
    assert data["criteria"]["above_threshold"] == "110.00"
    # The default criteria measure on-time rates; staf has no figures: both left out.
    assert [line["is_left_out"] for line in data["lines"]] == [True, True]
    assert data["left_out_count"] == 2
    assert data["lines"][0]["links"][0]["href"] == (
        reverse("service_metrics:employee_services", args=[org.staf.pk]) + "?year=2026"
    )
    assert data["results_rating"]["final"] == "SESUAI_EKSPEKTASI"
    assert len(data["behaviour_ratings"]) == 7
    selected = [
        (row["results"], cell["behaviour"])
        for row in data["matrix"]["rows"]
        for cell in row["cells"]
        if cell["is_selected"]
    ]
    assert selected == [("SESUAI_EKSPEKTASI", "SESUAI_EKSPEKTASI")]
    assert data["predicate"]["final"] == "BAIK"
    assert data["organisation"]["org_predicate"] == "BAIK"
    assert data["organisation"]["shows_counts"] is False
    assert {row["count"] for row in data["organisation"]["rows"]} == {None}
    assert data["objection_deadline"] == evaluation.objection_deadline.isoformat()
    assert data["objection"] is None


def test_the_objection_appears_once_lodged(org, evaluation):
    file_objection(actor=org.staf.user, evaluation=evaluation, reasons="Tidak sesuai bukti.")

    data = token_client(org.camat.user).get(endpoint(evaluation.pk)).json()

    assert data["status"] == "KEBERATAN"
    assert data["is_own"] is False
    assert data["objection"]["reasons"] == "Tidak sesuai bukti."
    assert (data["objection"]["is_explained"], data["objection"]["is_decided"]) == (False, False)
    assert Objection.objects.filter(evaluation=evaluation).exists()


# -- the published contract ---------------------------------------------------------------


@pytest.fixture
def keep_test_connection():
    # As Django's test Client does: a request's end must not close the test's connection.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def test_real_answers_match_the_published_schema(keep_test_connection, org, evaluation):
    # given: an objection, so that every part of the body is filled
    file_objection(actor=org.staf.user, evaluation=evaluation, reasons="Tidak sesuai bukti.")
    schema = schemathesis.openapi.from_wsgi("/api/v1/schema/", get_wsgi_application())
    operation = schema[PATH]["GET"]
    staff = Token.objects.create(user=org.staf.user).key
    rekan = Token.objects.create(user=org.rekan.user).key

    # when
    answers = [
        operation.Case(path_parameters={"evaluation_id": evaluation.pk}).call_and_validate(
            headers={"Authorization": f"Token {token}"}, checks=CHECKS
        )
        for token in (staff, rekan)
    ]
    anonymous = operation.Case(path_parameters={"evaluation_id": evaluation.pk}).call_and_validate(
        checks=CHECKS
    )

    # then
    assert [answer.status_code for answer in answers] == [200, 404]
    assert anonymous.status_code == 401
