"""The results score of an evaluation, as a pure function of its measured lines.

Each results indicator of the criteria version that applies to the employee is one line:
its measured value goes through the indicator's curve (``criteria.rules.curve_score``)
and the scores are weighted by the indicators' weights. PermenPANRB 6/2022 requires no
particular weighting for the results rating (Lampiran: "tanpa ada persyaratan pembobotan
tertentu"); the weights and curves are the office's published criteria, and the score
only *suggests* the rating, which the appraiser sets.

A line without a measurement (no service task completed in the period, no realisation
recorded) does not count as zero: it is left out and the other lines' weights are scaled
up to 100, so that nobody is marked down for data that does not exist. The explanation
page says which lines were left out.

No Django: lines come in as dataclasses and go out as dataclasses or plain dicts (the
form kept in ``Evaluation.computation``).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from kinerja.criteria.rules import SCORE_PLACES, curve_score

FULL_WEIGHT = Decimal(100)


@dataclass(frozen=True, slots=True)
class MeasuredLine:
    """One results indicator with what was measured for the employee in the period.

    ``value`` is None when there is nothing to measure. ``source_detail`` says where the
    value came from (a period code, how many tasks or IKI), for the explanation.
    """

    indicator_id: int
    code: str
    name: str
    aspect: str
    source: str
    weight: Decimal
    floor: Decimal
    target: Decimal
    ceiling: Decimal
    lower_is_better: bool
    value: Decimal | None
    source_detail: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class ScoredLine:
    line: MeasuredLine
    score: Decimal | None
    # The weight the line counts with once missing lines are left out.
    counted_weight: Decimal
    contribution: Decimal

    @property
    def is_counted(self) -> bool:
        return self.score is not None


@dataclass(frozen=True, slots=True)
class ResultsScore:
    lines: tuple[ScoredLine, ...]
    # None when no line has a measurement.
    total: Decimal | None

    @property
    def left_out(self) -> tuple[ScoredLine, ...]:
        return tuple(line for line in self.lines if not line.is_counted)


def _places(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def score_lines(lines: Iterable[MeasuredLine]) -> ResultsScore:
    """Score every line on its curve and weight the scores (see the module docstring)."""
    scored: list[tuple[MeasuredLine, Decimal | None]] = [
        (
            line,
            None
            if line.value is None
            else curve_score(
                line.value,
                floor=line.floor,
                target=line.target,
                ceiling=line.ceiling,
                lower_is_better=line.lower_is_better,
            ),
        )
        for line in lines
    ]
    measured_weight = sum((line.weight for line, score in scored if score is not None), Decimal(0))
    result: list[ScoredLine] = []
    total = Decimal(0)
    for line, score in scored:
        if score is None or measured_weight == 0:
            result.append(ScoredLine(line, score, Decimal(0), Decimal(0)))
            continue
        counted = line.weight * FULL_WEIGHT / measured_weight
        contribution = score * counted / FULL_WEIGHT
        total += contribution
        result.append(ScoredLine(line, score, _places(counted), _places(contribution)))
    has_any = any(score is not None for _, score in scored) and measured_weight > 0
    return ResultsScore(lines=tuple(result), total=_places(total) if has_any else None)


# -- the stored form ----------------------------------------------------------------------


def _text(value: Decimal | None) -> str | None:
    return None if value is None else str(value)


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def line_to_dict(line: MeasuredLine) -> dict[str, Any]:
    return {
        "indicator_id": line.indicator_id,
        "code": line.code,
        "name": line.name,
        "aspect": line.aspect,
        "source": line.source,
        "weight": str(line.weight),
        "floor": str(line.floor),
        "target": str(line.target),
        "ceiling": str(line.ceiling),
        "lower_is_better": line.lower_is_better,
        "value": _text(line.value),
        "source_detail": dict(line.source_detail),
    }


def line_from_dict(data: Mapping[str, Any]) -> MeasuredLine:
    value = _decimal(data["value"])
    return MeasuredLine(
        indicator_id=int(data["indicator_id"]),
        code=str(data["code"]),
        name=str(data["name"]),
        aspect=str(data["aspect"]),
        source=str(data["source"]),
        weight=Decimal(data["weight"]),
        floor=Decimal(data["floor"]),
        target=Decimal(data["target"]),
        ceiling=Decimal(data["ceiling"]),
        lower_is_better=bool(data["lower_is_better"]),
        value=value,
        source_detail=dict(data.get("source_detail") or {}),
    )
