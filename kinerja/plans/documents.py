"""The SKP as a printable document in the format of PermenPANRB 6/2022 (domain.md 3.4 and
7.1–7.2): the data printed on it, gathered from a plan into plain dataclasses, and the
PDF rendered from it with WeasyPrint.

The document is in Indonesian by regulation: its labels are fixed, not translated. The
people on it are taken from the plan's snapshots (who they were when the plan was
submitted) when present, else from the current records. Access is the caller's business:
pass a plan loaded through ``selectors.access.get_plan_for_user``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint import CSS, HTML  # type: ignore[import-untyped]
from weasyprint.urls import URLFetcher  # type: ignore[import-untyped]

from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import Employee, OrgUnit, Position
from kinerja.plans.models import (
    PerformancePlan,
    PlanAttachment,
    ResultIndicator,
    WorkResult,
)
from kinerja.plans.workflow import PlanStatus

TEMPLATE = "plans/documents/skp.html"
STYLESHEET = "plans/documents/skp.css"

# The city printed before the signing date ("Pekanbaru, 15 Januari 2026") when the
# organisation is not itself a city government whose name carries it.
DEFAULT_SIGNING_PLACE = "Pekanbaru"
_CITY_GOVERNMENT_PREFIX = "Pemerintah Kota "

MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

POSITION_TITLES: Mapping[str, str] = {
    Position.Kind.JPT_PRATAMA: "PIMPINAN TINGGI PRATAMA",
    Position.Kind.ADMINISTRATOR: "ADMINISTRATOR",
    Position.Kind.PENGAWAS: "PENGAWAS",
    Position.Kind.PELAKSANA: "PELAKSANA",
    Position.Kind.FUNGSIONAL: "FUNGSIONAL",
}

ASPECT_LABELS: Mapping[str, str] = {
    ResultIndicator.Aspect.QUANTITY: "Kuantitas",
    ResultIndicator.Aspect.QUALITY: "Kualitas",
    ResultIndicator.Aspect.TIME: "Waktu",
    ResultIndicator.Aspect.COST: "Biaya",
}

# Printed across the pages of a plan that is not (or no longer) the SKP in force.
STATUS_MARKS: Mapping[str, str] = {
    PlanStatus.DRAFT: "DRAFT",
    PlanStatus.SUBMITTED: "DIAJUKAN",
    PlanStatus.RETURNED: "DIKEMBALIKAN",
    PlanStatus.SUPERSEDED: "DIGANTI",
}

# Column (2) of the HASIL KERJA table: JPT take their RHK from the Perjanjian Kinerja and
# name who assigned them (domain.md 3.3, 3.8); everyone else names the leader's RHK.
LEADER_COLUMN = "RENCANA HASIL KERJA PIMPINAN YANG DIINTERVENSI"
ASSIGNMENT_COLUMN = "PENUGASAN DARI"

EMPTY = "-"

# Keys of ``PerformancePlan.employee_snapshot`` / ``appraiser_snapshot``.
SNAPSHOT_KEYS = ("name", "nip", "rank", "position", "position_kind", "unit")


@dataclass(frozen=True, slots=True)
class Party:
    """One of the two header blocks (and a signature): who, with what rank and post."""

    name: str
    nip: str
    rank: str
    position: str
    unit: str
    position_kind: str = ""


@dataclass(frozen=True, slots=True)
class IndicatorLine:
    text: str
    aspect: str
    target: str


@dataclass(frozen=True, slots=True)
class ResultRow:
    number: int
    leader_result: str  # the intervened leader's RHK, or who assigned it; "-" if none
    text: str
    indicators: tuple[IndicatorLine, ...]

    @property
    def row_count(self) -> int:
        return max(len(self.indicators), 1)


@dataclass(frozen=True, slots=True)
class BehaviourLine:
    number: int
    name: str
    indicators: tuple[str, ...]
    special_expectation: str


@dataclass(frozen=True, slots=True)
class SkpDocument:
    """Everything printed on the SKP and its lampiran."""

    government_name: str
    organisation_name: str
    year: int
    period: str
    employee: Party
    appraiser: Party
    position_title: str
    approach_title: str
    is_quantitative: bool
    leader_column: str
    main_results: tuple[ResultRow, ...]
    additional_results: tuple[ResultRow, ...]
    behaviours: tuple[BehaviourLine, ...]
    resources: tuple[str, ...]
    accountability: tuple[str, ...]
    consequences: tuple[str, ...]
    place: str
    signed_on: date
    status_mark: str  # "" for the approved SKP in force
    revision: int

    @property
    def title_lines(self) -> tuple[str, str, str]:
        return (
            "SASARAN KINERJA PEGAWAI",
            f"JABATAN {self.position_title}",
            f"PENDEKATAN HASIL KERJA {self.approach_title}",
        )

    @property
    def revision_label(self) -> str:
        return f"Revisi {self.revision}" if self.revision > 1 else ""

    @property
    def signed_on_label(self) -> str:
        return format_date(self.signed_on)

    @property
    def column_count(self) -> int:
        return 6 if self.is_quantitative else 5

    @property
    def column_numbers(self) -> tuple[int, ...]:
        return tuple(range(1, self.column_count + 1))

    @property
    def filename(self) -> str:
        nip = "".join(c for c in self.employee.nip if c.isascii() and c.isalnum()) or "NIP"
        return f"SKP-{nip}-{self.year}-rev{self.revision}.pdf"


def format_date(value: date) -> str:
    """``15 Januari 2026``, whatever the active language."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def format_number(value: Decimal) -> str:
    """A target as Indonesian documents write it: ``1.250``, ``97,5``, ``0,25``."""
    text = f"{value.normalize():f}"
    whole, _, fraction = text.partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    if whole.startswith("-") and grouped == "0":  # -0.5: int() dropped the sign
        grouped = "-0"
    return f"{grouped},{fraction}" if fraction else grouped


def _with_unit(number: str, unit: str) -> str:
    if not unit:
        return number
    return f"{number}{unit}" if unit == "%" else f"{number} {unit}"


def format_target(indicator: ResultIndicator, *, qualitative: bool = False) -> str:
    """The target column: ``90%``, ``12 – 15 dokumen`` (a range, PermenPANRB 8/2021),
    ``≤ 3 pengaduan`` when lower is better, or the described target, which a qualitative
    plan prints first; ``-`` when none is set."""
    described = indicator.target_text.strip()
    if qualitative and described:
        return described
    if indicator.target_min is not None:
        low = format_number(indicator.target_min)
        if indicator.target_max is not None and indicator.target_max != indicator.target_min:
            return _with_unit(f"{low} – {format_number(indicator.target_max)}", indicator.unit)
        single = _with_unit(low, indicator.unit)
        return f"≤ {single}" if indicator.lower_is_better else single
    return described or EMPTY


def _current(employee: Employee) -> dict[str, str]:
    """The person as the records say now, in the shape of the plan's snapshots."""
    return {
        "name": employee.name,
        "nip": employee.nip,
        "rank": employee.rank,
        "position": employee.position.name,
        "position_kind": employee.position.kind,
        "unit": employee.unit.name,
    }


def _party(snapshot: Mapping[str, Any], employee: Employee | None) -> Party:
    current = _current(employee) if employee is not None else {}
    values = {key: str(snapshot.get(key) or current.get(key) or "") for key in SNAPSHOT_KEYS}
    return Party(
        name=values["name"] or EMPTY,
        nip=values["nip"] or EMPTY,
        rank=values["rank"] or EMPTY,
        position=values["position"] or EMPTY,
        unit=values["unit"] or EMPTY,
        position_kind=values["position_kind"],
    )


def _organisation(unit: OrgUnit) -> OrgUnit:
    """The root of the unit's tree (the kecamatan, dinas or city government)."""
    root_code = next(code for code in unit.path.split("/") if code)
    if root_code == unit.code:
        return unit
    return OrgUnit.objects.get(code=root_code)


def _government_and_place(organisation: OrgUnit) -> tuple[str, str]:
    if organisation.name.startswith(_CITY_GOVERNMENT_PREFIX):
        return "", organisation.name.removeprefix(_CITY_GOVERNMENT_PREFIX)
    return f"{_CITY_GOVERNMENT_PREFIX}{DEFAULT_SIGNING_PLACE}", DEFAULT_SIGNING_PLACE


def _result_rows(
    results: Iterable[WorkResult], *, quantitative: bool, use_assignment: bool
) -> tuple[ResultRow, ...]:
    rows = []
    for number, result in enumerate(results, start=1):
        if use_assignment:
            leader = result.assigned_by or (result.intervenes.text if result.intervenes else "")
        else:
            leader = result.intervenes.text if result.intervenes else result.assigned_by
        indicators = tuple(
            IndicatorLine(
                text=indicator.text,
                aspect=ASPECT_LABELS.get(indicator.aspect, EMPTY) if quantitative else "",
                target=format_target(indicator, qualitative=not quantitative),
            )
            for indicator in result.indicators.all()
        )
        rows.append(ResultRow(number, leader.strip() or EMPTY, result.text, indicators))
    return tuple(rows)


def build_skp_document(plan: PerformancePlan, *, today: date) -> SkpDocument:
    """The printed SKP of ``plan``; signed on its approval date, else on ``today``."""
    employee = _party(plan.employee_snapshot, plan.employee)
    appraiser = _party(plan.appraiser_snapshot, plan.appraiser)
    position_kind = employee.position_kind or plan.employee.position.kind
    quantitative = plan.approach == PerformancePlan.Approach.QUANTITATIVE
    use_assignment = position_kind == Position.Kind.JPT_PRATAMA
    organisation = _organisation(plan.employee.unit)
    government, place = _government_and_place(organisation)

    results = list(
        plan.results.select_related("intervenes")
        .prefetch_related("indicators")
        .order_by("order", "pk")
    )

    def rows(kind: str) -> tuple[ResultRow, ...]:
        return _result_rows(
            (r for r in results if r.kind == kind),
            quantitative=quantitative,
            use_assignment=use_assignment,
        )

    expectations = {b.value: b.special_expectation for b in plan.behaviours.all()}
    behaviours = tuple(
        BehaviourLine(
            number=number,
            name=value.name,
            indicators=value.indicators,
            special_expectation=expectations.get(value.code, "").strip() or EMPTY,
        )
        for number, value in enumerate(CORE_VALUES, start=1)
    )
    attachments: dict[str, list[str]] = {kind: [] for kind in PlanAttachment.Kind.values}
    for line in plan.attachments.order_by("order", "pk"):
        attachments[line.kind].append(line.text)

    year = plan.performance_year.year
    signed_on = timezone.localdate(plan.approved_at) if plan.approved_at else today
    return SkpDocument(
        government_name=government.upper(),
        organisation_name=organisation.name.upper(),
        year=year,
        period=f"1 Januari – 31 Desember {year}",
        employee=employee,
        appraiser=appraiser,
        position_title=POSITION_TITLES.get(position_kind, POSITION_TITLES[Position.Kind.PELAKSANA]),
        approach_title=PerformancePlan.Approach(plan.approach).value,
        is_quantitative=quantitative,
        leader_column=ASSIGNMENT_COLUMN if use_assignment else LEADER_COLUMN,
        main_results=rows(WorkResult.Kind.MAIN),
        additional_results=rows(WorkResult.Kind.ADDITIONAL),
        behaviours=behaviours,
        resources=tuple(attachments[PlanAttachment.Kind.RESOURCES]),
        accountability=tuple(attachments[PlanAttachment.Kind.ACCOUNTABILITY]),
        consequences=tuple(attachments[PlanAttachment.Kind.CONSEQUENCES]),
        place=place,
        signed_on=signed_on,
        status_mark=STATUS_MARKS.get(plan.status, ""),
        revision=plan.revision,
    )


def render_skp_html(document: SkpDocument) -> str:
    with translation.override("id"):
        return render_to_string(TEMPLATE, {"doc": document})


def render_skp_pdf(document: SkpDocument) -> bytes:
    """The SKP as PDF bytes. Nothing is fetched while rendering: the template carries its
    own styles and the fonts come from the system (fontconfig)."""
    fetcher = URLFetcher(allowed_protocols=())
    stylesheet = CSS(string=render_to_string(STYLESHEET), url_fetcher=fetcher)
    pdf: bytes = HTML(string=render_skp_html(document), url_fetcher=fetcher).write_pdf(
        stylesheets=[stylesheet]
    )
    return pdf
