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


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "duties_admitted": {
        "zh": "准入事项数",
        "en": "Duties admitted",
        "unit": "项",
        "definition": "期内处于准入状态的事项数",
    },
    "duties_admitted_items": {
        "zh": "准入申请数",
        "en": "Admitted requests",
        "unit": "项",
        "definition": "准入事项对应的申请数（去重）",
    },
    "duties_requests_submitted": {
        "zh": "待审批准入申请",
        "en": "Requests submitted",
        "unit": "项",
        "definition": "期内处于已申请状态的准入申请数",
    },
    "duties_requests_approved": {
        "zh": "已准入申请",
        "en": "Requests admitted",
        "unit": "项",
        "definition": "期内已准入的申请数",
    },
    "duties_requests_refused": {
        "zh": "不予准入申请",
        "en": "Requests refused",
        "unit": "项",
        "definition": "期内不予准入的申请数",
    },
    "duties_requests_withdrawn": {
        "zh": "已撤回申请",
        "en": "Requests withdrawn",
        "unit": "项",
        "definition": "期内撤回的申请数",
    },
    "duties_requests_retired": {
        "zh": "已退出事项",
        "en": "Requests retired",
        "unit": "项",
        "definition": "期内退出清单的事项数",
    },
    "duties_requests_overdue": {
        "zh": "超期未审批申请",
        "en": "Requests overdue",
        "unit": "项",
        "definition": "超过审批时限尚未处理的申请数",
    },
    "duties_refusals": {
        "zh": "社区拒绝摊派次数",
        "en": "Refusals",
        "unit": "次",
        "definition": "期内社区拒绝清单外事项的次数",
    },
    "duties_list_items": {
        "zh": "清单事项数",
        "en": "List items",
        "unit": "项",
        "definition": "节点下社区工作事项清单的条目数",
    },
    "duties_list_items_done": {
        "zh": "清单事项完成数",
        "en": "List items done",
        "unit": "项",
        "definition": "清单条目中已完成的数量",
    },
}
