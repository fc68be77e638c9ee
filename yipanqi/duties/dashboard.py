"""Figures of duty access for reports and dashboards, from records per node and period.

- `duties_admitted`: admitted duties carried at the period's end by towns and communities under
  the node (one per receiving node; `duties_admitted_items`: distinct duties);
- `duties_requests_<status>`: access requests filed in the period under the node, by status now;
  `duties_requests_overdue`: of the open ones, those past their decide-by date;
- `duties_refusals`: tasks refused by towns and communities under the node in the period;
- `duties_list_items` / `duties_list_items_done`: items of the period's years' responsibility lists.
"""

import datetime
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from yipanqi.duties.choices import Progress, RequestStatus
from yipanqi.duties.models import AccessRequest, AdmittedDuty, DutyItem, TaskRefusal
from yipanqi.duties.selectors import carried_on


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    carried = carried_on(AdmittedDuty.objects.filter(scope_path__startswith=path), end)
    filed = AccessRequest.objects.filter(
        scope_path__startswith=path, submitted_at__date__range=(start, end)
    )
    by_status = {s: Count("pk", filter=Q(status=s)) for s in RequestStatus.values}
    overdue = Q(status=RequestStatus.SUBMITTED, decide_by__lt=timezone.localdate())
    counts = filed.aggregate(overdue=Count("pk", filter=overdue), **by_status)
    items = DutyItem.objects.filter(
        scope_path__startswith=path, duty_list__year__range=(start.year, end.year)
    )
    item_counts = items.aggregate(n=Count("pk"), done=Count("pk", filter=Q(progress=Progress.DONE)))
    refused = TaskRefusal.objects.filter(
        scope_path__startswith=path, refused_on__range=(start, end)
    )
    return {
        "duties_admitted": carried.count(),
        "duties_admitted_items": carried.values("request_id").distinct().count(),
        **{f"duties_requests_{s}": counts[s] for s in RequestStatus.values},
        "duties_requests_overdue": counts["overdue"],
        "duties_refusals": refused.count(),
        "duties_list_items": item_counts["n"],
        "duties_list_items_done": item_counts["done"],
    }
