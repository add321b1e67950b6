"""How the calibration pages put the rules into words: a violation of the SE MenPANRB
3/2023 distribution pattern as a sentence, the descriptors of the five organisation
predicates (SE 3/2023 and the office's working descriptions, domain.md 5.3), the status
of an evaluation as its leader reads it, and the name of an evaluation period.

Only wording: no queries and no clock. Every sentence goes through gettext (and dates
through the locale's formats), so the page shows it in the user's language; the
predicates keep their official names.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django_stubs_ext import StrOrPromise

from kinerja.appraisals.scoring import (
    PREDICATE_LABELS,
    DistributionRule,
    DistributionViolation,
    OrgPredicate,
    Predicate,
)
from kinerja.appraisals.workflow import EvaluationStatus


@dataclass(frozen=True)
class OrgPredicateDescriptor:
    """What an organisation predicate means, and whether the SE itself says so or the
    office filled a gap the SE leaves (domain.md 5.3: only Istimewa and Sangat Kurang
    were captured from the SE)."""

    predicate: OrgPredicate
    text: StrOrPromise
    is_working_description: bool


ORG_PREDICATE_DESCRIPTORS: dict[OrgPredicate, OrgPredicateDescriptor] = {
    OrgPredicate.ISTIMEWA: OrgPredicateDescriptor(
        OrgPredicate.ISTIMEWA,
        gettext_lazy("The action plans achieved go beyond the targets agreed with the leader."),
        is_working_description=False,
    ),
    OrgPredicate.BAIK: OrgPredicateDescriptor(
        OrgPredicate.BAIK,
        gettext_lazy("The action plans are on target."),
        is_working_description=True,
    ),
    OrgPredicate.BUTUH_PERBAIKAN: OrgPredicateDescriptor(
        OrgPredicate.BUTUH_PERBAIKAN,
        gettext_lazy("Some action plans are behind target."),
        is_working_description=True,
    ),
    OrgPredicate.KURANG: OrgPredicateDescriptor(
        OrgPredicate.KURANG,
        gettext_lazy("Most action plans are behind target."),
        is_working_description=True,
    ),
    OrgPredicate.SANGAT_KURANG: OrgPredicateDescriptor(
        OrgPredicate.SANGAT_KURANG,
        gettext_lazy("Most action plans show no progress."),
        is_working_description=False,
    ),
}


def org_predicate_descriptor(predicate: OrgPredicate | str) -> OrgPredicateDescriptor | None:
    """The descriptor of an organisation predicate; None for a value that is not one."""
    try:
        return ORG_PREDICATE_DESCRIPTORS[OrgPredicate(predicate)]
    except ValueError:
        return None


def predicate_name(predicate: Predicate | str) -> str:
    """The official name of an employee predicate ("Butuh Perbaikan"); an unknown value
    is shown as it is."""
    try:
        return PREDICATE_LABELS[Predicate(predicate)]
    except ValueError:
        return str(predicate)


def predicate_names(predicates: Sequence[Predicate | str]) -> str:
    """Several predicates as alternatives: "Butuh Perbaikan or Kurang"."""
    names = [predicate_name(predicate) for predicate in predicates]
    if len(names) < 2:
        return "".join(names)
    return _("%(items)s or %(last)s") % {"items": ", ".join(names[:-1]), "last": names[-1]}


def _sentence(violation: DistributionViolation) -> str:
    """The sentence of a violation, before its numbers are filled in."""
    rule, limit = violation.rule, violation.limit
    if rule == DistributionRule.NOT_MOST:
        return _(
            "%(predicate)s must be the largest group: at least %(limit)d, one more than any"
            " other predicate; now %(actual)d."
        )
    if rule == DistributionRule.SB_NONE:
        return _(
            "No employee may be %(predicate)s under this organisation predicate; now %(actual)d."
        )
    if violation.percent is None:  # "there must be": Baik's BP and/or K
        return ngettext(
            "There must be at least %(limit)d employee rated %(predicate)s; now %(actual)d.",
            "There must be at least %(limit)d employees rated %(predicate)s; now %(actual)d.",
            limit,
        )
    if violation.bound == "max" and limit == 0:
        return _(
            "%(percent)d %% of this population rounds down to nobody: no employee may be"
            " %(predicate)s; now %(actual)d."
        )
    if violation.bound == "max":
        return ngettext(
            "At most %(percent)d %% (%(limit)d person) may be %(predicate)s; now %(actual)d.",
            "At most %(percent)d %% (%(limit)d people) may be %(predicate)s; now %(actual)d.",
            limit,
        )
    if len(violation.predicates) > 1:
        return ngettext(
            "At least %(percent)d %% (%(limit)d person) must be %(predicate)s together;"
            " now %(actual)d.",
            "At least %(percent)d %% (%(limit)d people) must be %(predicate)s together;"
            " now %(actual)d.",
            limit,
        )
    return ngettext(
        "At least %(percent)d %% (%(limit)d person) must be %(predicate)s; now %(actual)d.",
        "At least %(percent)d %% (%(limit)d people) must be %(predicate)s; now %(actual)d.",
        limit,
    )


def violation_message(violation: DistributionViolation) -> str:
    """One broken rule of the distribution pattern (SE MenPANRB 3/2023, see
    ``scoring.distribution_violations``) as a sentence for the leader: what the rule
    asks, as a share and in people for this population, and what the count is now."""
    return _sentence(violation) % {
        "predicate": predicate_names(violation.predicates),
        "percent": violation.percent or 0,
        "limit": violation.limit,
        "actual": violation.actual,
    }


_RULE_LABELS = {
    DistributionRule.NOT_MOST: gettext_lazy("The dominant predicate was not the largest group"),
    DistributionRule.DOMINANT_MAX: gettext_lazy("The dominant predicate was above its cap"),
    DistributionRule.DOMINANT_MIN: gettext_lazy(
        "The dominant predicate was below its minimum share"
    ),
    DistributionRule.REQUIRED_MIN: gettext_lazy("A group that must be present was too small"),
    DistributionRule.SB_MAX: gettext_lazy("Too many Sangat Baik"),
    DistributionRule.SB_NONE: gettext_lazy(
        "Sangat Baik although the organisation predicate allows none"
    ),
}


def rule_label(rule: DistributionRule | str) -> str:
    """A short name of a rule, for the record of a finalisation (which keeps only the
    rule codes); an unknown code is shown as it is."""
    try:
        return str(_RULE_LABELS[DistributionRule(rule)])
    except ValueError:
        return str(rule)


_STATUS_LABELS = {
    EvaluationStatus.DRAFT: gettext_lazy("Being rated"),
    EvaluationStatus.SUBMITTED: gettext_lazy("Submitted"),
    EvaluationStatus.DELIVERED: gettext_lazy("Delivered"),
    EvaluationStatus.OBJECTED: gettext_lazy("Objection filed"),
    EvaluationStatus.DECIDED: gettext_lazy("Objection decided"),
}


def evaluation_status_label(status: EvaluationStatus | str) -> str:
    """An evaluation's status as the calibration page names it."""
    try:
        return str(_STATUS_LABELS[EvaluationStatus(status)])
    except ValueError:
        return str(status)


_ROMAN = ("I", "II", "III", "IV")


def period_name(kind: str, starts_on: date) -> str:
    """An evaluation period as people name it: "Januari 2026", "Triwulan I 2026", or
    "Tahunan 2026" for the annual evaluation (``kind`` is ``Period.Kind``'s value)."""
    if kind == "MONTH":
        return formats.date_format(starts_on, "F Y")
    if kind == "QUARTER":
        number = _ROMAN[(starts_on.month - 1) // 3]
        return _("Triwulan %(number)s %(year)d") % {"number": number, "year": starts_on.year}
    return _("Annual %(year)d") % {"year": starts_on.year}
