"""What the people app holds about the signed-in person (R-PI-7): their resident record, their
party membership, registrations and service participations. Sealed numbers stay masked: a full
copy is a request (privacy), not a download."""

from typing import Any

from yipanqi.core.my_data import Row, row
from yipanqi.people.models import CommunityRegistration, Participation, PartyMember
from yipanqi.people.selectors import person_of_user


def resident_record(user: Any) -> list[Row]:
    person = person_of_user(user=user)
    if person is None:
        return []
    fields = ("name", "sex", "birth_date", "ethnicity", "political_status")
    shown = row(person, *fields, "id_number_masked", "phone_masked", "area")
    if person.household is not None:
        shown += row(person.household, "address")
    return [shown]


def membership(user: Any) -> list[Row]:
    member = PartyMember.objects.filter(person__user=user).select_related("branch").first()
    if member is None:
        return []
    rows = [row(member, "kind", "joined_on", "branch", "status", "in_service")]
    registrations = CommunityRegistration.objects.filter(member=member).select_related("community")
    rows += [row(r, "community", "status", "submitted_at") for r in registrations]
    participations = Participation.objects.filter(registration__member=member).order_by(
        "occurred_on"
    )
    rows += [row(p, "occurred_on", "kind", "hours") for p in participations]
    return rows
