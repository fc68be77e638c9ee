"""Who may manage venues and move bookings: the declared scope (core.scope) asked per row.

Each predicate is one query: the row among those `for_user(user, action)` reaches. The booker
of a booking cancels and rates it; the owner (the area's administrators, or the liaison of the
owning unit) approves, declines and checks in; the keeper checks in.
"""

from typing import Any

from yipanqi.organisations.models import Area, Unit
from yipanqi.organisations.permissions import active_grants
from yipanqi.venues.models import Booking, Venue
from yipanqi.venues.reach import ADMINS, LIAISON_ROLES, SOCIAL


def _reaches(model: Any, user: Any, action: str, pk: int) -> bool:
    return model.objects.for_user(user, action).filter(pk=pk).exists()


def can_book(user: Any, venue: Venue) -> bool:
    return _reaches(Venue, user, "book", venue.pk)


def can_manage_venue(user: Any, venue: Venue) -> bool:
    return _reaches(Venue, user, "change", venue.pk)


def can_create_venue(user: Any, owner_area: Area, owner_unit: Unit | None) -> bool:
    """A street's or community's administrators open its venues; a unit's liaison the unit's."""
    for grant in active_grants(user):
        if owner_unit is None:
            if grant.role in ADMINS and owner_area.path.startswith(grant.area.path):
                return True
            continue
        social = LIAISON_ROLES.get(grant.role)
        if grant.role in ADMINS or social == (owner_unit.kind == SOCIAL):
            if owner_unit.scope_path.startswith(grant.area.path):
                return True
    return False


def is_booker(user: Any, booking: Booking) -> bool:
    return booking.booked_by_id is not None and booking.booked_by_id == getattr(user, "pk", None)


def can_approve(user: Any, booking: Booking) -> bool:
    return _reaches(Booking, user, "approve", booking.pk)


def can_check_in(user: Any, booking: Booking) -> bool:
    return _reaches(Booking, user, "check_in", booking.pk)


def can_cancel(user: Any, booking: Booking) -> bool:
    return is_booker(user, booking) or can_approve(user, booking)
