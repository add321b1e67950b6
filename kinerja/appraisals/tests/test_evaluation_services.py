"""services.evaluations: opening, rating, submitting and reopening an evaluation, the
criteria version it keeps, and optimistic locking (also under two writers at once)."""

import threading
from dataclasses import replace
from decimal import Decimal

import pytest
from django.db import connection
from django.utils import timezone

from kinerja.appraisals.models import Evaluation, RubricScore
from kinerja.appraisals.services.evaluations import (
    EvaluationRefused,
    LineInput,
    StaleEvaluation,
    compute,
    open_evaluation,
    recomputed_score,
    reopen_evaluation,
    save_ratings,
    submit_evaluation,
)
from kinerja.appraisals.tests.factories import (
    ABOVE,
    AS_EXPECTED,
    BELOW,
    criteria_in_force,
    opened_evaluation,
    period,
    rated_evaluation,
    rating_input,
    submit,
    submitted_evaluation,
)
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.audit.models import AuditAction, AuditEvent
from kinerja.core.exceptions import PermissionDenied
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import create_version, move_version, save_indicator
from kinerja.criteria.tests.factories import published_version, results_indicator
from kinerja.plans.tests.factories import Rhk, approved_plan
from kinerja.service_metrics.models import ServiceMetric

pytestmark = pytest.mark.django_db

PERIOD = "2026-01"


def events(action: AuditAction) -> int:
    return AuditEvent.objects.filter(action=action).count()


def metric(employee, *, tasks: int, on_time: int, first_time_right: int) -> ServiceMetric:
    return ServiceMetric.objects.create(
        employee=employee,
        period=PERIOD,
        period_kind="MONTH",
        tasks_completed=tasks,
        on_time=on_time,
        first_time_right=first_time_right,
        computed_at=timezone.now(),
    )


def two_source_version(org, *, weights: tuple[int, int], title: str) -> CriteriaVersion:
    """Published criteria of KEC for 2026: the on-time rate and the first-time-right rate
    (both 0.5 → 0, 0.9 → 100, 1 → 120) with ``weights``."""
    actor = org.admin.user
    version = create_version(actor=actor, year=2026, title=title, organization=org.kecamatan)
    on_time, first_time = weights
    save_indicator(actor=actor, version=version, data=results_indicator("hasil-1", on_time))
    save_indicator(
        actor=actor,
        version=version,
        data=results_indicator(
            "hasil-2", first_time, source=Indicator.Source.SERVICE_FIRST_TIME_RIGHT
        ),
    )
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED)


# -- opening ------------------------------------------------------------------------------


def test_the_appraiser_opens_an_evaluation_with_the_criteria_and_the_skp(org, atasan):
    version = criteria_in_force(org.staf)
    plan = approved_plan(
        org.staf, 2026, results=[Rhk("Layanan KTP"), Rhk("Arsip", kind="TAMBAHAN", link=False)]
    )

    evaluation = open_evaluation(actor=atasan, employee=org.staf, period=period(PERIOD))

    assert evaluation.status == EvaluationStatus.DRAFT.value
    assert evaluation.revision == 1
    assert evaluation.appraiser == org.kasi
    assert evaluation.appraiser_superior == org.camat
    assert evaluation.criteria_version == version
    assert evaluation.plan == plan
    assert [(r.kind, r.text) for r in evaluation.result_ratings.all()] == [
        ("UTAMA", "Layanan KTP"),
        ("TAMBAHAN", "Arsip"),
    ]
    assert [b.value for b in evaluation.behaviour_ratings.all()] == [v.code for v in CORE_VALUES]
    assert evaluation.employee_snapshot["nip"] == org.staf.nip
    assert events(AuditAction.EVALUATION_OPENED) == 1


def test_opening_twice_gives_the_same_evaluation(org, atasan):
    first = opened_evaluation(org.staf)

    again = open_evaluation(actor=atasan, employee=org.staf, period=period(PERIOD))

    assert again == first
    assert Evaluation.objects.count() == 1


@pytest.mark.parametrize("persona", ["rekan", "camat", "lurah", "admin", "asing"])
def test_only_the_appraiser_opens_an_evaluation(org, persona):
    criteria_in_force(org.staf)

    with pytest.raises(PermissionDenied):
        open_evaluation(actor=getattr(org, persona).user, employee=org.staf, period=period(PERIOD))

    assert not Evaluation.objects.exists()


def test_the_hr_admin_opens_for_someone_without_a_supervisor(org, hr_admin):
    criteria_in_force(org.camat)

    with pytest.raises(PermissionDenied):
        open_evaluation(actor=org.kasi.user, employee=org.camat, period=period(PERIOD))
    evaluation = open_evaluation(actor=hr_admin, employee=org.camat, period=period(PERIOD))

    assert evaluation.appraiser is None
    assert evaluation.heads_unit == org.kecamatan


def test_opening_is_refused_outside_an_evaluation_period(org, atasan):
    criteria_in_force(org.staf)
    period(PERIOD)
    quarter = period("2026-Q1")

    with pytest.raises(EvaluationRefused) as refused:
        open_evaluation(actor=atasan, employee=org.staf, period=quarter)

    assert refused.value.field == "period"
    assert not Evaluation.objects.exists()


# -- rating -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("results", "behaviour", "predicate"),
    [
        # PermenPANRB 6/2022 Lampiran: results rating (row) by behaviour rating (column).
        (ABOVE, ABOVE, "SANGAT_BAIK"),
        (ABOVE, AS_EXPECTED, "BAIK"),
        (ABOVE, BELOW, "KURANG"),
        (AS_EXPECTED, ABOVE, "BAIK"),
        (AS_EXPECTED, AS_EXPECTED, "BAIK"),
        (AS_EXPECTED, BELOW, "KURANG"),
        (BELOW, ABOVE, "BUTUH_PERBAIKAN"),
        (BELOW, AS_EXPECTED, "BUTUH_PERBAIKAN"),
        (BELOW, BELOW, "SANGAT_KURANG"),
    ],
)
def test_saving_the_two_ratings_sets_the_matrix_predicate(
    org, atasan, results, behaviour, predicate
):
    evaluation = opened_evaluation(org.staf)

    saved = save_ratings(
        actor=atasan,
        evaluation=evaluation,
        data=rating_input(evaluation, results_rating=results, behaviour_rating=behaviour),
    )

    assert saved.matrix_predicate == predicate
    evaluation.refresh_from_db()
    assert evaluation.matrix_predicate == predicate
    assert evaluation.revision == 2


def test_half_a_rating_leaves_the_matrix_predicate_empty(org, atasan):
    evaluation = opened_evaluation(org.staf)

    saved = save_ratings(
        actor=atasan,
        evaluation=evaluation,
        data=replace(rating_input(evaluation, results_rating=ABOVE), behaviour_rating=""),
    )

    assert saved.matrix_predicate == ""


def test_saving_records_lines_feedback_and_the_behaviour_suggestion(org, atasan):
    evaluation = opened_evaluation(org.staf)
    data = rating_input(evaluation, behaviour=ABOVE, notes="Pertahankan")

    saved = save_ratings(actor=atasan, evaluation=evaluation, data=data)

    assert {line.rating for line in saved.behaviour_ratings.all()} == {ABOVE}
    assert saved.suggested_behaviour_rating == ABOVE
    assert saved.notes == "Pertahankan"
    event = AuditEvent.objects.filter(action=AuditAction.EVALUATION_RATED).get()
    assert "notes" in event.changes["changed"]


def test_only_the_appraiser_saves_ratings(org):
    evaluation = opened_evaluation(org.staf)

    for persona in ("camat", "admin", "rekan", "staf"):
        with pytest.raises(PermissionDenied):
            save_ratings(
                actor=getattr(org, persona).user,
                evaluation=evaluation,
                data=rating_input(evaluation),
            )

    evaluation.refresh_from_db()
    assert evaluation.revision == 1


def test_an_unknown_rating_is_refused_with_its_field(org, atasan):
    evaluation = opened_evaluation(org.staf)
    line = evaluation.result_ratings.get()
    data = replace(
        rating_input(evaluation), results={line.pk: LineInput(rating="HEBAT", feedback="")}
    )

    with pytest.raises(EvaluationRefused) as refused:
        save_ratings(actor=atasan, evaluation=evaluation, data=data)

    assert refused.value.field == f"result-{line.pk}"


def test_a_rating_departing_from_the_suggestion_needs_a_reason_at_submission(org, atasan):
    # given on-time and first-time-right 90 %: a results score of 100, "as expected"
    criteria_in_force(org.staf)
    metric(org.staf, tasks=10, on_time=9, first_time_right=9)
    evaluation = opened_evaluation(org.staf)
    saved = save_ratings(
        actor=atasan,
        evaluation=evaluation,
        data=rating_input(evaluation, results_rating=ABOVE),
    )
    assert saved.results_score == Decimal("100.00")
    assert saved.suggested_results_rating == AS_EXPECTED

    # when the appraiser submits the "above" rating without a reason
    with pytest.raises(EvaluationRefused) as refused:
        submit_evaluation(actor=atasan, evaluation=saved, revision=saved.revision)

    # then it is refused on the reason's field, and accepted once a reason is given
    assert refused.value.field == "results_rating_reason"
    saved.refresh_from_db()
    assert saved.status == EvaluationStatus.DRAFT.value
    with_reason = save_ratings(
        actor=atasan,
        evaluation=saved,
        data=rating_input(
            saved, results_rating=ABOVE, results_rating_reason="Menangani lonjakan antrean"
        ),
    )
    submitted = submit_evaluation(
        actor=atasan, evaluation=with_reason, revision=with_reason.revision
    )
    assert submitted.status == EvaluationStatus.SUBMITTED.value
    assert submitted.final_predicate == "BAIK"


def test_submitting_needs_every_line_rated(org, atasan):
    evaluation = opened_evaluation(org.staf)
    data = rating_input(evaluation)
    unrated = {**data.behaviour, "LOYAL": LineInput(rating="", feedback="")}
    save_ratings(actor=atasan, evaluation=evaluation, data=replace(data, behaviour=unrated))
    evaluation.refresh_from_db()

    with pytest.raises(EvaluationRefused) as refused:
        submit_evaluation(actor=atasan, evaluation=evaluation, revision=evaluation.revision)

    assert refused.value.field == "behaviour-LOYAL"


# -- optimistic locking --------------------------------------------------------------------


def test_saving_with_an_old_revision_is_refused_and_changes_nothing(org, atasan):
    # given a form read at revision 1, and a save by someone else since
    evaluation = opened_evaluation(org.staf)
    read_at_revision_1 = rating_input(evaluation, results=BELOW, behaviour=BELOW, notes="Lama")
    save_ratings(actor=atasan, evaluation=evaluation, data=rating_input(evaluation, notes="Baru"))
    rated = events(AuditAction.EVALUATION_RATED)

    # when the first form is saved
    with pytest.raises(StaleEvaluation):
        save_ratings(actor=atasan, evaluation=evaluation, data=read_at_revision_1)

    # then the evaluation is as the other save left it
    evaluation.refresh_from_db()
    assert evaluation.revision == 2
    assert evaluation.notes == "Baru"
    assert evaluation.results_rating == AS_EXPECTED
    assert {line.rating for line in evaluation.result_ratings.all()} == {AS_EXPECTED}
    assert events(AuditAction.EVALUATION_RATED) == rated


def test_submitting_or_reopening_with_an_old_revision_is_refused(org, atasan):
    evaluation = rated_evaluation(org.staf)

    with pytest.raises(StaleEvaluation):
        submit_evaluation(actor=atasan, evaluation=evaluation, revision=evaluation.revision - 1)
    submitted = submit(evaluation)
    with pytest.raises(StaleEvaluation):
        reopen_evaluation(actor=atasan, evaluation=submitted, revision=submitted.revision - 1)

    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.SUBMITTED.value


@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_with_the_same_revision_lose_no_update(org, atasan):
    # given one evaluation read by two forms at the same revision (committed, so that two
    # connections see it)
    evaluation = opened_evaluation(org.staf)
    forms = {
        "first": rating_input(evaluation, results=ABOVE, behaviour=ABOVE, notes="first"),
        "second": rating_input(evaluation, results=BELOW, behaviour=BELOW, notes="second"),
    }
    barrier = threading.Barrier(2)
    saved: list[str] = []
    stale: list[str] = []
    failures: list[BaseException] = []

    def save(name: str) -> None:
        try:
            barrier.wait()
            copy = Evaluation.objects.get(pk=evaluation.pk)
            save_ratings(actor=atasan, evaluation=copy, data=forms[name])
            saved.append(name)
        except StaleEvaluation:
            stale.append(name)
        except BaseException as error:  # the test reports any other failure
            failures.append(error)
        finally:
            connection.close()

    # when both are saved at the same moment
    threads = [threading.Thread(target=save, args=(name,)) for name in forms]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then exactly one wins, the other is told to reload, and the winner's save is whole
    assert failures == []
    assert len(saved) == 1
    assert len(stale) == 1
    winner = forms[saved[0]]
    evaluation.refresh_from_db()
    assert evaluation.revision == 2
    assert evaluation.notes == winner.notes
    assert evaluation.results_rating == winner.results_rating
    assert {line.rating for line in evaluation.result_ratings.all()} == {winner.results_rating}
    assert {line.rating for line in evaluation.behaviour_ratings.all()} == {winner.behaviour_rating}
    assert events(AuditAction.EVALUATION_RATED) == 1


# -- the workflow -------------------------------------------------------------------------


def test_a_submitted_evaluation_refuses_a_save(org, atasan):
    evaluation = submitted_evaluation(org.staf)

    with pytest.raises(EvaluationRefused) as refused:
        save_ratings(actor=atasan, evaluation=evaluation, data=rating_input(evaluation))

    assert not isinstance(refused.value, StaleEvaluation)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.SUBMITTED.value


def test_reopening_takes_a_submitted_evaluation_back_to_draft(org, atasan):
    evaluation = submitted_evaluation(org.staf)
    assert evaluation.final_predicate == "BAIK"

    reopened = reopen_evaluation(actor=atasan, evaluation=evaluation, revision=evaluation.revision)

    assert reopened.status == EvaluationStatus.DRAFT.value
    assert reopened.final_predicate == ""
    assert reopened.matrix_predicate == "BAIK"
    assert reopened.revision == evaluation.revision + 1
    assert events(AuditAction.EVALUATION_REOPENED) == 1
    # and it can be rated and submitted again
    again = save_ratings(
        actor=atasan,
        evaluation=reopened,
        data=rating_input(reopened, results=ABOVE, behaviour=ABOVE),
    )
    assert again.matrix_predicate == "SANGAT_BAIK"


def test_only_a_submitted_evaluation_is_reopened_and_only_by_its_appraiser(org, atasan):
    draft = opened_evaluation(org.staf)
    with pytest.raises(EvaluationRefused):
        reopen_evaluation(actor=atasan, evaluation=draft, revision=draft.revision)

    submitted = submitted_evaluation(org.rekan)
    with pytest.raises(PermissionDenied):
        reopen_evaluation(actor=org.camat.user, evaluation=submitted, revision=submitted.revision)
    submitted.refresh_from_db()
    assert submitted.status == EvaluationStatus.SUBMITTED.value


# -- the criteria version an evaluation keeps ---------------------------------------------


def test_an_evaluation_keeps_its_criteria_when_newer_ones_are_published(org, atasan):
    # given criteria v1 (on time 60, first time right 40) and staf's figures of January:
    # 90 % on time (score 100) and 70 % right first time (score 50)
    first = two_source_version(org, weights=(60, 40), title="Kriteria awal")
    metric(org.staf, tasks=10, on_time=9, first_time_right=7)
    metric(org.rekan, tasks=10, on_time=9, first_time_right=7)
    evaluation = rated_evaluation(org.staf)
    assert evaluation.criteria_version == first
    assert evaluation.results_score == Decimal("80.00")
    stored_lines = evaluation.computation["lines"]

    # when v2, on the on-time rate only (20 and 80), is published for the same
    # organisation and year
    second = published_version(
        org.admin.user, org.kecamatan, year=2026, title="Kriteria revisi", weights=(20, 80)
    )
    first.refresh_from_db()
    assert first.status == Stage.RETIRED
    assert second.status == Stage.PUBLISHED

    # then staf's evaluation stays on v1, also when it is saved (and measured) again
    saved = save_ratings(actor=atasan, evaluation=evaluation, data=rating_input(evaluation))
    assert saved.criteria_version == first
    assert saved.results_score == Decimal("80.00")
    assert [line["weight"] for line in saved.computation["lines"]] == ["60.00", "40.00"]
    assert recomputed_score(saved).total == saved.results_score
    # measuring a fresh copy under the stored version gives the stored lines
    fresh = Evaluation.objects.get(pk=evaluation.pk)
    compute(fresh)
    assert fresh.computation["lines"] == stored_lines
    assert fresh.results_score == saved.results_score
    # while an evaluation opened now follows v2
    later = opened_evaluation(org.rekan)
    assert later.criteria_version == second
    assert [line["weight"] for line in later.computation["lines"]] == ["20.00", "80.00"]
    assert later.results_score == Decimal("100.00")


# -- rubric indicators ---------------------------------------------------------------------


def rubric_version(org) -> tuple[CriteriaVersion, Indicator]:
    actor = org.admin.user
    version = create_version(
        actor=actor, year=2026, title="Dengan rubrik", organization=org.kecamatan
    )
    save_indicator(actor=actor, version=version, data=results_indicator("hasil-1", 50))
    rubric = save_indicator(
        actor=actor,
        version=version,
        data=results_indicator(
            "rubrik-1",
            50,
            source=Indicator.Source.SUPERVISOR_RUBRIC,
            floor=Decimal(1),
            target=Decimal(3),
            ceiling=Decimal(5),
            levels=[(1, "Jarang"), (2, "Kadang"), (3, "Sesuai"), (4, "Sering"), (5, "Selalu")],
        ),
    )
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED), rubric


def test_a_rubric_level_counts_in_the_results_score(org, atasan):
    _version, rubric = rubric_version(org)
    evaluation = opened_evaluation(org.staf)
    assert evaluation.results_score is None  # no service figures, no level yet

    saved = save_ratings(
        actor=atasan, evaluation=evaluation, data=rating_input(evaluation, rubric={rubric.pk: 3})
    )

    assert RubricScore.objects.get(evaluation=saved).level == 3
    assert saved.results_score == Decimal("100.00")
    with pytest.raises(EvaluationRefused) as refused:
        save_ratings(
            actor=atasan, evaluation=saved, data=rating_input(saved, rubric={rubric.pk: 9})
        )
    assert refused.value.field == f"rubric-{rubric.pk}"
