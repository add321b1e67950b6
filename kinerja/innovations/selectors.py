"""Reading the innovation ledger through the viewer's rights. Views and services ask
these functions; none of them decides access on its own.

- A **verified** innovation is open to everyone in its organisation (and to an HR
  admin): title, team, problem, change, effect, the reason for the decision and its date.
- An innovation **not verified** (submitted, in review or rejected) is seen only by its
  team, the evaluation team of its organisation, the HR admin and the reviewers appointed
  for it.
- The **panel** of an innovation scores it: the reviewers the evaluation team appointed
  for it, if it did; otherwise the evaluation team of the organisation and the HR admin.
  A member of the innovation's team is never on its panel.
- **Reviews are independent**: while an innovation is undecided, a panel member sees the
  other reviews only once they have submitted their own; the evaluation team and the HR
  admin see them without reviewing only when appointed reviewers form the panel. The
  team sees the reviews once the innovation is decided.
- The evaluation team and the HR admin of the organisation appoint reviewers and decide,
  except on an innovation of their own.
- **Credits** are seen by the member who earned them, the evaluation team and the HR admin.

Outsiders and employees of another organisation see nothing (the views answer 404).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from django.db import models
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.criteria.models import CriteriaVersion, InnovationRubricCriterion
from kinerja.criteria.selectors.access import is_criteria_team, organization_filter
from kinerja.criteria.selectors.consultation import in_organization
from kinerja.criteria.selectors.versions import published_version
from kinerja.innovations.models import Innovation, InnovationCredit, Review, ReviewScore
from kinerja.innovations.rules import (
    TWO_PLACES,
    VerificationProblem,
    capped_credit,
    credit_points,
    is_editable_by_submitter,
    is_undecided,
    panel_score,
    verification_problem,
)
from kinerja.organization.models import Employee, OrgUnit, PerformanceYear
from kinerja.organization.selectors import Viewer, get_viewer
from kinerja.plans.models import PerformancePlan

MAX_SEARCH_LENGTH = 100
Membership = Innovation.members.through
Appointment = Innovation.reviewers.through


def viewer_of(user: User) -> Viewer:
    return get_viewer(user)


def is_team_of(viewer: Viewer, organization: OrgUnit) -> bool:
    """The evaluation team of ``organization`` or an HR admin over it."""
    return is_criteria_team(viewer) and in_organization(viewer, organization)


def organization_of(viewer: Viewer) -> OrgUnit | None:
    """The root unit of the viewer's organisation, where their innovations belong."""
    if viewer.org_root_path is None:
        return None
    return OrgUnit.objects.filter(path=viewer.org_root_path).first()


# -- what a viewer may see ---------------------------------------------------------------


def _member_of(employee: Employee) -> Q:
    return Q(pk__in=Membership.objects.filter(employee_id=employee.pk).values("innovation_id"))


def _appointed_to(user: User) -> Q:
    return Q(pk__in=Appointment.objects.filter(user_id=user.pk).values("innovation_id"))


def visibility_filter(viewer: Viewer) -> Q:
    """The innovations the viewer may read (see the module docstring)."""
    organization = organization_filter(viewer)
    if is_criteria_team(viewer):
        return Q() if organization is None else organization
    scope = Q(status=Innovation.Status.VERIFIED) & (organization or Q(pk__in=[]))
    if viewer.employee is not None:
        scope |= _member_of(viewer.employee)
    return scope | _appointed_to(viewer.user)


def innovations_for_user(user: User) -> QuerySet[Innovation]:
    return Innovation.objects.filter(visibility_filter(viewer_of(user)))


def get_innovation_for_user(user: User, innovation_id: int) -> Innovation:
    """The innovation, if the user may read it; NotFound otherwise (whether it exists or
    not)."""
    innovation = (
        innovations_for_user(user)
        .select_related(
            "organization",
            "performance_year",
            "submitted_by",
            "decided_by__employee",
            "criteria_version",
        )
        .prefetch_related(_members_prefetch())
        .filter(pk=innovation_id)
        .first()
    )
    if innovation is None:
        raise NotFound(_("That innovation does not exist or is not visible to you."))
    return innovation


def _members_prefetch() -> "Prefetch[Literal['members'], QuerySet[Employee], str]":
    return Prefetch(
        "members", queryset=Employee.objects.select_related("position", "unit").order_by("name")
    )


@dataclass(frozen=True, slots=True)
class InnovationAccess:
    """What one viewer may do with one innovation (see the module docstring)."""

    is_member: bool
    is_submitter: bool
    is_team: bool  # the evaluation team or HR admin of its organisation
    on_panel: bool
    has_reviewed: bool
    is_undecided: bool
    is_appointed: bool
    is_editable: bool  # still as submitted: no reviewer appointed, no review in

    @property
    def may_edit(self) -> bool:
        return self.is_submitter and self.is_editable

    @property
    def may_review(self) -> bool:
        return self.on_panel and not self.has_reviewed and self.is_undecided

    @property
    def may_decide(self) -> bool:
        return self.is_team and not self.is_member and self.is_undecided

    @property
    def may_appoint(self) -> bool:
        return self.may_decide

    @property
    def may_open_decision(self) -> bool:
        """Deciding needs the reviews in view: a decider on the panel scores first."""
        return self.may_decide and self.sees_reviews

    @property
    def sees_reviews(self) -> bool:
        if self.is_undecided:
            return self.has_reviewed or (self.is_team and not self.is_member and not self.on_panel)
        return self.is_member or self.is_team or self.is_appointed or self.has_reviewed

    @property
    def sees_all_credits(self) -> bool:
        return self.is_team


def access_of(viewer: Viewer, innovation: Innovation) -> InnovationAccess:
    """The viewer's rights on ``innovation`` (loaded through a ``_for_user`` selector, its
    members prefetched). Two queries: the appointed reviewers and the viewer's review."""
    member_ids = {member.pk for member in innovation.members.all()}
    appointed = set(innovation.reviewers.values_list("pk", flat=True))
    is_member = viewer.employee is not None and viewer.employee.pk in member_ids
    is_team = is_team_of(viewer, innovation.organization)
    is_appointed = viewer.user.pk in appointed
    on_panel = not is_member and (is_appointed if appointed else is_team)
    return InnovationAccess(
        is_member=is_member,
        is_submitter=viewer.employee is not None
        and viewer.employee.pk == innovation.submitted_by_id,
        is_team=is_team,
        on_panel=on_panel,
        has_reviewed=innovation.reviews.filter(reviewer_id=viewer.user.pk).exists(),
        is_undecided=is_undecided(innovation.status),
        is_appointed=is_appointed,
        is_editable=is_editable_by_submitter(innovation.status),
    )


# -- lists -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class InnovationFilter:
    search: str = ""
    year: int | None = None


def _search(innovations: QuerySet[Innovation], text: str) -> QuerySet[Innovation]:
    text = text.strip()[:MAX_SEARCH_LENGTH]
    if not text:
        return innovations
    by_member = Membership.objects.filter(employee__name__icontains=text).values("innovation_id")
    return innovations.filter(
        Q(title__icontains=text)
        | Q(problem__icontains=text)
        | Q(change__icontains=text)
        | Q(effect__icontains=text)
        | Q(pk__in=by_member)
    )


def verified_innovations_for_user(user: User, filters: InnovationFilter) -> QuerySet[Innovation]:
    """The verified innovations of the viewer's organisation, newest decision first,
    with their teams."""
    viewer = viewer_of(user)
    organization = organization_filter(viewer)
    innovations = Innovation.objects.filter(status=Innovation.Status.VERIFIED)
    if organization is not None:
        innovations = innovations.filter(organization)
    if filters.year is not None:
        innovations = innovations.filter(performance_year__year=filters.year)
    return (
        _search(innovations, filters.search)
        .select_related("performance_year")
        .prefetch_related(_members_prefetch())
        .order_by("-decided_at", "-pk")
    )


def verified_years_for_user(user: User) -> list[int]:
    """The performance years with a verified innovation the viewer may see, newest first."""
    viewer = viewer_of(user)
    organization = organization_filter(viewer)
    innovations = Innovation.objects.filter(status=Innovation.Status.VERIFIED)
    if organization is not None:
        innovations = innovations.filter(organization)
    return list(
        innovations.order_by("-performance_year__year")
        .values_list("performance_year__year", flat=True)
        .distinct()
    )


def my_innovations_for_user(user: User) -> QuerySet[Innovation]:
    """The innovations whose team the viewer is on, newest first, with their team, how
    many reviews are in and the viewer's own credit (``my_points``, ``my_result_id``)."""
    viewer = viewer_of(user)
    if viewer.employee is None:
        return Innovation.objects.none()
    mine = InnovationCredit.objects.filter(innovation=OuterRef("pk"), employee=viewer.employee)
    return (
        Innovation.objects.filter(_member_of(viewer.employee))
        .select_related("performance_year")
        .prefetch_related(_members_prefetch())
        .annotate(
            review_count=Count("reviews"),
            my_points=Subquery(mine.values("points")[:1]),
            my_result_id=Subquery(mine.values("work_result_id")[:1]),
        )
        .order_by("-submitted_at", "-pk")
    )


class QueueState(models.TextChoices):
    OPEN = "terbuka", gettext_lazy("Awaiting a decision")
    DECIDED = "diputuskan", gettext_lazy("Decided")
    ALL = "semua", gettext_lazy("All")


@dataclass(frozen=True, slots=True)
class QueueFilter:
    search: str = ""
    state: str = QueueState.OPEN


def can_use_queue(viewer: Viewer) -> bool:
    """The evaluation team and the HR admin, and anyone ever appointed as a reviewer."""
    if is_criteria_team(viewer):
        return True
    return Appointment.objects.filter(user_id=viewer.user.pk).exists()


def review_queue_for_user(user: User, filters: QueueFilter) -> QuerySet[Innovation]:
    """The innovations the viewer reviews or decides: every innovation of the
    organisation for the evaluation team and the HR admin, the appointed ones for anyone
    else; oldest submission first while awaiting a decision, else newest first. Each
    carries ``review_count``, ``reviewed_by_me``, ``appointed_me``, ``has_appointees`` and
    ``is_mine``."""
    viewer = viewer_of(user)
    if is_criteria_team(viewer):
        organization = organization_filter(viewer)
        innovations = Innovation.objects.filter(organization if organization else Q())
    else:
        innovations = Innovation.objects.filter(_appointed_to(user))
    if filters.state == QueueState.OPEN:
        innovations = innovations.filter(
            status__in=[Innovation.Status.SUBMITTED, Innovation.Status.IN_REVIEW]
        ).order_by("submitted_at", "pk")
    else:
        if filters.state == QueueState.DECIDED:
            innovations = innovations.filter(
                status__in=[Innovation.Status.VERIFIED, Innovation.Status.REJECTED]
            )
        innovations = innovations.order_by("-submitted_at", "-pk")
    is_mine: Exists | Value = Value(False, output_field=BooleanField())  # noqa: FBT003
    if viewer.employee is not None:
        is_mine = Exists(
            Membership.objects.filter(innovation_id=OuterRef("pk"), employee_id=viewer.employee.pk)
        )
    return (
        _search(innovations, filters.search)
        .select_related("performance_year")
        .prefetch_related(_members_prefetch())
        .annotate(
            review_count=Count("reviews"),
            reviewed_by_me=Exists(
                Review.objects.filter(innovation=OuterRef("pk"), reviewer_id=user.pk)
            ),
            appointed_me=Exists(
                Appointment.objects.filter(innovation_id=OuterRef("pk"), user_id=user.pk)
            ),
            has_appointees=Exists(Appointment.objects.filter(innovation_id=OuterRef("pk"))),
            is_mine=is_mine,
        )
    )


class Task(models.TextChoices):
    """What the queue asks of the viewer for one innovation."""

    REVIEW = "review", gettext_lazy("Score it")
    REVIEWED = "reviewed", gettext_lazy("You scored it")
    DECIDE = "decide", gettext_lazy("Decide")
    OWN = "own", gettext_lazy("Your own innovation")
    NONE = "none", gettext_lazy("Nothing to do")


@dataclass(frozen=True, slots=True)
class QueueRow:
    innovation: Innovation
    task: Task


def queue_rows(viewer: Viewer, innovations: Iterable[Innovation]) -> list[QueueRow]:
    """Rows of the queue (``review_queue_for_user``) with the viewer's task on each."""
    is_team = is_criteria_team(viewer)
    rows = []
    for innovation in innovations:
        annotated = innovation.__dict__
        undecided = is_undecided(innovation.status)
        on_panel = not annotated["is_mine"] and (
            annotated["appointed_me"] if annotated["has_appointees"] else is_team
        )
        if annotated["is_mine"]:
            task = Task.OWN
        elif undecided and on_panel and not annotated["reviewed_by_me"]:
            task = Task.REVIEW
        elif undecided and is_team:
            task = Task.DECIDE
        elif annotated["reviewed_by_me"]:
            task = Task.REVIEWED
        else:
            task = Task.NONE
        rows.append(QueueRow(innovation, task))
    return rows


# -- the rubric and the reviews ----------------------------------------------------------


def rubric_version(innovation: Innovation) -> CriteriaVersion | None:
    """The criteria version whose rubric the innovation is scored on: the one its first
    review used, else the version in force for its year."""
    if innovation.criteria_version is not None:
        return innovation.criteria_version
    return published_version(innovation.organization, innovation.performance_year.year)


def rubric_of(version: CriteriaVersion | None) -> list[InnovationRubricCriterion]:
    if version is None:
        return []
    return list(InnovationRubricCriterion.objects.filter(version=version).order_by("order", "pk"))


def reviews_of(innovation: Innovation) -> list[Review]:
    """The innovation's reviews with their points, oldest first. Callers check
    ``InnovationAccess.sees_reviews`` first."""
    return list(
        Review.objects.filter(innovation=innovation)
        .select_related("reviewer__employee")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=ReviewScore.objects.select_related("criterion").order_by(
                    "criterion__order", "pk"
                ),
            )
        )
        .order_by("submitted_at", "pk")
    )


def review_count(innovation: Innovation) -> int:
    return Review.objects.filter(innovation=innovation).count()


@dataclass(frozen=True, slots=True)
class CreditLine:
    """What one member would earn if the innovation were verified now."""

    member: Employee
    earned: Decimal  # their verified credit in the year so far
    points: Decimal  # after the cap

    @property
    def is_capped(self) -> bool:
        return self.points < self.uncapped

    uncapped: Decimal = Decimal(0)


@dataclass(frozen=True, slots=True)
class DecisionPreview:
    """The decision page's summary: the panel's score against the version's pass score,
    why verification is not possible yet (if so), and each member's credit."""

    score: Decimal | None
    pass_score: Decimal | None
    cap: Decimal | None
    problem: VerificationProblem | None
    lines: list[CreditLine]


def credit_preview(
    innovation: Innovation, version: CriteriaVersion | None, reviews: list[Review]
) -> DecisionPreview:
    """What verifying ``innovation`` now would give each member (members prefetched)."""
    score = panel_score([review.score for review in reviews])
    if version is None:
        return DecisionPreview(score, None, None, None, [])
    problem = verification_problem(len(reviews), score, version.innovation_pass_score)
    lines = []
    if score is not None:
        uncapped = credit_points(score)
        members = list(innovation.members.all())
        earned = verified_credits(
            [member.pk for member in members], innovation.performance_year.year
        )
        lines = [
            CreditLine(
                member=member,
                earned=earned[member.pk],
                points=capped_credit(
                    uncapped, earned=earned[member.pk], cap=version.innovation_credit_cap
                ),
                uncapped=uncapped,
            )
            for member in members
        ]
    return DecisionPreview(
        score, version.innovation_pass_score, version.innovation_credit_cap, problem, lines
    )


# -- people ------------------------------------------------------------------------------


def team_candidates(viewer: Viewer) -> QuerySet[Employee]:
    """The colleagues the viewer may name as co-members: active employees of the same
    organisation."""
    if viewer.employee is None or viewer.org_root_path is None:
        return Employee.objects.none()
    return (
        Employee.objects.filter(is_active=True, unit__path__startswith=viewer.org_root_path)
        .exclude(pk=viewer.employee.pk)
        .select_related("position", "unit")
        .order_by("name", "pk")
    )


def reviewer_candidates(innovation: Innovation) -> QuerySet[User]:
    """Who the team may appoint: active accounts of active employees of the innovation's
    organisation, except its members."""
    return (
        User.objects.filter(
            is_active=True,
            employee__is_active=True,
            employee__unit__path__startswith=innovation.organization.path,
        )
        .exclude(employee__in=Membership.objects.filter(innovation=innovation).values("employee"))
        .select_related("employee__position", "employee__unit")
        .order_by("employee__name", "pk")
    )


def panel_recipients(innovation: Innovation) -> list[User]:
    """Who hears of a new submission: the evaluation team members and HR admins who work
    in the innovation's organisation, except its members."""
    return list(
        User.objects.filter(
            Q(is_evaluation_team=True) | Q(is_hr_admin=True),
            is_active=True,
            employee__is_active=True,
            employee__unit__path__startswith=innovation.organization.path,
        )
        .exclude(employee__in=Membership.objects.filter(innovation=innovation).values("employee"))
        .order_by("pk")
    )


def member_users(innovation: Innovation) -> list[User]:
    return [member.user for member in innovation.members.all() if member.user is not None]


# -- credits -----------------------------------------------------------------------------


def _verified_credits() -> QuerySet[InnovationCredit]:
    return InnovationCredit.objects.filter(innovation__status=Innovation.Status.VERIFIED)


def verified_credit(employee: Employee, year: int) -> Decimal:
    """The verified-innovation credit ``employee`` earned in performance year ``year``:
    the sum of their credit points, already capped by the criteria version (two places;
    0 when none). The "verified innovation credit" measurement source of the criteria."""
    total = (
        _verified_credits()
        .filter(employee=employee, innovation__performance_year__year=year)
        .aggregate(total=Sum("points"))["total"]
    )
    return (total or Decimal(0)).quantize(TWO_PLACES)


def verified_credits(employee_ids: Iterable[int], year: int) -> dict[int, Decimal]:
    """``verified_credit`` for many employees in one query; an employee without credit
    maps to 0."""
    ids = list(employee_ids)
    totals = dict(
        _verified_credits()
        .filter(employee_id__in=ids, innovation__performance_year__year=year)
        .values("employee_id")
        .annotate(total=Sum("points"))
        .values_list("employee_id", "total")
    )
    return {pk: (totals.get(pk) or Decimal(0)).quantize(TWO_PLACES) for pk in ids}


def earned_credit(employee_id: int, performance_year: PerformanceYear) -> Decimal:
    """What counts against the cap: the employee's credit in the year so far."""
    total = (
        _verified_credits()
        .filter(employee_id=employee_id, innovation__performance_year=performance_year)
        .aggregate(total=Sum("points"))["total"]
    )
    return (total or Decimal(0)).quantize(TWO_PLACES)


def credits_of(innovation: Innovation) -> list[InnovationCredit]:
    return list(
        InnovationCredit.objects.filter(innovation=innovation)
        .select_related("employee", "work_result__plan")
        .order_by("employee__name", "pk")
    )


def plans_to_credit(employee: Employee, performance_year: PerformanceYear) -> list[PerformancePlan]:
    """The employee's SKP revisions of the year that a credit is added to, newest first:
    the plan in force (approved) and any newer revision still being prepared. Superseded
    revisions are history and stay as they were."""
    return list(
        PerformancePlan.objects.filter(employee=employee, performance_year=performance_year)
        .exclude(status=PerformancePlan.Status.SUPERSEDED)
        .order_by("-revision")
    )


def pending_credits(employee: Employee) -> list[InnovationCredit]:
    """The employee's verified credits not (or no longer) in an SKP, with whether an SKP
    of their year now exists (``has_plan``)."""
    plans = PerformancePlan.objects.filter(
        employee_id=OuterRef("employee_id"),
        performance_year_id=OuterRef("innovation__performance_year_id"),
    ).exclude(status=PerformancePlan.Status.SUPERSEDED)
    return list(
        _verified_credits()
        .filter(employee=employee, work_result__isnull=True)
        .select_related("innovation__performance_year")
        .annotate(has_plan=Exists(plans))
        .order_by("innovation__decided_at", "pk")
    )
