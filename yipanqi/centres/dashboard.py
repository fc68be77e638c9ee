"""Figures of the centre network and its 5A rating for reports and dashboards, computed from
records per node and period: centres per level (`town_centres` is the "12"), centres graded in the
period per grade, and the mean score per dimension of those grades (grading.compute, the same
function that published them)."""

import datetime
from collections import Counter, defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count

from yipanqi.centres import grading
from yipanqi.centres.choices import AssessmentStatus, CentreLevel
from yipanqi.centres.models import CentreAssessment, Dimension, Indicator, ScoreEntry, ServiceCentre

GRADED = (AssessmentStatus.PUBLISHED, AssessmentStatus.APPEALED)


def _per_level(path: str) -> dict[str, int]:
    rows = (
        ServiceCentre.objects.filter(scope_path__startswith=path)
        .values("level")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {r["level"]: r["n"] for r in rows}
    return {level: counts.get(level, 0) for level in CentreLevel.values}


def _dimension_means(assessments: list[CentreAssessment]) -> dict[str, float]:
    """Mean per dimension (0–100) over the graded assessments, each from its own scheme."""
    if not assessments:
        return {}
    schemes = {a.round.scheme_id for a in assessments}
    indicators = list(
        Indicator.objects.filter(dimension__scheme_id__in=schemes).select_related("dimension")
    )
    names = dict(Dimension.objects.filter(scheme_id__in=schemes).values_list("pk", "name"))
    entries: dict[int, list] = defaultdict(list)
    rows = ScoreEntry.objects.filter(assessment__in=[a.pk for a in assessments]).order_by("id")
    for a_id, *entry in rows.values_list("assessment_id", "indicator_id", "level", "value"):
        entries[a_id].append(tuple(entry))
    sums: dict[str, list[Decimal]] = defaultdict(list)
    for a in assessments:
        own = [
            grading.IndicatorWeight(i.pk, i.dimension_id, i.max_score, i.weight)
            for i in indicators
            if i.dimension.scheme_id == a.round.scheme_id
        ]
        scores = grading.effective_scores(entries[a.pk])
        for dimension_id, score in grading.dimension_scores(own, scores).items():
            sums[names[dimension_id]].append(score)
    return {
        name: float((sum(v) / len(v)).quantize(grading.CENT, ROUND_HALF_UP))
        for name, v in sums.items()
    }


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    levels = _per_level(path)
    graded = list(
        CentreAssessment.objects.filter(
            scope_path__startswith=path,
            status__in=GRADED,
            published_at__date__range=(start, end),
        ).select_related("round")
    )
    by_grade = Counter(a.grade or "none" for a in graded)  # "none": below every threshold
    return {
        "district_centres": levels[CentreLevel.DISTRICT],
        "town_centres": levels[CentreLevel.TOWN],
        "grassroots_centres": levels[CentreLevel.GRASSROOTS],
        "centres_graded": len(graded),
        "centres_by_grade": dict(sorted(by_grade.items())),
        "centres_dimension_means": _dimension_means(graded),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "district_centres": {
        "zh": "区级党群服务中心",
        "en": "District centres",
        "unit": "个",
        "definition": "节点下区级党群服务中心数",
    },
    "town_centres": {
        "zh": "镇街党群服务中心",
        "en": "Town centres",
        "unit": "个",
        "definition": "节点下镇（街道）级党群服务中心数",
    },
    "grassroots_centres": {
        "zh": "基层党群服务站点",
        "en": "Grassroots centres",
        "unit": "个",
        "definition": "节点下社区、村及网格级服务站点数",
    },
    "centres_graded": {
        "zh": "评星定级中心数",
        "en": "Centres graded",
        "unit": "个",
        "definition": "期内完成评定的中心数",
    },
    "centres_by_grade": {
        "zh": "中心数（按星级）",
        "en": "Centres by grade",
        "unit": "个",
        "definition": "期内评定的中心按星级分列（none 为未达最低档）",
    },
    "centres_dimension_means": {
        "zh": "各维度平均得分",
        "en": "Mean score per dimension",
        "unit": "分（0–100）",
        "definition": "期内评定的中心在各维度的平均得分",
    },
}
