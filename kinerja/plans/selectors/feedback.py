"""Reads of the continuous feedback: the threads on an employee's plans and on one plan.

Access is decided by ``selectors.access``: the employee reads the feedback on their own
plans; a thread is reached through a plan the user may read (``get_plan_for_user``).
"""

import enum
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.criteria.berakhlak import CORE_VALUES
from kinerja.organization.models import Period
from kinerja.organization.selectors import get_viewer
from kinerja.plans.models import Feedback, FeedbackReply, PerformancePlan, WorkResult
from kinerja.plans.selectors.access import get_plan_for_user, is_appraiser, is_owner
from kinerja.plans.workflow import PlanStatus

MAX_SEARCH_LENGTH = 100
# Feedback accompanies a plan that is under discussion or in force.
FEEDBACK_STATUSES = frozenset({PlanStatus.SUBMITTED.value, PlanStatus.APPROVED.value})
_VALUE_NAMES = {value.code: value.name for value in CORE_VALUES}


class Topic(enum.StrEnum):
    ALL = "all"
    RESULTS = "rhk"
    BEHAVIOUR = "perilaku"

    @property
    def label(self) -> str | Promise:
        return {
            Topic.ALL: _("All"),
            Topic.RESULTS: _("Work results (RHK)"),
            Topic.BEHAVIOUR: _("Work behaviour (BerAKHLAK)"),
        }[self]


@dataclass(frozen=True, slots=True)
class FeedbackFilter:
    search: str = ""
    topic: Topic = Topic.ALL


def value_name(code: str) -> str:
    """The official label of a BerAKHLAK value ("Berorientasi Pelayanan")."""
    return _VALUE_NAMES.get(code, code)


def _threads(feedback: QuerySet[Feedback]) -> QuerySet[Feedback]:
    """Feedback with what a thread shows, in a fixed number of queries: the subject, the
    period, the author's name, and the replies with theirs."""
    return feedback.select_related(
        "plan__performance_year",
        "plan__employee",
        "work_result",
        "period",
        "author__employee",
    ).prefetch_related(
        Prefetch(
            "replies",
            queryset=FeedbackReply.objects.select_related("author__employee").order_by(
                "created_at", "pk"
            ),
        )
    )


def _filtered(feedback: QuerySet[Feedback], filters: FeedbackFilter) -> QuerySet[Feedback]:
    if filters.search:
        feedback = feedback.filter(
            Q(text__icontains=filters.search) | Q(replies__text__icontains=filters.search)
        ).distinct()
    if filters.topic == Topic.RESULTS:
        feedback = feedback.filter(work_result__isnull=False)
    elif filters.topic == Topic.BEHAVIOUR:
        feedback = feedback.exclude(behaviour_value="")
    return feedback


def feedback_for_employee(user: User, filters: FeedbackFilter | None = None) -> QuerySet[Feedback]:
    """All feedback on the user's own plans, newest first; none for an account without an
    employee record."""
    viewer = get_viewer(user)
    if viewer.employee is None:
        return Feedback.objects.none()
    feedback = Feedback.objects.filter(plan__employee=viewer.employee)
    return _threads(_filtered(feedback, filters or FeedbackFilter())).order_by("-created_at", "-pk")


def feedback_of_plan(plan: PerformancePlan) -> QuerySet[Feedback]:
    """The threads of one plan (which the caller may read), newest first."""
    return _threads(Feedback.objects.filter(plan=plan)).order_by("-created_at", "-pk")


def get_feedback_for_user(user: User, feedback_id: int) -> Feedback:
    """The feedback, if the user may read its plan; NotFound otherwise."""
    plan_id = Feedback.objects.filter(pk=feedback_id).values_list("plan_id", flat=True).first()
    if plan_id is None:
        raise NotFound
    plan = get_plan_for_user(user, plan_id)
    feedback = _threads(Feedback.objects.filter(pk=feedback_id)).get()
    feedback.plan = plan
    return feedback


def can_give_feedback(user: User, plan: PerformancePlan) -> bool:
    """The plan's appraiser, while the plan is submitted or approved."""
    return is_appraiser(get_viewer(user), plan) and plan.status in FEEDBACK_STATUSES


def can_reply(user: User, plan: PerformancePlan) -> bool:
    viewer = get_viewer(user)
    return is_owner(viewer, plan) or is_appraiser(viewer, plan)


def feedback_subjects(plan: PerformancePlan) -> list[WorkResult]:
    """The RHK of the plan, in the order of the SKP, for the feedback form."""
    return list(WorkResult.objects.filter(plan=plan).order_by("-kind", "order", "pk"))


def feedback_periods(plan: PerformancePlan, *, today: date) -> list[Period]:
    """The periods of the plan's year (the year, its triwulan and months) that have
    started, for the form."""
    return list(
        Period.objects.filter(performance_year_id=plan.performance_year_id, starts_on__lte=today)
    )
