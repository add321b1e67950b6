"""Reading criteria versions: the lists and pages of the team and of everyone, the
snapshots the diff compares, and which indicators apply to whom."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from kinerja.accounts.models import User
from kinerja.core.exceptions import NotFound
from kinerja.criteria.diff import IndicatorSnapshot, VersionSnapshot
from kinerja.criteria.models import (
    ConsultationRound,
    CriteriaVersion,
    Indicator,
    Proposal,
    RubricLevel,
)
from kinerja.criteria.rules import (
    RESULTS_ASPECT_VALUES,
    Profile,
    Stage,
    WeightedIndicator,
    applies_to,
    weight_gaps,
)
from kinerja.criteria.selectors.access import version_filter, viewer_of
from kinerja.organization.models import Employee, OrgUnit, Position

SETTINGS_FIELDS = (
    "title",
    "rating_method",
    "numeric_results_weight",
    "above_threshold",
    "meets_threshold",
)


def versions_for_user(user: User) -> QuerySet[CriteriaVersion]:
    return (
        CriteriaVersion.objects.filter(version_filter(viewer_of(user)))
        .select_related("organization", "based_on")
        .annotate(indicator_count=Count("indicators"))
    )


def get_version_for_user(user: User, pk: int) -> CriteriaVersion:
    """The version, if the user may read it; NotFound otherwise (whether it exists or not)."""
    version = (
        CriteriaVersion.objects.filter(version_filter(viewer_of(user)), pk=pk)
        .select_related("organization", "based_on", "created_by")
        .first()
    )
    if version is None:
        raise NotFound(_("That criteria version does not exist or is not visible to you."))
    return version


def indicators_of(version: CriteriaVersion) -> QuerySet[Indicator]:
    return Indicator.objects.filter(version=version).prefetch_related(
        Prefetch("levels", queryset=RubricLevel.objects.order_by("level")),
        "shaped_by",
    )


def published_version(organization: OrgUnit, year: int) -> CriteriaVersion | None:
    """The rulebook in force for ``year``: that year's published version, or else the
    latest published version of an earlier year."""
    return (
        CriteriaVersion.objects.filter(
            organization=organization, status=Stage.PUBLISHED, year__lte=year
        )
        .order_by("-year", "-number")
        .first()
    )


def unit_paths(codes: list[str]) -> tuple[str, ...]:
    return tuple(OrgUnit.objects.filter(code__in=codes).values_list("path", flat=True))


def indicators_for_employee(version: CriteriaVersion, employee: Employee) -> list[Indicator]:
    """The indicators of ``version`` that apply to ``employee`` (by position type and unit)."""
    return indicators_for_employees(version, [employee])[employee.pk]


def indicators_for_employees(
    version: CriteriaVersion, employees: Iterable[Employee]
) -> dict[int, list[Indicator]]:
    """``indicators_for_employee`` for many employees at once (a fixed number of queries),
    by employee id. The employees come with their position and unit."""
    indicators = list(indicators_of(version))
    paths = _paths_by_code(indicators)
    unit_paths = {
        indicator.pk: [paths[code] for code in indicator.unit_codes if code in paths]
        for indicator in indicators
    }
    return {
        employee.pk: [
            indicator
            for indicator in indicators
            if applies_to(
                employee.position.kind,
                employee.unit.path,
                position_kinds=indicator.position_kinds,
                unit_paths=unit_paths[indicator.pk],
            )
        ]
        for employee in employees
    }


def _paths_by_code(indicators: list[Indicator]) -> dict[str, str]:
    codes = {code for indicator in indicators for code in indicator.unit_codes}
    return dict(OrgUnit.objects.filter(code__in=codes).values_list("code", "path"))


@dataclass(frozen=True, slots=True)
class WeightGap:
    position_kind_label: str
    unit: str
    total: Decimal


def results_weight_gaps(version: CriteriaVersion) -> list[WeightGap]:
    """For every kind of active employee in the organisation (a position type in a unit), the
    results weights that apply to them when they do not sum to 100."""
    indicators = [
        indicator
        for indicator in Indicator.objects.filter(version=version)
        if indicator.aspect in RESULTS_ASPECT_VALUES
    ]
    paths = _paths_by_code(indicators)
    weighted = [
        WeightedIndicator(
            weight=indicator.weight or Decimal(0),
            position_kinds=tuple(indicator.position_kinds),
            unit_paths=tuple(paths[code] for code in indicator.unit_codes if code in paths),
        )
        for indicator in indicators
    ]
    organization_path = version.organization.path
    profiles = (
        Employee.objects.filter(is_active=True, unit__path__startswith=organization_path)
        .values_list("position__kind", "unit__path", "unit__name")
        .distinct()
        .order_by("unit__path", "position__kind")
    )
    unit_names = {}
    profile_list = []
    for kind, path, unit_name in profiles:
        unit_names[path] = unit_name
        profile_list.append(Profile(kind, path))
    if not profile_list:
        # An organisation without employees yet: check the indicators meant for everyone.
        profile_list = [Profile("", organization_path)]
        unit_names[organization_path] = version.organization.name
    kinds = dict(Position.Kind.choices)
    return [
        WeightGap(
            str(kinds.get(profile.position_kind, _("everyone"))),
            unit_names[profile.unit_path],
            total,
        )
        for profile, total in weight_gaps(weighted, profile_list)
    ]


def snapshot_of(version: CriteriaVersion) -> VersionSnapshot:
    """The version as the diff compares it."""
    return VersionSnapshot(
        settings={name: getattr(version, name) for name in SETTINGS_FIELDS},
        indicators=tuple(
            IndicatorSnapshot(
                code=indicator.code,
                aspect=indicator.aspect,
                name=indicator.name,
                explanation=indicator.explanation,
                source=indicator.source,
                floor=indicator.floor,
                target=indicator.target,
                ceiling=indicator.ceiling,
                lower_is_better=indicator.lower_is_better,
                weight=indicator.weight,
                position_kinds=tuple(sorted(indicator.position_kinds)),
                unit_codes=tuple(sorted(indicator.unit_codes)),
                rubric=tuple((level.level, level.descriptor) for level in indicator.levels.all()),
                rationale=indicator.rationale,
            )
            for indicator in indicators_of(version)
        ),
        rationale=version.rationale,
    )


def comparable_versions(user: User, version: CriteriaVersion) -> QuerySet[CriteriaVersion]:
    """The other versions of the same organisation the user may compare ``version`` with."""
    return versions_for_user(user).filter(organization=version.organization).exclude(pk=version.pk)


def version_counts(version: CriteriaVersion) -> dict[str, int]:
    """How many consultation rounds, acknowledgement tasks and acknowledgements the
    version has: ``{"rounds": …, "acknowledgements": …, "acknowledged": …}``."""
    # The aliases must differ from the relation names: an aggregate named
    # "acknowledgements" would shadow the relation in the filter of the next one.
    counts = CriteriaVersion.objects.filter(pk=version.pk).aggregate(
        round_count=Count("rounds", distinct=True),
        task_count=Count("acknowledgements", distinct=True),
        done_count=Count(
            "acknowledgements",
            filter=Q(acknowledgements__acknowledged_at__isnull=False),
            distinct=True,
        ),
    )
    return {
        "rounds": counts["round_count"],
        "acknowledgements": counts["task_count"],
        "acknowledged": counts["done_count"],
    }


def rounds_of(version: CriteriaVersion) -> QuerySet[ConsultationRound]:
    """The consultation rounds held on ``version``, newest first, with their proposal counts."""
    return ConsultationRound.objects.filter(version=version).annotate(
        proposal_count=Count("proposals")
    )


def proposals_of(version: CriteriaVersion) -> QuerySet[Proposal]:
    """The proposals made in the rounds of ``version``: those an indicator may cite as
    having shaped it. No author is loaded: the choice shows the title only."""
    return (
        Proposal.objects.filter(round__version=version)
        .select_related("round")
        .order_by("round__opens_on", "round_id", "pk")
    )


def units_of(version: CriteriaVersion) -> QuerySet[OrgUnit]:
    """The units of the version's organisation, in tree order: those an indicator may be
    limited to."""
    return OrgUnit.objects.filter(path__startswith=version.organization.path).order_by("path")
