"""Objections (keberatan, PP 30/2019 Pasal 59), services and pages: only the employee
objects, within the deadline; only the appraiser explains; only the appraiser's superior
decides (for staf: kasi rates, camat decides), after the explanation, once and finally.

The results are delivered "today" (the real date); the deadline is 14 calendar days later
(settings.KINERJA_OBJECTION_DAYS) and the tests travel past it with time-machine.
"""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from kinerja.appraisals.models import Evaluation, Objection
from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.services.objections import (
    decide_objection,
    explain_objection,
    file_objection,
)
from kinerja.appraisals.tests.factories import finalise, org_predicate, submitted_evaluation
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied

JUSTIFICATION = "Unit kecil; pola distribusi belum dapat dipenuhi."
REASONS = "Capaian layanan saya di atas target, tetapi dinilai sesuai ekspektasi."
EXPLANATION = "Dua RHK utama belum selesai pada Januari."
DECISION_REASON = "Bukti dukung layanan menunjukkan capaian di atas ekspektasi."


def delivered(employee) -> Evaluation:
    evaluation = submitted_evaluation(employee)
    finalise(org_predicate(employee.unit.parent, "BAIK"), justification=JUSTIFICATION)
    evaluation.refresh_from_db()
    return evaluation


def travel_to(day):
    """A time-machine trip to 10:00 in the office's time zone on ``day``."""
    return time_machine.travel(timezone.make_aware(datetime.combine(day, time(10))), tick=False)


def events(evaluation: Evaluation, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action=action, target_type="appraisals.evaluation", target_id=str(evaluation.pk)
        )
    )


def state(evaluation: Evaluation) -> tuple[object, ...]:
    evaluation.refresh_from_db()
    objection = Objection.objects.filter(evaluation=evaluation).first()
    return (
        evaluation.status,
        evaluation.revision,
        evaluation.final_predicate,
        None
        if objection is None
        else (objection.appraiser_explanation, objection.decision, objection.decision_reason),
    )


@pytest.fixture
def evaluation(org):
    return delivered(org.staf)


@pytest.fixture
def objected(org, evaluation):
    file_objection(actor=org.staf.user, evaluation=evaluation, reasons=REASONS)
    evaluation.refresh_from_db()
    return evaluation


@pytest.fixture
def explained(org, objected):
    explain_objection(actor=org.kasi.user, evaluation=objected, explanation=EXPLANATION)
    objected.refresh_from_db()
    return objected


def decide(actor, evaluation, decision="DIKUATKAN", predicate=""):
    return decide_objection(
        actor=actor,
        evaluation=evaluation,
        decision=decision,
        reason=DECISION_REASON,
        predicate=predicate,
    )


# -- filing -------------------------------------------------------------------------------


def test_the_employee_objects_within_the_deadline(org, evaluation):
    objection = file_objection(actor=org.staf.user, evaluation=evaluation, reasons=f"  {REASONS} ")

    evaluation.refresh_from_db()
    assert evaluation.status == "KEBERATAN"
    assert objection.reasons == REASONS
    assert objection.filed_at is not None
    assert len(events(evaluation, AuditAction.OBJECTION_FILED)) == 1


def test_the_deadline_is_fourteen_days_after_delivery(evaluation):
    assert evaluation.delivered_at is not None
    assert evaluation.objection_deadline == timezone.localdate(evaluation.delivered_at) + (
        timedelta(days=14)
    )


def test_an_objection_on_the_last_day_is_accepted(org, evaluation):
    with travel_to(evaluation.objection_deadline):
        file_objection(actor=org.staf.user, evaluation=evaluation, reasons=REASONS)

    assert state(evaluation)[0] == "KEBERATAN"


@pytest.mark.parametrize("persona", ["kasi", "camat", "rekan", "admin"])
def test_only_the_employee_may_object(org, evaluation, persona):
    before = state(evaluation)

    with pytest.raises(PermissionDenied):
        file_objection(actor=getattr(org, persona).user, evaluation=evaluation, reasons=REASONS)

    assert state(evaluation) == before
    assert events(evaluation, AuditAction.OBJECTION_FILED) == []


def test_an_objection_after_the_deadline_is_refused_with_the_date_and_changes_nothing(
    org, evaluation
):
    # given
    before = state(evaluation)
    deadline = evaluation.objection_deadline

    # when
    with travel_to(deadline + timedelta(days=1)), pytest.raises(EvaluationRefused) as refused:
        file_objection(actor=org.staf.user, evaluation=evaluation, reasons=REASONS)

    # then
    message = str(refused.value)
    assert "ended on" in message or "berakhir" in message
    assert date_format(deadline, "DATE_FORMAT") in message
    assert "PP 30/2019 Pasal 59" in message
    assert refused.value.field == "reasons"
    assert state(evaluation) == before
    assert not Objection.objects.filter(evaluation=evaluation).exists()
    assert events(evaluation, AuditAction.OBJECTION_FILED) == []


def test_an_objection_needs_reasons(org, evaluation):
    with pytest.raises(EvaluationRefused) as refused:
        file_objection(actor=org.staf.user, evaluation=evaluation, reasons="   ")

    assert refused.value.field == "reasons"
    assert state(evaluation)[0] == "DISAMPAIKAN"


def test_a_result_not_yet_delivered_cannot_be_objected_to(org):
    evaluation = submitted_evaluation(org.staf)

    with pytest.raises(EvaluationRefused):
        file_objection(actor=org.staf.user, evaluation=evaluation, reasons=REASONS)


def test_an_evaluation_is_objected_to_once(org, objected):
    with pytest.raises(EvaluationRefused):
        file_objection(actor=org.staf.user, evaluation=objected, reasons=REASONS)

    assert Objection.objects.filter(evaluation=objected).count() == 1


# -- explaining ---------------------------------------------------------------------------


def test_the_appraiser_explains(org, objected):
    objection = explain_objection(actor=org.kasi.user, evaluation=objected, explanation=EXPLANATION)

    assert objection.appraiser_explanation == EXPLANATION
    assert objection.explained_at is not None
    assert state(objected)[0] == "KEBERATAN"
    assert len(events(objected, AuditAction.OBJECTION_EXPLAINED)) == 1


@pytest.mark.parametrize("persona", ["staf", "camat", "rekan", "admin"])
def test_only_the_appraiser_explains(org, objected, persona):
    before = state(objected)

    with pytest.raises(PermissionDenied):
        explain_objection(
            actor=getattr(org, persona).user, evaluation=objected, explanation=EXPLANATION
        )

    assert state(objected) == before
    assert events(objected, AuditAction.OBJECTION_EXPLAINED) == []


def test_there_is_nothing_to_explain_without_an_objection(org, evaluation):
    with pytest.raises(EvaluationRefused):
        explain_objection(actor=org.kasi.user, evaluation=evaluation, explanation=EXPLANATION)


# -- deciding -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["staf", "kasi", "rekan", "admin"])
def test_only_the_appraisers_superior_decides(org, explained, persona):
    before = state(explained)

    with pytest.raises(PermissionDenied):
        decide(getattr(org, persona).user, explained)

    assert state(explained) == before
    assert events(explained, AuditAction.OBJECTION_DECIDED) == []


def test_a_decision_before_the_explanation_is_refused(org, objected):
    before = state(objected)

    with pytest.raises(EvaluationRefused) as refused:
        decide(org.camat.user, objected)

    assert "explanation" in str(refused.value) or "penjelasan" in str(refused.value)
    assert state(objected) == before


def test_upholding_keeps_the_predicate_and_locks_the_evaluation(org, explained):
    predicate = explained.final_predicate

    objection = decide(org.camat.user, explained)

    explained.refresh_from_db()
    assert explained.status == "DIPUTUSKAN"
    assert explained.final_predicate == predicate
    assert (objection.decision, objection.decision_reason) == ("DIKUATKAN", DECISION_REASON)
    assert objection.decided_by == org.camat.user
    assert objection.previous == {}
    [event] = events(explained, AuditAction.OBJECTION_DECIDED)
    assert event.changes == {"decision": "DIKUATKAN", "final_predicate": None}


def test_changing_sets_the_new_final_predicate_and_keeps_the_previous(org, explained):
    # given
    assert (explained.final_predicate, explained.final_predicate_reason) == ("BAIK", "")

    # when
    objection = decide(org.camat.user, explained, "DIUBAH", "SANGAT_BAIK")

    # then
    explained.refresh_from_db()
    assert explained.status == "DIPUTUSKAN"
    assert (explained.final_predicate, explained.final_predicate_reason) == (
        "SANGAT_BAIK",
        DECISION_REASON,
    )
    assert explained.matrix_predicate == "BAIK"
    assert objection.previous == {"final_predicate": "BAIK", "final_predicate_reason": ""}
    [event] = events(explained, AuditAction.OBJECTION_DECIDED)
    assert event.changes == {"decision": "DIUBAH", "final_predicate": ["BAIK", "SANGAT_BAIK"]}


@pytest.mark.parametrize(
    ("decision", "predicate", "field"),
    [
        ("DIUBAH", "", "predicate"),
        ("DIUBAH", "LUAR_BIASA", "predicate"),
        ("DIUBAH", "BAIK", "predicate"),  # the predicate already given
        ("BATAL", "", "decision"),
    ],
)
def test_a_decision_must_be_one_of_the_two_with_a_new_predicate_when_changed(
    org, explained, decision, predicate, field
):
    before = state(explained)

    with pytest.raises(EvaluationRefused) as refused:
        decide(org.camat.user, explained, decision, predicate)

    assert refused.value.field == field
    assert state(explained) == before


def test_after_the_decision_every_further_step_is_refused(org, explained):
    decide(org.camat.user, explained, "DIUBAH", "SANGAT_BAIK")
    after = state(explained)

    with pytest.raises(EvaluationRefused):
        file_objection(actor=org.staf.user, evaluation=explained, reasons=REASONS)
    with pytest.raises(EvaluationRefused):
        decide(org.camat.user, explained, "DIUBAH", "KURANG")
    with pytest.raises(EvaluationRefused):
        decide(org.camat.user, explained)
    with pytest.raises(EvaluationRefused):
        explain_objection(actor=org.kasi.user, evaluation=explained, explanation=EXPLANATION)

    assert state(explained) == after
    assert len(events(explained, AuditAction.OBJECTION_DECIDED)) == 1


def test_the_whole_story_is_in_the_audit_trail_in_order(org, explained):
    decide(org.camat.user, explained)

    actions = list(
        AuditEvent.objects.filter(
            target_type="appraisals.evaluation",
            target_id=str(explained.pk),
            action__startswith="appraisals.objection",
        )
        .order_by("seq")
        .values_list("action", "actor")
    )
    assert actions == [
        (AuditAction.OBJECTION_FILED, org.staf.user.pk),
        (AuditAction.OBJECTION_EXPLAINED, org.kasi.user.pk),
        (AuditAction.OBJECTION_DECIDED, org.camat.user.pk),
    ]


# -- the pages ----------------------------------------------------------------------------


def url(name: str, evaluation: Evaluation) -> str:
    return reverse(f"appraisals:{name}", args=[evaluation.pk])


def in_indonesian(message: str, **values: str) -> str:
    with translation.override("id"):
        return translation.gettext(message) % values


DEADLINE_MESSAGE = (
    "The period for objecting ended on %(date)s. Under PP 30/2019 Pasal 59 an"
    " objection must be lodged within the period after the result is delivered."
)


def deadline_message(evaluation: Evaluation) -> str:
    with translation.override("id"):
        date = date_format(evaluation.objection_deadline, "DATE_FORMAT")
    return in_indonesian(DEADLINE_MESSAGE, date=date)


def test_the_employee_objects_through_the_form(org, evaluation, client_as):
    client = client_as(org.staf.user)

    page = client.get(url("objection_file", evaluation))
    response = client.post(url("objection_file", evaluation), {"reasons": REASONS})

    assert page.status_code == 200
    assert b'name="reasons"' in page.content
    assert response.status_code == 302
    assert response["Location"] == url("evaluation_detail", evaluation)
    assert Objection.objects.get(evaluation=evaluation).reasons == REASONS
    assert state(evaluation)[0] == "KEBERATAN"


def test_the_objection_form_needs_reasons(org, evaluation, client_as):
    response = client_as(org.staf.user).post(url("objection_file", evaluation), {"reasons": ""})

    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert state(evaluation)[0] == "DISAMPAIKAN"


@pytest.mark.parametrize(("persona", "status"), [("kasi", 403), ("camat", 403), ("rekan", 404)])
def test_only_the_employee_reaches_the_objection_form(org, evaluation, client_as, persona, status):
    client = client_as(getattr(org, persona).user)

    assert client.get(url("objection_file", evaluation)).status_code == status
    assert client.post(url("objection_file", evaluation), {"reasons": REASONS}).status_code == (
        status
    )
    assert state(evaluation)[0] == "DISAMPAIKAN"


def test_after_the_deadline_the_form_says_when_the_period_ended(org, evaluation, client_as):
    with travel_to(evaluation.objection_deadline + timedelta(days=1)):
        client = client_as(org.staf.user)
        page = client.get(url("objection_file", evaluation))
        detail = client.get(url("evaluation_detail", evaluation))

    html = page.content.decode()
    assert deadline_message(evaluation) in html
    assert 'name="reasons"' not in html
    assert 'id="objection-closed"' in detail.content.decode()
    assert url("objection_file", evaluation) not in detail.content.decode()


def test_after_the_deadline_a_post_is_refused_with_the_services_message(org, evaluation, client_as):
    before = state(evaluation)

    with travel_to(evaluation.objection_deadline + timedelta(days=1)):
        response = client_as(org.staf.user).post(
            url("objection_file", evaluation), {"reasons": REASONS}
        )

    assert response.status_code == 200
    assert deadline_message(evaluation) in response.content.decode()
    assert 'role="alert" id="deadline-passed"' in response.content.decode()
    assert state(evaluation) == before
    assert not Objection.objects.filter(evaluation=evaluation).exists()


def test_the_detail_page_offers_each_party_their_step(org, objected, client_as):
    # given: objected, not yet explained
    staf, kasi, camat = (
        client_as(org.staf.user),
        client_as(org.kasi.user),
        client_as(org.camat.user),
    )

    # then: the appraiser is asked to explain, the superior waits, the employee reads
    assert 'id="explain"' in kasi.get(url("evaluation_detail", objected)).content.decode()
    camat_page = camat.get(url("evaluation_detail", objected)).content.decode()
    assert 'id="decide-waiting"' in camat_page
    assert url("objection_decide", objected) not in camat_page
    staf_page = staf.get(url("evaluation_detail", objected)).content.decode()
    assert 'id="explain"' not in staf_page
    assert 'id="decide"' not in staf_page
    assert REASONS in staf_page

    # when the appraiser explains through the form
    response = kasi.post(url("objection_explain", objected), {"explanation": EXPLANATION})

    # then the superior is offered the decision
    assert response.status_code == 302
    assert Objection.objects.get(evaluation=objected).appraiser_explanation == EXPLANATION
    camat_page = camat.get(url("evaluation_detail", objected)).content.decode()
    assert 'id="decide"' in camat_page
    assert url("objection_decide", objected) in camat_page
    assert 'id="decide"' not in kasi.get(url("evaluation_detail", objected)).content.decode()


@pytest.mark.parametrize(("persona", "status"), [("staf", 403), ("camat", 403), ("rekan", 404)])
def test_only_the_appraiser_reaches_the_explanation_form(org, objected, client_as, persona, status):
    client = client_as(getattr(org, persona).user)

    assert client.get(url("objection_explain", objected)).status_code == status
    response = client.post(url("objection_explain", objected), {"explanation": EXPLANATION})
    assert response.status_code == status
    assert Objection.objects.get(evaluation=objected).appraiser_explanation == ""


@pytest.mark.parametrize(("persona", "status"), [("staf", 403), ("kasi", 403), ("rekan", 404)])
def test_only_the_superior_reaches_the_decision_form(org, explained, client_as, persona, status):
    client = client_as(getattr(org, persona).user)
    data = {"decision": "DIKUATKAN", "reason": DECISION_REASON, "confirm": "on"}

    assert client.get(url("objection_decide", explained)).status_code == status
    assert client.post(url("objection_decide", explained), data).status_code == status
    assert state(explained)[0] == "KEBERATAN"


def test_the_decision_form_asks_to_confirm_that_it_is_final(org, explained, client_as):
    client = client_as(org.camat.user)
    before = state(explained)

    page = client.get(url("objection_decide", explained))
    response = client.post(
        url("objection_decide", explained),
        {"decision": "DIUBAH", "predicate": "SANGAT_BAIK", "reason": DECISION_REASON},
    )

    assert page.status_code == 200
    assert b'name="confirm"' in page.content
    assert b'value="DIUBAH"' in page.content
    # The predicate in force is no change, so it is not offered.
    assert b'<option value="BAIK"' not in page.content
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert state(explained) == before


def test_changing_through_the_form_needs_the_new_predicate(org, explained, client_as):
    before = state(explained)

    response = client_as(org.camat.user).post(
        url("objection_decide", explained),
        {"decision": "DIUBAH", "predicate": "", "reason": DECISION_REASON, "confirm": "on"},
    )

    assert response.status_code == 200
    assert state(explained) == before


def test_the_superior_changes_the_result_through_the_form(org, explained, client_as):
    client = client_as(org.camat.user)

    response = client.post(
        url("objection_decide", explained),
        {
            "decision": "DIUBAH",
            "predicate": "SANGAT_BAIK",
            "reason": DECISION_REASON,
            "confirm": "on",
        },
    )

    assert response.status_code == 302
    explained.refresh_from_db()
    assert (explained.status, explained.final_predicate) == ("DIPUTUSKAN", "SANGAT_BAIK")
    assert Objection.objects.get(evaluation=explained).previous["final_predicate"] == "BAIK"
    detail = client_as(org.staf.user).get(url("evaluation_detail", explained)).content.decode()
    assert 'id="objection-decision"' in detail
    assert DECISION_REASON in detail
    # Decided: nothing more to object to, explain or decide.
    for name, user in (
        ("objection_file", org.staf.user),
        ("objection_explain", org.kasi.user),
        ("objection_decide", org.camat.user),
    ):
        again = client_as(user).get(url(name, explained))
        assert again.status_code == 302, name
        assert again["Location"] == url("evaluation_detail", explained)


def test_a_decision_posted_before_the_explanation_is_refused_on_the_page(org, objected, client_as):
    before = state(objected)

    client = client_as(org.camat.user)
    page = client.get(url("objection_decide", objected))
    response = client.post(
        url("objection_decide", objected),
        {"decision": "DIKUATKAN", "reason": DECISION_REASON, "confirm": "on"},
    )

    assert b'name="confirm"' not in page.content
    assert response.status_code == 200
    expected = in_indonesian("Wait for the appraiser's explanation before deciding.")
    assert expected in response.content.decode()
    assert state(objected) == before
