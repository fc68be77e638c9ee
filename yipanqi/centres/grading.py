"""The grade of a centre from its scores and the scheme's weights: one pure function, no database.

    dimension score = 100 × Σ(indicator weight × score / max score) / Σ indicator weights
    total           = Σ(dimension weight × dimension score) / Σ dimension weights   (0–100)
    grade           = the grade of the highest threshold the total reaches ("" below all)

An indicator without a score counts 0. The score that counts for an indicator is the latest one
given at the highest level (district review over street review over self-assessment).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yipanqi.centres.choices import SCORE_LEVEL_RANK

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


@dataclass(frozen=True)
class IndicatorWeight:
    indicator_id: int
    dimension_id: int
    max_score: Decimal
    weight: Decimal


@dataclass(frozen=True)
class Result:
    total: Decimal
    grade: str
    dimensions: dict[int, Decimal]  # dimension id -> score 0–100


def effective_scores(entries: Iterable[tuple[int, str, Decimal]]) -> dict[int, Decimal]:
    """indicator id -> the score that counts, from (indicator id, level, value) in entry order."""
    best: dict[int, tuple[int, Decimal]] = {}
    for indicator_id, level, value in entries:
        rank = SCORE_LEVEL_RANK[level]
        if indicator_id not in best or rank >= best[indicator_id][0]:
            best[indicator_id] = (rank, value)
    return {k: v for k, (_rank, v) in best.items()}


def latest_by_level(entries: Iterable[tuple[int, str, Decimal]]) -> dict[tuple[int, str], Decimal]:
    """(indicator id, level) -> the latest score given at that level."""
    return {(i, level): value for i, level, value in entries}


def dimension_scores(
    indicators: Iterable[IndicatorWeight], scores: Mapping[int, Decimal]
) -> dict[int, Decimal]:
    sums: dict[int, tuple[Decimal, Decimal]] = {}
    for ind in indicators:
        share = ind.weight * scores.get(ind.indicator_id, Decimal(0)) / ind.max_score
        got, weights = sums.get(ind.dimension_id, (Decimal(0), Decimal(0)))
        sums[ind.dimension_id] = (got + share, weights + ind.weight)
    return {d: HUNDRED * got / weights for d, (got, weights) in sums.items() if weights}


def grade_for(total: Decimal, thresholds: Iterable[tuple[str, Decimal]]) -> str:
    reached = [(least, grade) for grade, least in thresholds if total >= least]
    return max(reached)[1] if reached else ""


def compute(
    *,
    dimensions: Mapping[int, Decimal],
    indicators: Iterable[IndicatorWeight],
    thresholds: Iterable[tuple[str, Decimal]],
    scores: Mapping[int, Decimal],
) -> Result:
    """The total and grade of one assessment. `dimensions`: dimension id -> weight."""
    per_dimension = dimension_scores(indicators, scores)
    weights = sum((dimensions[d] for d in per_dimension), Decimal(0))
    raw = sum((dimensions[d] * s for d, s in per_dimension.items()), Decimal(0))
    total = (raw / weights if weights else Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    rounded = {d: s.quantize(CENT, ROUND_HALF_UP) for d, s in per_dimension.items()}
    return Result(total=total, grade=grade_for(total, thresholds), dimensions=rounded)
