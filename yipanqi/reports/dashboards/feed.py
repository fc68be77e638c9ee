"""The live feed of the big screen: the latest events under a node — orders placed and closed,
officers' visits, deliberation meetings and branch meetings — as a kind, a time and the community
where it happened. No names, titles or free text (nothing personal reaches a wall display).
One query per source and one for the communities' names."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yipanqi.deliberation.choices import MeetingStatus
from yipanqi.deliberation.models import Meeting as Deliberation
from yipanqi.officers.models import WorkLog
from yipanqi.orders.choices import EventKind
from yipanqi.orders.models import OrderEvent
from yipanqi.organisations.models import Area
from yipanqi.partylife.choices import HELD
from yipanqi.partylife.models import Meeting as BranchMeeting

SIZE = 12
DATE_ONLY = frozenset({"visit", "branch_meeting"})
EACH = 4  # at most this many of each kind, so one busy kind does not fill the wall
COMMUNITY_DEPTH = 3  # district → town → community


def _at(day: datetime.date) -> datetime.datetime:
    """A date-only event sorts at the day's end (its time is not shown)."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 59)))


def _events(path: str, now: datetime.datetime) -> list[tuple[datetime.datetime, str, str]]:
    under = Q(scope_path__startswith=path)
    rows = []
    for kind in (EventKind.PLACED, EventKind.CLOSED):
        orders = OrderEvent.objects.filter(under, kind=kind, created_at__lte=now)
        orders = orders.order_by("-created_at").values_list("created_at", "scope_path")[:EACH]
        rows += [(at, f"order_{kind}", scope) for at, scope in orders]
    visits = WorkLog.objects.filter(under, occurred_on__lte=now.date()).order_by(
        "-occurred_on", "-id"
    )
    rows += [
        (_at(d), "visit", s) for d, s in visits.values_list("occurred_on", "scope_path")[:EACH]
    ]
    talks = (
        Deliberation.objects.filter(under, starts_at__lte=now)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .values_list("starts_at", "scope_path")[:EACH]
    )
    rows += [(at, "deliberation", s) for at, s in talks]
    held = BranchMeeting.objects.filter(under, status__in=HELD, held_on__lte=now.date())
    held = held.order_by("-held_on", "-id").values_list("held_on", "scope_path")[:EACH]
    rows += [(_at(d), "branch_meeting", s) for d, s in held]
    rows.sort(key=lambda r: r[0], reverse=True)
    return rows[:SIZE]


def recent_events(path: str) -> list[dict[str, Any]]:
    """[{at, day, kind, place}] newest first; `day`: the event has a date and no time; `place` is
    the community (or the town above it)."""
    rows = _events(path, timezone.now())
    width = COMMUNITY_DEPTH * Area.steplen
    places = {scope[:width] for _at_, _k, scope in rows}
    names = dict(Area.objects.filter(path__in=places).values_list("path", "name"))
    return [
        {
            "at": timezone.localtime(at).isoformat(timespec="minutes"),
            "day": kind in DATE_ONLY,
            "kind": kind,
            "place": names.get(scope[:width], ""),
        }
        for at, kind, scope in rows
    ]
