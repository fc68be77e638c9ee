"""Reads of other apps' rows the co-building pages and API need: the areas one acts for, the
units one is the liaison of, a council's sessions and seats. Always from the user's scope where a
user picks the row; the ids of a council's own sessions and seats are checked against it."""

from typing import Any

from django.db.models import QuerySet

from yipanqi.cobuilding.permissions import liaison_unit_ids
from yipanqi.deliberation.models import Meeting
from yipanqi.organisations.choices import AreaKind, BodyKind
from yipanqi.organisations.models import Area, Body, BodyMembership, Unit


def my_units(*, user: Any) -> QuerySet[Unit]:
    """The units the user is the council liaison of."""
    rows = Unit.objects.filter(pk__in=sorted(liaison_unit_ids(user)))
    return rows.select_related("area").order_by("name")


def my_unit(*, user: Any, unit_id: int | None) -> Unit | None:
    """The unit named, if the user is its liaison; none named: their first unit."""
    rows = my_units(user=user)
    return rows.filter(pk=unit_id).first() if unit_id else rows.first()


def unit_any(*, unit_id: int) -> Unit | None:
    """A unit by id, for an action that checks the user against it (403 rather than 404)."""
    return Unit.objects.filter(pk=unit_id).first()


def unit_get(*, user: Any, unit_id: int) -> Unit:
    return Unit.objects.for_user(user).get(pk=unit_id)


def areas_i_run(*, user: Any, kinds: tuple[str, ...] = (AreaKind.COMMUNITY,)) -> QuerySet[Area]:
    return Area.objects.for_user(user, "change").filter(kind__in=kinds).order_by("path")


def area_i_run(*, user: Any, area_id: int | None) -> Area | None:
    return Area.objects.for_user(user, "change").filter(pk=area_id).first() if area_id else None


def community_i_run(*, user: Any, community_id: int) -> Area:
    return areas_i_run(user=user).get(pk=community_id)


def area_any(*, area_id: int) -> Area | None:
    return Area.objects.filter(pk=area_id).first()


def town_of(area: Area) -> Area:
    return Area.objects.get(path=area.path[: 2 * Area.steplen])


def council_of(town: Area) -> Body | None:
    return Body.objects.filter(area=town, kind=BodyKind.CO_BUILDING_COUNCIL).order_by("id").first()


def session_of(council_id: int, session_id: int) -> Meeting | None:
    return Meeting.objects.filter(pk=session_id, body_id=council_id).first()


def seat_of(council_id: int, seat_id: int) -> BodyMembership | None:
    return BodyMembership.objects.filter(pk=seat_id, body_id=council_id).first()
