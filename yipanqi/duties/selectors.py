"""Reads of the duties app, each from the user's scope (`for_user`): lists and items, access
requests, admitted duties as each town or community carries them, refused tasks, and the burden
meter (admitted duties carried and tasks refused per community, by year and quarter)."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet

from yipanqi.core.scope import grant_for, prefix_condition
from yipanqi.duties.choices import AdmittedStatus
from yipanqi.duties.models import (
    AccessRequest,
    AdmittedDuty,
    DutyEvidence,
    DutyItem,
    DutyList,
    TaskRefusal,
)
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


def list_list(*, user: Any, year: int | None = None) -> QuerySet[DutyList]:
    rows = (
        DutyList.objects.for_user(user)
        .select_related("area")
        .annotate(n_items=Count("items"), n_done=Count("items", filter=Q(items__progress="done")))
    )
    if year:
        rows = rows.filter(year=year)
    return rows.order_by("-year", "scope_path", "id")


def list_get(*, user: Any, list_id: int) -> DutyList:
    return DutyList.objects.for_user(user).select_related("area").get(pk=list_id)


def item_list(*, user: Any, duty_list: DutyList) -> QuerySet[DutyItem]:
    rows = DutyItem.objects.for_user(user).filter(duty_list=duty_list)
    return rows.annotate(n_evidence=Count("evidence")).order_by("order", "id")


def item_list_all(*, user: Any) -> QuerySet[DutyItem]:
    return DutyItem.objects.for_user(user).order_by("scope_path", "duty_list_id", "order", "id")


def item_get(*, user: Any, item_id: int) -> DutyItem:
    return (
        DutyItem.objects.for_user(user)
        .select_related("duty_list", "duty_list__area")
        .get(pk=item_id)
    )


def evidence_get(*, user: Any, evidence_id: int) -> DutyEvidence:
    items = DutyItem.objects.for_user(user)
    return DutyEvidence.objects.filter(item__in=items).get(pk=evidence_id)


def request_list(
    *, user: Any, status: str = "", year: int | None = None
) -> QuerySet[AccessRequest]:
    rows = AccessRequest.objects.for_user(user).select_related("area")
    if status:
        rows = rows.filter(status=status)
    if year:
        rows = rows.filter(submitted_at__year=year)
    return rows.order_by("-submitted_at", "-id")


def request_get(*, user: Any, request_id: int) -> AccessRequest:
    return AccessRequest.objects.for_user(user).select_related("area").get(pk=request_id)


def admitted_list(
    *, user: Any, area: Area | None = None, active: bool = True
) -> QuerySet[AdmittedDuty]:
    rows = AdmittedDuty.objects.for_user(user).select_related("request", "area")
    if area is not None:
        rows = rows.filter(area=area)
    if active:
        rows = rows.filter(status=AdmittedStatus.ACTIVE)
    return rows.order_by("scope_path", "-admitted_on", "id")


def admitted_get(*, user: Any, admitted_id: int) -> AdmittedDuty:
    return AdmittedDuty.objects.for_user(user).select_related("request", "area").get(pk=admitted_id)


def carriers(*, request: AccessRequest) -> QuerySet[AdmittedDuty]:
    """The towns and communities that carry an admitted duty now (for a caller that has already
    checked who may act on the request, e.g. funding crediting the money that goes with it)."""
    rows = AdmittedDuty.objects.filter(request=request, status=AdmittedStatus.ACTIVE)
    return rows.select_related("area").order_by("scope_path", "id")


def refusal_list(*, user: Any, year: int | None = None) -> QuerySet[TaskRefusal]:
    rows = TaskRefusal.objects.for_user(user).select_related("area")
    if year:
        rows = rows.filter(refused_on__year=year)
    return rows.order_by("-refused_on", "-id")


def refusal_get(*, user: Any, refusal_id: int) -> TaskRefusal:
    return TaskRefusal.objects.for_user(user).select_related("area").get(pk=refusal_id)


def filing_areas(*, user: Any) -> list[Area]:
    """The areas the user may file access requests for (their district or town)."""
    from yipanqi.duties.permissions import can_file_for
    from yipanqi.organisations.permissions import active_grants

    areas = {
        g.area.pk: g.area
        for g in active_grants(user)
        if g.area.kind in (AreaKind.DISTRICT, AreaKind.TOWN)
    }
    return [a for a in areas.values() if can_file_for(user, a)]


def refusing_areas(*, user: Any) -> list[Area]:
    from yipanqi.duties.permissions import can_refuse_in
    from yipanqi.organisations.permissions import active_grants

    areas = {g.area.pk: g.area for g in active_grants(user)}
    return [a for a in areas.values() if can_refuse_in(user, a)]


def list_areas(*, user: Any) -> QuerySet[Area]:
    """Areas whose list the user may set (checked again by the action)."""
    kinds = (AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY)
    return Area.objects.for_user(user).filter(kind__in=kinds).order_by("path")


@dataclass
class Burden:
    """The burden meter of one community (减负): admitted duties carried, tasks refused."""

    area_id: int
    name: str
    carried: int = 0
    refused: int = 0
    trend: dict[str, dict[str, int]] = field(default_factory=dict)  # period → counts


def quarter_end(year: int, quarter: int) -> datetime.date:
    month = quarter * 3
    return (datetime.date(year + (month == 12), month % 12 + 1, 1)) - datetime.timedelta(days=1)


def carried_on(rows: QuerySet[AdmittedDuty], day: datetime.date) -> QuerySet[AdmittedDuty]:
    """Admitted duties carried on `day`: admitted by then and not retired before it."""
    return rows.filter(Q(retired_on__isnull=True) | Q(retired_on__gt=day), admitted_on__lte=day)


def burden(*, user: Any, year: int, today: datetime.date) -> list[Burden]:
    """Per community whose duties the user reads: duties carried now and at each quarter's end
    of `year`, tasks refused in each quarter (three queries whatever the number of communities)."""
    # Not every community of the structure scope: a system administrator, who reads the structure
    # but not the duties, would get a meter of zeros for each community.
    readers = grant_for(user, "view", AdmittedDuty).prefixes
    read = prefix_condition(readers, "path") if readers else Q(pk__in=[])
    communities = Area.objects.for_user(user).filter(read, kind=AreaKind.COMMUNITY).order_by("path")
    meters = {a.pk: Burden(a.pk, a.name) for a in communities.only("pk", "name")}
    admitted = AdmittedDuty.objects.for_user(user).filter(area__kind=AreaKind.COMMUNITY)
    quarters = [q for q in range(1, 5) if datetime.date(year, q * 3 - 2, 1) <= today]
    carried: dict[str, Any] = {"now": Count("pk", filter=Q(status=AdmittedStatus.ACTIVE))}
    for q in quarters:
        end = min(quarter_end(year, q), today)
        carried[f"q{q}"] = Count(
            "pk",
            filter=Q(admitted_on__lte=end) & (Q(retired_on__isnull=True) | Q(retired_on__gt=end)),
        )
    for row in admitted.values("area_id").annotate(**carried).order_by():
        meter = meters.get(row["area_id"])
        if meter is None:
            continue
        meter.carried = row["now"]
        for q in quarters:
            meter.trend.setdefault(f"Q{q}", {"carried": 0, "refused": 0})["carried"] = row[f"q{q}"]
    refusals = TaskRefusal.objects.for_user(user).filter(refused_on__year=year)
    counts = {
        f"q{q}": Count("pk", filter=Q(refused_on__month__in=range(q * 3 - 2, q * 3 + 1)))
        for q in quarters
    }
    for row in refusals.values("area_id").annotate(n=Count("pk"), **counts).order_by():
        meter = meters.get(row["area_id"])
        if meter is None:
            continue
        meter.refused = row["n"]
        for q in quarters:
            meter.trend.setdefault(f"Q{q}", {"carried": 0, "refused": 0})["refused"] = row[f"q{q}"]
    for meter in meters.values():
        for q in quarters:
            meter.trend.setdefault(f"Q{q}", {"carried": 0, "refused": 0})
        meter.trend = dict(sorted(meter.trend.items()))
    return list(meters.values())
