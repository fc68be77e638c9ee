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
