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
