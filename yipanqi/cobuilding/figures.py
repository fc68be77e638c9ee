"""What a unit did with a community in a year, counted from records: the figures the yearly
evaluation (报到单位年度评议) is prefilled with."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F, Sum

from yipanqi.cobuilding.choices import DONE_PROJECT, ClaimSide, ClaimStatus, CommitmentStatus
from yipanqi.cobuilding.models import Claim, Commitment, Project
from yipanqi.people.models import Participation


def unit_year(*, unit_id: int, community_id: int, year: int) -> dict[str, Any]:
    needs = Claim.objects.filter(
        side=ClaimSide.UNIT_CLAIMS_NEED,
        unit_id=unit_id,
        community_id=community_id,
        status=ClaimStatus.ACCEPTED,
        decided_at__year=year,
    ).count()
    projects = Project.objects.filter(
        unit_id=unit_id, community_id=community_id, status__in=DONE_PROJECT, completed_at__year=year
    ).count()
    # Hours of the unit's members serving this community (the orders' ledger credits these).
    hours = Participation.objects.filter(
        registration__member__work_unit_id=unit_id,
        registration__community_id=community_id,
        occurred_on__year=year,
    ).aggregate(total=Sum("hours"))["total"]
    due = Commitment.objects.filter(
        member__source_unit_id=unit_id, problem__community_id=community_id, due_on__year=year
    )
    kept = due.filter(status=CommitmentStatus.DONE, done_at__date__lte=F("due_on")).count()
    return {
        "needs_claimed": needs,
        "projects_completed": projects,
        "member_hours": hours or Decimal("0"),
        "commitments_kept": kept,
        "commitments_due": due.count(),
    }


def window(district_code: str, year: int) -> tuple[datetime.date, datetime.date]:
    from yipanqi.cobuilding.policies import EVALUATION_WINDOW

    rule = EVALUATION_WINDOW.value(district_code)
    opens_m, opens_d = (int(x) for x in rule["opens"].split("-"))
    closes_m, closes_d = (int(x) for x in rule["closes"].split("-"))
    return datetime.date(year, opens_m, opens_d), datetime.date(year + 1, closes_m, closes_d)
