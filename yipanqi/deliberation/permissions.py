"""Who may see or do what in deliberation, derived from role grants on the area tree.

Staff see the bodies in their subtree (Model.objects.for_user). Residents and members reach only
what concerns their own place: the bodies of the areas they live in (to raise topics), the published
notices of those areas (to read and rate), and the topics they raised themselves.
"""

from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.core.scope import reaches_as_person, rows_among, scope_condition
from yipanqi.deliberation.choices import DELIBERATING_KINDS, ResolutionStatus
from yipanqi.deliberation.models import (
    ADMINS,
    RAISERS,
    READERS,
    FollowUp,
    Meeting,
    Resolution,
    Seat,
    Topic,
    seated_on,
)
from yipanqi.organisations.escalation import users_with
from yipanqi.organisations.models import Body
from yipanqi.organisations.permissions import active_grants

RESIDENTS = frozenset({"resident", "party_member"})


def _covers(user: Any, roles: frozenset[str], path: str) -> bool:
    """A grant with one of `roles` on `path` or above it."""
    return any(g.role in roles and path.startswith(g.area.path) for g in active_grants(user))


def _lives_in(user: Any, roles: frozenset[str], path: str) -> bool:
    """A grant with one of `roles` on `path` or anywhere inside it (a resident of its grid)."""
    return any(g.role in roles and g.area.path.startswith(path) for g in active_grants(user))


def can_manage(user: Any, body: Body) -> bool:
    """Accept topics, convene meetings, record votes, publish: the community party organisation's
    administrators (and the levels above)."""
    return _covers(user, ADMINS, body.scope_path)


def can_raise(user: Any, body: Body) -> bool:
    return _covers(user, RAISERS, body.scope_path) or _lives_in(user, RAISERS, body.scope_path)


def can_read_notice(user: Any, path: str) -> bool:
    return _covers(user, READERS, path) or _lives_in(user, READERS, path)


def can_rate(user: Any, resolution: Resolution) -> bool:
    """A resident or member living in the body's area rates a published outcome once."""
    return resolution.status == ResolutionStatus.PUBLISHED and _lives_in(
        user, RESIDENTS, resolution.scope_path
    )


def own_seat(user: Any, seat: Seat) -> bool:
    return seat.membership.user_id is not None and seat.membership.user_id == getattr(user, "pk", 0)


def bodies_visible_to(user: Any) -> QuerySet[Body]:
    """The staff of the body's area and above (Body's "deliberate" action), and the body's own
    seat holders: one filter (seats are deliberation's, so that condition is ORed in here)."""
    condition = scope_condition(Body, user, "deliberate")
    if reaches_as_person(user):
        condition |= rows_among(Body, Q(seated_on(user, "pk")))  # keeps the prefix indexed
    return Body.objects.filter(condition, kind__in=DELIBERATING_KINDS)


def bodies_open_to(user: Any) -> QuerySet[Body]:
    """Bodies the user may raise a topic with: their own area's hall or council, or any in scope."""
    return Body.objects.for_user(user, "raise").filter(kind__in=DELIBERATING_KINDS)


def topics_visible_to(user: Any) -> QuerySet[Topic]:
    """Staff: topics in scope. Seat holders: their body's. Anyone: the topics they raised."""
    return Topic.objects.for_user(user)


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    """Staff: meetings in scope. Seat holders: their body's."""
    return Meeting.objects.for_user(user)


def follow_ups_visible_to(user: Any) -> QuerySet[FollowUp]:
    return FollowUp.objects.for_user(user)


def notices_visible_to(user: Any) -> QuerySet[Resolution]:
    """Published resolutions (公示) of the areas the user lives or works in."""
    return Resolution.objects.for_user(user, "read").filter(status=ResolutionStatus.PUBLISHED)


def seat_users(body: Body) -> list[Any]:
    """The members of a body with an account: they get meeting notices."""
    seats = Seat.objects.filter(body=body).select_related("membership__user")
    return [s.membership.user for s in seats if s.membership.user_id]


def admins_of(body: Body) -> list[Any]:
    return users_with(frozenset({"community_admin"}), [body.area_id])
