"""Figures of fixed service teams (组团式服务) per node and period, counted from records.

- `service_teams`: teams led from the node (a street or community under it) set up by the end of
  the period and active (a report key of issue 22);
- `service_team_members`: their active members who joined by the end of the period;
- `team_services`: orders dispatched to a team and completed (办结) in the period, under the node;
- `team_service_hours`: the hours credited for those orders (the orders ledger's participants).

Called like every dashboard: `figures(path=area.scope_path, start=date, end=date)`; cobuilding's
dashboard merges it (`add_figures(teams_dashboard.figures)` in cobuilding's AppConfig.ready).
"""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q, Sum

from yipanqi.orders.models import OrderParticipant, ServiceOrder, ServiceTeam, ServiceTeamMember


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    under = Q(scope_path__startswith=path)
    teams = ServiceTeam.objects.filter(under, active=True, formed_on__lte=end)
    members = ServiceTeamMember.objects.filter(
        team__in=teams, active=True, joined_at__date__lte=end
    )
    services = ServiceOrder.objects.filter(
        under, dispatched_team__isnull=False, done_at__date__range=(start, end)
    )
    hours = OrderParticipant.objects.filter(order__in=services).aggregate(h=Sum("hours"))["h"]
    return {
        "service_teams": teams.count(),
        "service_team_members": members.count(),
        "team_services": services.count(),
        "team_service_hours": float(hours or Decimal(0)),
    }
