"""Reads of the officers' platform, each from the user's scope (`for_user`): assignments and work
logs one reaches (one's own as an officer; one's area's as a leader), the visual board's coverage
by role and town and the issues raised and solved."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from yipanqi.grid.choices import IncidentStatus
from yipanqi.officers.choices import AssignmentStatus
from yipanqi.officers.models import Assignment, OfficerRole, WorkLog, WorkLogPhoto
from yipanqi.orders.choices import OrderStatus
from yipanqi.organisations.models import Area, Unit

SOLVED = (OrderStatus.DONE, OrderStatus.RATED, OrderStatus.CLOSED)
# An issue is solved when its service order is done or its incident report closed, or — with
# neither — when the officer recorded a result (handled on the spot, 当场解决).
ISSUE_SOLVED = (
    Q(order__status__in=SOLVED)
    | Q(incident__status=IncidentStatus.CLOSED)
    | (Q(order__isnull=True) & Q(incident__isnull=True) & ~Q(result=""))
)
TOWN = 2  # depth of a town / street in the area tree


def assignment_list(*, user: Any, officer: Any = None, status: str = "") -> QuerySet[Assignment]:
    rows = Assignment.objects.for_user(user).select_related("officer", "role", "area", "unit")
    if officer is not None:
        rows = rows.filter(officer=officer)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("role__order", "scope_path", "id")


def my_assignments(*, user: Any, today: datetime.date | None = None) -> QuerySet[Assignment]:
    """The officer's own active targets, each with this month's visits (`done`) to set against
    the plan (`visits_per_month`)."""
    start = _month_start(today or timezone.localdate())
    return assignment_list(user=user, officer=user, status=AssignmentStatus.ACTIVE).annotate(
        done=Count("logs", filter=Q(logs__occurred_on__gte=start))
    )


def assignment_get(*, user: Any, assignment_id: int) -> Assignment:
    rows = Assignment.objects.for_user(user).select_related("officer", "role", "area", "unit")
    return rows.get(pk=assignment_id)


def worklog_list(*, user: Any, assignment: Assignment | None = None) -> QuerySet[WorkLog]:
    rows = WorkLog.objects.for_user(user).select_related(
        "assignment", "assignment__role", "order", "incident"
    )
    if assignment is not None:
        rows = rows.filter(assignment=assignment)
    return rows.order_by("-occurred_on", "-id")


def worklog_rows(*, user: Any, assignment: Assignment) -> QuerySet[WorkLog]:
    """An assignment's logs to show, with their photos (one more query per page)."""
    return worklog_list(user=user, assignment=assignment).prefetch_related("photos")


def photo_get(*, user: Any, photo_id: int) -> WorkLogPhoto:
    """A photo of a work log the user reaches (the officer's own, or their area's as a leader or
    auditor); any other id raises DoesNotExist (404)."""
    return WorkLogPhoto.objects.for_user(user).get(pk=photo_id)


def roles(*, district_code: str) -> QuerySet[OfficerRole]:
    return OfficerRole.objects.filter(district_code=district_code).order_by("order", "code")


def role_find(*, district_code: str, code: str) -> OfficerRole | None:
    """A role of the district by its code (驻企专员: enterprise …), or None."""
    return OfficerRole.objects.filter(district_code=district_code, code=code).first()


def assignment_area(*, area_id: int) -> Area | None:
    """The area an assignment is made for, by id: whether the actor leads over it is the
    action's check, so this lookup is not scoped."""
    return Area.objects.filter(pk=area_id).first()


def assignment_unit(*, unit_id: int) -> Unit | None:
    """The unit an assignment targets, by id (checked against the area by the action)."""
    return Unit.objects.filter(pk=unit_id).first()


@dataclass
class Coverage:
    label: str
    assigned: int = 0
    visited: int = 0
    overdue: int = 0
    issues: int = 0
    solved: int = 0

    @property
    def rate(self) -> float:
        return self.visited / self.assigned if self.assigned else 0.0


@dataclass
class Board:
    by_role: list[Coverage] = field(default_factory=list)
    by_town: list[Coverage] = field(default_factory=list)
    by_layer: list[Coverage] = field(default_factory=list)


def _month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def board(*, user: Any, today: datetime.date) -> Board:
    """Coverage this month: targets assigned, visited, overdue (no visit and past mid-month or
    fewer than planned by the month's end), issues raised and solved — three queries."""
    start = _month_start(today)
    visits = WorkLog.objects.filter(assignment=OuterRef("pk"), occurred_on__range=(start, today))
    rows = (
        assignment_list(user=user, status=AssignmentStatus.ACTIVE)
        .annotate(visited=Exists(visits), done=Count("logs", filter=Q(logs__occurred_on__gte=start)))
        .values("role__name", "role__layer", "role__order", "scope_path", "visited",
                "visits_per_month", "done")
    )  # fmt: skip
    by: dict[str, dict[str, Coverage]] = {"role": {}, "town": {}, "layer": {}}
    half = today.day > 15
    for r in rows:
        town = r["scope_path"][: TOWN * Area.steplen]
        overdue = (
            (not r["visited"] and half) or r["done"] < r["visits_per_month"] and today.day > 25
        )
        for kind, label in (("role", r["role__name"]), ("town", town), ("layer", r["role__layer"])):
            c = by[kind].setdefault(label, Coverage(label))
            c.assigned += 1
            c.visited += bool(r["visited"])
            c.overdue += bool(overdue)
    issues = (
        worklog_list(user=user).exclude(issue="")
        .values("assignment__role__name", "scope_path", "assignment__role__layer")
        .annotate(n=Count("pk"), solved=Count("pk", filter=ISSUE_SOLVED))
        .order_by()
    )  # fmt: skip
    for i in issues:
        town = i["scope_path"][: TOWN * Area.steplen]
        for kind, label in (("role", i["assignment__role__name"]), ("town", town),
                            ("layer", i["assignment__role__layer"])):  # fmt: skip
            c = by[kind].setdefault(label, Coverage(label))
            c.issues += i["n"]
            c.solved += i["solved"]
    names = dict(Area.objects.filter(path__in=list(by["town"])).values_list("path", "name"))
    for c in by["town"].values():
        c.label = names.get(c.label, c.label)
    from yipanqi.officers.choices import Layer

    for c in by["layer"].values():
        c.label = str(Layer(c.label).label)
    return Board(list(by["role"].values()), sorted(by["town"].values(), key=lambda c: c.label),
                 list(by["layer"].values()))  # fmt: skip


def _reader_districts(user: Any) -> set[str]:
    from yipanqi.officers.models import READERS
    from yipanqi.organisations.permissions import active_grants

    return {g.area.district_code for g in active_grants(user) if g.role in READERS}


def role_list(*, user: Any) -> QuerySet[OfficerRole]:
    """The officer roles of the districts the user leads or audits (district configuration)."""
    return OfficerRole.objects.filter(district_code__in=_reader_districts(user)).order_by(
        "district_code", "order", "code"
    )


def role_get(*, user: Any, role_id: int) -> OfficerRole:
    """One role of the user's districts; another district's is not found (404)."""
    return role_list(user=user).get(pk=role_id)


def assign_areas(*, user: Any) -> QuerySet[Area]:
    """The towns and communities a leader may post an officer to (under the areas they lead)."""
    from yipanqi.officers.permissions import leader_areas
    from yipanqi.organisations.choices import AreaKind

    under = Q(pk__in=[])
    for area in leader_areas(user):
        under |= Q(path__startswith=area.path)
    return Area.objects.filter(under, kind__in=[AreaKind.TOWN, AreaKind.COMMUNITY]).order_by("path")


def assign_units(*, user: Any) -> QuerySet[Unit]:
    """The enterprises and units under the areas a leader leads."""
    from yipanqi.officers.permissions import leader_areas

    under = Q(pk__in=[])
    for area in leader_areas(user):
        under |= Q(scope_path__startswith=area.path)
    return Unit.objects.filter(under).select_related("area").order_by("name", "id")


def officer_choices(*, user: Any) -> list[tuple[int, str]]:
    """Who a leader may post: the five-role officers granted in their scope, and everyone already
    posted to a target of their scope (officers of the organs or towns, 驻企专员 …), by name."""
    from yipanqi.organisations.choices import GrantStatus, Role
    from yipanqi.organisations.selectors import grant_list

    granted = grant_list(
        user=user, role=Role.FIVE_ROLE_OFFICER, status=GrantStatus.ACTIVE
    ).values_list("user_id", "user__display_name", "user__username")
    posted = assignment_list(user=user).values_list(
        "officer_id", "officer__display_name", "officer__username"
    )
    people = {pk: display or username for pk, display, username in [*granted, *posted]}
    return sorted(people.items(), key=lambda item: (item[1], item[0]))


def officer_user(*, user_id: int, allowed: dict[int, str]) -> Any:
    """The account of an officer the leader was offered (officer_choices), or None."""
    from yipanqi.accounts.selectors import user_get

    return user_get(user_id=user_id) if user_id in allowed else None
