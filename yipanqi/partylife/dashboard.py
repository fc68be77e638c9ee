"""Figures of party life for reports and dashboards, computed from records per node and period.

- `branch_meetings_held`: meetings of branches under the node held (recorded or confirmed) with
  their date in [start, end];
- `branch_meeting_compliance`: of the required meetings (kind × month or quarter, policy) of the
  branches keeping their life here, in the periods of [start, end] already over, the share held;
- `dues_collected_yuan`: dues paid (by payment date) under the node, in yuan (summed in fen);
- `transfers_completed`: transfers of membership out of the node's branches completed in the
  period.
"""

import datetime

from django.db.models import Sum
from django.utils import timezone

from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife.choices import HELD, OfficerDuty, TransferStatus
from yipanqi.partylife.compliance import branch_compliance
from yipanqi.partylife.models import BranchOfficer, DuesPayment, Meeting, Transfer


def active_branches_under(path: str) -> list[PartyOrganisation]:
    secretaries = BranchOfficer.objects.filter(duty=OfficerDuty.SECRETARY, active=True)
    return list(
        PartyOrganisation.objects.filter(
            scope_path__startswith=path, pk__in=secretaries.values("branch_id")
        ).order_by("path")
    )


def compliance_share(path: str, start: datetime.date, end: datetime.date) -> float | None:
    rows = branch_compliance(
        active_branches_under(path), start=start, end=end, today=timezone.localdate()
    )
    held = sum(r.held for r in rows)
    closed = held + sum(r.missed for r in rows)
    return None if closed == 0 else round(held / closed, 4)


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict:
    meetings = Meeting.objects.filter(
        scope_path__startswith=path, status__in=HELD, held_on__range=(start, end)
    )
    fen = (
        DuesPayment.objects.filter(
            scope_path__startswith=path, paid_on__range=(start, end)
        ).aggregate(total=Sum("amount_fen"))["total"]
        or 0
    )
    completed = Transfer.objects.filter(
        scope_path__startswith=path,
        status=TransferStatus.ACCEPTED,
        completed_on__range=(start, end),
    )
    return {
        "branch_meetings_held": meetings.count(),
        "branch_meeting_compliance": compliance_share(path, start, end),
        "dues_collected_yuan": float(f"{fen // 100}.{fen % 100:02d}"),
        "transfers_completed": completed.count(),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "branch_meetings_held": {
        "zh": "支部组织生活次数",
        "en": "Branch meetings held",
        "unit": "次",
        "definition": "期内支部已召开的会议数（三会一课等）",
    },
    "branch_meeting_compliance": {
        "zh": "组织生活达标率",
        "en": "Meeting compliance",
        "unit": "比例",
        "definition": "已结束周期中应开会议的实际召开比例",
    },
    "dues_collected_yuan": {
        "zh": "党费收缴",
        "en": "Dues collected",
        "unit": "元",
        "definition": "期内按缴纳日期汇总的党费",
    },
    "transfers_completed": {
        "zh": "组织关系转出完成",
        "en": "Transfers completed",
        "unit": "次",
        "definition": "期内办结的组织关系转出数",
    },
}
