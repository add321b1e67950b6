"""The employee signs for a delivered result (the employee's signature of the Dokumen
Evaluasi Kinerja Pegawai): only they, only once delivered, once; objecting stays open."""

import pytest

from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.services.objections import confirm_receipt, file_objection
from kinerja.appraisals.tests.factories import finalise, org_predicate, submitted_evaluation
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(org):
    evaluation = submitted_evaluation(org.staf)
    finalise(org_predicate(org.kecamatan, "BAIK"))
    evaluation.refresh_from_db()
    return evaluation


def test_the_employee_signs_once_and_may_still_object(org, delivered):
    signed = confirm_receipt(actor=org.staf.user, evaluation=delivered)
    first = signed.received_at
    assert first is not None
    again = confirm_receipt(actor=org.staf.user, evaluation=signed)
    assert again.received_at == first
    assert AuditEvent.objects.filter(action=AuditAction.EVALUATION_RECEIVED).count() == 1
    objection = file_objection(actor=org.staf.user, evaluation=again, reasons="Data tidak lengkap")
    assert objection.pk is not None


@pytest.mark.parametrize("who", ["kasi", "camat", "admin", "rekan"])
def test_nobody_else_signs_for_the_employee(org, delivered, who):
    with pytest.raises(PermissionDenied):
        confirm_receipt(actor=getattr(org, who).user, evaluation=delivered)
    delivered.refresh_from_db()
    assert delivered.received_at is None


def test_a_result_not_yet_delivered_cannot_be_signed_for(org):
    evaluation = submitted_evaluation(org.staf)
    with pytest.raises(EvaluationRefused):
        confirm_receipt(actor=org.staf.user, evaluation=evaluation)


def test_the_page_offers_signing_to_the_employee_only(org, delivered, client_as):
    own = client_as(org.staf.user).get(f"/penilaian/{delivered.pk}/")
    assert b'id="receipt"' in own.content
    appraiser = client_as(org.kasi.user).get(f"/penilaian/{delivered.pk}/")
    assert b'id="receipt"' not in appraiser.content

    response = client_as(org.staf.user).post(f"/penilaian/{delivered.pk}/terima/")
    assert response.status_code == 302
    delivered.refresh_from_db()
    assert delivered.received_at is not None
    after = client_as(org.kasi.user).get(f"/penilaian/{delivered.pk}/")
    assert b'id="receipt-done"' in after.content


def test_strangers_cannot_post_the_signature(org, delivered, client_as):
    assert client_as(org.asing.user).post(f"/penilaian/{delivered.pk}/terima/").status_code == 404
    assert client_as(org.kasi.user).post(f"/penilaian/{delivered.pk}/terima/").status_code == 403
    delivered.refresh_from_db()
    assert delivered.received_at is None
