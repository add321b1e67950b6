"""Writes on criteria versions: starting one (fresh or as a copy), changing its settings
and indicators while it may change, its comprehension check, and moving it through its
lifecycle (draft → consultation → adopted → published → retired).

Each function is one transaction with one audit event. Publication also assigns the
acknowledgement tasks of the socialisation (``services.socialisation``).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kinerja.accounts.models import User
from kinerja.audit.models import AuditAction
from kinerja.audit.services import changed_fields, record_event
from kinerja.core.exceptions import DomainError, PermissionDenied
from kinerja.criteria.berakhlak import BEHAVIOUR_LEVELS, CORE_VALUES, indicator_code
from kinerja.criteria.models import (
    ComprehensionQuestion,
    CriteriaVersion,
    EarlyWarningRule,
    Indicator,
    InnovationRubricCriterion,
    Proposal,
    RubricLevel,
    VersionLocked,
)
from kinerja.criteria.rules import (
    RESULTS_ASPECT_VALUES,
    Stage,
    can_move,
    curve_problem,
    thresholds_problem,
)
from kinerja.criteria.selectors.access import (
    can_prepare_versions,
    can_publish,
    viewer_of,
    viewer_organization,
)
from kinerja.criteria.selectors.versions import SETTINGS_FIELDS, results_weight_gaps
from kinerja.criteria.services.socialisation import assign_acknowledgements
from kinerja.organization.models import OrgUnit, Position

MAX_QUESTIONS = 3
MIN_RUBRIC_LEVELS = 2

# The innovation rubric a fresh version starts with: four criteria of equal weight, each
# scored 0–5 by every reviewer of the innovation panel (code, name, descriptor).
INNOVATION_RUBRIC_POINTS = 5
INNOVATION_RUBRIC_WEIGHT = Decimal(25)
DEFAULT_INNOVATION_RUBRIC = (
    (
        "kebaruan",
        gettext_lazy("Novelty"),
        gettext_lazy(
            "How new the change is for this office: 0 when it repeats what was already done"
            " here, 5 when nobody in the office worked this way before."
        ),
    ),
    (
        "dampak",
        gettext_lazy("Impact"),
        gettext_lazy(
            "How much the measured effect improves the service or the work, by the evidence:"
            " 0 when no effect is shown, 5 for a large effect backed by numbers."
        ),
    ),
    (
        "replikasi",
        gettext_lazy("Replicability"),
        gettext_lazy(
            "How easily another unit or kelurahan could do the same: 0 when it depends on"
            " one person or special means, 5 when others can copy it as it is."
        ),
    ),
    (
        "keberlanjutan",
        gettext_lazy("Sustainability"),
        gettext_lazy(
            "Whether the change lasts without extra effort or budget: 0 for a one-off, 5"
            " when it is part of the daily routine and keeps running."
        ),
    ),
)


class VersionRefused(DomainError):  # noqa: N818 - reads as what happened
    """A criteria rule refused the change; ``field`` names the input at fault, if one."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _require_team(actor: User) -> None:
    if not can_prepare_versions(viewer_of(actor)):
        raise PermissionDenied(_("Only the evaluation team or the HR admin prepare criteria."))


def _require_organization(actor: User, organization: OrgUnit) -> None:
    """The team of one organisation prepares that organisation's criteria only; an HR
    admin without an employee record keeps every organisation (``access.organization_filter``)."""
    root_path = viewer_of(actor).org_root_path
    if root_path is not None and not organization.path.startswith(root_path):
        raise PermissionDenied(_("These criteria belong to another organisation."))


def _locked_version(version: CriteriaVersion) -> CriteriaVersion:
    """The version, re-read under a row lock: two editors apply one after the other."""
    return (
        CriteriaVersion.objects.select_for_update()
        .select_related("organization")
        .get(pk=version.pk)
    )


def _require_editable(version: CriteriaVersion) -> None:
    if not version.is_editable:
        raise VersionLocked(
            _("Version %(version)s is %(status)s; its criteria can no longer change.")
            % {"version": version.label, "status": version.get_status_display().lower()}
        )


# -- starting a version -----------------------------------------------------------------


def create_version(
    *,
    actor: User,
    year: int,
    title: str,
    based_on: CriteriaVersion | None = None,
    organization: OrgUnit | None = None,
) -> CriteriaVersion:
    """Start a draft for ``year``: a copy of ``based_on`` (indicators, rubric levels,
    settings, comprehension check and innovation rubric, keeping the codes so the diff
    can match them), or a fresh version with the 21 BerAKHLAK indicators on its
    behaviour side and the default innovation rubric."""
    _require_team(actor)
    organization = organization or (based_on.organization if based_on else None)
    organization = organization or viewer_organization(viewer_of(actor))
    if organization is None:
        raise VersionRefused(_("Choose the organisation the version is for."))
    if not 2000 <= year <= 2099:
        raise VersionRefused(_("The year must be between 2000 and 2099."), field="year")
    if not title.strip():
        raise VersionRefused(_("A version needs a title."), field="title")
    if based_on is not None and based_on.organization_id != organization.pk:
        raise VersionRefused(_("A version can only be copied within its organisation."))
    _require_organization(actor, organization)
    with transaction.atomic():
        # Lock the organisation row so two versions started at once get distinct numbers.
        OrgUnit.objects.select_for_update().filter(pk=organization.pk).first()
        last = CriteriaVersion.objects.filter(organization=organization, year=year).aggregate(
            last=Max("number")
        )["last"]
        version = CriteriaVersion(
            organization=organization,
            year=year,
            number=(last or 0) + 1,
            title=title.strip(),
            based_on=based_on,
            created_by=actor,
        )
        if based_on is not None:
            for name in SETTINGS_FIELDS:
                if name != "title":
                    setattr(version, name, getattr(based_on, name))
        version.save()
        if based_on is None:
            _seed_behaviour(version)
            _seed_innovation_rubric(version)
            _seed_warning_rules(version)
        else:
            _copy_content(based_on, version)
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_VERSION_CREATED,
            target=version,
            changes={"based_on": based_on.label if based_on else None, "year": year},
        )
    return version


def _seed_behaviour(version: CriteriaVersion) -> None:
    order = 100
    for value in CORE_VALUES:
        for index, text in enumerate(value.indicators):
            order += 1
            indicator = Indicator.objects.create(
                version=version,
                code=indicator_code(value, index).lower().replace("_", "-"),
                aspect=value.code,
                name=text,
                explanation=_(
                    "%(value)s: the appraiser rates how consistently this behaviour shows in"
                    " daily work, on the levels below."
                )
                % {"value": value.name},
                source=Indicator.Source.SUPERVISOR_RUBRIC,
                floor=Decimal(1),
                target=Decimal(3),
                ceiling=Decimal(5),
                order=order,
            )
            RubricLevel.objects.bulk_create(
                RubricLevel(indicator=indicator, level=level, descriptor=descriptor)
                for level, descriptor in BEHAVIOUR_LEVELS
            )


def _seed_innovation_rubric(version: CriteriaVersion) -> None:
    InnovationRubricCriterion.objects.bulk_create(
        InnovationRubricCriterion(
            version=version,
            code=code,
            name=str(name),
            descriptor=str(descriptor),
            max_points=INNOVATION_RUBRIC_POINTS,
            weight=INNOVATION_RUBRIC_WEIGHT,
            order=order,
        )
        for order, (code, name, descriptor) in enumerate(DEFAULT_INNOVATION_RUBRIC, start=1)
    )


# The office's starting early-warning rules (domain.md 9.4): below expectation two
# periods in a row; fewer than 80 % of at least ten service tasks on time; a results
# score more than 15 points under the mean of the three periods before.
DEFAULT_WARNING_RULES: tuple[dict[str, Any], ...] = (
    {"kind": EarlyWarningRule.Kind.RATING_BELOW_STREAK, "periods": 2},
    {
        "kind": EarlyWarningRule.Kind.ON_TIME_BELOW,
        "threshold": Decimal("0.80"),
        "minimum_tasks": 10,
    },
    {
        "kind": EarlyWarningRule.Kind.DROP_BELOW_TRAILING,
        "points": Decimal(15),
        "window": 3,
        "measure": EarlyWarningRule.Measure.RESULTS_SCORE,
    },
)
WARNING_RULE_FIELDS = (
    "kind",
    "periods",
    "threshold",
    "minimum_tasks",
    "points",
    "window",
    "measure",
    "is_active",
    "order",
)


def _seed_warning_rules(version: CriteriaVersion) -> None:
    EarlyWarningRule.objects.bulk_create(
        EarlyWarningRule(version=version, order=order, **values)
        for order, values in enumerate(DEFAULT_WARNING_RULES, start=1)
    )


def _copy_content(source: CriteriaVersion, target: CriteriaVersion) -> None:
    target.innovation_credit_cap = source.innovation_credit_cap
    target.innovation_pass_score = source.innovation_pass_score
    target.save(update_fields=["innovation_credit_cap", "innovation_pass_score", "updated_at"])
    EarlyWarningRule.objects.bulk_create(
        EarlyWarningRule(
            version=target, **{name: getattr(rule, name) for name in WARNING_RULE_FIELDS}
        )
        for rule in EarlyWarningRule.objects.filter(version=source)
    )
    InnovationRubricCriterion.objects.bulk_create(
        InnovationRubricCriterion(
            version=target,
            code=criterion.code,
            name=criterion.name,
            descriptor=criterion.descriptor,
            max_points=criterion.max_points,
            weight=criterion.weight,
            order=criterion.order,
        )
        for criterion in InnovationRubricCriterion.objects.filter(version=source)
    )
    for indicator in Indicator.objects.filter(version=source).prefetch_related("levels"):
        levels = list(indicator.levels.all())
        copy = Indicator.objects.create(
            version=target,
            code=indicator.code,
            aspect=indicator.aspect,
            name=indicator.name,
            explanation=indicator.explanation,
            position_kinds=list(indicator.position_kinds),
            unit_codes=list(indicator.unit_codes),
            source=indicator.source,
            floor=indicator.floor,
            target=indicator.target,
            ceiling=indicator.ceiling,
            lower_is_better=indicator.lower_is_better,
            weight=indicator.weight,
            order=indicator.order,
            # The rationale explains this version's change; a copy has none yet.
            rationale="",
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(indicator=copy, level=level.level, descriptor=level.descriptor)
            for level in levels
        )
    for question in ComprehensionQuestion.objects.filter(version=source):
        ComprehensionQuestion.objects.create(
            version=target,
            order=question.order,
            text=question.text,
            choices=list(question.choices),
            correct_choice=question.correct_choice,
            explanation=question.explanation,
        )


# -- settings ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class VersionSettings:
    title: str
    rationale: str
    rating_method: str
    numeric_results_weight: int
    above_threshold: Decimal
    meets_threshold: Decimal


def update_version(
    *, actor: User, version: CriteriaVersion, settings: VersionSettings
) -> CriteriaVersion:
    """Change the title, rationale, rating method and thresholds of an editable version."""
    _require_team(actor)
    if not settings.title.strip():
        raise VersionRefused(_("A version needs a title."), field="title")
    if settings.rating_method not in CriteriaVersion.RatingMethod.values:
        raise VersionRefused(_("Choose a rating method."), field="rating_method")
    if settings.numeric_results_weight not in {60, 70}:
        raise VersionRefused(
            _("The numeric method weighs results 70 or 60 per cent (PP 30/2019)."),
            field="numeric_results_weight",
        )
    if thresholds_problem(settings.above_threshold, settings.meets_threshold):
        raise VersionRefused(
            _(
                "The score for 'meets expectation' must be above 0 and below the score for"
                " 'above expectation', which may be at most 120."
            ),
            field="meets_threshold",
        )
    with transaction.atomic():
        target = _locked_version(version)
        _require_organization(actor, target.organization)
        _require_editable(target)
        fields = [*SETTINGS_FIELDS, "rationale"]
        before = {name: getattr(target, name) for name in fields}
        target.title = settings.title.strip()
        target.rationale = settings.rationale.strip()
        target.rating_method = settings.rating_method
        target.numeric_results_weight = settings.numeric_results_weight
        target.above_threshold = settings.above_threshold
        target.meets_threshold = settings.meets_threshold
        changes = changed_fields(before, {name: getattr(target, name) for name in fields})
        if changes:
            target.save()
            record_event(
                actor=actor,
                action=AuditAction.CRITERIA_VERSION_UPDATED,
                target=target,
                changes=changes,
            )
    return target


# -- indicators --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorInput:
    code: str
    aspect: str
    name: str
    explanation: str
    source: str
    floor: Decimal
    target: Decimal
    ceiling: Decimal
    lower_is_better: bool = False
    weight: Decimal | None = None
    position_kinds: Sequence[str] = ()
    unit_codes: Sequence[str] = ()
    order: int = 0
    rationale: str = ""
    levels: Sequence[tuple[int, str]] = ()
    shaped_by: Sequence[int] = field(default_factory=tuple)


INDICATOR_FIELDS = (
    "code",
    "aspect",
    "name",
    "explanation",
    "source",
    "floor",
    "target",
    "ceiling",
    "lower_is_better",
    "weight",
    "position_kinds",
    "unit_codes",
    "order",
    "rationale",
)


def _indicator_snapshot(indicator: Indicator) -> dict[str, Any]:
    values = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    if indicator.pk is not None:
        values["levels"] = [[level.level, level.descriptor] for level in indicator.levels.all()]
        values["shaped_by"] = sorted(indicator.shaped_by.values_list("pk", flat=True))
    return values


def _check_indicator(  # noqa: PLR0912 - one message per rule, in form order
    version: CriteriaVersion, data: IndicatorInput, *, indicator: Indicator | None
) -> None:
    code = data.code.strip()
    if not code:
        raise VersionRefused(_("An indicator needs a code."), field="code")
    clash = Indicator.objects.filter(version=version, code=code)
    if indicator is not None:
        clash = clash.exclude(pk=indicator.pk)
    if clash.exists():
        raise VersionRefused(
            _("This version already has an indicator with the code %(code)s.") % {"code": code},
            field="code",
        )
    if data.aspect not in Indicator.Aspect.values:
        raise VersionRefused(_("Choose an aspect."), field="aspect")
    if not data.name.strip():
        raise VersionRefused(_("An indicator needs a name."), field="name")
    if not data.explanation.strip():
        raise VersionRefused(
            _("Explain the indicator in plain language: everyone will read it."),
            field="explanation",
        )
    if data.source not in Indicator.Source.values:
        raise VersionRefused(_("Choose a measurement source."), field="source")
    if curve_problem(data.floor, data.target, data.ceiling, lower_is_better=data.lower_is_better):
        message = (
            _(
                "Where lower is better, the floor must be above the target and the target above"
                " the ceiling."
            )
            if data.lower_is_better
            else _("The floor must be below the target and the target below the ceiling.")
        )
        raise VersionRefused(message, field="target")
    is_results = data.aspect in RESULTS_ASPECT_VALUES
    if is_results and (data.weight is None or not Decimal(0) < data.weight <= Decimal(100)):
        raise VersionRefused(
            _("A results indicator needs a weight above 0 and at most 100."), field="weight"
        )
    if not is_results and data.weight is not None:
        raise VersionRefused(
            _("Behaviour indicators carry no weight: the appraiser rates each value."),
            field="weight",
        )
    unknown_kinds = set(data.position_kinds) - set(Position.Kind.values)
    if unknown_kinds:
        raise VersionRefused(_("Unknown position type."), field="position_kinds")
    known_units = set(
        OrgUnit.objects.filter(
            code__in=list(data.unit_codes), path__startswith=version.organization.path
        ).values_list("code", flat=True)
    )
    missing_units = [code for code in data.unit_codes if code not in known_units]
    if missing_units:
        raise VersionRefused(
            _("No unit with the code %(code)s in this organisation.") % {"code": missing_units[0]},
            field="unit_codes",
        )
    if data.source == Indicator.Source.SUPERVISOR_RUBRIC:
        levels = [level for level, descriptor in data.levels if descriptor.strip()]
        if len(levels) < MIN_RUBRIC_LEVELS or len(set(levels)) != len(levels):
            raise VersionRefused(
                _(
                    "A supervisor rubric needs at least two levels, each with its own number"
                    " and a descriptor."
                ),
                field="levels",
            )
    if data.shaped_by:
        found = Proposal.objects.filter(pk__in=list(data.shaped_by), round__version=version)
        if found.count() != len(set(data.shaped_by)):
            raise VersionRefused(
                _("Link only proposals made in this version's consultation rounds."),
                field="shaped_by",
            )


def _needs_rationale(version: CriteriaVersion, data: IndicatorInput) -> bool:
    """In a version copied from another, an indicator that is new or differs from the
    original needs a reason: every change carries one."""
    if version.based_on_id is None:
        return False
    original = (
        Indicator.objects.filter(version_id=version.based_on_id, code=data.code.strip())
        .prefetch_related("levels")
        .first()
    )
    if original is None:
        return True
    proposed = {
        "aspect": data.aspect,
        "name": data.name.strip(),
        "explanation": data.explanation.strip(),
        "source": data.source,
        "floor": data.floor,
        "target": data.target,
        "ceiling": data.ceiling,
        "lower_is_better": data.lower_is_better,
        "weight": data.weight,
        "position_kinds": sorted(data.position_kinds),
        "unit_codes": sorted(data.unit_codes),
        # Levels are kept for a supervisor rubric only (see save_indicator).
        "levels": sorted((level, text.strip()) for level, text in data.levels if text.strip())
        if data.source == Indicator.Source.SUPERVISOR_RUBRIC
        else [],
    }
    stored = {
        "aspect": original.aspect,
        "name": original.name,
        "explanation": original.explanation,
        "source": original.source,
        "floor": original.floor,
        "target": original.target,
        "ceiling": original.ceiling,
        "lower_is_better": original.lower_is_better,
        "weight": original.weight,
        "position_kinds": sorted(original.position_kinds),
        "unit_codes": sorted(original.unit_codes),
        "levels": sorted((level.level, level.descriptor) for level in original.levels.all()),
    }
    return proposed != stored


def save_indicator(
    *,
    actor: User,
    version: CriteriaVersion,
    data: IndicatorInput,
    indicator: Indicator | None = None,
) -> Indicator:
    """Add an indicator to an editable version (``indicator`` None) or change one."""
    _require_team(actor)
    with transaction.atomic():
        version = _locked_version(version)
        _require_organization(actor, version.organization)
        _require_editable(version)
        if indicator is not None and indicator.version_id != version.pk:
            raise VersionRefused(_("That indicator belongs to another version."))
        _check_indicator(version, data, indicator=indicator)
        if _needs_rationale(version, data) and not data.rationale.strip():
            raise VersionRefused(
                _("Say why this criterion is new or changed compared with %(version)s.")
                % {"version": version.based_on.label if version.based_on else ""},
                field="rationale",
            )
        target = indicator or Indicator(version=version)
        before = _indicator_snapshot(target) if indicator is not None else {}
        target.code = data.code.strip()
        target.aspect = data.aspect
        target.name = data.name.strip()
        target.explanation = data.explanation.strip()
        target.source = data.source
        target.floor, target.target, target.ceiling = data.floor, data.target, data.ceiling
        target.lower_is_better = data.lower_is_better
        target.weight = data.weight
        target.position_kinds = sorted(set(data.position_kinds))
        target.unit_codes = sorted(set(data.unit_codes))
        target.order = data.order
        target.rationale = data.rationale.strip()
        target.save()
        target.levels.all().delete()
        if data.source == Indicator.Source.SUPERVISOR_RUBRIC:
            RubricLevel.objects.bulk_create(
                RubricLevel(indicator=target, level=level, descriptor=text.strip())
                for level, text in sorted(data.levels)
                if text.strip()
            )
        target.shaped_by.set(list(data.shaped_by))
        changes = changed_fields(before, _indicator_snapshot(target))
        if indicator is None or changes:
            record_event(
                actor=actor,
                action=AuditAction.CRITERIA_INDICATOR_SAVED,
                target=target,
                target_label=f"{version.label}: {target.name}"[:255],
                changes=changes,
            )
    return target


def delete_indicator(*, actor: User, indicator: Indicator) -> None:
    _require_team(actor)
    with transaction.atomic():
        version = _locked_version(indicator.version)
        _require_organization(actor, version.organization)
        _require_editable(version)
        snapshot = _indicator_snapshot(indicator)
        label = f"{version.label}: {indicator.name}"[:255]
        pk = indicator.pk
        indicator.levels.all().delete()
        indicator.delete()
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_INDICATOR_DELETED,
            target_type="criteria.indicator",
            target_id=str(pk),
            target_label=label,
            changes={"deleted": snapshot},
        )


# -- comprehension check -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuestionInput:
    text: str
    choices: Sequence[str]
    correct_choice: int
    explanation: str = ""


def _kept_choices(question: QuestionInput) -> tuple[list[str], int | None]:
    """The question's non-blank choices, and the position among them of the choice
    marked correct (``correct_choice`` counts the choices as given, blanks included);
    None when the mark is on a blank or missing choice."""
    given = [choice.strip() for choice in question.choices]
    kept = [choice for choice in given if choice]
    if not 0 <= question.correct_choice < len(given) or not given[question.correct_choice]:
        return kept, None
    return kept, sum(1 for choice in given[: question.correct_choice] if choice)


def save_comprehension_check(
    *, actor: User, version: CriteriaVersion, questions: Sequence[QuestionInput]
) -> list[ComprehensionQuestion]:
    """Replace the version's comprehension check (no questions: acknowledging needs none).

    Blank choices are dropped, so a form may leave some of its choice inputs empty; the
    correct choice is the one ``correct_choice`` points at among the choices as given.
    """
    _require_team(actor)
    if len(questions) > MAX_QUESTIONS:
        raise VersionRefused(_("A comprehension check has at most three questions."))
    cleaned = []
    for number, question in enumerate(questions, start=1):
        choices, correct = _kept_choices(question)
        if not question.text.strip() or len(choices) < 2:
            raise VersionRefused(
                _("Question %(number)s needs its text and at least two choices.")
                % {"number": number}
            )
        if correct is None:
            raise VersionRefused(
                _("Question %(number)s: mark which choice is correct.") % {"number": number}
            )
        cleaned.append((question, choices, correct))
    with transaction.atomic():
        version = _locked_version(version)
        _require_organization(actor, version.organization)
        _require_editable(version)
        before = [
            [question.text, question.choices, question.correct_choice]
            for question in version.questions.all()
        ]
        version.questions.all().delete()
        created = [
            ComprehensionQuestion.objects.create(
                version=version,
                order=order,
                text=question.text.strip(),
                choices=choices,
                correct_choice=correct,
                explanation=question.explanation.strip(),
            )
            for order, (question, choices, correct) in enumerate(cleaned, start=1)
        ]
        after = [[question.text, question.choices, question.correct_choice] for question in created]
        if before != after:
            record_event(
                actor=actor,
                action=AuditAction.CRITERIA_CHECK_SAVED,
                target=version,
                changes={"questions": [before, after]},
            )
    return created


# -- lifecycle ---------------------------------------------------------------------------


def _plain(value: Decimal) -> str:
    """60.00 as "60" and 33.50 as "33.5" (normalize() alone writes 60 as "6E+1")."""
    if value == value.to_integral_value():
        return str(value.quantize(Decimal(1)))
    return str(value.normalize())


def adoption_problems(version: CriteriaVersion) -> list[str]:
    """What stops ``version`` from being adopted, in words for the team; empty when ready."""
    problems = []
    indicators = Indicator.objects.filter(version=version)
    if not indicators.filter(aspect__in=RESULTS_ASPECT_VALUES).exists():
        problems.append(_("The results side has no indicator yet."))
    for gap in results_weight_gaps(version):
        problems.append(
            _(
                "The results weights for %(kind)s in %(unit)s add up to %(total)s; they must"
                " add up to 100."
            )
            % {"kind": gap.position_kind_label, "unit": gap.unit, "total": _plain(gap.total)}
        )
    if thresholds_problem(version.above_threshold, version.meets_threshold):
        problems.append(_("The rating thresholds are not in order."))
    return problems


def move_version(
    *, actor: User, version: CriteriaVersion, to: Stage | str, note: str = ""
) -> CriteriaVersion:
    """Move ``version`` one step in its lifecycle.

    Adoption needs a complete version (:func:`adoption_problems`). Publication (HR admin
    only) retires the version of the same year that was in force, and gives every
    employee in scope an acknowledgement task. Retirement is for the HR admin too.
    """
    to = Stage(to)
    viewer = viewer_of(actor)
    if to in {Stage.PUBLISHED, Stage.RETIRED}:
        if not can_publish(viewer):
            raise PermissionDenied(_("Only the HR admin publishes or retires criteria."))
    else:
        _require_team(actor)
    with transaction.atomic():
        version = _locked_version(version)
        _require_organization(actor, version.organization)
        current = Stage(version.status)
        if not can_move(current, to):
            raise VersionRefused(
                _("A version that is %(current)s cannot become %(to)s.")
                % {
                    "current": CriteriaVersion.Status(current).label.lower(),
                    "to": CriteriaVersion.Status(to).label.lower(),
                }
            )
        if to == Stage.ADOPTED:
            problems = adoption_problems(version)
            if problems:
                raise VersionRefused(" ".join(problems))
        now = timezone.now()
        changes: dict[str, Any] = {"status": [current.value, to.value]}
        if note.strip():
            changes["note"] = note.strip()
        if to == Stage.PUBLISHED:
            changes["retired"] = _retire_year(actor, version, now)
            version.status, version.published_at = to.value, now
            version.save()
            changes["acknowledgements"] = assign_acknowledgements(version=version, at=now)
        elif to == Stage.RETIRED:
            version.status, version.retired_at = to.value, now
            version.save(update_fields=["status", "retired_at", "updated_at"])
        else:
            version.status = to.value
            version.adopted_at = now if to == Stage.ADOPTED else None
            version.save()
        record_event(
            actor=actor, action=AuditAction.CRITERIA_VERSION_MOVED, target=version, changes=changes
        )
    return version


def _retire_year(actor: User, version: CriteriaVersion, now: Any) -> str | None:
    """Retire the version of the same organisation and year now in force, if one."""
    current = (
        CriteriaVersion.objects.select_for_update()
        .filter(organization=version.organization, year=version.year, status=Stage.PUBLISHED)
        .first()
    )
    if current is None:
        return None
    current.status, current.retired_at = Stage.RETIRED.value, now
    current.save(update_fields=["status", "retired_at", "updated_at"])
    record_event(
        actor=actor,
        action=AuditAction.CRITERIA_VERSION_MOVED,
        target=current,
        changes={
            "status": [Stage.PUBLISHED.value, Stage.RETIRED.value],
            "replaced_by": version.label,
        },
    )
    return current.label


def delete_version(*, actor: User, version: CriteriaVersion) -> None:
    """Delete a draft nobody has consulted on (a mistaken start); anything later stays."""
    _require_team(actor)
    with transaction.atomic():
        version = _locked_version(version)
        _require_organization(actor, version.organization)
        if version.status != Stage.DRAFT or version.rounds.exists():
            raise VersionLocked(_("Only a draft without consultation rounds can be deleted."))
        label, pk = str(version), version.pk
        RubricLevel.objects.filter(indicator__version=version).delete()
        version.innovation_rubric.all().delete()
        version.indicators.all().delete()
        version.questions.all().delete()
        version.delete()
        record_event(
            actor=actor,
            action=AuditAction.CRITERIA_VERSION_DELETED,
            target_type="criteria.criteriaversion",
            target_id=str(pk),
            target_label=label,
        )
