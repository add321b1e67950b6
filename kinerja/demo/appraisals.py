"""Monthly evaluations of the demo office for the months of the demo year that have ended.

The story, for a demo year Y and "today" in month T:

- Every employee with an approved SKP is evaluated each month by their appraiser, except
  the camat, who is rated within the city government (outside the office). The results
  score comes from the criteria in force, computed exactly as the application computes
  it (``kinerja.appraisals``): the front desks from their service records, everyone from
  the realisation of their IKI, the innovators from their verified credit. Each RHK is
  rated from the achievement of its IKI that month; the results rating is the one the
  score suggests; the BerAKHLAK values are mostly as expected, with a few people above.
- The walikota's office sets the kecamatan's organisation predicate each month (Baik),
  recorded by the HR admin. The months up to T-2 were calibrated by the camat and
  finalised: where the matrix predicates broke the pattern, the camat moved the people
  nearest the line across it (``_calibrate``), each with a reason.
  The results were delivered on the fifth working day of the next month.
- Month T-1 waits in calibration: every evaluation submitted, the pattern still violated.
- Kelurahan Tobek Godang is still in its pilot (``kinerja.demo.rollout``): its results
  are computed and submitted but stay out of the curve and are never delivered.
- The declining PATEN front-desk officer (``kinerja.demo.builder.DECLINING_OFFICERS``)
  objected to the result of month T-2; the kasi has not explained yet.

As in the other demo modules the rows are written in bulk and nobody is named as the
actor of an audit event.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from kinerja.accounts.models import User
from kinerja.appraisals.models import (
    BehaviourRating,
    Calibration,
    Evaluation,
    Objection,
    ResultRating,
    RubricScore,
)
from kinerja.appraisals.results import line_to_dict, score_lines
from kinerja.appraisals.scoring import (
    DistributionRule,
    Predicate,
    Rating,
    distribution_violations,
    performance_predicate,
    suggested_behaviour_rating,
)
from kinerja.appraisals.selectors.measurements import (
    Sources,
    lines_from,
    load_sources,
    realisations_in,
    results_indicators_of,
)
from kinerja.appraisals.services.evaluations import headed_unit, snapshot
from kinerja.appraisals.workflow import EvaluationStatus
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import suggested_rating
from kinerja.criteria.selectors.versions import published_version
from kinerja.demo.criteria import Who
from kinerja.organization.models import Employee, OrgUnit, Period, UnitRollout
from kinerja.organization.rollout import RolloutStage, unit_stage
from kinerja.plans.achievement import iki_achievement
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult
from kinerja.plans.workflow import PlanStatus

ORG_PREDICATE = "BAIK"
ORG_PREDICATE_NOTE = (
    "Rencana aksi Perjanjian Kinerja Kecamatan Binawidya bulan ini tercapai sesuai target"
    " yang disepakati dengan Wali Kota (penetapan Sekretariat Daerah, dicatat oleh"
    " Subbagian Umum dan Kepegawaian)."
)
OBJECTOR: Who = ("BINAWIDYA-PELAYANAN", "Pengelola Layanan Administrasi Terpadu", 1)
OBJECTION = (
    "Pada bulan ini jaringan SIAK terputus empat hari kerja, sehingga berkas yang saya terima"
    " tidak dapat diselesaikan dalam standar waktu. Gangguan itu dilaporkan ke Disdukcapil"
    " (tiket terlampir di bukti dukung). Saya mohon keterlambatan tersebut tidak dihitung"
    " sebagai kinerja saya."
)
PROMOTION_REASON = (
    "Hasil kerjanya tertinggi di kecamatan bulan ini dan menopang capaian organisasi;"
    " ditetapkan Sangat Baik agar sesuai pola distribusi predikat Baik."
)
DEMOTION_REASON = (
    "Capaian hasil kerjanya terendah di kecamatan bulan ini; ditetapkan Butuh Perbaikan"
    " sesuai pola distribusi predikat Baik dan dilanjutkan dengan pembinaan."
)
RAISE_REASON = (
    "Hasil kerjanya hampir memenuhi ekspektasi dan kontribusinya pada capaian organisasi"
    " bulan ini nyata; ditetapkan Baik sesuai pola distribusi predikat Baik."
)
LOWER_REASON = (
    "Hasil kerjanya di atas ekspektasi, tetapi di antara yang Sangat Baik kontribusinya"
    " paling kecil; ditetapkan Baik sesuai pola distribusi predikat Baik."
)
# Share of people whose behaviour stands out in a month, and the seed of who they are.
BEHAVIOUR_ABOVE_SHARE = 0.12
SEED = 6_2022
ABOVE_FROM = Decimal(110)
MEETS_FROM = Decimal(90)


@dataclass(frozen=True, slots=True)
class AppraisalData:
    evaluations: int
    calibrations: int
    objections: int

    @property
    def counts(self) -> dict[str, int]:
        return {
            "evaluations": self.evaluations,
            "calibrations": self.calibrations,
            "objections": self.objections,
        }


def _fifth_working_day(after: date) -> date:
    day, counted = after, 0
    while counted < 5:
        day += timedelta(days=1)
        if day.weekday() < 5:
            counted += 1
    return day


def _at(day: date, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def _rhk_rating(indicators: Sequence[ResultIndicator], realised: dict[int, Decimal]) -> str:
    """An RHK is rated from the weakest achievement of its IKI that month."""
    achievements = [realised[item.pk] for item in indicators if item.pk in realised]
    if not achievements:
        return Rating.SESUAI_EKSPEKTASI.value
    weakest = min(achievements)
    if weakest >= ABOVE_FROM:
        return Rating.DI_ATAS_EKSPEKTASI.value
    if weakest >= MEETS_FROM:
        return Rating.SESUAI_EKSPEKTASI.value
    return Rating.DI_BAWAH_EKSPEKTASI.value


class _Loader:
    def __init__(self, organization: OrgUnit, today: date, admin: User) -> None:
        self.organization = organization
        self.today = today
        self.admin = admin
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, not security
        version = published_version(organization, today.year)
        if version is None:
            raise ValueError("the demo evaluations need the criteria in force")
        self.version: CriteriaVersion = version

    def periods(self) -> list[Period]:
        return list(
            Period.objects.filter(
                performance_year__year=self.today.year,
                kind=Period.Kind.MONTH,
                is_evaluation_period=True,
                ends_on__lt=self.today,
            ).order_by("starts_on")
        )

    def people(self) -> list[tuple[Employee, PerformancePlan]]:
        plans = {
            plan.employee_id: plan
            for plan in PerformancePlan.objects.filter(
                performance_year__year=self.today.year, status=PlanStatus.APPROVED
            ).prefetch_related(
                Prefetch(
                    "results",
                    queryset=WorkResult.objects.order_by("-kind", "order", "pk").prefetch_related(
                        "indicators"
                    ),
                )
            )
        }
        employees = (
            Employee.objects.filter(is_active=True, unit__path__startswith=self.organization.path)
            .select_related("unit", "position", "supervisor__unit", "supervisor__position")
            .select_related("supervisor__supervisor__unit", "supervisor__supervisor__position")
            .order_by("pk")
        )
        return [
            (employee, plans[employee.pk])
            for employee in employees
            # The camat heads the organisation: rated within the city, not here.
            if employee.pk in plans and not self._heads_organisation(employee)
        ]

    def _heads_organisation(self, employee: Employee) -> bool:
        return employee.unit_id == self.organization.pk and headed_unit(employee) is not None

    def evaluate(
        self,
        employee: Employee,
        plan: PerformancePlan,
        period: Period,
        indicators: Sequence[Indicator],
        sources: Sources,
    ) -> tuple[Evaluation, list[ResultRating], list[BehaviourRating]]:
        lines = lines_from(
            employee=employee,
            period=period,
            indicators=indicators,
            plan=plan,
            sources=sources,
            rubric_levels={},
        )
        scored = score_lines(lines)
        iki = {indicator.pk: indicator for indicator in sources.indicators.get(plan.pk, ())}
        realised: dict[int, Decimal] = {}
        for indicator_id, realisation in realisations_in(
            sources.realisations.get(plan.pk, ()), period
        ).items():
            indicator = iki[indicator_id]
            if realisation.value is not None and indicator.target_min:
                realised[indicator_id] = iki_achievement(
                    realisation.value,
                    indicator.target_min,
                    indicator.target_max,
                    lower_is_better=indicator.lower_is_better,
                )
        results = [
            ResultRating(
                work_result=result,
                kind=result.kind,
                text=result.text,
                order=position,
                rating=_rhk_rating(list(result.indicators.all()), realised),
            )
            for position, result in enumerate(plan.results.all())
        ]
        standing_out = self.rng.random() < BEHAVIOUR_ABOVE_SHARE
        behaviours = [
            BehaviourRating(
                value=value.code,
                order=position,
                rating=(
                    Rating.DI_ATAS_EKSPEKTASI.value
                    if standing_out and position % 3 != 2
                    else Rating.SESUAI_EKSPEKTASI.value
                ),
            )
            for position, value in enumerate(CORE_VALUES)
        ]
        suggested_results = (
            suggested_rating(
                scored.total,
                above=self.version.above_threshold,
                meets=self.version.meets_threshold,
            ).value
            if scored.total is not None
            else Rating.SESUAI_EKSPEKTASI.value
        )
        behaviour = suggested_behaviour_rating(item.rating for item in behaviours)
        assert behaviour is not None  # noqa: S101 - seven values, all rated
        appraiser = employee.supervisor
        superior = appraiser.supervisor if appraiser else None
        matrix = performance_predicate(suggested_results, behaviour).value
        evaluation = Evaluation(
            employee=employee,
            period=period,
            plan=plan,
            unit=employee.unit,
            appraiser=appraiser,
            appraiser_superior=superior,
            heads_unit=headed_unit(employee),
            employee_snapshot=snapshot(employee),
            appraiser_snapshot=snapshot(appraiser),
            superior_snapshot=snapshot(superior),
            status=EvaluationStatus.SUBMITTED.value,
            criteria_version=self.version,
            computation={"lines": [line_to_dict(line) for line in lines]},
            computed_at=_at(period.ends_on + timedelta(days=2), 9),
            results_score=scored.total,
            suggested_results_rating=suggested_results,
            suggested_behaviour_rating=behaviour.value,
            results_rating=suggested_results,
            behaviour_rating=behaviour.value,
            matrix_predicate=matrix,
            final_predicate=matrix,
            submitted_at=_at(period.ends_on + timedelta(days=3), 10),
        )
        return evaluation, results, behaviours


def _calibrate(evaluations: list[Evaluation]) -> None:
    """The camat's calibration against the pattern of a Baik organisation, one move at a
    time until it fits: too many Baik, the best of them becomes Sangat Baik; too few
    Baik, the best Butuh Perbaikan (or the weakest Sangat Baik) becomes Baik; nobody
    Butuh Perbaikan or Kurang, the weakest Baik becomes Butuh Perbaikan. Each move
    carries its reason."""

    def score(item: Evaluation) -> Decimal:
        return item.results_score if item.results_score is not None else Decimal(100)

    def holding(predicate: Predicate) -> list[Evaluation]:
        return sorted(
            (item for item in evaluations if item.final_predicate == predicate), key=score
        )

    def move(item: Evaluation, predicate: Predicate, reason: str) -> None:
        item.final_predicate = predicate.value
        item.final_predicate_reason = "" if predicate == item.matrix_predicate else reason

    for _move in range(len(evaluations)):
        violations = distribution_violations(
            ORG_PREDICATE, [item.final_predicate for item in evaluations]
        )
        if not violations:
            return
        rule = violations[0].rule
        if rule == DistributionRule.DOMINANT_MAX and holding(Predicate.BAIK):
            move(holding(Predicate.BAIK)[-1], Predicate.SANGAT_BAIK, PROMOTION_REASON)
        elif rule == DistributionRule.NOT_MOST and holding(Predicate.BUTUH_PERBAIKAN):
            move(holding(Predicate.BUTUH_PERBAIKAN)[-1], Predicate.BAIK, RAISE_REASON)
        elif rule == DistributionRule.NOT_MOST and holding(Predicate.SANGAT_BAIK):
            move(holding(Predicate.SANGAT_BAIK)[0], Predicate.BAIK, LOWER_REASON)
        elif rule == DistributionRule.REQUIRED_MIN and holding(Predicate.BAIK):
            move(holding(Predicate.BAIK)[0], Predicate.BUTUH_PERBAIKAN, DEMOTION_REASON)
        else:
            return


def load_appraisal_data(
    *, organization: OrgUnit, today: date, objector: Who = OBJECTOR
) -> AppraisalData:
    """Write the monthly evaluations of the module docstring. Expects the demo office
    with its criteria in force and this year's SKP and realisation."""
    admin = (
        User.objects.filter(is_hr_admin=True, employee__unit__path__startswith=organization.path)
        .order_by("pk")
        .first()
    )
    if admin is None:
        raise ValueError("the demo evaluations need the HR admin")
    loader = _Loader(organization, today, admin)
    periods = loader.periods()
    people = loader.people()
    if not periods or not people:
        return AppraisalData(0, 0, 0)
    # The last month that ended waits in calibration; the ones before were finalised.
    finalised = periods[:-1]
    calibrations = {
        period.pk: Calibration(
            unit=organization,
            period=period,
            org_predicate=ORG_PREDICATE,
            org_predicate_note=ORG_PREDICATE_NOTE,
            org_predicate_set_by=admin,
            org_predicate_set_at=_at(period.ends_on + timedelta(days=1), 9),
        )
        for period in periods
    }
    Calibration.objects.bulk_create(calibrations.values())
    rollout = {
        path: (pilot_from, active_from)
        for path, pilot_from, active_from in UnitRollout.objects.values_list(
            "unit__path", "pilot_from", "active_from"
        )
    }
    sources = load_sources(
        employees=[employee for employee, _plan in people],
        periods=periods,
        plans=[plan for _employee, plan in people],
    )
    indicators = results_indicators_of(loader.version, [employee for employee, _plan in people])
    rows: list[tuple[Evaluation, list[ResultRating], list[BehaviourRating]]] = []
    for period in periods:
        month = [
            loader.evaluate(employee, plan, period, indicators[employee.pk], sources)
            for employee, plan in people
        ]
        if period in finalised:
            # Pilot results (a unit still in its uji coba) stay out of the curve and are
            # not delivered (organization.rollout).
            counted = [
                evaluation
                for evaluation, _r, _b in month
                if unit_stage(evaluation.unit.path, period.ends_on, rollout) is RolloutStage.ACTIVE
            ]
            _calibrate(counted)
            calibration = calibrations[period.pk]
            delivered = _fifth_working_day(period.ends_on)
            for evaluation in counted:
                evaluation.status = EvaluationStatus.DELIVERED.value
                evaluation.calibration = calibration
                evaluation.delivered_at = _at(delivered, 10)
                evaluation.objection_deadline = delivered + timedelta(days=14)
            calibration.status = Calibration.Status.FINAL
            calibration.finalised_by = admin
            calibration.finalised_at = _at(delivered, 10)
        rows.extend(month)
    Evaluation.objects.bulk_create(evaluation for evaluation, _r, _b in rows)
    for evaluation, results, behaviours in rows:
        for result in results:
            result.evaluation = evaluation
        for behaviour in behaviours:
            behaviour.evaluation = evaluation
    ResultRating.objects.bulk_create(line for _e, results, _b in rows for line in results)
    BehaviourRating.objects.bulk_create(line for _e, _r, behaviours in rows for line in behaviours)
    Calibration.objects.bulk_update(
        [calibrations[period.pk] for period in finalised],
        ["status", "finalised_by", "finalised_at"],
    )
    objections = _object(rows, finalised, objector)
    return AppraisalData(
        evaluations=len(rows), calibrations=len(calibrations), objections=objections
    )


def _object(
    rows: list[tuple[Evaluation, list[ResultRating], list[BehaviourRating]]],
    finalised: list[Period],
    objector: Who,
) -> int:
    if not finalised or isinstance(objector, str):
        return 0
    unit, title, holder = objector
    holders = Employee.objects.filter(unit__code=unit, position__name=title).order_by("pk")
    officer = holders[holder] if holders.count() > holder else None
    evaluation = next(
        (
            item
            for item, _r, _b in rows
            if officer is not None
            and item.employee_id == officer.pk
            and item.period_id == finalised[-1].pk
        ),
        None,
    )
    if evaluation is None:
        return 0
    assert evaluation.delivered_at is not None  # noqa: S101 - finalised month
    Objection.objects.create(
        evaluation=evaluation,
        reasons=OBJECTION,
        filed_at=evaluation.delivered_at + timedelta(days=6),
    )
    evaluation.status = EvaluationStatus.OBJECTED.value
    evaluation.save(update_fields=["status"])
    return 1


def clear_appraisal_data() -> dict[str, int]:
    """Delete every objection, evaluation and calibration; return how many evaluations."""
    removed = {"evaluations": Evaluation.objects.count()}
    Objection.objects.all().delete()
    RubricScore.objects.all().delete()
    ResultRating.objects.all().delete()
    BehaviourRating.objects.all().delete()
    Evaluation.objects.all().delete()
    Calibration.objects.all().delete()
    return removed
