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


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "service_teams": {
        "zh": "组团式服务队伍",
        "en": "Service teams",
        "unit": "支",
        "definition": "期末在岗的组团式服务队伍数",
    },
    "service_team_members": {
        "zh": "服务队伍成员",
        "en": "Service team members",
        "unit": "人",
        "definition": "期末在岗服务队伍的在岗成员数",
    },
    "team_services": {
        "zh": "队伍办结服务",
        "en": "Team services",
        "unit": "单",
        "definition": "期内派给队伍并办结的服务订单数",
    },
    "team_service_hours": {
        "zh": "队伍服务时长",
        "en": "Team service hours",
        "unit": "小时",
        "definition": "上述订单记入的服务小时数",
    },
}
