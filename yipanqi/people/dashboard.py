"""Figures the people registry contributes to reports (双报到): computed from records, per node and period."""

import datetime
from typing import Any

from django.db.models import Count, Q, Sum

from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import (
    CommunityRegistration,
    Household,
    Participation,
    PartyMember,
    Person,
)

REGISTERED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    """`path`: the node's scope path (its subtree); [start, end] inclusive dates."""
    under = Q(scope_path__startswith=path)
    registrations = CommunityRegistration.objects.filter(
        under, kind=RegistrationKind.MEMBER, status__in=REGISTERED, submitted_at__date__lte=end
    )
    participations = Participation.objects.filter(under, occurred_on__range=(start, end))
    totals = participations.aggregate(
        n=Count("id"), hours=Sum("hours"), solved=Count("id", filter=Q(problem_solved=True))
    )
    return {
        "households": Household.objects.filter(under).count(),
        "residents": Person.objects.filter(under).count(),
        "party_members": PartyMember.objects.filter(under).count(),
        "registered_members": registrations.values("member_id").distinct().count(),
        "registered_members_active": participations.values("registration__member_id")
        .distinct()
        .count(),
        "participations": totals["n"],
        "participation_hours": float(totals["hours"] or 0),
        "participations_by_kind": dict(
            participations.values_list("kind").annotate(n=Count("id")).order_by("kind")
        ),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "households": {
        "zh": "户数",
        "en": "Households",
        "unit": "户",
        "definition": "节点下登记的家庭户数（时点数）",
    },
    "residents": {
        "zh": "居民人数",
        "en": "Residents",
        "unit": "人",
        "definition": "节点下登记的居民人数（时点数）",
    },
    "party_members": {
        "zh": "党员人数",
        "en": "Party members",
        "unit": "人",
        "definition": "节点下登记的党员人数（时点数）",
    },
    "registered_members": {
        "zh": "在职党员报到人数",
        "en": "Members registered with a community",
        "unit": "人",
        "definition": "截至期末向社区报到并经确认的在职党员人数",
    },
    "registered_members_active": {
        "zh": "参与活动的报到党员",
        "en": "Registered members active",
        "unit": "人",
        "definition": "期内至少参与一次活动的报到党员人数",
    },
    "participations": {
        "zh": "党员参与次数",
        "en": "Participations",
        "unit": "次",
        "definition": "期内报到党员参与服务、志愿等活动的次数",
    },
    "participation_hours": {
        "zh": "参与时长",
        "en": "Participation hours",
        "unit": "小时",
        "definition": "期内报到党员参与活动的小时数合计",
    },
    "participations_by_kind": {
        "zh": "参与次数（按类型）",
        "en": "Participations by kind",
        "unit": "次",
        "definition": "期内参与次数按活动类型分列",
    },
}
