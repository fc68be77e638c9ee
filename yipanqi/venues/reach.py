"""The ways a person reaches venues and bookings besides their area grants (core.scope.Reach).

- bookable: venues whose "who may book" rule admits the user (全区 / 本镇街 / 本单位);
- owner unit: the liaison (or social organisation staff) of the unit that owns a venue manages it
  and its bookings, as a community administrator does for the community's venues;
- keeper: the venue keeper sees the venue's bookings and checks them in.
"""

from typing import Any

from django.db.models import Q

from yipanqi.organisations.models import Area
from yipanqi.organisations.permissions import active_grants

ADMINS = frozenset({"district_admin", "town_admin", "community_admin"})
# Everyone who may ask for a slot, for an organisation or for themselves.
BOOKER_ROLES = ADMINS | frozenset(
    {"grid_worker", "party_member", "resident", "unit_liaison", "social_org_staff"}
)
# "Own members only" of a street's or community's venue: its staff and its party members.
OWN_MEMBER_ROLES = ADMINS | frozenset({"grid_worker", "party_member"})
SOCIAL = "social_organisation"
# The role that acts for a unit, by whether the unit is a social organisation.
LIAISON_ROLES = {"unit_liaison": False, "social_org_staff": True}


def _grants(user: Any, roles: frozenset[str]) -> list[Any]:
    return [g for g in active_grants(user) if g.role in roles]


def _prefixes(path: str) -> list[str]:
    step = Area.steplen
    return [path[:end] for end in range(step, len(path) + 1, step)]


def bookable(user: Any) -> Q | None:
    """Venues open to the user by their rule (a unit's own venues: `venue_owner_liaison`)."""
    grants = _grants(user, BOOKER_ROLES)
    if not grants:
        return None
    condition = Q(who_may_book="district", district_code__in={g.area.district_code for g in grants})
    towns = {g.area.path[: 2 * Area.steplen] for g in grants}
    for town in sorted(towns):
        condition |= Q(who_may_book="town", scope_path__startswith=town)
    own = {p for g in grants if g.role in OWN_MEMBER_ROLES for p in _prefixes(g.area.path)}
    if own:
        condition |= Q(who_may_book="own", owner_unit__isnull=True, scope_path__in=sorted(own))
    return condition & Q(active=True)


def _liaison(user: Any, prefix: str) -> Q | None:
    condition = Q()
    for grant in _grants(user, frozenset(LIAISON_ROLES)):
        social = Q(**{f"{prefix}owner_unit__kind": SOCIAL})
        kind = social if LIAISON_ROLES[grant.role] else ~social
        condition |= Q(
            kind,
            **{f"{prefix}owner_unit__isnull": False, "scope_path__startswith": grant.area.path},
        )
    return condition or None


def venue_owner_liaison(user: Any) -> Q | None:
    """Venues of a unit the user acts for (its liaison or staff, granted over the unit's area)."""
    return _liaison(user, "")


def owner_liaison(user: Any) -> Q | None:
    """Bookings of those venues."""
    return _liaison(user, "venue__")


def keeper_of(user: Any) -> Q:
    return Q(venue__keeper=user)
