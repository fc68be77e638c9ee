"""Figures of venue sharing for reports and dashboards, computed from records per node and period.

- `venue_bookings`: bookings under the node that held their slot (approved, checked in, used or
  no-show) and start in [start, end];
- `venue_hours_shared`: hours of the node's venues used by another organisation (the co-building
  credit ledger, by use date); `venue_hours_borrowed`: hours organisations of the node used at
  other owners' venues;
- `venue_utilisation`: used hours / opening hours of the node's venues over the period;
- `venue_no_show_rate`: no-shows / (used + no-shows).
"""

import datetime
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum

from yipanqi.venues.choices import HOLDING, BookingStatus, VenueKind
from yipanqi.venues.hours import day_hours
from yipanqi.venues.models import Booking, CreditEntry, Venue, VenueException

MIDNIGHT = 24 * 60


def _minutes(spans: list) -> int:
    total = 0
    for a, b in spans:
        end = MIDNIGHT if b is None else b.hour * 60 + b.minute
        total += end - (a.hour * 60 + a.minute)
    return total


def open_hours(venues: list[Venue], start: datetime.date, end: datetime.date) -> float:
    """Opening hours of the venues over [start, end], their dated exceptions included."""
    exceptions: dict[int, dict] = defaultdict(dict)
    rows = VenueException.objects.filter(venue__in=venues, date__range=(start, end))
    for venue_id, day, hours in rows.values_list("venue_id", "date", "hours"):
        exceptions[venue_id][day] = hours
    days = (end - start).days + 1
    minutes = 0
    for venue in venues:
        for i in range(days):
            day = start + datetime.timedelta(days=i)
            minutes += _minutes(day_hours(venue, day, exceptions[venue.pk]))
    return minutes / 60


def _owner_type(venue: dict) -> str:
    if venue["owner_unit_id"]:
        return "unit"
    return "street" if venue["owner_area__kind"] == "town" else "community"


def _hours(rows: Any) -> float:
    total = 0.0
    for a, b in rows.values_list("starts_at", "ends_at"):
        total += (b - a).total_seconds() / 3600
    return total


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    under = Q(scope_path__startswith=path)
    venues = list(Venue.objects.filter(under, active=True))
    kinds = dict(
        Venue.objects.filter(under, active=True)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    owners: dict[str, int] = defaultdict(int)
    for row in Venue.objects.filter(under, active=True).values("owner_unit_id", "owner_area__kind"):
        owners[_owner_type(row)] += 1
    bookings = Booking.objects.filter(under, starts_at__date__range=(start, end))
    counts = bookings.aggregate(
        held=Count("pk", filter=Q(status__in=HOLDING)),
        used=Count("pk", filter=Q(status=BookingStatus.USED)),
        no_show=Count("pk", filter=Q(status=BookingStatus.NO_SHOW)),
    )
    used_hours = _hours(bookings.filter(status=BookingStatus.USED))
    opening = open_hours(venues, start, end)
    credits = CreditEntry.objects.filter(used_on__range=(start, end))
    finished = counts["used"] + counts["no_show"]
    return {
        "venues": len(venues),
        "venues_by_kind": {k: kinds.get(k, 0) for k in VenueKind.values},
        "venues_by_owner_type": {k: owners.get(k, 0) for k in ("street", "community", "unit")},
        "venue_bookings": counts["held"],
        "venue_bookings_used": counts["used"],
        "venue_hours_used": round(used_hours, 1),
        "venue_utilisation": round(used_hours / opening, 4) if opening else None,
        "venue_hours_shared": float(credits.filter(under).aggregate(h=Sum("hours"))["h"] or 0),
        "venue_hours_borrowed": float(
            credits.filter(borrower_path__startswith=path).aggregate(h=Sum("hours"))["h"] or 0
        ),
        "venue_no_show_rate": round(counts["no_show"] / finished, 4) if finished else None,
    }


def reciprocity(*, path: str, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Hours lent and borrowed per organisation (unit, community, street) under the node."""
    credits = CreditEntry.objects.filter(used_on__range=(start, end))
    table: dict[tuple, dict[str, Any]] = {}

    def row(kind: str, pk: int, name: str) -> dict[str, Any]:
        return table.setdefault((kind, pk), {"kind": kind, "id": pk, "name": name, "lent": 0.0,
                                             "borrowed": 0.0})  # fmt: skip

    lent = (
        credits.filter(scope_path__startswith=path)
        .values("owner_unit_id", "owner_unit__name", "owner_area_id", "owner_area__name")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for r in lent:
        key = ("unit", r["owner_unit_id"], r["owner_unit__name"]) if r["owner_unit_id"] else (
            "area", r["owner_area_id"], r["owner_area__name"])  # fmt: skip
        row(*key)["lent"] += float(r["h"])
    borrowed = (
        credits.filter(borrower_path__startswith=path)
        .values(
            "borrower_unit_id", "borrower_unit__name", "borrower_area_id", "borrower_area__name"
        )
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for r in borrowed:
        key = ("unit", r["borrower_unit_id"], r["borrower_unit__name"]) if r["borrower_unit_id"] else (
            "area", r["borrower_area_id"], r["borrower_area__name"])  # fmt: skip
        row(*key)["borrowed"] += float(r["h"])
    return sorted(table.values(), key=lambda r: (-r["lent"] - r["borrowed"], r["name"]))


def hours_by_town(*, path: str, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """Hours lent (by the town's venues) and borrowed (by the town's organisations) per town /
    street under the node: three queries."""
    from django.db.models.functions import Substr

    from yipanqi.organisations.models import Area

    width = 2 * Area.steplen
    credits = CreditEntry.objects.filter(used_on__range=(start, end))
    lent = dict(
        credits.filter(scope_path__startswith=path)
        .annotate(town=Substr("scope_path", 1, width))
        .values_list("town")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    borrowed = dict(
        credits.filter(borrower_path__startswith=path)
        .annotate(town=Substr("borrower_path", 1, width))
        .values_list("town")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    towns = Area.objects.filter(path__in=set(lent) | set(borrowed), kind="town").order_by("path")
    return [
        {
            "name": t.name,
            "lent": float(lent.get(t.path, 0)),
            "borrowed": float(borrowed.get(t.path, 0)),
        }
        for t in towns
    ]


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "venues": {
        "zh": "阵地数",
        "en": "Venues",
        "unit": "个",
        "definition": "节点下登记开放的阵地数",
    },
    "venues_by_kind": {
        "zh": "阵地数（按类型）",
        "en": "Venues by kind",
        "unit": "个",
        "definition": "阵地按类型分列",
    },
    "venues_by_owner_type": {
        "zh": "阵地数（按权属）",
        "en": "Venues by owner",
        "unit": "个",
        "definition": "阵地按街道、社区、单位权属分列",
    },
    "venue_bookings": {
        "zh": "阵地预约数",
        "en": "Venue bookings",
        "unit": "次",
        "definition": "期内开始且占用时段的预约数",
    },
    "venue_bookings_used": {
        "zh": "实际使用预约数",
        "en": "Bookings used",
        "unit": "次",
        "definition": "期内已使用的预约数",
    },
    "venue_hours_used": {
        "zh": "阵地使用时长",
        "en": "Hours used",
        "unit": "小时",
        "definition": "期内预约实际使用的小时数",
    },
    "venue_utilisation": {
        "zh": "阵地利用率",
        "en": "Utilisation",
        "unit": "比例",
        "definition": "使用小时数除以开放小时数",
    },
    "venue_hours_shared": {
        "zh": "共享出借时长",
        "en": "Hours shared",
        "unit": "小时",
        "definition": "本节点阵地被其他组织使用的小时数",
    },
    "venue_hours_borrowed": {
        "zh": "借用他方时长",
        "en": "Hours borrowed",
        "unit": "小时",
        "definition": "本节点组织使用他方阵地的小时数",
    },
    "venue_no_show_rate": {
        "zh": "爽约率",
        "en": "No-show rate",
        "unit": "比例",
        "definition": "爽约数除以（使用数＋爽约数）",
    },
}
