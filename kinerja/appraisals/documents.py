"""The documents of the appraisal stage: the evaluation form "EVALUASI KINERJA PEGAWAI"
(PermenPANRB 6/2022, domain.md 7.4), the formal record "DOKUMEN EVALUASI KINERJA PEGAWAI"
(domain.md 7.5), both as PDF, and the recap of a calibration as XLSX, laid out so that it
can be transcribed into e-Kinerja BKN.

Each document is built in two steps, as the SKP is (``kinerja.plans.documents``): a
``build_*`` function reads everything it prints into frozen dataclasses with a number of
queries that does not grow with the rows, then a renderer turns the dataclass into bytes.
The documents are in Indonesian by regulation: their labels are fixed, not translated.
The people on them are the evaluation's snapshots (who they were when it was opened).
Access is the caller's business: pass an evaluation loaded through
``selectors.access.get_evaluation_for_user`` and a calibration loaded through
``selectors.access.get_calibration_for_user``.
"""

import io
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from kinerja.appraisals.models import (
    BehaviourRating,
    Calibration,
    Evaluation,
    Objection,
    ResultRating,
)
from kinerja.appraisals.scoring import (
    ORG_PREDICATE_LABELS,
    PREDICATE_LABELS,
    OrgPredicate,
    Rating,
)
from kinerja.appraisals.selectors.calibration import (
    Distribution,
    calibration_for,
    distribution,
    population,
    population_and_pilot,
)
from kinerja.appraisals.selectors.measurements import latest_realisations
from kinerja.appraisals.selectors.pilot import is_pilot
from kinerja.appraisals.workflow import EvaluationStatus, is_delivered
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import OrgUnit, Period, Position
from kinerja.organization.selectors import unit_ancestors
from kinerja.plans.documents import (
    ASPECT_LABELS,
    ASSIGNMENT_COLUMN,
    DEFAULT_SIGNING_PLACE,
    EMPTY,
    LEADER_COLUMN,
    MONTHS,
    Party,
    format_date,
    format_number,
    format_target,
)
from kinerja.plans.models import (
    BehaviourExpectation,
    Evidence,
    PerformancePlan,
    Realisation,
    WorkResult,
)

EVALUATION_TEMPLATE = "appraisals/documents/evaluation.html"
RECORD_TEMPLATE = "appraisals/documents/evaluation_record.html"
# The SKP's stylesheet is the base of every printed form (fonts, tables, watermark,
# signatures); ours adds what the appraisal forms need on top of it.
BASE_STYLESHEET = "plans/documents/skp.css"
STYLESHEET = "appraisals/documents/evaluation.css"

# What the documents print where nothing has been set yet.
NOT_SET = "—"

RATING_LABELS: Mapping[str, str] = {
    Rating.DI_ATAS_EKSPEKTASI: "Di Atas Ekspektasi",
    Rating.SESUAI_EKSPEKTASI: "Sesuai Ekspektasi",
    Rating.DI_BAWAH_EKSPEKTASI: "Di Bawah Ekspektasi",
}

STATUS_LABELS: Mapping[str, str] = {
    EvaluationStatus.DRAFT: "Draf",
    EvaluationStatus.SUBMITTED: "Diajukan",
    EvaluationStatus.DELIVERED: "Disampaikan",
    EvaluationStatus.OBJECTED: "Keberatan",
    EvaluationStatus.DECIDED: "Diputuskan",
}

# Printed across the pages of an evaluation that has not been delivered: still with the
# appraiser, or proposed to a calibration that may still change its predicate.
STATUS_MARKS: Mapping[str, str] = {
    EvaluationStatus.DRAFT: "DRAF",
    EvaluationStatus.SUBMITTED: "BELUM FINAL",
}

# Printed under the title of a pilot result (``selectors.pilot``): computed in a unit's
# uji coba, never final.
PILOT_LINE = "UJI COBA — belum final"

# SE MenPANRB 3/2023 (domain.md 5.4), the pattern in one line under the curve.
PATTERN_DESCRIPTIONS: Mapping[str, str] = {
    OrgPredicate.ISTIMEWA: (
        "Sebagian besar pegawai Sangat Baik, paling banyak 70%; predikat lain dapat ada."
    ),
    OrgPredicate.BAIK: (
        "Sebagian besar pegawai Baik, paling banyak 70%; harus ada pegawai Butuh Perbaikan"
        " dan/atau Kurang; Sangat Baik dan/atau Sangat Kurang dapat ada."
    ),
    OrgPredicate.BUTUH_PERBAIKAN: (
        "Paling sedikit 60% pegawai Butuh Perbaikan; Sangat Baik paling banyak 10%."
    ),
    OrgPredicate.KURANG: (
        "Paling sedikit 60% pegawai Kurang; Butuh Perbaikan paling sedikit 10%; Sangat Baik"
        " paling banyak 10%."
    ),
    OrgPredicate.SANGAT_KURANG: (
        "Paling sedikit 60% pegawai Sangat Kurang; Kurang dan/atau Butuh Perbaikan paling"
        " sedikit 10%; tidak ada Sangat Baik."
    ),
}

DECISION_LABELS: Mapping[str, str] = {
    Objection.Decision.UPHELD: "Menguatkan hasil evaluasi kinerja",
    Objection.Decision.CHANGED: "Mengubah hasil evaluasi kinerja",
}

QUARTERS = ("I", "II", "III", "IV")

# An organisation named "Pemerintah Kota Dumai" signs in Dumai; any other signs in
# DEFAULT_SIGNING_PLACE under the city government (``kinerja.plans.documents`` keeps the
# same rule private).
CITY_GOVERNMENT_PREFIX = "Pemerintah Kota "


# -- shared pieces ------------------------------------------------------------------------


# The scoring module's labels, looked up by the stored values.
_PREDICATE_LABELS: Mapping[str, str] = {key.value: label for key, label in PREDICATE_LABELS.items()}
_ORG_PREDICATE_LABELS: Mapping[str, str] = {
    key.value: label for key, label in ORG_PREDICATE_LABELS.items()
}


def rating_label(value: str) -> str:
    """``Di Atas Ekspektasi``; ``-`` when not rated."""
    return RATING_LABELS.get(value, EMPTY)


def predicate_label(value: str) -> str:
    """``Sangat Baik``; ``-`` when there is no predicate yet."""
    return _PREDICATE_LABELS.get(value, EMPTY)


def org_predicate_label(value: str) -> str:
    return _ORG_PREDICATE_LABELS.get(value, NOT_SET)


def _quarter(period: Period) -> str:
    return QUARTERS[(period.starts_on.month - 1) // 3]


def _month_year(period: Period) -> str:
    return f"{MONTHS[period.starts_on.month - 1]} {period.starts_on.year}".upper()


def evaluation_period_title(period: Period) -> str:
    """The period line of the evaluation form: ``BULAN JANUARI 2026``, ``TRIWULAN I
    2026`` or ``TAHUNAN 2026``."""
    if period.kind == Period.Kind.MONTH:
        return f"BULAN {_month_year(period)}"
    if period.kind == Period.Kind.QUARTER:
        return f"TRIWULAN {_quarter(period)} {period.starts_on.year}"
    return f"TAHUNAN {period.starts_on.year}"


def record_period_title(period: Period) -> str:
    """The period line of the formal record, whose form reads "Periode: Triwulan
    I/II/III/IV – Akhir": ``TRIWULAN II 2026``, ``AKHIR TAHUN 2026`` for the annual
    evaluation, ``BULAN JANUARI 2026`` for a monthly one."""
    if period.kind == Period.Kind.QUARTER:
        return f"TRIWULAN {_quarter(period)} {period.starts_on.year}"
    if period.kind == Period.Kind.YEAR:
        return f"AKHIR TAHUN {period.starts_on.year}"
    return f"BULAN {_month_year(period)}"


def period_span(period: Period) -> str:
    """``1 Januari – 31 Maret 2026``."""
    first, last = period.starts_on, period.ends_on
    start = f"{first.day} {MONTHS[first.month - 1]}"
    if first.year != last.year:
        start = format_date(first)
    return f"{start} – {format_date(last)}"


def _plain(value: str) -> str:
    return "".join(c for c in value if c.isascii() and (c.isalnum() or c == "-"))


def party(snapshot: Mapping[str, Any]) -> Party:
    """A person as the evaluation's snapshot recorded them; ``-`` for what is missing
    (an appraiser or superior outside the system has an empty snapshot)."""

    def field(key: str) -> str:
        return str(snapshot.get(key) or "").strip() or EMPTY

    return Party(
        name=field("name"),
        nip=field("nip"),
        rank=field("rank"),
        position=field("position"),
        unit=field("unit"),
    )


@dataclass(frozen=True, slots=True)
class Agency:
    government_name: str
    organisation_name: str
    place: str


def _agency(unit: OrgUnit) -> Agency:
    """The organisation heading the form and the place of signing: the root of the
    unit's tree (one query for a unit below it)."""
    ancestors = unit_ancestors(unit)
    organisation = ancestors[0] if ancestors else unit
    if organisation.name.startswith(CITY_GOVERNMENT_PREFIX):
        place = organisation.name.removeprefix(CITY_GOVERNMENT_PREFIX)
        return Agency("", organisation.name.upper(), place)
    government = f"{CITY_GOVERNMENT_PREFIX}{DEFAULT_SIGNING_PLACE}".upper()
    return Agency(government, organisation.name.upper(), DEFAULT_SIGNING_PLACE)


def _local_date(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def _status_mark(evaluation: Evaluation) -> str:
    if is_delivered(evaluation.status):
        return ""
    return STATUS_MARKS.get(evaluation.status, STATUS_MARKS[EvaluationStatus.DRAFT])


def _pilot_line(evaluation: Evaluation) -> str:
    return PILOT_LINE if is_pilot(evaluation) else ""


def _curve(evaluation: Evaluation, calibration: Calibration) -> tuple[list[Evaluation], str]:
    """The population the form's chart shows, and the pilot line of ``evaluation``, read
    together: an undelivered evaluation is either in its calibration's population or
    among the pilot results beside it."""
    if is_delivered(evaluation.status):
        return population(calibration), ""
    found = population_and_pilot(calibration)
    if any(item.pk == evaluation.pk for item in found.members):
        return found.members, ""
    if any(item.pk == evaluation.pk for item in found.pilot):
        return found.members, PILOT_LINE
    return found.members, _pilot_line(evaluation)


# -- the distribution curve ---------------------------------------------------------------

# The chart's drawing units (its viewBox): the plot area and the slot of each predicate.
CHART_WIDTH = 560
CHART_HEIGHT = 200
PLOT_LEFT = 44
PLOT_RIGHT = 548
PLOT_TOP = 18
PLOT_BOTTOM = 146
BAR_WIDTH = 36
BAND_WIDTH = 68
MAX_TICKS = 5


@dataclass(frozen=True, slots=True)
class ChartBar:
    """One predicate's column: the employees who have it and the range the pattern
    allows, in the chart's coordinates."""

    label: str
    count: int
    minimum: int
    maximum: int
    is_within: bool
    centre: float
    bar_x: float
    bar_y: float
    bar_height: float
    band_x: float
    band_y: float
    band_height: float

    @property
    def range_label(self) -> str:
        if self.minimum == self.maximum:
            return f"{self.minimum}"
        return f"{self.minimum}–{self.maximum}"


@dataclass(frozen=True, slots=True)
class ChartTick:
    value: int
    y: float


@dataclass(frozen=True, slots=True)
class DistributionChart:
    """The SE MenPANRB 3/2023 curve of a unit for the form: per predicate the allowed
    range (a band) and the count (a bar), drawn as SVG by the template."""

    title: str
    description: str
    total: int
    pending: int
    bars: tuple[ChartBar, ...]
    ticks: tuple[ChartTick, ...]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    plot_top: int = PLOT_TOP
    plot_bottom: int = PLOT_BOTTOM
    bar_width: int = BAR_WIDTH
    band_width: int = BAND_WIDTH

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"

    @property
    def label_y(self) -> int:
        return self.plot_bottom + 14

    @property
    def range_y(self) -> int:
        return self.plot_bottom + 26

    @property
    def legend_y(self) -> int:
        return self.height - 4

    @property
    def has_outliers(self) -> bool:
        return not all(bar.is_within for bar in self.bars)


def _y(value: int, peak: int) -> float:
    return round(PLOT_BOTTOM - value * (PLOT_BOTTOM - PLOT_TOP) / peak, 2)


def distribution_chart(calibration: Calibration, shape: Distribution) -> DistributionChart:
    """The chart of ``shape`` (the unit's distribution) under the calibration's
    organisation predicate."""
    peak = shape.peak
    step = max(1, math.ceil(peak / MAX_TICKS))
    slot = (PLOT_RIGHT - PLOT_LEFT) / max(len(shape.bars), 1)
    bars = []
    for index, bar in enumerate(shape.bars):
        centre = PLOT_LEFT + slot * (index + 0.5)
        top, bottom = _y(bar.maximum, peak), _y(bar.minimum, peak)
        count_y = _y(bar.count, peak)
        bars.append(
            ChartBar(
                label=PREDICATE_LABELS[bar.predicate],
                count=bar.count,
                minimum=bar.minimum,
                maximum=bar.maximum,
                is_within=bar.is_within,
                centre=round(centre, 2),
                bar_x=round(centre - BAR_WIDTH / 2, 2),
                bar_y=count_y,
                bar_height=round(PLOT_BOTTOM - count_y, 2),
                band_x=round(centre - BAND_WIDTH / 2, 2),
                band_y=top,
                # A band of one value still shows, as a thin line.
                band_height=max(round(bottom - top, 2), 1.5),
            )
        )
    predicate = org_predicate_label(calibration.org_predicate)
    return DistributionChart(
        title=(
            "KURVA DISTRIBUSI PREDIKAT KINERJA PEGAWAI DENGAN CAPAIAN KINERJA ORGANISASI"
            f" {predicate.upper()}"
        ),
        description=PATTERN_DESCRIPTIONS.get(calibration.org_predicate, ""),
        total=shape.total,
        pending=shape.pending,
        bars=tuple(bars),
        ticks=tuple(ChartTick(value, _y(value, peak)) for value in range(0, peak + 1, step)),
    )


# -- the evaluation form (domain.md 7.4) --------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvaluatedIndicator:
    """One IKI row: columns (4) to (7)."""

    aspect: str
    text: str
    target: str
    realisation: str
    narrative: str
    evidence: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RatedResult:
    """One RHK of the hasil kerja table with the appraiser's judgement of it."""

    number: int
    leader_result: str
    text: str
    indicators: tuple[EvaluatedIndicator, ...]
    rating: str
    feedback: str

    @property
    def row_count(self) -> int:
        return max(len(self.indicators), 1)


@dataclass(frozen=True, slots=True)
class RatedBehaviour:
    number: int
    name: str
    indicators: tuple[str, ...]
    special_expectation: str
    rating: str
    feedback: str


@dataclass(frozen=True, slots=True)
class EvaluationDocument:
    """Everything printed on the evaluation form."""

    government_name: str
    organisation_name: str
    period_title: str
    period: str
    period_code: str
    employee: Party
    appraiser: Party
    org_predicate: str
    chart: DistributionChart | None
    leader_column: str
    main_results: tuple[RatedResult, ...]
    additional_results: tuple[RatedResult, ...]
    results_rating: str
    behaviours: tuple[RatedBehaviour, ...]
    behaviour_rating: str
    predicate: str
    place: str
    signed_on: date
    status_mark: str
    pilot_line: str = ""

    @property
    def signed_on_label(self) -> str:
        return format_date(self.signed_on)

    @property
    def column_numbers(self) -> tuple[int, ...]:
        return tuple(range(1, 9))

    @property
    def filename(self) -> str:
        return f"evaluasi-{_plain(self.employee.nip) or 'NIP'}-{_plain(self.period_code)}.pdf"


def _realisation_text(realisation: Realisation | None, unit: str) -> str:
    if realisation is None or realisation.value is None:
        return EMPTY
    number = format_number(realisation.value)
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def _evidence_by_realisation(
    realisations: Iterable[Realisation],
) -> dict[int, list[str]]:
    ids = [realisation.pk for realisation in realisations]
    found: dict[int, list[str]] = {}
    if not ids:
        return found
    for item in Evidence.objects.filter(realisation_id__in=ids).order_by("uploaded_at", "pk"):
        found.setdefault(item.realisation_id, []).append(item.description)
    return found


def _leader_text(result: WorkResult | None, *, use_assignment: bool) -> str:
    if result is None:
        return EMPTY
    intervened = result.intervenes.text if result.intervenes else ""
    text = (
        (result.assigned_by or intervened) if use_assignment else (intervened or result.assigned_by)
    )
    return text.strip() or EMPTY


def _rated_results(
    lines: Sequence[ResultRating],
    *,
    plan: PerformancePlan | None,
    realisations: Mapping[int, Realisation],
    evidence: Mapping[int, Sequence[str]],
    use_assignment: bool,
) -> tuple[RatedResult, ...]:
    qualitative = plan is not None and plan.approach == PerformancePlan.Approach.QUALITATIVE
    rows = []
    for number, line in enumerate(lines, start=1):
        result = line.work_result
        indicators = []
        for indicator in result.indicators.all() if result is not None else ():
            realisation = realisations.get(indicator.pk)
            indicators.append(
                EvaluatedIndicator(
                    aspect=ASPECT_LABELS.get(indicator.aspect, EMPTY),
                    text=indicator.text,
                    target=format_target(indicator, qualitative=qualitative),
                    realisation=_realisation_text(realisation, indicator.unit),
                    narrative=realisation.narrative.strip() if realisation else "",
                    evidence=tuple(evidence.get(realisation.pk, ())) if realisation else (),
                )
            )
        rows.append(
            RatedResult(
                number=number,
                leader_result=_leader_text(result, use_assignment=use_assignment),
                text=line.text,
                indicators=tuple(indicators),
                rating=rating_label(line.rating),
                feedback=line.feedback.strip(),
            )
        )
    return tuple(rows)


def _rated_behaviours(
    ratings: Iterable[BehaviourRating], expectations: Mapping[str, str]
) -> tuple[RatedBehaviour, ...]:
    by_value = {rating.value: rating for rating in ratings}
    rows = []
    for number, value in enumerate(CORE_VALUES, start=1):
        rating = by_value.get(value.code)
        rows.append(
            RatedBehaviour(
                number=number,
                name=value.name,
                indicators=value.indicators,
                special_expectation=expectations.get(value.code, "").strip() or EMPTY,
                rating=rating_label(rating.rating) if rating else EMPTY,
                feedback=rating.feedback.strip() if rating else "",
            )
        )
    return tuple(rows)


def _signed_on(evaluation: Evaluation, today: date) -> date:
    """The appraiser signs when the result is delivered (adopted in calibration); a form
    printed before that carries the day it was submitted, or the day it is printed."""
    return _local_date(evaluation.delivered_at) or _local_date(evaluation.submitted_at) or today


def build_evaluation_document(evaluation: Evaluation, *, today: date) -> EvaluationDocument:
    """The evaluation form of ``evaluation``, read with a number of queries that does not
    depend on the number of RHK, IKI or employees in the unit."""
    agency = _agency(evaluation.unit)
    calibration = calibration_for(evaluation)
    chart = None
    if calibration is None:
        pilot_line = _pilot_line(evaluation)
    else:
        members, pilot_line = _curve(evaluation, calibration)
        chart = distribution_chart(calibration, distribution(calibration, members))

    lines = list(
        evaluation.result_ratings.select_related("work_result__intervenes")
        .prefetch_related("work_result__indicators")
        .order_by("order", "pk")
    )
    plan = evaluation.plan
    realisations: dict[int, Realisation] = {}
    expectations: dict[str, str] = {}
    if plan is not None:
        realisations = latest_realisations(plan, evaluation.period)
        expectations = dict(
            BehaviourExpectation.objects.filter(plan=plan).values_list(
                "value", "special_expectation"
            )
        )
    evidence = _evidence_by_realisation(realisations.values())
    use_assignment = evaluation.employee.position.kind == Position.Kind.JPT_PRATAMA

    def rows(kind: str) -> tuple[RatedResult, ...]:
        return _rated_results(
            [line for line in lines if line.kind == kind],
            plan=plan,
            realisations=realisations,
            evidence=evidence,
            use_assignment=use_assignment,
        )

    predicate = predicate_label(evaluation.predicate)
    return EvaluationDocument(
        government_name=agency.government_name,
        organisation_name=agency.organisation_name,
        period_title=evaluation_period_title(evaluation.period),
        period=period_span(evaluation.period),
        period_code=evaluation.period.code,
        employee=party(evaluation.employee_snapshot),
        appraiser=party(evaluation.appraiser_snapshot),
        org_predicate=org_predicate_label(calibration.org_predicate) if calibration else NOT_SET,
        chart=chart,
        leader_column=ASSIGNMENT_COLUMN if use_assignment else LEADER_COLUMN,
        main_results=rows(WorkResult.Kind.MAIN),
        additional_results=rows(WorkResult.Kind.ADDITIONAL),
        results_rating=rating_label(evaluation.results_rating),
        behaviours=_rated_behaviours(evaluation.behaviour_ratings.all(), expectations),
        behaviour_rating=rating_label(evaluation.behaviour_rating),
        predicate=predicate.upper(),
        place=agency.place,
        signed_on=_signed_on(evaluation, today),
        status_mark=_status_mark(evaluation),
        pilot_line=pilot_line,
    )


# -- the formal record (domain.md 7.5) ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class EvaluationRecord:
    """Everything printed on the DOKUMEN EVALUASI KINERJA PEGAWAI: sections 1 to 8, 10
    and 11. There is no section 9: the reproduction of the form that domain.md 7.5 follows
    skips that number (it may be a recommendation or the superior's signature)."""

    government_name: str
    organisation_name: str
    period_title: str
    period: str
    period_code: str
    employee: Party
    appraiser: Party
    superior: Party
    org_predicate: str
    predicate: str
    notes: str
    objection: str
    explanation: str
    decision: str
    decision_reason: str
    decided_on: date | None
    place: str
    employee_signed_on: date | None
    appraiser_signed_on: date | None
    status_mark: str
    pilot_line: str = ""

    @property
    def decided_on_label(self) -> str:
        return format_date(self.decided_on) if self.decided_on else ""

    @property
    def employee_signed_on_label(self) -> str:
        return format_date(self.employee_signed_on) if self.employee_signed_on else ""

    @property
    def appraiser_signed_on_label(self) -> str:
        return format_date(self.appraiser_signed_on) if self.appraiser_signed_on else ""

    @property
    def filename(self) -> str:
        nip = _plain(self.employee.nip) or "NIP"
        return f"dokumen-evaluasi-{nip}-{_plain(self.period_code)}.pdf"


def _decision(objection: Objection | None) -> str:
    if objection is None or not objection.decision:
        return EMPTY
    label = DECISION_LABELS.get(objection.decision, objection.decision)
    if objection.decision != Objection.Decision.CHANGED:
        return label
    before = predicate_label(str(objection.previous.get("final_predicate") or "")).upper()
    after = predicate_label(objection.evaluation.final_predicate).upper()
    return f"{label}: predikat kinerja pegawai {before} menjadi {after}"


def build_evaluation_record(evaluation: Evaluation) -> EvaluationRecord:
    """The formal record of ``evaluation``, read with a constant number of queries."""
    agency = _agency(evaluation.unit)
    calibration = calibration_for(evaluation)
    # Only a delivered result can be objected to, and only an undelivered one can be a
    # pilot result: one of the two questions is worth a query.
    delivered = is_delivered(evaluation.status)
    objection = Objection.objects.filter(evaluation=evaluation).first() if delivered else None
    if objection is not None:
        objection.evaluation = evaluation
    delivered_on = _local_date(evaluation.delivered_at)
    return EvaluationRecord(
        government_name=agency.government_name,
        organisation_name=agency.organisation_name,
        period_title=record_period_title(evaluation.period),
        period=period_span(evaluation.period),
        period_code=evaluation.period.code,
        employee=party(evaluation.employee_snapshot),
        appraiser=party(evaluation.appraiser_snapshot),
        superior=party(evaluation.superior_snapshot),
        org_predicate=org_predicate_label(calibration.org_predicate) if calibration else NOT_SET,
        predicate=predicate_label(evaluation.predicate).upper(),
        notes=evaluation.notes.strip() or EMPTY,
        objection=objection.reasons.strip() if objection else EMPTY,
        explanation=(objection.appraiser_explanation.strip() if objection else "") or EMPTY,
        decision=_decision(objection),
        decision_reason=(objection.decision_reason.strip() if objection else "") or "",
        decided_on=_local_date(objection.decided_at) if objection else None,
        place=agency.place,
        # The appraiser hands the record over when the result is delivered and the
        # employee receives it then; before delivery both dates are left to be written.
        # The employee signs when they confirm receipt; until then the line stays blank.
        employee_signed_on=_local_date(evaluation.received_at),
        appraiser_signed_on=delivered_on,
        status_mark=_status_mark(evaluation),
        pilot_line=_pilot_line(evaluation),
    )


# -- PDF rendering ------------------------------------------------------------------------


def _render_pdf(template: str, document: object) -> bytes:
    """Render ``template`` with ``doc`` to PDF. Nothing is fetched while rendering: the
    styles are passed in and the fonts come from the system (fontconfig)."""
    fetcher = URLFetcher(allowed_protocols=())
    with translation.override("id"):
        html = render_to_string(template, {"doc": document})
    stylesheets = [
        CSS(string=render_to_string(name), url_fetcher=fetcher)
        for name in (BASE_STYLESHEET, STYLESHEET)
    ]
    pdf: bytes = HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=stylesheets)
    return pdf


def render_evaluation_html(document: EvaluationDocument) -> str:
    with translation.override("id"):
        return render_to_string(EVALUATION_TEMPLATE, {"doc": document})


def render_record_html(document: EvaluationRecord) -> str:
    with translation.override("id"):
        return render_to_string(RECORD_TEMPLATE, {"doc": document})


def render_evaluation_pdf(document: EvaluationDocument) -> bytes:
    return _render_pdf(EVALUATION_TEMPLATE, document)


def render_record_pdf(document: EvaluationRecord) -> bytes:
    return _render_pdf(RECORD_TEMPLATE, document)


def evaluation_pdf(evaluation: Evaluation, *, today: date | None = None) -> bytes:
    """The EVALUASI KINERJA PEGAWAI of ``evaluation`` as PDF bytes."""
    document = build_evaluation_document(evaluation, today=today or timezone.localdate())
    return render_evaluation_pdf(document)


def evaluation_record_pdf(evaluation: Evaluation) -> bytes:
    """The DOKUMEN EVALUASI KINERJA PEGAWAI of ``evaluation`` as PDF bytes."""
    return render_record_pdf(build_evaluation_record(evaluation))


# -- the calibration recap (XLSX) ---------------------------------------------------------

# The columns of the recap. NIP, nama, the two ratings and the predicate come in the
# order e-Kinerja BKN asks for them, so that a row can be typed in left to right.
RECAP_COLUMNS: tuple[tuple[str, int], ...] = (
    ("No", 5),
    ("NIP", 21),
    ("Nama", 30),
    ("Jabatan", 32),
    ("Unit", 24),
    ("Rating Hasil Kerja", 20),
    ("Rating Perilaku Kerja", 20),
    ("Predikat (Matriks)", 18),
    ("Predikat Akhir", 18),
    ("Alasan", 40),
    ("Predikat Organisasi", 18),
    ("Status", 14),
)
RECAP_TITLE = "REKAP EVALUASI KINERJA PEGAWAI"
# Excel forbids these in a sheet name, which is at most 31 characters long.
_SHEET_NAME_FORBIDDEN = set("[]:*?/\\")
_SHEET_NAME_LENGTH = 31


@dataclass(frozen=True, slots=True)
class RecapRow:
    number: int
    nip: str
    name: str
    position: str
    unit: str
    results_rating: str
    behaviour_rating: str
    matrix_predicate: str
    final_predicate: str
    reason: str
    org_predicate: str
    status: str

    @property
    def values(self) -> tuple[int | str, ...]:
        return (
            self.number,
            self.nip,
            self.name,
            self.position,
            self.unit,
            self.results_rating,
            self.behaviour_rating,
            self.matrix_predicate,
            self.final_predicate,
            self.reason,
            self.org_predicate,
            self.status,
        )


@dataclass(frozen=True, slots=True)
class Recap:
    """A calibration's population, one evaluation per row."""

    unit_code: str
    unit_name: str
    period_code: str
    period_title: str
    org_predicate: str
    is_final: bool
    rows: tuple[RecapRow, ...]

    @property
    def sheet_name(self) -> str:
        name = "".join(
            c for c in f"{self.unit_code} {self.period_code}" if c not in _SHEET_NAME_FORBIDDEN
        )
        return name[:_SHEET_NAME_LENGTH] or "Rekap"

    @property
    def filename(self) -> str:
        return f"rekap-{_plain(self.unit_code) or 'unit'}-{_plain(self.period_code)}.xlsx"


def _snapshot_or(snapshot: Mapping[str, Any], key: str, fallback: str) -> str:
    return str(snapshot.get(key) or "").strip() or fallback


def build_recap(calibration: Calibration) -> Recap:
    """The recap of ``calibration``: its population (``selectors.calibration.population``),
    by employee name, read with a number of queries that does not grow with it."""
    org_predicate = org_predicate_label(calibration.org_predicate)
    rows = []
    for number, evaluation in enumerate(population(calibration), start=1):
        snapshot = evaluation.employee_snapshot
        employee = evaluation.employee
        rows.append(
            RecapRow(
                number=number,
                nip=_snapshot_or(snapshot, "nip", employee.nip),
                name=_snapshot_or(snapshot, "name", employee.name),
                position=_snapshot_or(snapshot, "position", employee.position.name),
                unit=_snapshot_or(snapshot, "unit", evaluation.unit.name),
                results_rating=rating_label(evaluation.results_rating),
                behaviour_rating=rating_label(evaluation.behaviour_rating),
                matrix_predicate=predicate_label(evaluation.matrix_predicate),
                final_predicate=predicate_label(evaluation.final_predicate),
                reason=evaluation.final_predicate_reason.strip(),
                org_predicate=org_predicate,
                status=STATUS_LABELS.get(evaluation.status, evaluation.status),
            )
        )
    return Recap(
        unit_code=calibration.unit.code,
        unit_name=calibration.unit.name,
        period_code=calibration.period.code,
        period_title=evaluation_period_title(calibration.period),
        org_predicate=org_predicate,
        is_final=calibration.is_final,
        rows=tuple(rows),
    )


# The title block above the table; the header row follows it.
RECAP_HEADER_ROW = 6
_NIP_COLUMN = 2
_TEXT_FORMAT = "@"


def render_recap_xlsx(recap: Recap) -> bytes:
    """The recap as an XLSX workbook, written row by row (openpyxl's write-only mode), so
    that memory does not grow with the population. NIP cells are text: an 18-digit NIP
    stored as a number loses its last digits in a spreadsheet."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(recap.sheet_name)
    for index, (_, width) in enumerate(RECAP_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{RECAP_HEADER_ROW + 1}"

    bold = Font(bold=True)

    def labelled(label: str, value: str) -> list[Cell]:
        return [WriteOnlyCell(sheet, value=label), WriteOnlyCell(sheet, value=value)]

    title = WriteOnlyCell(sheet, value=RECAP_TITLE)
    title.font = Font(bold=True, size=13)
    sheet.append([title])
    sheet.append(labelled("Unit", f"{recap.unit_name} ({recap.unit_code})"))
    sheet.append(labelled("Periode", f"{recap.period_title} ({recap.period_code})"))
    sheet.append(labelled("Predikat Organisasi", recap.org_predicate))
    sheet.append(labelled("Status Kalibrasi", "Final" if recap.is_final else "Terbuka"))

    fill = PatternFill("solid", fgColor="E6E6E6")
    header = []
    for label, _ in RECAP_COLUMNS:
        cell = WriteOnlyCell(sheet, value=label)
        cell.font = bold
        cell.fill = fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)

    for row in recap.rows:
        cells = []
        for index, value in enumerate(row.values, start=1):
            cell = WriteOnlyCell(sheet, value=value)
            if index == _NIP_COLUMN:
                cell.number_format = _TEXT_FORMAT
            cells.append(cell)
        sheet.append(cells)

    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def recap_xlsx(calibration: Calibration) -> bytes:
    """The recap of ``calibration`` as XLSX bytes."""
    return render_recap_xlsx(build_recap(calibration))
