"""Criteria versions for tests, built through the real services so that every rule the
application applies holds for them too."""

from decimal import Decimal
from typing import Any

from kinerja.accounts.models import User
from kinerja.criteria.models import CriteriaVersion, Indicator
from kinerja.criteria.rules import Stage
from kinerja.criteria.services.versions import (
    IndicatorInput,
    create_version,
    move_version,
    save_indicator,
)
from kinerja.organization.models import OrgUnit


def results_indicator(code: str, weight: int | str, **overrides: Any) -> IndicatorInput:
    """A results indicator on the on-time rate (0.5 → 0, 0.9 → 100, 1 → 120)."""
    values: dict[str, Any] = {
        "code": code,
        "aspect": Indicator.Aspect.EFEKTIVITAS,
        "name": f"Indikator {code}",
        "explanation": f"Penjelasan {code}",
        "source": Indicator.Source.SERVICE_ON_TIME,
        "floor": Decimal("0.5"),
        "target": Decimal("0.9"),
        "ceiling": Decimal("1"),
        "weight": Decimal(weight),
        "rationale": "",
    }
    values.update(overrides)
    return IndicatorInput(**values)


def complete_version(
    actor: User,
    organization: OrgUnit,
    *,
    year: int = 2026,
    title: str = "Kriteria 2026",
    weights: tuple[int, ...] = (60, 40),
) -> CriteriaVersion:
    """A fresh draft with BerAKHLAK and results indicators whose weights are ``weights``."""
    version = create_version(actor=actor, year=year, title=title, organization=organization)
    for number, weight in enumerate(weights, start=1):
        save_indicator(
            actor=actor, version=version, data=results_indicator(f"hasil-{number}", weight)
        )
    return version


def published_version(
    actor: User, organization: OrgUnit, *, year: int = 2026, **kwargs: Any
) -> CriteriaVersion:
    """A complete version moved through adoption to publication (``actor``: an HR admin)."""
    version = complete_version(actor, organization, year=year, **kwargs)
    move_version(actor=actor, version=version, to=Stage.ADOPTED)
    return move_version(actor=actor, version=version, to=Stage.PUBLISHED)
