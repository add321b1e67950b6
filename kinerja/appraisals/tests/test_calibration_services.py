"""The calibration services (SE MenPANRB 3/2023): who sets an organisation predicate,
whose evaluations a calibration covers, adjusting a final predicate, and finalising,
which delivers every result with its objection deadline (PP 30/2019 Pasal 59)."""

from datetime import date, timedelta

import pytest
import time_machine
from django.utils import timezone

from kinerja.appraisals.models import Calibration, Evaluation
from kinerja.appraisals.scoring import DistributionRule, organisation_results_rating
from kinerja.appraisals.selectors.calibration import distribution, population
from kinerja.appraisals.services.calibration import (
    adjust_predicate,
    finalise_calibration,
    set_org_predicate,
)
from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.tests.factories import (
    finalise,
    org_predicate,
    period,
    rated_evaluation,
    submitted_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.organization.models import Employee, Period, Position
from kinerja.organization.tests.factories import EmployeeFactory, PositionFactory, UserFactory
from kinerja.workcalendar.models import CalendarException

pytestmark = pytest.mark.django_db

NOTE = "Rencana aksi triwulan tercapai sesuai target"


def _actor(org, persona: str):
    return org.outsider if persona == "outsider" else getattr(org, persona).user


def _events(action: AuditAction) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


# -- step 1: the organisation predicate ----------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("admin", "kecamatan"),  # on behalf of the walikota, above the camat
        ("admin", "kelurahan"),
        ("admin", "other_org"),
        ("camat", "kelurahan"),  # the leader one level above
        ("camat", "pelayanan"),
        ("camat", "sekretariat"),
    ],
)
def test_the_leader_above_or_the_hr_admin_sets_the_org_predicate(org, persona, unit):
    # given
    target = getattr(org, unit)
    actor = _actor(org, persona)

    # when
    calibration = set_org_predicate(
        actor=actor, unit=target, period=period(), predicate="ISTIMEWA", note=f"  {NOTE} "
    )

    # then
    calibration.refresh_from_db()
    assert calibration.unit == target
    assert calibration.org_predicate == "ISTIMEWA"
    assert calibration.org_predicate_note == NOTE
    assert calibration.org_predicate_set_by == actor
    assert calibration.status == Calibration.Status.OPEN
    (event,) = _events(AuditAction.ORG_PREDICATE_SET)
    assert event.actor == actor
    assert event.target_id == str(calibration.pk)
    assert event.changes["org_predicate"] == [None, "ISTIMEWA"]


@pytest.mark.parametrize(
    ("persona", "unit"),
    [
        ("camat", "kecamatan"),  # their own unit: set by the leader above them
        ("camat", "other_org"),
        ("kasi", "pelayanan"),
        ("kasi", "kelurahan"),
        ("staf", "pelayanan"),
        ("lurah", "kelurahan"),
        ("asing", "other_org"),
        ("outsider", "kelurahan"),
    ],
)
def test_anyone_else_is_refused_the_org_predicate(org, persona, unit):
    with pytest.raises(PermissionDenied):
        set_org_predicate(
            actor=_actor(org, persona),
            unit=getattr(org, unit),
            period=period(),
            predicate="BAIK",
            note=NOTE,
        )

    assert not Calibration.objects.exists()
    assert not _events(AuditAction.ORG_PREDICATE_SET)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"predicate": "SANGAT_BAIK"}, "predicate"),  # an employee predicate, not an org one
        ({"predicate": ""}, "predicate"),
        ({"note": "   "}, "note"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_the_org_predicate_needs_one_of_the_five_and_a_basis(org, changes, field):
    values = {"predicate": "BAIK", "note": NOTE} | changes

    with pytest.raises(EvaluationRefused) as refused:
        set_org_predicate(actor=org.camat.user, unit=org.kelurahan, period=period(), **values)

    assert refused.value.field == field
    assert not Calibration.objects.exists()


def test_the_org_predicate_is_set_for_an_evaluation_period_only(org):
    period()
    other = Period.objects.filter(is_evaluation_period=False).first()
    assert other is not None

    with pytest.raises(EvaluationRefused) as refused:
        set_org_predicate(
            actor=org.camat.user, unit=org.kelurahan, period=other, predicate="BAIK", note=NOTE
        )

    assert refused.value.field == "period"


def test_the_org_predicate_is_corrected_while_open_and_fixed_once_final(org):
    # given
    submitted_evaluation(org.staf)
    first = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)

    # when
    second = org_predicate(org.pelayanan, "ISTIMEWA", actor=org.camat.user)

    # then
    assert second.pk == first.pk
    assert Calibration.objects.get().org_predicate == "ISTIMEWA"
    assert [event.changes["org_predicate"] for event in _events(AuditAction.ORG_PREDICATE_SET)] == [
        [None, "BAIK"],
        ["BAIK", "ISTIMEWA"],
    ]
    finalise(second, actor=org.camat.user, justification="Satu pegawai saja")
    with pytest.raises(EvaluationRefused):
        org_predicate(org.pelayanan, "KURANG", actor=org.camat.user)
    assert Calibration.objects.get().org_predicate == "ISTIMEWA"


@pytest.mark.parametrize(
    ("org_value", "rating"),
    [
        ("ISTIMEWA", "DI_ATAS_EKSPEKTASI"),
        ("BAIK", "SESUAI_EKSPEKTASI"),
        ("BUTUH_PERBAIKAN", "DI_BAWAH_EKSPEKTASI"),
        ("KURANG", "DI_BAWAH_EKSPEKTASI"),
        ("SANGAT_KURANG", "DI_BAWAH_EKSPEKTASI"),
    ],
)
def test_the_unit_heads_results_suggestion_follows_the_org_predicate(org, org_value, rating):
    # given: the kasi heads the section and is still being rated
    evaluation = rated_evaluation(org.kasi)
    assert evaluation.heads_unit == org.pelayanan

    # when
    org_predicate(org.pelayanan, org_value, actor=org.camat.user)

    # then
    evaluation.refresh_from_db()
    assert evaluation.suggested_results_rating == rating
    assert evaluation.suggested_results_rating == organisation_results_rating(org_value).value


def test_a_corrected_org_predicate_refreshes_the_heads_suggestion_but_not_their_staff(org):
    head = rated_evaluation(org.kasi)
    staff = rated_evaluation(org.staf)
    staff_suggestion = staff.suggested_results_rating
    org_predicate(org.pelayanan, "ISTIMEWA", actor=org.camat.user)

    org_predicate(org.pelayanan, "KURANG", actor=org.camat.user)

    head.refresh_from_db()
    staff.refresh_from_db()
    assert head.suggested_results_rating == "DI_BAWAH_EKSPEKTASI"
    assert staff.suggested_results_rating == staff_suggestion


# -- whose evaluations a calibration covers -----------------------------------------------


def _names(calibration: Calibration) -> list[str]:
    return [evaluation.employee.name for evaluation in population(calibration)]


def test_the_unit_head_belongs_to_the_calibration_above(org):
    # given: the section has its own calibration under the kecamatan's
    for employee in (org.staf, org.rekan, org.kasi, org.camat):
        submitted_evaluation(employee)
    kecamatan = org_predicate(org.kecamatan, "BAIK")
    pelayanan = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)

    # then: the kasi is rated in the kecamatan, the camat in neither (the level above)
    assert _names(pelayanan) == ["Rekan", "Staf"]
    assert _names(kecamatan) == ["Kasi"]


def test_without_its_own_calibration_a_sub_unit_belongs_to_the_unit_above(org):
    for employee in (org.staf, org.kasi, org.lurah):
        submitted_evaluation(employee)
    kecamatan = org_predicate(org.kecamatan, "BAIK")

    assert _names(kecamatan) == ["Kasi", "Lurah", "Staf"]


def test_a_sub_unit_with_its_own_calibration_keeps_its_evaluations(org):
    for employee in (org.staf, org.rekan, org.lurah):
        submitted_evaluation(employee)
    kecamatan = org_predicate(org.kecamatan, "BAIK")
    kelurahan = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)
    pelayanan = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)

    # the lurah heads the kelurahan, so the kelurahan's calibration does not hold them
    assert _names(kelurahan) == []
    assert _names(pelayanan) == ["Rekan", "Staf"]
    assert _names(kecamatan) == ["Lurah"]


def test_evaluations_of_another_period_are_left_out(org):
    submitted_evaluation(org.staf)
    submitted_evaluation(org.rekan, "2026-02")
    calibration = org_predicate(org.kecamatan, "BAIK")

    assert _names(calibration) == ["Staf"]


# -- step 3: adjusting a final predicate ---------------------------------------------------


@pytest.fixture
def section(org):
    """The section's calibration with the two staff submitted (Baik from the matrix)."""
    staf = submitted_evaluation(org.staf)
    rekan = submitted_evaluation(org.rekan)
    calibration = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    return calibration, staf, rekan


def test_departing_from_the_matrix_needs_a_reason(org, section):
    calibration, staf, _rekan = section
    assert staf.matrix_predicate == "BAIK"

    with pytest.raises(EvaluationRefused) as refused:
        adjust_predicate(
            actor=org.camat.user,
            calibration=calibration,
            evaluation=staf,
            predicate="BUTUH_PERBAIKAN",
            reason="  ",
        )

    assert refused.value.field == "reason"
    staf.refresh_from_db()
    assert staf.final_predicate == "BAIK"
    assert not _events(AuditAction.PREDICATE_ADJUSTED)


def test_an_adjusted_predicate_keeps_its_reason_and_is_audited(org, section):
    calibration, staf, _rekan = section
    revision = Evaluation.objects.get(pk=staf.pk).revision

    adjusted = adjust_predicate(
        actor=org.camat.user,
        calibration=calibration,
        evaluation=staf,
        predicate="BUTUH_PERBAIKAN",
        reason=" Target layanan triwulan tidak tercapai ",
    )

    adjusted.refresh_from_db()
    assert adjusted.final_predicate == "BUTUH_PERBAIKAN"
    assert adjusted.final_predicate_reason == "Target layanan triwulan tidak tercapai"
    assert adjusted.matrix_predicate == "BAIK"
    assert adjusted.revision == revision + 1
    (event,) = _events(AuditAction.PREDICATE_ADJUSTED)
    assert event.actor == org.camat.user
    assert event.target_id == str(staf.pk)
    assert event.changes["final_predicate"] == ["BAIK", "BUTUH_PERBAIKAN"]


def test_going_back_to_the_matrix_needs_no_reason_and_drops_the_old_one(org, section):
    calibration, staf, _rekan = section
    adjust_predicate(
        actor=org.camat.user,
        calibration=calibration,
        evaluation=staf,
        predicate="SANGAT_BAIK",
        reason="Inovasi loket",
    )

    adjust_predicate(
        actor=org.admin.user, calibration=calibration, evaluation=staf, predicate="BAIK", reason=""
    )

    staf.refresh_from_db()
    assert (staf.final_predicate, staf.final_predicate_reason) == ("BAIK", "")


def test_a_draft_cannot_be_adjusted(org, section):
    calibration, _staf, _rekan = section
    draft = rated_evaluation(org.kasi)
    kecamatan = org_predicate(org.kecamatan, "BAIK")

    with pytest.raises(EvaluationRefused) as refused:
        adjust_predicate(
            actor=org.camat.user,
            calibration=kecamatan,
            evaluation=draft,
            predicate="BAIK",
            reason="x",
        )

    assert refused.value.field == "predicate"
    draft.refresh_from_db()
    assert draft.final_predicate == ""
    assert calibration.pk != kecamatan.pk


def test_an_evaluation_of_another_calibration_cannot_be_adjusted_here(org, section):
    _calibration, staf, _rekan = section
    kecamatan = org_predicate(org.kecamatan, "BAIK")

    with pytest.raises(EvaluationRefused):
        adjust_predicate(
            actor=org.camat.user,
            calibration=kecamatan,
            evaluation=staf,
            predicate="BAIK",
            reason="",
        )


@pytest.mark.parametrize("persona", ["kasi", "staf", "lurah", "asing", "outsider"])
def test_only_the_leader_of_the_unit_adjusts(org, section, persona):
    calibration, staf, _rekan = section

    with pytest.raises(PermissionDenied):
        adjust_predicate(
            actor=_actor(org, persona),
            calibration=calibration,
            evaluation=staf,
            predicate="SANGAT_BAIK",
            reason="Kinerja luar biasa",
        )

    staf.refresh_from_db()
    assert staf.final_predicate == "BAIK"


def test_nothing_is_adjusted_after_finalisation(org, section):
    calibration, staf, _rekan = section
    finalise(calibration, actor=org.camat.user, justification="Unit kecil")

    with pytest.raises(EvaluationRefused):
        adjust_predicate(
            actor=org.camat.user,
            calibration=calibration,
            evaluation=staf,
            predicate="SANGAT_BAIK",
            reason="Terlambat",
        )

    staf.refresh_from_db()
    assert staf.final_predicate == "BAIK"


# -- finalising ------------------------------------------------------------------------------


def test_finalising_waits_for_every_draft(org, section):
    calibration, staf, _rekan = section
    rated_evaluation(org.kasi)
    kecamatan = org_predicate(org.kecamatan, "BAIK")

    with pytest.raises(EvaluationRefused) as refused:
        finalise_calibration(actor=org.camat.user, calibration=kecamatan, justification="x")

    assert "Kasi" in str(refused.value)
    kecamatan.refresh_from_db()
    assert kecamatan.status == Calibration.Status.OPEN
    assert not _events(AuditAction.CALIBRATION_FINALISED)
    assert calibration.pk != kecamatan.pk
    staf.refresh_from_db()
    assert staf.status == EvaluationStatus.SUBMITTED


def test_finalising_an_empty_calibration_is_refused(org):
    calibration = org_predicate(org.kelurahan, "BAIK", actor=org.camat.user)

    with pytest.raises(EvaluationRefused):
        finalise_calibration(actor=org.camat.user, calibration=calibration)


def _third_staff(org) -> Employee:
    user = UserFactory(username="ketiga", first_name="Ketiga")
    position = PositionFactory(
        name="Jabatan ketiga", kind=Position.Kind.PELAKSANA, unit=org.pelayanan
    )
    return EmployeeFactory(name="Ketiga", position=position, supervisor=org.kasi, user=user)


def test_finalising_against_the_pattern_needs_a_justification(org, section):
    # given: two Baik fit Baik's pattern (the 70 % cap yields to "the largest group" and
    # "at least one Butuh Perbaikan or Kurang" is waived for two); a third Baik breaks both
    calibration, staf, rekan = section
    assert distribution(calibration, population(calibration)).violations == ()
    third = submitted_evaluation(_third_staff(org))
    spread = distribution(calibration, population(calibration))
    assert {violation.rule for violation in spread.violations} == {
        DistributionRule.DOMINANT_MAX,
        DistributionRule.REQUIRED_MIN,
    }

    # when
    with pytest.raises(EvaluationRefused) as refused:
        finalise_calibration(actor=org.camat.user, calibration=calibration, justification=" ")

    # then
    assert refused.value.field == "justification"
    calibration.refresh_from_db()
    assert calibration.status == Calibration.Status.OPEN
    for evaluation in (staf, rekan, third):
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.SUBMITTED
        assert evaluation.delivered_at is None
    assert not _events(AuditAction.CALIBRATION_FINALISED)


@time_machine.travel("2026-02-02 10:00 +0700", tick=False)
def test_a_justified_finalisation_delivers_every_result(org, section):
    # given: three Baik under Baik break the pattern
    calibration, staf, rekan = section
    third = submitted_evaluation(_third_staff(org))

    # when
    delivered = finalise_calibration(
        actor=org.camat.user, calibration=calibration, justification=" Unit baru dibentuk "
    )

    # then
    assert delivered == 3
    calibration.refresh_from_db()
    assert calibration.status == Calibration.Status.FINAL
    assert calibration.finalised_by == org.camat.user
    assert calibration.finalised_at == timezone.now()
    assert calibration.justification == "Unit baru dibentuk"
    assert sorted(calibration.violations_at_finalisation) == ["DOMINANT_MAX", "REQUIRED_MIN"]
    for evaluation in (staf, rekan, third):
        evaluation.refresh_from_db()
        assert evaluation.status == EvaluationStatus.DELIVERED
        assert evaluation.calibration == calibration
        assert evaluation.delivered_at == timezone.now()
        # PP 30/2019 Pasal 59: 14 days, in calendar days by default
        assert evaluation.objection_deadline == date(2026, 2, 16)
    (event,) = _events(AuditAction.CALIBRATION_FINALISED)
    assert event.actor == org.camat.user
    assert event.changes["delivered"] == 3
    assert event.changes["justification"] == "Unit baru dibentuk"


def test_a_clean_finalisation_keeps_no_justification(org, section):
    calibration, staf, _rekan = section

    finalise_calibration(
        actor=org.camat.user, calibration=calibration, justification="Tidak diperlukan"
    )

    calibration.refresh_from_db()
    assert calibration.is_final
    assert calibration.justification == ""
    assert calibration.violations_at_finalisation == []
    staf.refresh_from_db()
    assert staf.status == EvaluationStatus.DELIVERED


def _after_working_days(start: date, count: int) -> date:
    """``count`` working days after ``start``: Monday to Friday except the calendar's days
    off (the national holidays and cuti bersama the test database was built with)."""
    days_off = set(
        CalendarException.objects.filter(day__gt=start, day__lte=start + timedelta(days=3 * count))
        .exclude(kind=CalendarException.Kind.SPECIAL_HOURS)
        .values_list("day", flat=True)
    )
    day, counted = start, 0
    while counted < count:
        day += timedelta(days=1)
        if day.weekday() < 5 and day not in days_off:
            counted += 1
    return day


@time_machine.travel("2026-02-02 10:00 +0700", tick=False)
def test_the_deadline_counts_working_days_when_configured(org, section, settings):
    # given: the calendar of the test database (see conftest's _working_calendar) has
    # Imlek on Tuesday 17 February 2026 as a day off
    settings.KINERJA_OBJECTION_WORKING_DAYS = True
    calibration, staf, _rekan = section
    assert CalendarException.objects.filter(day=date(2026, 2, 17)).exists()

    # when
    finalise_calibration(actor=org.camat.user, calibration=calibration)

    # then: 14 working days after Monday 2 February, skipping weekends and the holiday
    staf.refresh_from_db()
    assert staf.objection_deadline == _after_working_days(date(2026, 2, 2), 14)
    assert staf.objection_deadline >= date(2026, 2, 23)


@pytest.mark.parametrize("persona", ["kasi", "staf", "lurah", "asing", "outsider"])
def test_only_the_leader_of_the_unit_finalises(org, section, persona):
    calibration, staf, _rekan = section

    with pytest.raises(PermissionDenied):
        finalise_calibration(actor=_actor(org, persona), calibration=calibration)

    calibration.refresh_from_db()
    assert calibration.status == Calibration.Status.OPEN
    staf.refresh_from_db()
    assert staf.status == EvaluationStatus.SUBMITTED


def test_a_calibration_is_finalised_once(org, section):
    calibration, _staf, _rekan = section
    finalise(calibration, actor=org.camat.user)

    with pytest.raises(EvaluationRefused):
        finalise(calibration, actor=org.admin.user)

    assert len(_events(AuditAction.CALIBRATION_FINALISED)) == 1


def test_a_finalised_calibration_keeps_its_population(org, section):
    calibration, _staf, _rekan = section
    finalise(calibration, actor=org.camat.user)

    # a late evaluation of the same unit and period does not join a final calibration
    submitted_evaluation(_third_staff(org))

    assert _names(Calibration.objects.get(pk=calibration.pk)) == ["Rekan", "Staf"]
