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

An *extra-credit* line (the verified innovation credit: "a verified innovation earns
extra credit") counts only when it raises the score, so that having no innovation, or a
small one, never lowers anybody's score below what their other work earned; and only
next to at least one other measured line, so that credit alone never makes a score.

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
    is_extra_credit: bool = False


@dataclass(frozen=True, slots=True)
class ScoredLine:
    line: MeasuredLine
    score: Decimal | None
    # The weight the line counts with once missing lines are left out.
    counted_weight: Decimal
    contribution: Decimal

    # False for a line without a measurement, and for extra credit that would not raise
    # the score.
    is_counted: bool


@dataclass(frozen=True, slots=True)
class ResultsScore:
    lines: tuple[ScoredLine, ...]
    # None when no line has a measurement.
    total: Decimal | None

    @property
    def left_out(self) -> tuple[ScoredLine, ...]:
        return tuple(line for line in self.lines if not line.is_counted)


def _weighted(parts: list[tuple[Decimal, Decimal]]) -> Decimal:
    weight = sum((part_weight for _score, part_weight in parts), Decimal(0))
    return sum((score * part_weight for score, part_weight in parts), Decimal(0)) / weight


def _places(value: Decimal) -> Decimal:
    return value.quantize(SCORE_PLACES, rounding=ROUND_HALF_UP)


def score_lines(lines: Iterable[MeasuredLine]) -> ResultsScore:
    """Score every line on its curve and weight the scores (see the module docstring)."""
    measured = [
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
    counted: set[int] = {
        index
        for index, (line, score) in enumerate(measured)
        if score is not None and not line.is_extra_credit and line.weight > 0
    }
    if counted:
        # Extra credit, best first, while it raises the score: adding a line moves the
        # weighted mean towards the line's score, so it raises it exactly when the score
        # is above the mean so far.
        extras = sorted(
            (
                (score, index)
                for index, (line, score) in enumerate(measured)
                if score is not None and line.is_extra_credit and line.weight > 0
            ),
            reverse=True,
        )
        for extra_score, index in extras:
            mean = _weighted(
                [(measured[i][1] or Decimal(0), measured[i][0].weight) for i in counted]
            )
            if extra_score > mean:
                counted.add(index)
    weight = sum((measured[index][0].weight for index in counted), Decimal(0))
    result: list[ScoredLine] = []
    total = Decimal(0)
    for index, (line, score) in enumerate(measured):
        if index not in counted or score is None:
            result.append(ScoredLine(line, score, Decimal(0), Decimal(0), is_counted=False))
            continue
        counted_weight = line.weight * FULL_WEIGHT / weight
        contribution = score * counted_weight / FULL_WEIGHT
        total += contribution
        result.append(
            ScoredLine(line, score, _places(counted_weight), _places(contribution), is_counted=True)
        )
    return ResultsScore(lines=tuple(result), total=_places(total) if counted else None)


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
        "is_extra_credit": line.is_extra_credit,
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
        is_extra_credit=bool(data.get("is_extra_credit", False)),
    )


def behaviour_score(levels: Iterable[tuple[Decimal, Decimal, Decimal, Decimal]]) -> Decimal | None:
    """The behaviour score of the numeric method (PP 30/2019 Pasal 41): the mean of the
    behaviour indicators' scores, each the appraiser's rubric level on its curve, given as
    (level, floor, target, ceiling); None when there is none."""
    scores = [
        curve_score(level, floor=floor, target=target, ceiling=ceiling)
        for level, floor, target, ceiling in levels
    ]
    if not scores:
        return None
    return _places(sum(scores, Decimal(0)) / len(scores))


def has_innovation(lines: Iterable[MeasuredLine]) -> bool:
    """Whether the employee has verified innovation credit: PP 30/2019 Pasal 41 gives
    Sangat Baik only to someone who created a new idea or method that improved
    performance."""
    return any(line.is_extra_credit and line.value is not None and line.value > 0 for line in lines)
