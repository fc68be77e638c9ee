"""Figures of the community workforce for reports and dashboards, from records per node and period:
average yearly pay per post from the approved pay runs' lines of the period's years (the seed's
122,000 / 99,000 / 84,000 of 2020), workers in post at the period's end and the least training days
any of them had in the period (the seed's "at least 7 days"), how many are under the minimum, and
the career moves into civil-service or public-institution posts recorded up to the period's end
(the seed's 8)."""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Avg, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce

from yipanqi.workforce import policies
from yipanqi.workforce.choices import Post, RunStatus, WorkerStatus
from yipanqi.workforce.models import CareerMove, PayLine, Worker

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=1))


def _average_pay(path: str, start: datetime.date, end: datetime.date) -> dict[str, int | None]:
    rows = (
        PayLine.objects.filter(
            scope_path__startswith=path,
            run__status=RunStatus.APPROVED,
            run__year__range=(start.year, end.year),
        )
        .values("post")
        .annotate(avg=Avg("total"))
        .order_by()
    )
    means = {r["post"]: r["avg"] for r in rows}
    return {
        f"avg_pay_{post}": None
        if means.get(post) is None
        else int(Decimal(str(means[post])).quantize(Decimal(1), ROUND_HALF_UP))
        for post in Post.values
    }


def in_post_at(path: str, day: datetime.date) -> Any:
    rows = Worker.objects.filter(scope_path__startswith=path, started_on__lte=day)
    return rows.exclude(status__in=[WorkerStatus.EXITED, WorkerStatus.MOVED], ended_on__lte=day)


def _training(path: str, start: datetime.date, end: datetime.date) -> tuple[Decimal | None, int]:
    attended = Q(
        enrolments__attended=True,
        enrolments__course__start__gte=start,
        enrolments__course__start__lte=end,
    )
    days = list(
        in_post_at(path, end)
        .annotate(d=Coalesce(Sum("enrolments__course__days", filter=attended), ZERO))
        .values_list("district_code", "d")
    )
    if not days:
        return None, 0
    minimum = {code: Decimal(str(policies.TRAINING_MIN_DAYS.value(code))) for code, _d in days}
    return min(d for _c, d in days), sum(1 for code, d in days if d < minimum[code])


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    least, short = _training(path, start, end)
    moves = CareerMove.objects.filter(scope_path__startswith=path, moved_on__lte=end)
    return {
        **_average_pay(path, start, end),
        "workers_in_post": in_post_at(path, end).count(),
        "training_days_min": None if least is None else float(least),
        "training_short": short,
        "moved_to_civil_service": moves.count(),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "avg_pay_head": {
        "zh": "正职平均薪酬",
        "en": "Average pay, heads",
        "unit": "元/年",
        "definition": "期内审定的薪酬发放中社区正职的年平均薪酬",
    },
    "avg_pay_deputy": {
        "zh": "副职平均薪酬",
        "en": "Average pay, deputies",
        "unit": "元/年",
        "definition": "期内审定的薪酬发放中社区副职的年平均薪酬",
    },
    "avg_pay_other": {
        "zh": "其他社工平均薪酬",
        "en": "Average pay, other staff",
        "unit": "元/年",
        "definition": "期内审定的薪酬发放中其他社区工作者的年平均薪酬",
    },
    "workers_in_post": {
        "zh": "在岗社区工作者",
        "en": "Workers in post",
        "unit": "人",
        "definition": "期末在岗的社区工作者人数",
    },
    "training_days_min": {
        "zh": "最少培训天数",
        "en": "Fewest training days",
        "unit": "天",
        "definition": "期内在岗社区工作者培训天数的最小值",
    },
    "training_short": {
        "zh": "培训未达标人数",
        "en": "Behind on training",
        "unit": "人",
        "definition": "期内培训天数低于规定下限的人数",
    },
    "moved_to_civil_service": {
        "zh": "进入公务员或事业编制",
        "en": "Moved to civil service",
        "unit": "人",
        "definition": "截至期末转入公务员或事业编制的社区工作者人数",
    },
}
