"""Pilot results (uji coba, ``selectors.pilot``): an evaluation of a unit that is not live on
the last day of its period is computed and shown with a pilot mark, but it is not final:
it stays out of the calibration's population and curve, and finalisation never delivers
it. A unit that goes live counts again; a unit without any plan is live."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from kinerja.appraisals.documents import (
    PILOT_LINE,
    build_evaluation_document,
    build_evaluation_record,
    render_evaluation_html,
)
from kinerja.appraisals.models import Evaluation
from kinerja.appraisals.selectors.access import get_evaluation_for_user
from kinerja.appraisals.selectors.calibration import (
    distribution,
    population,
    population_and_pilot,
)
from kinerja.appraisals.selectors.pilot import (
    is_pilot,
    is_unit_live,
    pilot_ids,
    rollout_stage,
    with_rollout,
)
from kinerja.appraisals.services.calibration import adjust_predicate
from kinerja.appraisals.services.evaluations import EvaluationRefused
from kinerja.appraisals.tests.factories import (
    finalise,
    org_predicate,
    rated_evaluation,
    submitted_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.organization.rollout import RolloutStage, unit_stage
from kinerja.organization.services import save_rollout
from kinerja.plans.tests.factories import hr_admin_user

JANUARY_END = date(2026, 1, 31)
JUSTIFICATION = "Uji coba penerapan: populasi kecil"


def plan(org, unit, pilot_from: date | None, active_from: date | None) -> None:
    save_rollout(
        actor=org.admin.user, unit=unit, pilot_from=pilot_from, active_from=active_from, note=""
    )


def pilot_in_january(org, unit) -> None:
    """``unit`` is in its pilot through the first quarter and goes live in April."""
    plan(org, unit, date(2026, 1, 1), date(2026, 4, 1))


def names(evaluations) -> list[str]:
    return [item.employee.name for item in evaluations]


@pytest.fixture
def kecamatan(org):
    """January of the kecamatan: staf and rekan (Seksi Pelayanan) and lurah (Kelurahan)
    submitted, the kecamatan's calibration open."""
    evaluations = [submitted_evaluation(org.staf), submitted_evaluation(org.rekan)]
    evaluations.append(submitted_evaluation(org.lurah))
    return org_predicate(org.kecamatan, "BAIK"), evaluations


# -- the population -------------------------------------------------------------------------


def test_without_any_plan_every_result_counts(org, kecamatan):
    calibration, _ = kecamatan

    found = population_and_pilot(calibration)

    assert names(found.members) == ["Lurah", "Rekan", "Staf"]
    assert found.pilot == []


def test_the_population_leaves_out_the_pilot_results(org, kecamatan):
    # given Seksi Pelayanan in its pilot in January
    calibration, _ = kecamatan
    pilot_in_january(org, org.pelayanan)

    # when
    found = population_and_pilot(calibration)

    # then only the kelurahan's result is in the curve; the section's are listed apart
    assert names(population(calibration)) == names(found.members) == ["Lurah"]
    assert names(found.pilot) == ["Rekan", "Staf"]
    spread = distribution(calibration, population(calibration))
    assert (spread.total, spread.pending) == (1, 0)


def test_a_unit_without_a_plan_follows_the_plan_above_it(org, kecamatan):
    # given the whole kecamatan in its pilot, but the kelurahan already live
    calibration, _ = kecamatan
    pilot_in_january(org, org.kecamatan)
    plan(org, org.kelurahan, None, date(2026, 1, 1))

    found = population_and_pilot(calibration)

    assert names(found.members) == ["Lurah"]
    assert names(found.pilot) == ["Rekan", "Staf"]


def test_a_unit_not_started_yet_is_not_final_either(org, kecamatan):
    calibration, _ = kecamatan
    plan(org, org.pelayanan, date(2026, 3, 1), date(2026, 7, 1))

    found = population_and_pilot(calibration)

    assert names(found.members) == ["Lurah"]
    assert names(found.pilot) == ["Rekan", "Staf"]


def test_the_stage_counts_on_the_last_day_of_the_period(org, kecamatan):
    # given the section live from 31 January, the last day of the period
    calibration, _ = kecamatan
    plan(org, org.pelayanan, date(2026, 1, 1), JANUARY_END)

    assert names(population(calibration)) == ["Lurah", "Rekan", "Staf"]


# -- finalisation ---------------------------------------------------------------------------


def test_finalisation_delivers_only_the_live_results(org, kecamatan):
    # given the section in its pilot
    calibration, (staf, rekan, lurah) = kecamatan
    pilot_in_january(org, org.pelayanan)

    # when the calibration is finalised
    delivered = finalise(calibration, justification=JUSTIFICATION)

    # then the kelurahan's result is delivered and the pilot results stay as they were
    assert delivered == 1
    lurah.refresh_from_db()
    assert lurah.status == EvaluationStatus.DELIVERED
    assert lurah.calibration == calibration
    for pilot in (staf, rekan):
        pilot.refresh_from_db()
        assert pilot.status == EvaluationStatus.SUBMITTED
        assert pilot.calibration is None
        assert pilot.delivered_at is None
    # and the final calibration still lists them apart
    calibration.refresh_from_db()
    found = population_and_pilot(calibration)
    assert names(found.members) == ["Lurah"]
    assert names(found.pilot) == ["Rekan", "Staf"]


def test_a_calibration_of_pilot_results_only_has_nothing_to_finalise(org):
    submitted_evaluation(org.staf)
    calibration = org_predicate(org.pelayanan, "BAIK", actor=org.camat.user)
    pilot_in_january(org, org.pelayanan)

    with translation.override("en"), pytest.raises(EvaluationRefused, match="No evaluation"):
        finalise(calibration, justification=JUSTIFICATION)


def test_a_pilot_result_is_not_adjusted_in_calibration(org, kecamatan):
    calibration, (staf, _, _) = kecamatan
    pilot_in_january(org, org.pelayanan)

    with translation.override("en"), pytest.raises(EvaluationRefused, match="not part of"):
        adjust_predicate(
            actor=hr_admin_user(),
            calibration=calibration,
            evaluation=staf,
            predicate="SANGAT_BAIK",
            reason="Inovasi",
        )


def test_results_count_again_once_the_plan_puts_the_unit_live(org, kecamatan):
    # given the section in its pilot, then the HR admin brings its live date forward
    calibration, (staf, rekan, _) = kecamatan
    pilot_in_january(org, org.pelayanan)
    plan(org, org.pelayanan, date(2026, 1, 1), date(2026, 1, 15))

    # when
    delivered = finalise(calibration, justification=JUSTIFICATION)

    # then everyone is delivered
    assert delivered == 3
    assert pilot_ids([staf, rekan]) == set()


def test_the_periods_after_going_live_count(org):
    # given the section in its pilot from January, live from April
    pilot_in_january(org, org.pelayanan)
    january = submitted_evaluation(org.staf)
    april = submitted_evaluation(org.staf, "2026-04")
    calibration = org_predicate(org.pelayanan, "BAIK", "2026-04", actor=org.camat.user)

    assert pilot_ids([january, april]) == {january.pk}
    assert names(population(calibration)) == ["Staf"]


def test_a_delivered_result_stays_final_whatever_the_plan_says_later(org, kecamatan):
    # given results delivered while the section had no plan
    calibration, (staf, _, _) = kecamatan
    finalise(calibration, justification=JUSTIFICATION)

    # when the section is put in its pilot afterwards
    pilot_in_january(org, org.pelayanan)

    # then its delivered results are not pilot results, and the curve is as finalised
    staf.refresh_from_db()
    assert not is_pilot(staf)
    calibration.refresh_from_db()
    assert names(population(calibration)) == ["Lurah", "Rekan", "Staf"]


# -- the stage in the query is the rule's --------------------------------------------------


PLANS = {
    "none": {},
    "kecamatan pilot": {"kecamatan": (date(2026, 1, 1), None)},
    "kecamatan pilot, section live": {
        "kecamatan": (date(2026, 1, 1), None),
        "pelayanan": (None, date(2025, 12, 1)),
    },
    "kecamatan live, kelurahan not started": {
        "kecamatan": (None, date(2025, 1, 1)),
        "kelurahan": (None, None),
    },
    "live after the period": {"kecamatan": (date(2025, 6, 1), date(2026, 2, 1))},
}


@pytest.mark.parametrize("plans", PLANS.values(), ids=PLANS.keys())
def test_the_stage_joined_into_the_query_is_the_rule_of_the_rollout(org, plans):
    # given drafts in three units and the plans
    drafts = [rated_evaluation(org.staf), rated_evaluation(org.lurah), rated_evaluation(org.admin)]
    for unit_name, (pilot_from, active_from) in plans.items():
        plan(org, getattr(org, unit_name), pilot_from, active_from)
    by_path = {getattr(org, unit_name).path: dates for unit_name, dates in plans.items()}

    # when each is read with its plan joined in
    marked = with_rollout(Evaluation.objects.filter(pk__in=[item.pk for item in drafts]))

    # then its stage is the pure rule's, on the last day of January
    for evaluation in marked.select_related("unit"):
        expected = unit_stage(evaluation.unit.path, JANUARY_END, by_path)
        assert rollout_stage(evaluation) == expected, evaluation.unit.path
        assert (evaluation.pk in pilot_ids(drafts)) == (expected is not RolloutStage.ACTIVE)


def test_whether_a_unit_is_live_today(org):
    pilot_in_january(org, org.kecamatan)

    assert not is_unit_live(org.pelayanan, date(2026, 3, 31))
    assert is_unit_live(org.pelayanan, date(2026, 4, 1))
    assert is_unit_live(org.other_org, date(2026, 3, 31))


# -- queries --------------------------------------------------------------------------------


def test_marking_a_list_takes_one_query_however_long(org, kecamatan):
    _, evaluations = kecamatan
    pilot_in_january(org, org.pelayanan)

    with CaptureQueriesContext(connection) as one:
        pilot_ids(evaluations[:1])
    with CaptureQueriesContext(connection) as three:
        pilot_ids(evaluations)

    assert len(one) == len(three) == 1


def test_delivered_results_are_marked_without_a_query(org, kecamatan, django_assert_num_queries):
    calibration, evaluations = kecamatan
    finalise(calibration, justification=JUSTIFICATION)
    for item in evaluations:
        item.refresh_from_db()

    with django_assert_num_queries(0):
        assert pilot_ids(evaluations) == set()


def test_the_population_takes_the_same_queries_with_plans(org, kecamatan):
    calibration, _ = kecamatan
    with CaptureQueriesContext(connection) as without_plans:
        population_and_pilot(calibration)
    pilot_in_january(org, org.pelayanan)
    plan(org, org.kelurahan, None, date(2026, 1, 1))

    with CaptureQueriesContext(connection) as with_plans:
        found = population_and_pilot(calibration)

    assert len(with_plans) == len(without_plans)
    assert len(found.pilot) == 2


# -- where the mark shows -------------------------------------------------------------------


@pytest.fixture
def pilot_section(org, kecamatan):
    pilot_in_january(org, org.pelayanan)
    return kecamatan


def test_the_team_list_marks_the_pilot_results(org, pilot_section, client_as):
    response = client_as(org.kasi.user).get(
        reverse("appraisals:team_evaluations"), {"period": "2026-01"}
    )

    page = response.content.decode()
    assert response.context["pilot_ids"] == {item.pk for item in pilot_section[1][:2]}
    assert page.count('data-pilot="true"') == 2


def test_the_rating_page_marks_a_pilot_result(org, client_as):
    pilot_in_january(org, org.pelayanan)
    draft = rated_evaluation(org.staf)

    page = client_as(org.kasi.user).get(reverse("appraisals:evaluation_rate", args=[draft.pk]))

    assert page.context["is_pilot"] is True
    assert 'data-pilot="true"' in page.content.decode()
    assert 'id="pilot-notice"' in page.content.decode()


def test_the_rating_page_of_a_live_unit_has_no_mark(org, client_as):
    draft = rated_evaluation(org.staf)

    page = client_as(org.kasi.user).get(reverse("appraisals:evaluation_rate", args=[draft.pk]))

    assert page.context["is_pilot"] is False
    assert "data-pilot" not in page.content.decode()


def test_the_calibration_page_lists_the_pilot_results_apart(org, pilot_section, client_as):
    calibration, (staf, rekan, lurah) = pilot_section

    response = client_as(org.camat.user).get(
        reverse("appraisals:calibration_detail", args=[calibration.pk])
    )

    page = response.content.decode()
    assert [row.evaluation for row in response.context["rows"]] == [lurah]
    assert response.context["pilot"] == [rekan, staf]
    section = page[page.index('id="uji-coba"') :]
    assert f'id="evaluasi-{staf.pk}"' in section
    assert f'id="evaluasi-{lurah.pk}"' not in section
    assert page.count('class="badge badge-pilot"') == 2


def test_the_calibration_list_counts_the_pilot_results(org, pilot_section, client_as):
    response = client_as(org.camat.user).get(reverse("appraisals:calibration_list"))

    [row] = response.context["rows"]
    assert (row.size, row.pilot) == (1, 2)


def test_the_explanation_page_marks_a_pilot_result(org, pilot_section, client_as):
    _, (staf, _, lurah) = pilot_section
    client = client_as(org.kasi.user)

    pilot = client.get(reverse("appraisals:evaluation_detail", args=[staf.pk]))
    live = client_as(org.camat.user).get(reverse("appraisals:evaluation_detail", args=[lurah.pk]))

    assert pilot.context["is_pilot"] is True
    assert 'id="pilot-notice"' in pilot.content.decode()
    assert live.context["is_pilot"] is False
    assert "pilot-notice" not in live.content.decode()


def test_an_employee_of_a_unit_not_live_is_told_why_nothing_arrives(org, client_as):
    # given the kecamatan in a pilot that has no day to go live yet
    plan(org, org.kecamatan, date(2026, 1, 1), None)

    page = client_as(org.staf.user).get(reverse("appraisals:my_evaluations"))
    elsewhere = client_as(org.asing.user).get(reverse("appraisals:my_evaluations"))

    assert page.context["not_live"] is True
    assert 'id="pilot-notice"' in page.content.decode()
    assert elsewhere.context["not_live"] is False


def test_the_documents_carry_the_pilot_line(org, pilot_section):
    _, (staf, _, lurah) = pilot_section
    admin = hr_admin_user()

    form = build_evaluation_document(
        get_evaluation_for_user(admin, staf.pk), today=date(2026, 2, 3)
    )
    record = build_evaluation_record(get_evaluation_for_user(admin, staf.pk))
    live = build_evaluation_document(
        get_evaluation_for_user(admin, lurah.pk), today=date(2026, 2, 3)
    )

    assert form.pilot_line == record.pilot_line == PILOT_LINE == "UJI COBA — belum final"
    assert PILOT_LINE in render_evaluation_html(form)
    assert form.status_mark == "BELUM FINAL"
    assert live.pilot_line == ""


def test_a_pilot_draft_without_a_calibration_carries_the_line_too(org):
    pilot_in_january(org, org.pelayanan)
    draft = get_evaluation_for_user(hr_admin_user(), rated_evaluation(org.staf).pk)

    form = build_evaluation_document(draft, today=date(2026, 2, 3))
    record = build_evaluation_record(draft)

    assert (form.chart, form.status_mark) == (None, "DRAF")
    assert form.pilot_line == record.pilot_line == PILOT_LINE
