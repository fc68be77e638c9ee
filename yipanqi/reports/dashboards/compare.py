"""The child nodes of a node side by side (the twelve towns of the district, the communities of a
town), one grouped query per measure: every row is grouped by the prefix of its scope path that
names the child (GROUP BY substr(scope_path, 1, width)), so a node with two children or fifty
costs the same number of queries. Read-only; the measures follow the apps' dashboard.py
definitions (orders placed in the period, households screened in overlapping sweeps, …)."""

import datetime
from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Substr
from django.utils import timezone

from yipanqi.centres.dashboard import GRADED
from yipanqi.centres.models import CentreAssessment
from yipanqi.deliberation.choices import MeetingStatus
from yipanqi.deliberation.models import Meeting as Deliberation
from yipanqi.deliberation.models import Resolution
from yipanqi.funding.choices import ExpenseStatus
from yipanqi.funding.models import BudgetLine, Expense
from yipanqi.grid.choices import SCREENED
from yipanqi.grid.models import Campaign, Target, Visit
from yipanqi.notices.models import Notice, NoticeRecipient
from yipanqi.officers.models import Assignment, WorkLog
from yipanqi.orders.choices import EventKind, OrderStatus
from yipanqi.orders.models import OrderEvent, OrderRating, ServiceOrder
from yipanqi.organisations.models import Area
from yipanqi.partylife.compliance import branch_compliance
from yipanqi.partylife.dashboard import active_branches_under
from yipanqi.people.choices import RegistrationKind, RegistrationStatus
from yipanqi.people.models import CommunityRegistration, Participation
from yipanqi.socialorgs.dashboard import funded
from yipanqi.venues.choices import HOLDING, BookingStatus
from yipanqi.venues.models import Booking
from yipanqi.workforce import policies
from yipanqi.workforce.dashboard import ZERO, in_post_at

OPEN_ORDERS = (
    OrderStatus.PLACED,
    OrderStatus.ACCEPTED,
    OrderStatus.DISPATCHED,
    OrderStatus.TAKEN,
    OrderStatus.DONE,
)
REGISTERED = (RegistrationStatus.CONFIRMED, RegistrationStatus.ASSIGNED)
NODE = "_node"


def grouped(rows: QuerySet, width: int, column: str = "scope_path", **aggregates) -> dict:
    """{child path: {aggregate: value}} in one query."""
    result = (
        rows.annotate(**{NODE: Substr(column, 1, width)})
        .values(NODE)
        .annotate(**aggregates)
        .order_by()
    )
    return {r.pop(NODE): r for r in result}


def _orders(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    placed = ServiceOrder.objects.filter(under, placed_at__date__range=period)
    overdue_open = Q(overdue=True, status__in=OPEN_ORDERS)
    counts = grouped(
        placed,
        width,
        orders=Count("pk"),
        closed=Count("pk", filter=Q(status=OrderStatus.CLOSED)),
    )
    late = grouped(
        OrderEvent.objects.filter(
            under, kind=EventKind.OVERDUE, order__placed_at__date__range=period
        ),
        width,
        late=Count("order_id", distinct=True),
    )
    rated = grouped(
        OrderRating.objects.filter(under, order__placed_at__date__range=period),
        width,
        satisfaction=Avg("score"),
    )
    overdue = grouped(
        ServiceOrder.objects.filter(under, overdue_open), width, overdue_open=Count("pk")
    )
    return _merge(counts, late, rated, overdue)


def _people(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    registered = CommunityRegistration.objects.filter(
        under,
        kind=RegistrationKind.MEMBER,
        status__in=REGISTERED,
        submitted_at__date__lte=period[1],
    )
    return _merge(
        grouped(registered, width, registered=Count("member_id", distinct=True)),
        grouped(
            Participation.objects.filter(under, occurred_on__range=period),
            width,
            participations=Count("pk"),
        ),
    )


def _sweep(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    start, end = period
    campaigns = Campaign.objects.filter(starts_on__lte=end, ends_on__gte=start).values("pk")
    screened = Visit.objects.filter(under, campaign_id__in=campaigns, outcome__in=SCREENED)
    targets = Target.objects.filter(under, campaign_id__in=campaigns)
    return _merge(
        grouped(screened, width, screened=Count("household_id", distinct=True)),
        grouped(targets, width, targeted=Count("household_id", distinct=True)),
    )


def _deliberation(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    meetings = Deliberation.objects.filter(under, starts_at__date__range=period).exclude(
        status=MeetingStatus.CANCELLED
    )
    return _merge(
        grouped(meetings, width, meetings=Count("pk")),
        grouped(
            Resolution.objects.filter(under, decided_at__date__range=period),
            width,
            resolutions=Count("pk"),
        ),
    )


def _venues_centres_venture(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    bookings = Booking.objects.filter(under, starts_at__date__range=period)
    graded = CentreAssessment.objects.filter(
        under, status__in=GRADED, published_at__date__range=period
    )
    return _merge(
        grouped(
            bookings,
            width,
            bookings=Count("pk", filter=Q(status__in=HOLDING)),
            bookings_used=Count("pk", filter=Q(status=BookingStatus.USED)),
        ),
        grouped(graded, width, centres_graded=Count("pk")),
        grouped(
            funded(path, *period),
            width,
            venture_projects=Count("pk"),
            venture_fen=Coalesce(Sum("granted_fen"), 0),
        ),
    )


def _workforce(path: str, width: int, period: tuple) -> dict[str, dict]:
    """Workers in post at the period's end, their mean training days and how many are under the
    district's minimum (workforce.dashboard's definition), per child."""
    start, end = period
    attended = Q(
        enrolments__attended=True,
        enrolments__course__start__gte=start,
        enrolments__course__start__lte=end,
    )
    rows = (
        in_post_at(path, end)
        .annotate(d=Coalesce(Sum("enrolments__course__days", filter=attended), ZERO))
        .values_list("scope_path", "district_code", "d")
    )
    minimum: dict[str, Decimal] = {}
    days: dict[str, list] = defaultdict(list)
    short: dict[str, int] = defaultdict(int)
    for scope, code, d in rows:
        if code not in minimum:
            minimum[code] = Decimal(str(policies.TRAINING_MIN_DAYS.value(code)))
        days[scope[:width]].append(d)
        short[scope[:width]] += d < minimum[code]
    return {
        node: {
            "workers": len(values),
            "training_avg": round(float(sum(values) / len(values)), 1),
            "training_short": short[node],
        }
        for node, values in days.items()
    }


def _money_notices_officers(path: str, width: int, period: tuple) -> dict[str, dict]:
    under = Q(scope_path__startswith=path)
    start, end = period
    sent = Notice.objects.filter(under, sent_at__isnull=False, sent_at__date__range=period)
    active = Assignment.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=start), under, starts_on__lte=end
    )
    return _merge(
        grouped(
            BudgetLine.objects.filter(under, year__range=(start.year, end.year)),
            width,
            received_fen=Coalesce(Sum("amount_fen"), 0),
        ),
        grouped(
            Expense.objects.filter(under, status=ExpenseStatus.APPROVED, spent_on__range=period),
            width,
            spent_fen=Coalesce(Sum("amount_fen"), 0),
        ),
        grouped(
            NoticeRecipient.objects.filter(notice__in=sent),
            width,
            column="notice__scope_path",
            recipients=Count("pk"),
            read=Count("pk", filter=Q(read_at__isnull=False)),
        ),
        grouped(
            WorkLog.objects.filter(under, occurred_on__range=period), width, visits=Count("pk")
        ),
        grouped(active, width, assignments=Count("pk")),
    )


def branch_meetings(path: str, width: int, period: tuple) -> dict[str, dict]:
    """Required branch meetings missed (partylife.compliance, a fixed number of queries)."""
    rows = branch_compliance(
        active_branches_under(path), start=period[0], end=period[1], today=timezone.localdate()
    )
    result: dict[str, dict] = defaultdict(lambda: {"missed": 0, "held": 0})
    for row in rows:
        node = result[row.branch.scope_path[:width]]
        node["missed"] += row.missed
        node["held"] += row.held
    return dict(result)


def _merge(*parts: dict[str, dict]) -> dict[str, dict]:
    merged: dict[str, dict] = defaultdict(dict)
    for part in parts:
        for node, values in part.items():
            merged[node].update(values)
    return merged


def rate(part: Any, whole: Any) -> float | None:
    return round(part / whole, 4) if whole else None


MEASURES = (
    _orders,
    _people,
    _sweep,
    _deliberation,
    _venues_centres_venture,
    _workforce,
    _money_notices_officers,
    branch_meetings,
)


def child_rows(area: Area, start: datetime.date, end: datetime.date) -> list[dict[str, Any]]:
    """One row per child area (in path order) with every measure (0 where nothing)."""
    children = list(Area.objects.filter(path__startswith=area.path, depth=area.depth + 1))
    children.sort(key=lambda a: a.path)
    if not children:
        return []
    width = len(area.path) + Area.steplen
    values = _merge(*(measure(area.scope_path, width, (start, end)) for measure in MEASURES))
    return [_row(child, values.get(child.path, {})) for child in children]


def _row(child: Area, v: dict[str, Any]) -> dict[str, Any]:
    orders = v.get("orders", 0)
    satisfaction = v.get("satisfaction")
    return {
        "code": child.code,
        "name": child.name,
        "kind": child.kind,
        "orders": orders,
        "closed": v.get("closed", 0),
        "on_time_rate": rate(orders - v.get("late", 0), orders),
        "satisfaction": round(satisfaction, 2) if satisfaction else None,
        "overdue_open": v.get("overdue_open", 0),
        "registered": v.get("registered", 0),
        "participations": v.get("participations", 0),
        "screened": v.get("screened", 0),
        "targeted": v.get("targeted", 0),
        "sweep_coverage": rate(v.get("screened", 0), v.get("targeted", 0)),
        "meetings": v.get("meetings", 0),
        "resolutions": v.get("resolutions", 0),
        "bookings": v.get("bookings", 0),
        "bookings_used": v.get("bookings_used", 0),
        "centres_graded": v.get("centres_graded", 0),
        "venture_projects": v.get("venture_projects", 0),
        "venture_yuan": v.get("venture_fen", 0) // 100,
        "workers": v.get("workers", 0),
        "training_avg": v.get("training_avg"),
        "training_short": v.get("training_short", 0),
        "received_yuan": v.get("received_fen", 0) // 100,
        "spent_yuan": v.get("spent_fen", 0) // 100,
        "notice_read_rate": rate(v.get("read", 0), v.get("recipients", 0)),
        "officer_visits": v.get("visits", 0),
        "officer_assignments": v.get("assignments", 0),
        "meetings_missed": v.get("missed", 0),
    }
