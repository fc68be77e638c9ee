"""Figures of grid work for reports and dashboards, computed from records per node and period.

`households_screened` (docs/decisions/007): distinct target households with a screened outcome
(visited, or needs follow-up) in sweeps whose period overlaps [start, end], under the node.
"""

import datetime
from typing import Any

from django.db.models import Q

from yipanqi.grid.choices import SCREENED, EscalationLevel, IncidentStatus, Outcome
from yipanqi.grid.models import Campaign, Incident, Target, Visit


def _distinct_households(rows: Any) -> int:
    return rows.values("household_id").distinct().count()


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    under = Q(scope_path__startswith=path)
    campaigns = Campaign.objects.filter(starts_on__lte=end, ends_on__gte=start).values("pk")
    visits = Visit.objects.filter(under, campaign_id__in=campaigns)
    targets = Target.objects.filter(under, campaign_id__in=campaigns)
    incidents = Incident.objects.filter(under, reported_at__date__range=(start, end))
    return {
        "households_screened": _distinct_households(visits.filter(outcome__in=SCREENED)),
        "sweep_campaigns": targets.values("campaign_id").distinct().count(),
        "sweep_households_targeted": _distinct_households(targets),
        "sweep_visits": visits.count(),
        "sweep_follow_ups": visits.filter(outcome=Outcome.FOLLOW_UP).count(),
        "incidents_reported": incidents.count(),
        "incidents_closed": incidents.filter(status=IncidentStatus.CLOSED).count(),
        "incidents_escalated": incidents.filter(escalation_level__gte=EscalationLevel.TOWN).count(),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "households_screened": {
        "zh": "排查户数",
        "en": "Households screened",
        "unit": "户",
        "definition": "期内走访排查到的不同户数",
    },
    "sweep_campaigns": {
        "zh": "大走访活动数",
        "en": "Sweep campaigns",
        "unit": "次",
        "definition": "期内有走访对象的排查活动数",
    },
    "sweep_households_targeted": {
        "zh": "排查对象户数",
        "en": "Households targeted",
        "unit": "户",
        "definition": "期内排查活动的对象户数（去重）",
    },
    "sweep_visits": {
        "zh": "走访次数",
        "en": "Sweep visits",
        "unit": "次",
        "definition": "期内记录的走访次数",
    },
    "sweep_follow_ups": {
        "zh": "需跟进走访",
        "en": "Visits needing follow-up",
        "unit": "次",
        "definition": "期内结果为需跟进的走访次数",
    },
    "incidents_reported": {
        "zh": "网格事件上报数",
        "en": "Incidents reported",
        "unit": "件",
        "definition": "期内网格上报的事件数",
    },
    "incidents_closed": {
        "zh": "网格事件办结数",
        "en": "Incidents closed",
        "unit": "件",
        "definition": "期内上报且已办结的事件数",
    },
    "incidents_escalated": {
        "zh": "上报镇街事件数",
        "en": "Incidents escalated",
        "unit": "件",
        "definition": "期内上报到镇街及以上的事件数",
    },
}
