"""Who may read and run a coaching case, and the reads of the coaching pages.

- **Reading a case**: the employee; the coach (the appraiser who opened it, kept after a
  move); everyone above the employee in the reporting line and the pimpinan over the
  employee's unit (the "full profile" access of ``organization.selectors``); a counsellor
  named on one of its counselling records; the HR admin.
- **Running a case** (goals, sessions, actions, counselling, closing or extending): the
  coach, the employee's current direct superior, or the HR admin; never the employee.
- **Counselling records are confidential** (PermenPANRB 8/2021 §D, domain.md 9.2): the
  employee, the case's coach and the HR admin read every record of the case, a counsellor
  reads the records they are named on, and nobody else does: not the pimpinan, not the
  other superiors, even though they read the rest of the case.

Everything that shows a case goes through ``cases_for_user``; nothing here writes.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.coaching.models import (
    CaseComment,
    CoachingAction,
    CoachingCase,
    CoachingSession,
    CounsellingRecord,
)
from kinerja.core.exceptions import NotFound
from kinerja.organization.models import Employee
from kinerja.organization.selectors import (
    Viewer,
    employees_with_full_access_for_user,
    get_viewer,
)

# The employee and everyone above them, following the supervisor links upwards. UNION
# (not UNION ALL) stops the recursion should a reporting cycle ever slip into the data.
_CHAIN_IDS_SQL = """
    WITH RECURSIVE chain(id, supervisor_id) AS (
        SELECT id, supervisor_id FROM organization_employee WHERE id = %s
        UNION
        SELECT e.id, e.supervisor_id FROM organization_employee e
        JOIN chain c ON e.id = c.supervisor_id
    )
    SELECT id FROM chain
"""

MAX_SEARCH_LENGTH = 100


# -- access -----------------------------------------------------------------------------


def cases_for_user(user: User, *, viewer: Viewer | None = None) -> QuerySet[CoachingCase]:
    """Every case the user may read (see the module docstring)."""
    viewer = viewer or get_viewer(user)
    cases = CoachingCase.objects.all()
    if viewer.is_admin:
        return cases
    if viewer.employee is None:
        return cases.none()
    me = viewer.employee
    # The full-profile scope holds the viewer, their reports at any depth and, for a
    # pimpinan, everyone in the units they lead.
    above = Q(employee__in=employees_with_full_access_for_user(user, viewer=viewer))
    counsellor = Q(Exists(CounsellingRecord.objects.filter(case=OuterRef("pk"), counsellor=me)))
    return cases.filter(above | Q(coach=me) | counsellor)


def get_case_for_user(user: User, case_id: int) -> CoachingCase:
    """The case, if the user may read it; NotFound otherwise (whether it exists or not)."""
    case = (
        cases_for_user(user)
        .select_related(
            "employee__position",
            "employee__unit",
            "employee__user",
            "coach__position",
            "coach__user",
            "opened_by__employee",
            "closed_by__employee",
        )
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound(_("That coaching case does not exist or is not visible to you."))
    return case


def may_read_case(user: User, case: CoachingCase) -> bool:
    return cases_for_user(user).filter(pk=case.pk).exists()


def is_case_employee(viewer: Viewer, case: CoachingCase) -> bool:
    return viewer.employee is not None and viewer.employee.pk == case.employee_id


def is_coach(viewer: Viewer, case: CoachingCase) -> bool:
    return viewer.employee is not None and viewer.employee.pk == case.coach_id


def may_run_case(viewer: Viewer, case: CoachingCase) -> bool:
    """The coach, the employee's current direct superior, or the HR admin; the employee
    never runs their own case, even when they are an HR admin."""
    if is_case_employee(viewer, case):
        return False
    if viewer.is_admin or is_coach(viewer, case):
        return True
    me = viewer.employee
    return me is not None and case.employee.supervisor_id == me.pk


def may_open_case_for(viewer: Viewer, employee: Employee) -> bool:
    """The employee's appraiser (their direct superior) or the HR admin, never oneself."""
    me = viewer.employee
    if me is not None and me.pk == employee.pk:
        return False
    if viewer.is_admin:
        return True
    return me is not None and employee.supervisor_id == me.pk


def may_mark_done(viewer: Viewer, case: CoachingCase, action: CoachingAction) -> bool:
    """The action's owner or the case's coach, while both the case and the action are open."""
    if not case.is_active or action.is_done or viewer.employee is None:
        return False
    return viewer.employee.pk in (action.owner_id, case.coach_id)


def may_read_all_counselling(viewer: Viewer, case: CoachingCase) -> bool:
    """The employee, the case's coach (the appraiser) and the HR admin read every
    counselling record of the case."""
    return viewer.is_admin or is_case_employee(viewer, case) or is_coach(viewer, case)


def counselling_records_for(viewer: Viewer, case: CoachingCase) -> QuerySet[CounsellingRecord]:
    """The case's counselling records the viewer may read: every one for the employee, the
    coach and the HR admin; a counsellor's own records for a counsellor; none for anyone
    else (the pimpinan and the other superiors included)."""
    records = CounsellingRecord.objects.filter(case=case).select_related(
        "counsellor__position", "recorded_by__employee"
    )
    if may_read_all_counselling(viewer, case):
        return records
    if viewer.employee is None:
        return records.none()
    return records.filter(counsellor=viewer.employee)


# -- the case page ----------------------------------------------------------------------


def sessions_of(case: CoachingCase) -> QuerySet[CoachingSession]:
    return CoachingSession.objects.filter(case=case).select_related("recorded_by__employee")


def actions_of(case: CoachingCase) -> QuerySet[CoachingAction]:
    return CoachingAction.objects.filter(case=case).select_related("owner__position")


def comments_of(case: CoachingCase) -> QuerySet[CaseComment]:
    return CaseComment.objects.filter(case=case).select_related("author__employee")


def get_action_of(case: CoachingCase, action_id: int) -> CoachingAction:
    action = actions_of(case).filter(pk=action_id).first()
    if action is None:
        raise NotFound(_("That action does not belong to this case."))
    return action


def get_counselling_record_for(
    viewer: Viewer, case: CoachingCase, record_id: int
) -> CounsellingRecord:
    record = counselling_records_for(viewer, case).filter(pk=record_id).first()
    if record is None:
        raise NotFound(_("That counselling record does not exist or is not visible to you."))
    return record


def case_chain(case: CoachingCase) -> list[Employee]:
    """Who may own an action of the case: the employee, the coach and every active
    superior up the employee's reporting line; the employee first, then the coach."""
    # The SQL is a constant; the only value is passed as a bound parameter.
    chain_ids = RawSQL(_CHAIN_IDS_SQL, [case.employee_id])  # noqa: S611
    people = list(
        Employee.objects.filter(Q(pk__in=chain_ids) | Q(pk=case.coach_id))
        .filter(Q(is_active=True) | Q(pk=case.employee_id))
        .select_related("position")
        .order_by("name", "pk")
    )

    def rank(person: Employee) -> int:
        if person.pk == case.employee_id:
            return 0
        return 1 if person.pk == case.coach_id else 2

    return sorted(people, key=rank)


def counsellor_candidates(case: CoachingCase) -> QuerySet[Employee]:
    """Who may be named counsellor: any active employee of the employee's organisation
    (the tree under its root unit) but the employee."""
    root = "/" + case.employee.unit.path.strip("/").split("/")[0] + "/"
    return (
        Employee.objects.filter(is_active=True, unit__path__startswith=root)
        .exclude(pk=case.employee_id)
        .select_related("position")
        .order_by("name", "pk")
    )


# -- the lists --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CaseFilter:
    status: str = CoachingCase.Status.ACTIVE
    search: str = ""


def _with_action_counts(cases: QuerySet[CoachingCase], today: date) -> QuerySet[CoachingCase]:
    open_actions = Q(actions__done_at__isnull=True)
    return cases.annotate(
        open_action_count=Count("actions", filter=open_actions),
        overdue_action_count=Count("actions", filter=open_actions & Q(actions__due_on__lt=today)),
    )


def _team_scope(user: User, viewer: Viewer, search: str) -> QuerySet[CoachingCase]:
    """The cases the user reads of other people, matching ``search``."""
    cases = cases_for_user(user, viewer=viewer)
    if viewer.employee is not None:
        cases = cases.exclude(employee=viewer.employee)
    text = search.strip()[:MAX_SEARCH_LENGTH]
    if text:
        by_nip = Q(employee__nip__startswith=text)
        if not viewer.is_admin:
            # A counsellor reads the case without the employee's full profile: the NIP
            # finds only those whose NIP the viewer may read anyway.
            by_nip &= Q(employee__in=employees_with_full_access_for_user(user, viewer=viewer))
        cases = cases.filter(
            Q(employee__name__icontains=text) | Q(employee__position__name__icontains=text) | by_nip
        )
    return cases


def team_cases_for_user(
    user: User, filters: CaseFilter, *, today: date, viewer: Viewer | None = None
) -> QuerySet[CoachingCase]:
    """The cases the user reads of other people, narrowed by ``filters``: active ones by
    the end of their window, closed ones newest first. One query, whatever the count."""
    viewer = viewer or get_viewer(user)
    cases = _team_scope(user, viewer, filters.search).select_related(
        "employee__position", "employee__unit", "coach"
    )
    if filters.status == CoachingCase.Status.CLOSED:
        ordered = cases.filter(status=CoachingCase.Status.CLOSED).order_by("-closed_at", "-pk")
    else:
        ordered = cases.filter(status=CoachingCase.Status.ACTIVE).order_by(
            "window_ends_on", "employee__name", "pk"
        )
    return _with_action_counts(ordered, today)


def team_case_counts(
    user: User, filters: CaseFilter, *, viewer: Viewer | None = None
) -> dict[str, int]:
    """How many of the user's team cases match the search, per status, in one query."""
    viewer = viewer or get_viewer(user)
    counts = dict.fromkeys(CoachingCase.Status.values, 0)
    rows = (
        _team_scope(user, viewer, filters.search)
        .order_by()
        .values("status")
        .annotate(count=Count("pk"))
    )
    for row in rows:
        counts[row["status"]] = row["count"]
    return counts


def own_cases_for_user(user: User, *, today: date) -> QuerySet[CoachingCase]:
    """The viewer's own coaching cases ("my coaching plan"), the active one first."""
    viewer = get_viewer(user)
    if viewer.employee is None:
        return CoachingCase.objects.none()
    cases = (
        CoachingCase.objects.filter(employee=viewer.employee)
        .select_related("coach__position", "employee")
        .order_by("status", "-window_starts_on", "-pk")
    )
    return _with_action_counts(cases, today)


def reports_for_opening(user: User, *, viewer: Viewer | None = None) -> QuerySet[Employee]:
    """The viewer's active direct reports, each with the id of their active case (None
    when they have none): the people the viewer may open a case for. One query."""
    viewer = viewer or get_viewer(user)
    if viewer.employee is None:
        return Employee.objects.none()
    active_case = CoachingCase.objects.filter(
        employee=OuterRef("pk"), status=CoachingCase.Status.ACTIVE
    ).values("pk")[:1]
    return (
        Employee.objects.filter(supervisor=viewer.employee, is_active=True)
        .select_related("position")
        .annotate(active_case_id=Subquery(active_case))
        .order_by("name", "pk")
    )


def get_employee_for_opening(user: User, nip: str) -> Employee:
    """The active employee with ``nip`` for whom the user may open a case: one of their
    direct reports, anyone for the HR admin. NotFound otherwise."""
    viewer = get_viewer(user)
    employee = (
        Employee.objects.select_related("position", "unit", "supervisor")
        .filter(nip=nip.strip(), is_active=True)
        .first()
    )
    if employee is None or not may_open_case_for(viewer, employee):
        raise NotFound(_("You cannot open a coaching case for an employee with that NIP."))
    return employee


def active_case_of(employee: Employee) -> CoachingCase | None:
    return CoachingCase.objects.filter(employee=employee, status=CoachingCase.Status.ACTIVE).first()


# -- reminders --------------------------------------------------------------------------


def due_actions(today: date) -> QuerySet[CoachingAction]:
    """Open actions of active cases that are due on ``today`` or earlier and have not been
    reminded of since they fell due (never, or before their current due date: a due date
    moved later earns a new reminder)."""
    not_reminded = Q(reminded_at__isnull=True) | Q(reminded_at__date__lt=F("due_on"))
    return (
        CoachingAction.objects.filter(
            case__status=CoachingCase.Status.ACTIVE,
            done_at__isnull=True,
            due_on__lte=today,
        )
        .filter(not_reminded)
        .select_related("owner__user", "case__coach__user", "case__employee")
        .order_by("due_on", "pk")
    )
