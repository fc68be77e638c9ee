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
