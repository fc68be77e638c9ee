"""The booking calendar (预约日历): a week of hourly slots per venue, each free, pending (asked
for, not yet approved), taken or past. Reads two queries for any number of venues: their
bookings in the week and their dated exceptions (and the lead-time policy once per district).
A slot before the venue's lead time is "past": it can no longer be booked."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.utils import timezone

from yipanqi.venues import policies
from yipanqi.venues.choices import HOLDING, BookingStatus
from yipanqi.venues.hours import open_ranges
from yipanqi.venues.models import Booking, Venue, VenueException

SLOT = datetime.timedelta(hours=1)
FREE, PENDING, TAKEN, PAST = "free", "pending", "taken", "past"


@dataclass
class Slot:
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    state: str


@dataclass
class Day:
    date: datetime.date
    slots: list[Slot] = field(default_factory=list)

    @property
    def free(self) -> int:
        return sum(1 for s in self.slots if s.state == FREE)

    @property
    def ahead(self) -> list[Slot]:
        """The slots not yet past (what a phone needs to see)."""
        return [s for s in self.slots if s.state != PAST]


@dataclass
class VenueWeek:
    venue: Venue
    days: list[Day]

    @property
    def free(self) -> int:
        return sum(d.free for d in self.days)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def _busy(venues: list[Venue], start: datetime.datetime, end: datetime.datetime) -> dict:
    rows = Booking.objects.filter(
        Q(status__in=HOLDING) | Q(status=BookingStatus.REQUESTED),
        venue__in=venues,
        starts_at__lt=end,
        ends_at__gt=start,
    ).values_list("venue_id", "starts_at", "ends_at", "status")
    busy: dict[int, list[tuple]] = defaultdict(list)
    for venue_id, a, b, status in rows:
        busy[venue_id].append((a, b, status))
    return busy


def _exceptions(venues: list[Venue], first: datetime.date, last: datetime.date) -> dict:
    rows = VenueException.objects.filter(venue__in=venues, date__range=(first, last))
    found: dict[int, dict] = defaultdict(dict)
    for venue_id, day, hours in rows.values_list("venue_id", "date", "hours"):
        found[venue_id][day] = hours
    return found


def _state(a: datetime.datetime, b: datetime.datetime, busy: list[tuple], now: Any) -> str:
    if a < now:
        return PAST
    states = {s for x, y, s in busy if x < b and y > a}
    if states & set(HOLDING):
        return TAKEN
    return PENDING if states else FREE


def _day(venue: Venue, day: datetime.date, busy: list[tuple], exceptions: dict, now: Any) -> Day:
    """`now`: the earliest bookable time for this venue (its lead time from the real now)."""
    slots = []
    for a, b in open_ranges(venue, day, exceptions):
        at = a
        while at + SLOT <= b:
            slots.append(Slot(at, at + SLOT, _state(at, at + SLOT, busy, now)))
            at += SLOT
    return Day(day, slots)


def week(venues: list[Venue], first: datetime.date, days: int = 7) -> list[VenueWeek]:
    """The week from `first` for each venue (venues already read, e.g. one page of a list)."""
    if not venues:
        return []
    zone = timezone.get_default_timezone()
    last = first + datetime.timedelta(days=days - 1)
    start = datetime.datetime.combine(first, datetime.time(0), zone)
    end = datetime.datetime.combine(last + datetime.timedelta(days=1), datetime.time(0), zone)
    busy, exceptions = _busy(venues, start, end), _exceptions(venues, first, last)
    dates = [first + datetime.timedelta(days=i) for i in range(days)]
    earliest = _earliest(venues)
    return [
        VenueWeek(v, [_day(v, d, busy[v.pk], exceptions[v.pk], earliest[v.pk]) for d in dates])
        for v in venues
    ]


def _earliest(venues: list[Venue]) -> dict[int, datetime.datetime]:
    """The first time each venue may still be booked: now plus its lead time (the district's
    policy where the venue sets none; one read per district)."""
    now = timezone.now()
    leads = {
        code: policies.LEAD_TIME_HOURS.value(code) for code in {v.district_code for v in venues}
    }
    earliest = {}
    for v in venues:
        lead = v.lead_time_hours if v.lead_time_hours is not None else leads[v.district_code]
        earliest[v.pk] = now + datetime.timedelta(hours=float(lead))
    return earliest
