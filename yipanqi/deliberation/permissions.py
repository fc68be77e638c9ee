"""Who may see or do what in deliberation, derived from role grants on the area tree.

Staff see the bodies in their subtree (Model.objects.for_user). Residents and members reach only
what concerns their own place: the bodies of the areas they live in (to raise topics), the published
notices of those areas (to read and rate), and the topics they raised themselves.
"""

from typing import Any

from django.db.models import Q, QuerySet

from yipanqi.core.scope import prefix_condition, reaches_as_person, scope_condition
from yipanqi.deliberation.choices import DELIBERATING_KINDS, ResolutionStatus
from yipanqi.deliberation.models import (
    ADMINS,
    STAFF,
    FollowUp,
    Meeting,
    Resolution,
    Seat,
    Topic,
    seated_on,
)
from yipanqi.organisations.escalation import users_with
from yipanqi.organisations.models import Area, Body
from yipanqi.organisations.permissions import active_grants

RAISERS = frozenset({"resident", "party_member", "grid_worker"}) | ADMINS
RESIDENTS = frozenset({"resident", "party_member"})
# Who may read public notices: everyone with a place in the area tree except the separated
# security and audit administrators, whose work is not the community's business.
READERS = RAISERS | frozenset({"unit_liaison", "social_org_staff", "five_role_officer", "auditor"})


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


def _grant_paths(user: Any, roles: frozenset[str]) -> list[str]:
    return [g.area.path for g in active_grants(user) if g.role in roles]


def _around(paths: list[str]) -> Q:
    """Rows whose scope is a grant's area, above it, or below it."""
    condition = Q(pk__in=[])
    for path in paths:
        step = Area.steplen
        above = [path[:end] for end in range(step, len(path) + 1, step)]
        condition |= Q(scope_path__in=above) | Q(scope_path__startswith=path)
    return condition


def bodies_visible_to(user: Any) -> QuerySet[Body]:
    """The staff of the body's area and above, and the body's own seat holders (one filter: Body
    belongs to organisations, whose own reads know nothing of deliberation staff or seats)."""
    staff_paths = prefix_condition(_grant_paths(user, STAFF)) or Q(pk__in=[])
    condition = staff_paths & scope_condition(Body, user)
    if reaches_as_person(user):
        condition |= Q(seated_on(user, "pk"))
    return Body.objects.filter(condition, kind__in=DELIBERATING_KINDS)


def bodies_open_to(user: Any) -> QuerySet[Body]:
    """Bodies the user may raise a topic with: their own area's hall or council, or any in scope."""
    if not getattr(user, "is_authenticated", False):
        return Body.objects.none()
    paths = _grant_paths(user, RAISERS)
    return Body.objects.filter(_around(paths), kind__in=DELIBERATING_KINDS)


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
    if not getattr(user, "is_authenticated", False):
        return Resolution.objects.none()
    paths = _grant_paths(user, READERS)
    return Resolution.objects.filter(_around(paths), status=ResolutionStatus.PUBLISHED)


def seat_users(body: Body) -> list[Any]:
    """The members of a body with an account: they get meeting notices."""
    seats = Seat.objects.filter(body=body).select_related("membership__user")
    return [s.membership.user for s in seats if s.membership.user_id]


def admins_of(body: Body) -> list[Any]:
    return users_with(frozenset({"community_admin"}), [body.area_id])
