"""SKPs for tests, built through the real services so that every rule the application
applies holds for them too.

    year = performance_year(2026)
    plan = approved_plan(org.staf, 2026)          # builds kasi's and camat's plans too
    plan = approved_plan(org.staf, 2026, results=[Rhk("Layanan KTP", indicators=[Iki(
        "Dokumen selesai", target_min=Decimal(100), unit="dokumen")])])
    draft = draft_plan(org.rekan, 2026, results=["Arsip tertata"])
    revision = revise(plan, "Perubahan tugas")

An RHK of a non-JPT employee whose appraiser works in the system intervenes in the first
RHK utama of the appraiser's approved plan unless ``Rhk(intervenes=...)`` says otherwise;
``submitted_plan``/``approved_plan`` create that plan (approved) when it is missing.
A plan without an appraiser is approved by an HR admin on the appraiser's behalf.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from kinerja.accounts.models import User
from kinerja.organization.models import Employee, PerformanceYear
from kinerja.organization.services import open_performance_year
from kinerja.organization.tests.factories import UserFactory
from kinerja.plans.models import PerformancePlan, ResultIndicator, WorkResult
from kinerja.plans.selectors.plans import approved_plan as approved_plan_of
from kinerja.plans.selectors.plans import needs_intervention
from kinerja.plans.services.plans import (
    approve_plan,
    create_plan,
    return_plan,
    save_attachments,
    save_indicator,
    save_result,
    set_expectations,
    start_revision,
    submit_plan,
)

DEFAULT_YEAR = 2026
QUALITATIVE_TARGET = "Seluruh dokumen selesai tepat waktu"


@dataclass(frozen=True)
class Iki:
    """An IKI to add; the defaults fit a quantitative plan. ``target_text=None`` gives a
    qualitative plan's IKI a described target and a quantitative one none."""

    text: str = "Jumlah dokumen yang diselesaikan"
    target_min: Decimal | None = Decimal(100)
    target_max: Decimal | None = None
    unit: str = "dokumen"
    aspect: str = ResultIndicator.Aspect.QUANTITY
    target_text: str | None = None
    lower_is_better: bool = False


@dataclass(frozen=True)
class Rhk:
    """An RHK to add. ``intervenes=None`` means "the appraiser's first RHK utama" where
    one is needed; pass ``link=False`` to leave it unlinked."""

    text: str = "Terlaksananya pelayanan administrasi kependudukan"
    kind: str = WorkResult.Kind.MAIN
    intervenes: WorkResult | None = None
    link: bool = True
    assigned_by: str = ""
    indicators: Sequence[Iki] = field(default_factory=lambda: (Iki(),))


def performance_year(year: int | PerformanceYear = DEFAULT_YEAR) -> PerformanceYear:
    """The performance year, opened (with its periods) if it does not exist yet."""
    if isinstance(year, PerformanceYear):
        return year
    existing = PerformanceYear.objects.filter(year=year).first()
    return existing or open_performance_year(actor=None, year=year)


def user_of(employee: Employee) -> User:
    """The employee's account, created when the employee has none."""
    if employee.user is None:
        employee.user = UserFactory.create(username=f"pegawai.{employee.nip}")
        employee.save(update_fields=["user"])
    return employee.user


def hr_admin_user() -> User:
    """An HR admin, to decide for an appraiser outside the system."""
    return User.objects.filter(is_hr_admin=True).first() or UserFactory.create(
        username="skp.admin", is_hr_admin=True
    )


def decider_of(plan: PerformancePlan) -> User:
    """Who approves or returns ``plan``: its appraiser, or the HR admin when it has none."""
    plan.refresh_from_db()
    return user_of(plan.appraiser) if plan.appraiser is not None else hr_admin_user()


def _leader_result(plan: PerformancePlan, *, approve_leader: bool) -> WorkResult | None:
    assert plan.appraiser is not None
    leader = approved_plan_of(plan.appraiser.pk, plan.performance_year_id)
    if leader is None:
        if not approve_leader:
            return None
        leader = approved_plan(plan.appraiser, plan.performance_year)
    return leader.results.filter(kind=WorkResult.Kind.MAIN).order_by("order", "pk").first()


def add_result(
    plan: PerformancePlan, spec: Rhk | str, *, approve_leader: bool = False
) -> WorkResult:
    """Add one RHK with its IKI to a draft ``plan`` through the services."""
    rhk = Rhk(text=spec) if isinstance(spec, str) else spec
    actor = user_of(plan.employee)
    intervenes = rhk.intervenes
    if intervenes is None and rhk.link and needs_intervention(plan):
        intervenes = _leader_result(plan, approve_leader=approve_leader)
    result = save_result(
        actor=actor,
        plan=plan,
        kind=rhk.kind,
        text=rhk.text,
        intervenes=intervenes,
        assigned_by=rhk.assigned_by,
    )
    for iki in rhk.indicators:
        save_indicator(
            actor=actor,
            result=result,
            text=iki.text,
            aspect=iki.aspect,
            target_min=iki.target_min,
            target_max=iki.target_max,
            target_text=(
                iki.target_text
                if iki.target_text is not None
                else QUALITATIVE_TARGET
                if plan.approach == PerformancePlan.Approach.QUALITATIVE
                else ""
            ),
            unit=iki.unit,
            lower_is_better=iki.lower_is_better,
        )
    return result


def draft_plan(
    employee: Employee,
    year: int | PerformanceYear = DEFAULT_YEAR,
    *,
    results: Sequence[Rhk | str] = (Rhk(),),
    approach: str = PerformancePlan.Approach.QUANTITATIVE,
    attachments: dict[str, list[str]] | None = None,
    approve_leader: bool = False,
) -> PerformancePlan:
    """A draft SKP (revision 1) of ``employee`` with ``results``. The RHK link to the
    appraiser's approved plan when it exists (or is created, ``approve_leader=True``)."""
    plan = create_plan(
        actor=user_of(employee), performance_year=performance_year(year), approach=approach
    )
    for spec in results:
        add_result(plan, spec, approve_leader=approve_leader)
    if attachments:
        save_attachments(actor=user_of(employee), plan=plan, lines=attachments)
    plan.refresh_from_db()
    return plan


def submit(plan: PerformancePlan) -> PerformancePlan:
    return submit_plan(actor=user_of(plan.employee), plan=plan)


def approve(
    plan: PerformancePlan, *, expectations: dict[str, str] | None = None
) -> PerformancePlan:
    """Approve a submitted plan as its appraiser, writing ``expectations`` first."""
    decider = decider_of(plan)
    if expectations:
        set_expectations(actor=decider, plan=plan, expectations=expectations)
    return approve_plan(actor=decider, plan=plan)


def send_back(plan: PerformancePlan, reason: str = "Target belum terukur") -> PerformancePlan:
    return return_plan(actor=decider_of(plan), plan=plan, reason=reason)


def submitted_plan(
    employee: Employee, year: int | PerformanceYear = DEFAULT_YEAR, **kwargs: object
) -> PerformancePlan:
    """A submitted SKP; the appraiser's approved plan is created when missing."""
    kwargs.setdefault("approve_leader", True)
    return submit(draft_plan(employee, year, **kwargs))


def returned_plan(
    employee: Employee,
    year: int | PerformanceYear = DEFAULT_YEAR,
    *,
    reason: str = "Target belum terukur",
    **kwargs: object,
) -> PerformancePlan:
    return send_back(submitted_plan(employee, year, **kwargs), reason)


def approved_plan(
    employee: Employee,
    year: int | PerformanceYear = DEFAULT_YEAR,
    *,
    expectations: dict[str, str] | None = None,
    **kwargs: object,
) -> PerformancePlan:
    """An approved SKP of ``employee``, with the approved plans up the reporting line that
    it intervenes in (created when missing). Keyword arguments as ``draft_plan``."""
    return approve(submitted_plan(employee, year, **kwargs), expectations=expectations)


def revise(plan: PerformancePlan, reason: str = "Perubahan tugas") -> PerformancePlan:
    """A draft revision of an approved ``plan``."""
    return start_revision(actor=user_of(plan.employee), plan=plan, reason=reason)
