"""Period notation shared by every context: ``2026`` (year), ``2026-Q1`` (triwulan),
``2026-01`` (month). Pure: no Django, no clock."""

import calendar
import enum
import re
from dataclasses import dataclass
from datetime import date

# [0-9], not \d: \d also matches other scripts' digits ("٢٠٢٦").
_PATTERN = re.compile(r"(?P<year>[0-9]{4})(?:-(?:Q(?P<quarter>[1-4])|(?P<month>0[1-9]|1[0-2])))?")


class PeriodKind(enum.StrEnum):
    YEAR = "TAHUN"
    QUARTER = "TRIWULAN"
    MONTH = "BULAN"


@dataclass(frozen=True, slots=True, order=True)
class PeriodSpan:
    starts_on: date
    ends_on: date
    kind: PeriodKind
    code: str


class InvalidPeriod(ValueError):  # noqa: N818
    pass


def parse_period(code: str) -> PeriodSpan:
    """Turn ``2026``, ``2026-Q3`` or ``2026-07`` into its first and last day.

    Raises ``InvalidPeriod`` for anything else (``2026-13``, ``2026-Q5``, ``26``).
    """
    code = code.strip()
    match = _PATTERN.fullmatch(code)
    if match is None or match["year"] == "0000":  # date() knows no year 0
        raise InvalidPeriod(code)
    year = int(match["year"])
    if match["quarter"]:
        quarter = int(match["quarter"])
        first_month, last_month = 3 * quarter - 2, 3 * quarter
        kind = PeriodKind.QUARTER
    elif match["month"]:
        first_month = last_month = int(match["month"])
        kind = PeriodKind.MONTH
    else:
        first_month, last_month = 1, 12
        kind = PeriodKind.YEAR
    last_day = calendar.monthrange(year, last_month)[1]
    return PeriodSpan(date(year, first_month, 1), date(year, last_month, last_day), kind, code)


def periods_of_year(year: int) -> list[PeriodSpan]:
    """The year, its four triwulan and its twelve months, in that order."""
    codes = [f"{year:04d}"]
    codes += [f"{year:04d}-Q{quarter}" for quarter in range(1, 5)]
    codes += [f"{year:04d}-{month:02d}" for month in range(1, 13)]
    return [parse_period(code) for code in codes]
