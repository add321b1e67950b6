"""The numeric method (PP 30/2019 Pasal 41) as an option of the criteria version: the
behaviour score from the behaviour rubric levels, results and behaviour weighted 70/30 or
60/40, and the predicate from the score bands, Sangat Baik only with an innovation."""

from decimal import Decimal

import pytest

from kinerja.appraisals.selectors.measurements import behaviour_rubric
from kinerja.appraisals.services.evaluations import (
    EvaluationRefused,
    save_ratings,
    submit_evaluation,
)
from kinerja.appraisals.tests.factories import opened_evaluation, rater_of, rating_input
from kinerja.criteria.models import CriteriaVersion
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import VersionSettings, move_version, update_version
from kinerja.criteria.tests.factories import complete_version
from kinerja.plans.tests.factories import hr_admin_user
from kinerja.service_metrics.models import ServiceMetric

pytestmark = pytest.mark.django_db


def numeric_version(org, *, weight: int) -> CriteriaVersion:
    """Published criteria of the test organisation using the numeric method; the results
    side is the on-time rate (0.5 → 0, 0.9 → 100, 1 → 120)."""
    actor = hr_admin_user()
    version = complete_version(actor, org.kecamatan, weights=(100,))
    update_version(
        actor=actor,
        version=version,
        settings=VersionSettings(
            title=version.title,
            rationale="Metode numerik",
            rating_method=CriteriaVersion.RatingMethod.NUMERIC,
            numeric_results_weight=weight,
            above_threshold=version.above_threshold,
            meets_threshold=version.meets_threshold,
        ),
    )
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED)


def on_time(org, rate: str) -> None:
    completed = 20
    ServiceMetric.objects.create(
        employee=org.staf,
        period="2026-01",
        period_kind="BULAN",
        tasks_completed=completed,
        on_time=int(Decimal(rate) * completed),
        first_time_right=completed,
        computed_at="2026-02-01T00:00:00Z",
    )


@pytest.mark.parametrize(
    "case",
    [
        # Results 100 (rate 0.9), behaviour 100 (every level 3): 100 → Baik.
        (70, "0.9", 3, "100.00", "BAIK"),
        # Results 120, behaviour 120: 120, but no innovation → Baik, not Sangat Baik.
        (70, "1", 5, "120.00", "BAIK"),
        # Results 50 (rate 0.7), behaviour 100: 70 % * 50 + 30 % * 100 = 65 → Kurang.
        (70, "0.7", 3, "65.00", "KURANG"),
        # The same at 60/40: 60 % * 50 + 40 % * 100 = 70 → Cukup (Butuh Perbaikan).
        (60, "0.7", 3, "70.00", "BUTUH_PERBAIKAN"),
        # Results 0, behaviour 0 (level 1): 0 → Sangat Kurang.
        (70, "0.5", 1, "0.00", "SANGAT_KURANG"),
    ],
)
def test_the_predicate_follows_the_numeric_score(org, case):
    weight, rate, level, score, predicate = case
    version = numeric_version(org, weight=weight)
    on_time(org, rate)
    evaluation = opened_evaluation(org.staf)
    assert evaluation.criteria_version == version
    rubric = behaviour_rubric(version, org.staf)
    assert len(rubric) == 21
    data = rating_input(
        evaluation,
        rubric={indicator.pk: level for indicator in rubric},
        results_rating_reason="Sesuai skor",
        behaviour_rating_reason="Sesuai skor",
    )
    rated = save_ratings(actor=rater_of(evaluation), evaluation=evaluation, data=data)
    assert rated.numeric_score == Decimal(score)
    assert rated.matrix_predicate == predicate
    submitted = submit_evaluation(actor=rater_of(rated), evaluation=rated, revision=rated.revision)
    assert submitted.final_predicate == predicate


def test_every_behaviour_indicator_needs_its_level_before_submission(org):
    version = numeric_version(org, weight=70)
    on_time(org, "0.9")
    evaluation = opened_evaluation(org.staf)
    rubric = behaviour_rubric(version, org.staf)
    data = rating_input(evaluation, rubric={indicator.pk: 3 for indicator in rubric[:-1]})
    rated = save_ratings(actor=rater_of(evaluation), evaluation=evaluation, data=data)
    assert rated.numeric_score is None
    assert rated.computation["numeric"]["behaviour_rated"] == 20
    with pytest.raises(EvaluationRefused) as refused:
        submit_evaluation(actor=rater_of(rated), evaluation=rated, revision=rated.revision)
    assert refused.value.field == "rubric"


def test_the_rating_page_asks_for_every_behaviour_level_under_the_numeric_method(org, client_as):
    version = numeric_version(org, weight=70)
    evaluation = opened_evaluation(org.staf)
    page = client_as(org.kasi.user).get(f"/penilaian/{evaluation.pk}/nilai/")
    assert page.status_code == 200
    for indicator in behaviour_rubric(version, org.staf):
        assert f'name="rubric-{indicator.pk}"'.encode() in page.content


def test_the_matrix_method_rates_the_values_without_the_behaviour_rubric(org, client_as):
    evaluation = opened_evaluation(org.staf)
    assert evaluation.criteria_version is not None
    assert evaluation.criteria_version.rating_method == CriteriaVersion.RatingMethod.MATRIX
    page = client_as(org.kasi.user).get(f"/penilaian/{evaluation.pk}/nilai/")
    for indicator in behaviour_rubric(evaluation.criteria_version, org.staf):
        assert f'name="rubric-{indicator.pk}"'.encode() not in page.content
