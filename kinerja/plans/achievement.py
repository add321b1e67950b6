"""The achievement of an IKI (capaian IKI, PermenPANRB 8/2021), as a pure function.

It belongs with the SKP whose realisations it measures; ``kinerja.appraisals.scoring``
re-exports it as part of the appraisal rules (product.md 4.4).
"""

from decimal import ROUND_HALF_UP, Decimal

PERCENT = Decimal(100)
ACHIEVEMENT_PLACES = Decimal("0.01")


def _decimal(value: Decimal | int | float | str) -> Decimal:
    # str() first: Decimal(0.1) would carry the float's binary noise into the percentage.
    return value if isinstance(value, Decimal) else Decimal(str(value))


def iki_achievement(
    realisation: Decimal | int | float | str,
    target_min: Decimal | int | float | str,
    target_max: Decimal | int | float | str | None = None,
    *,
    lower_is_better: bool = False,
) -> Decimal:
    """Capaian IKI in per cent, two places (PermenPANRB 8/2021, Lampiran, "capaian IKI").

    - More is better: ``realisation / target * 100``.
    - Less is better (a time, a number of complaints): ``(1 + (1 - realisation / target))
      * 100`` — the special formula of 8/2021 — never below 0.
    - A range target ``target_min``–``target_max``: the upper bound is used when the
      realisation is above the range and the lower bound when it is below (8/2021: target
      7–8 months, realisation 6.5 → 107.14 %, realisation 9 → 87.50 %, less being better).
      Inside the range the achievement is 100: the regulation is silent there, and 100 is
      the documented default of this implementation (product.md 4.4).

    Raises ValueError for a target that is not positive or a range whose bounds are out
    of order: no achievement can be computed against them.
    """
    value = _decimal(realisation)
    low = _decimal(target_min)
    high = low if target_max is None else _decimal(target_max)
    if low <= 0 or high < low:
        raise ValueError("the target must be positive, and a range must run from low to high")
    if low <= value <= high and target_max is not None:
        achievement = PERCENT
    else:
        target = high if value > high else low
        ratio = value / target
        achievement = (2 - ratio) * PERCENT if lower_is_better else ratio * PERCENT
    return max(achievement, Decimal(0)).quantize(ACHIEVEMENT_PLACES, rounding=ROUND_HALF_UP)
