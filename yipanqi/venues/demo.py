"""The venues part of the Fenghua 2021 demo (issue 10, "Demo"): street, community and unit venues
in every town, some open to the whole district or the town, with a year of bookings — most used,
some no-shows, cancellations and declines — and the co-building credit the shared use earned.

How it is built. The ~70 venues go through `venue_create` (audited as in real use). The 2021
bookings, their closing event and the credit rows go straight into their tables in batches
(core.demo_kit.rows), followed by one `venues.demo.bookings_created` audit event per venue
naming its rows by id ranges (docs/decisions/005, 010). Each venue gets at most one booking a
day, inside its opening hours, so no two overlap. A few bookings still to come (a request
waiting for 奉中社区, an approved weekly series) go through the actions.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal
from typing import Any

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import clock, names
from yipanqi.core.demo_kit.rows import RowWriter
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.models import Area
from yipanqi.people.imports.writer import id_ranges
from yipanqi.venues import actions
from yipanqi.venues.booker import booker_options
from yipanqi.venues.calendar import week_start
from yipanqi.venues.choices import BookerKind, BookingStatus
from yipanqi.venues.hours import day_hours
from yipanqi.venues.models import Booking, BookingEvent, CreditEntry, Venue

WEEKDAYS = {str(d): [["08:30", "17:30"]] for d in range(5)} | {"5": [["09:00", "12:00"]]}
EVENINGS = {str(d): [["08:30", "21:00"]] for d in range(7)}
ALL_DAY = {str(d): [["00:00", "24:00"]] for d in range(7)}
SQUARE = {str(d): [["06:00", "21:00"]] for d in range(7)}
PURPOSES = (
    "主题党日活动", "党员教育培训", "志愿服务培训", "居民议事会", "文艺排练", "健康讲座",
    "共建单位联席会议", "青少年托管活动", "老年人书画班", "篮球友谊赛", "垃圾分类宣讲", "道德讲堂",
)  # fmt: skip
WEEKLY_RATE = {"street": 1.6, "community": 1.2, "square": 1.0, "unit": 0.7, "study": 1.4}
SHARED_SHARE = 0.45  # bookings by another organisation than the owner
NO_SHOW, CANCELLED, DECLINED = 0.05, 0.05, 0.03
FENGZHONG = "奉中社区"


def venues_counts() -> dict[str, int]:
    return {
        "venues": Venue.objects.count(),
        "venue bookings": Booking.objects.count(),
        "co-building credits": CreditEntry.objects.count(),
    }


def build_venues(demo: Demo) -> None:
    """The demo step: venues in every town, a year of bookings, bookings still to come."""
    venues = _venues(demo)
    Bookings2021(demo, venues).write()
    _upcoming(demo)


def _create(spec: dict[str, Any]) -> Venue:
    return actions.venue_create(actor=system("demo"), address=spec.pop("address"), **spec)


def _venues(demo: Demo) -> list[tuple[str, Venue]]:
    made: list[tuple[str, Venue]] = []
    for town in demo.plan.towns:
        area = demo.areas[town.code]
        rng = names.rng_for("venues", town.code)
        made.append(("street", _create({
            "owner_area": area, "name": f"{town.name}党群服务中心多功能厅", "kind": "party_building",
            "capacity": 120, "who_may_book": "district", "open_hours": WEEKDAYS,
            "address": f"{town.name}人民路{rng.randint(1, 300)}号", "facilities": "投影、音响、桌椅",
        })))  # fmt: skip
        communities = sorted(town.communities, key=lambda c: (not c.is_urban, c.code))[:2]
        for i, community in enumerate(communities):
            place = demo.areas[community.code]
            made.append(("community", _create({
                "owner_area": place, "name": f"{community.name}党群活动室", "kind": "meeting_room",
                "capacity": 30, "who_may_book": "town", "open_hours": EVENINGS,
                "address": f"{community.name}综合楼{i + 1}楼", "facilities": "会议桌、电视",
            })))  # fmt: skip
            if i == 0:
                made.append(("square", _create({
                    "owner_area": place, "name": f"{community.name}文体广场", "kind": "outdoor",
                    "capacity": 200, "who_may_book": "town", "requires_approval": False,
                    "open_hours": SQUARE, "address": f"{community.name}中心广场",
                })))  # fmt: skip
        for unit in demo.units_with_party(town)[:2]:
            made.append(("unit", _create({
                "owner_area": unit.area, "owner_unit": unit, "name": f"{unit.name}会议室",
                "kind": "meeting_room", "capacity": 40, "who_may_book": "town",
                "open_hours": WEEKDAYS, "address": unit.address or unit.area.name,
            })))  # fmt: skip
    made += _fengzhong(demo)
    return made


def _fengzhong(demo: Demo) -> list[tuple[str, Venue]]:
    """奉中社区's venues kept by its grid worker: the activity room (owner approves) and a
    24-hour city study room that takes same-day bookings (the phone walk-through uses it)."""
    area = demo.area_named(FENGZHONG)
    keeper = demo.users.get("jp_fengzhong_grid")
    made: list[tuple[str, Venue]] = []
    room = Venue.objects.filter(owner_area=area, owner_unit=None, kind="meeting_room").first()
    if room is None:
        room = _create({
            "owner_area": area, "name": f"{FENGZHONG}党群活动室", "kind": "meeting_room",
            "capacity": 30, "who_may_book": "town", "open_hours": EVENINGS,
            "address": f"{FENGZHONG}综合楼1楼", "facilities": "会议桌、电视",
        })  # fmt: skip
        made.append(("community", room))
    actions.venue_update(venue=room, keeper=keeper, actor=system("demo"))
    study = _create({
        "owner_area": area, "name": f"{FENGZHONG}24小时城市书房", "kind": "education",
        "capacity": 20, "who_may_book": "town", "open_hours": ALL_DAY, "lead_time_hours": 0,
        "keeper": keeper, "address": f"{FENGZHONG}中山路18号", "facilities": "阅览桌、图书、无线网络",
    })  # fmt: skip
    return [*made, ("study", study)]


class Bookings2021:
    """The 2021 bookings of every venue, with their last event and the credit rows."""

    def __init__(self, demo: Demo, venues: list[tuple[str, Venue]]):
        self.demo, self.venues = demo, venues
        self.writer = RowWriter.of(Booking, BookingEvent, CreditEntry, actor=system("demo"))
        self.others = self._organisations()
        self.made: dict[int, list[int]] = defaultdict(list)
        self.towns = {self.demo.areas[t.code].path: t.code for t in self.demo.plan.towns}

    def _organisations(self) -> dict[str, list[tuple[str, Any, Any]]]:
        """Per town code: (kind, area, unit) of the organisations that may borrow a venue."""
        found: dict[str, list[tuple[str, Any, Any]]] = {}
        for town in self.demo.plan.towns:
            area = self.demo.areas[town.code]
            rows = [(BookerKind.STREET, area, None)]
            rows += [(BookerKind.COMMUNITY, self.demo.areas[c.code], None)
                     for c in town.communities[:8]]  # fmt: skip
            for unit in self.demo.units_with_party(town)[:8]:
                kind = (
                    BookerKind.SOCIAL_ORG if unit.kind == "social_organisation" else BookerKind.UNIT
                )
                rows.append((kind, unit.area, unit))
            found[town.code] = rows
        return found

    def write(self) -> None:
        for kind, venue in self.venues:
            self._venue(kind, venue)
            self.writer.maybe_flush()
        for venue_id, pks in self.made.items():
            venue = next(v for _k, v in self.venues if v.pk == venue_id)
            data = {"bookings": len(pks), "ids": id_ranges(pks)}
            self.writer.event(action="venues.demo.bookings_created", target=venue, data=data)
        self.writer.finish()

    def _owner(self, venue: Venue) -> tuple[str, Any, Any]:
        if venue.owner_unit_id:
            unit = venue.owner_unit
            kind = BookerKind.SOCIAL_ORG if unit.kind == "social_organisation" else BookerKind.UNIT
            return kind, unit.area, unit
        street = venue.owner_area.kind == "town"
        return (BookerKind.STREET if street else BookerKind.COMMUNITY), venue.owner_area, None

    def _venue(self, kind: str, venue: Venue) -> None:
        rng = names.rng_for("venues", "bookings", str(venue.pk))
        town_code = self.towns.get(venue.scope_path[: 2 * Area.steplen], "")
        others = [o for o in self.others.get(town_code, []) if o[2] != venue.owner_unit
                  and not (o[2] is None and o[1].pk == venue.owner_area_id)]  # fmt: skip
        day = clock.at(1, 4).date()
        while day.year == clock.YEAR:
            for offset in rng.sample(range(7), k=min(7, _per_week(rng, WEEKLY_RATE[kind]))):
                self._one(venue, day + datetime.timedelta(days=offset), rng, others)
            day = week_start(day) + datetime.timedelta(days=7)

    def _one(self, venue: Venue, day: datetime.date, rng: random.Random, others: list) -> None:
        spans = day_hours(venue, day, {}) if day.year == clock.YEAR else []
        if not spans:
            return
        opens, closes = spans[0]
        first = opens.hour + (1 if opens.minute else 0)
        last = closes.hour if closes else 24
        length = min(rng.choice((1, 2, 2, 3)), last - first)
        if length < 1:
            return
        start = clock.at(day.month, day.day, rng.randint(first, last - length))
        end = start + datetime.timedelta(hours=length)
        shared = others and rng.random() < SHARED_SHARE and venue.who_may_book != "own"
        booker = rng.choice(others) if shared else self._owner(venue)
        self._write(venue, booker, start, end, rng)

    def _status(self, venue: Venue, rng: random.Random) -> str:
        roll = rng.random()
        if roll < CANCELLED:
            return BookingStatus.CANCELLED
        if venue.requires_approval and roll < CANCELLED + DECLINED:
            return BookingStatus.DECLINED
        if roll > 1 - NO_SHOW:
            return BookingStatus.NO_SHOW
        return BookingStatus.USED

    def _write(self, venue: Venue, booker: tuple, start: Any, end: Any, rng: random.Random) -> None:
        w, status = self.writer, self._status(venue, rng)
        kind, area, unit = booker
        asked = start - datetime.timedelta(days=rng.randint(2, 14))
        used = status == BookingStatus.USED
        rating = rng.choice((3, 4, 4, 5, 5, 5)) if used and rng.random() < 0.6 else None
        reason = {"cancelled": "活动调整", "declined": "当天场地另有安排"}.get(status, "")
        pk = w.add(
            Booking, created_at=w.stamp(asked), updated_at=w.now, scope_path=venue.scope_path,
            district_code=venue.district_code, booked_by_id=None, booker_kind=kind,
            booker_unit_id=unit.pk if unit else None, booker_area_id=area.pk,
            purpose=rng.choice(PURPOSES), headcount=rng.randint(5, venue.capacity),
            venue_id=venue.pk, series_id=None, starts_at=w.stamp(start), ends_at=w.stamp(end),
            status=status, decided_by_id=None, decided_at=w.stamp(asked), reason=reason,
            check_in_code="", checked_in_at=w.stamp(start) if used else None, rating=rating,
            comment="", version=2,
        )  # fmt: skip
        self.made[venue.pk].append(pk)
        w.add(BookingEvent, created_at=w.stamp(end), updated_at=w.now, scope_path=venue.scope_path,
              district_code=venue.district_code, booking_id=pk, kind=status, actor_id=None,
              from_status="requested", to_status=status, note=reason)  # fmt: skip
        if used and (kind, area.pk, unit.pk if unit else None) != self._key(venue):
            self._credit(venue, pk, area, unit, start, end)

    def _key(self, venue: Venue) -> tuple:
        kind, area, unit = self._owner(venue)
        return kind, area.pk, unit.pk if unit else None

    def _credit(self, venue: Venue, pk: int, area: Any, unit: Any, start: Any, end: Any) -> None:
        w = self.writer
        hours = Decimal(str(round((end - start).total_seconds() / 3600, 2)))
        w.add(CreditEntry, created_at=w.stamp(end), updated_at=w.now, scope_path=venue.scope_path,
              district_code=venue.district_code, booking_id=pk, venue_id=venue.pk,
              owner_area_id=venue.owner_area_id, owner_unit_id=venue.owner_unit_id,
              borrower_area_id=area.pk, borrower_unit_id=unit.pk if unit else None,
              borrower_path=area.scope_path, hours=hours, used_on=w.day(start.date()))  # fmt: skip


def _per_week(rng: random.Random, rate: float) -> int:
    whole = int(rate)
    return whole + (1 if rng.random() < rate - whole else 0)


def _upcoming(demo: Demo) -> None:
    """Bookings still to come at 奉中社区, through the actions: a request waiting for the
    community's decision, and an approved weekly series of the community's own."""
    admin, liaison = demo.users.get("jp_fengzhong_admin"), demo.users.get("jp_fengzhong_liaison")
    room = Venue.objects.filter(owner_area=demo.area_named(FENGZHONG), kind="meeting_room").first()
    if room is None or admin is None or liaison is None:
        return
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    soon = timezone.localdate() + datetime.timedelta(days=3)
    options = booker_options(user=liaison)
    if options:
        actions.booking_request(
            venue=room, choice=options[0],
            starts_at=datetime.datetime.combine(soon, datetime.time(14), zone),
            ends_at=datetime.datetime.combine(soon, datetime.time(16), zone),
            purpose="共建单位党员志愿服务培训", headcount=25,
            actor=system("demo", on_behalf_of=liaison),
        )  # fmt: skip
    tuesday = week_start(timezone.localdate()) + datetime.timedelta(days=8)
    series = actions.series_create(
        venue=room, choice=booker_options(user=admin)[0], first_date=tuesday, weeks=4,
        start_time=datetime.time(9), end_time=datetime.time(11), purpose="社区党员冬训",
        headcount=20, actor=system("demo", on_behalf_of=admin),
    )  # fmt: skip
    for booking in series.bookings.all():
        actions.booking_approve(booking=booking, actor=system("demo"))
