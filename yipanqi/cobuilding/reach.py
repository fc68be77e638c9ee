"""The ways a person reaches co-building rows besides their area grants (core.scope.Reach).

- liaison: the liaison (联络员) of a unit — the account on the unit's seat of a co-building
  council — sees and acts for its unit's resources, claims, projects, commitments and evaluations;
- council: whoever holds a seat on a council sees its hard problems;
- resident: residents and members see completed projects of their own community;
- party: the administrators over a unit's party organisation see the evaluations fed back to it.
"""

from typing import Any

from django.db.models import Exists, OuterRef, Q

from yipanqi.organisations.choices import BodyKind, Role
from yipanqi.organisations.models import BodyMembership, above_grants

RESIDENT_ROLES = frozenset({Role.RESIDENT, Role.PARTY_MEMBER})


def council_seats(user: Any):
    return BodyMembership.objects.filter(body__kind=BodyKind.CO_BUILDING_COUNCIL, user=user)


def liaison_of(column: str):
    """Rows whose unit (in `column`) the user is the council liaison of."""

    def condition(user: Any) -> Exists:
        seats = council_seats(user).filter(source_unit_id=OuterRef(column))
        return Exists(seats)

    return condition


def seated_on(column: str):
    """Rows of a council (in `column`) the user holds a seat on."""

    def condition(user: Any) -> Exists:
        return Exists(council_seats(user).filter(body_id=OuterRef(column)))

    return condition


def party_feedback(user: Any) -> Q | None:
    """Evaluations fed back to a party organisation the user administers the area of (反馈)."""
    from yipanqi.organisations.choices import ADMIN_ROLES
    from yipanqi.organisations.permissions import active_grants

    paths = sorted({g.area.path for g in active_grants(user) if g.role in ADMIN_ROLES})
    condition = Q()
    for path in paths:
        condition |= Q(party_organisation__scope_path__startswith=path)
    return condition or None


def committed_by(user: Any) -> Q:
    return Q(member__user=user)


def resident_done(statuses: tuple[str, ...]):
    above = above_grants(RESIDENT_ROLES)

    def condition(user: Any) -> Q | None:
        place = above(user)
        return None if place is None else place & Q(status__in=statuses)

    return condition
