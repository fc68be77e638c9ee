"""Duty access (准入): a department's request to push a duty down, which must name the authority,
staff and money that go with it (权随事转、人随事转、费随事转) and be filed the policy's working days
ahead; the district body decides within its working days — approve (the duty joins every
receiving town's or community's admitted list with its resources), refuse with a reason — or the
filer withdraws; an admitted duty is retired later. A community records the tasks it refused
because they were not admitted."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.workflow import Actor, Workflow, created, lock, require_permission, user_of
from yipanqi.duties import permissions as perms
from yipanqi.duties.actions._common import clean, refuse
from yipanqi.duties.choices import (
    REQUEST_TRANSITION_NOT_ALLOWED,
    REQUEST_TRANSITIONS,
    AdmittedStatus,
    Level,
    ListKind,
    RequestStatus,
)
from yipanqi.duties.models import AccessRequest, AdmittedDuty, TaskRefusal
from yipanqi.duties.policies import APPLY_AHEAD, APPROVAL, DECIDE_WITHIN
from yipanqi.duties.workdays import add_working_days
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

REQUEST_FLOW = Workflow(
    table=REQUEST_TRANSITIONS,
    statuses=RequestStatus,
    refusal=REQUEST_TRANSITION_NOT_ALLOWED,
    audit_prefix="duties.request",
    model=AccessRequest,
)
# Which levels an area's request may push a duty down to.
LEVELS: dict[str, set[str]] = {
    AreaKind.DISTRICT: {Level.TOWN, Level.COMMUNITY},
    AreaKind.TOWN: {Level.COMMUNITY},
}


def _now(actor: Actor, at: datetime.datetime | None) -> datetime.datetime:
    """The action's clock: now, or — for the system entering paper records (补录) and the demo's
    2021 — the time the step was taken; a person never backdates a step."""
    if at is None:
        return timezone.now()
    if not is_system(actor):
        raise Forbidden()
    return at


def _check_what(area: Area, level: str, list_kind: str, d: dict[str, Any]) -> None:
    if level not in LEVELS.get(area.kind, set()):
        raise refuse(_("Duties go down from the district to towns or communities, or from a town "
                       "to its communities."), "bad_level", "level")  # fmt: skip
    if list_kind not in ListKind.values:
        raise refuse(_("Choose the list the duty belongs to."), "bad_list_kind", "list_kind")
    for name, code, message in (
        ("department", "department_required", _("Name the department that applies.")),
        ("title", "title_required", _("Name the duty.")),
        ("basis", "basis_required", _("Name the legal basis of the duty.")),
    ):
        if not str(d.get(name) or "").strip():
            raise refuse(message, code, name)


def _check_resources(authority: str, staff_count: int, staff_note: str, money_fen: int) -> None:
    """权随事转、人随事转、费随事转: each of the three must go with the duty."""
    if not authority.strip():
        raise refuse(_("Name the authority that goes with the duty (权随事转)."),
                     "authority_required", "authority")  # fmt: skip
    if staff_count < 1 or not staff_note.strip():
        raise refuse(_("Name the staff that go with the duty: how many and how (人随事转)."),
                     "staff_required", "staff_count")  # fmt: skip
    if money_fen < 1:
        raise refuse(_("Name the money that goes with the duty (费随事转)."),
                     "money_required", "money_fen")  # fmt: skip


def _check_ahead(district_code: str, starts_on: datetime.date, today: datetime.date) -> None:
    earliest = add_working_days(today, int(APPLY_AHEAD.value(district_code)))
    if starts_on < earliest:
        message = _("Apply %(n)s working days ahead: the earliest start is %(day)s.") % {
            "n": APPLY_AHEAD.value(district_code), "day": earliest.isoformat()}  # fmt: skip
        raise refuse(message, "too_late", "starts_on")


@transaction.atomic
def request_file(
    *,
    area: Area,
    level: str,
    list_kind: str,
    department: str,
    title: str,
    basis: str,
    authority: str,
    staff_count: int,
    staff_note: str,
    money_fen: int,
    starts_on: datetime.date,
    actor: Actor,
    description: str = "",
    money_source: str = "",
    at: datetime.datetime | None = None,
) -> AccessRequest:
    """申请: a department applies to push a duty down to the towns or communities of `area`."""
    require_permission(actor, perms.can_file_for, area)
    _check_what(area, level, list_kind, {"department": department, "title": title, "basis": basis})
    _check_resources(authority, staff_count, staff_note, money_fen)
    now = _now(actor, at)
    today = timezone.localdate(now)
    _check_ahead(area.district_code, starts_on, today)
    row = AccessRequest(
        area=area, level=level, list_kind=list_kind, department=clean(department, 100),
        title=clean(title, 150), basis=clean(basis, 200), description=clean(description, 1000),
        authority=clean(authority, 300), staff_count=staff_count, staff_note=clean(staff_note, 300),
        money_fen=money_fen, money_source=clean(money_source, 150), starts_on=starts_on,
        submitted_at=now, filed_by=user_of(actor),
        decide_by=add_working_days(today, int(DECIDE_WITHIN.value(area.district_code))),
    )  # fmt: skip
    row.place_in(area)
    row.save()
    audit.record(actor=actor, action="duties.request.filed", target=row,
                 changes=created(row, "area", "level", "department", "title", "authority",
                                 "staff_count", "money_fen", "starts_on", "decide_by"))  # fmt: skip
    return row


def _receivers(request: AccessRequest) -> list[Area]:
    return list(Area.objects.filter(path__startswith=request.area.path, kind=request.level)
                .order_by("path"))  # fmt: skip


@transaction.atomic
def request_approve(
    *, request: AccessRequest, actor: Actor, note: str = "", at: datetime.datetime | None = None
) -> AccessRequest:
    """准入: the duty joins the admitted list of every receiving town or community."""
    request = lock(request, "area")
    require_permission(actor, perms.can_decide, request)
    step = REQUEST_FLOW.begin(request, actor=actor)
    step.move(RequestStatus.APPROVED)
    now = _now(actor, at)
    step.set(decided_at=now, decided_by=user_of(actor), reason=clean(note, 500),
             decision_body=APPROVAL.value(request.district_code)["body"][:100])  # fmt: skip
    rows = [AdmittedDuty(request=request, area=a, admitted_on=timezone.localdate(now),
                         scope_path=a.scope_path, district_code=a.district_code)
            for a in _receivers(request)]  # fmt: skip
    AdmittedDuty.objects.bulk_create(rows)
    step.finish("approved", admitted=len(rows))
    return request


@transaction.atomic
def request_refuse(
    *, request: AccessRequest, reason: str, actor: Actor, at: datetime.datetime | None = None
) -> AccessRequest:
    """不予准入, with the reason the department is told."""
    request = lock(request)
    require_permission(actor, perms.can_decide, request)
    if not reason.strip():
        raise refuse(_("Give the reason for refusing."), "reason_required", "reason")
    step = REQUEST_FLOW.begin(request, actor=actor)
    step.move(RequestStatus.REFUSED)
    step.set(decided_at=_now(actor, at), decided_by=user_of(actor), reason=clean(reason, 500),
             decision_body=APPROVAL.value(request.district_code)["body"][:100])  # fmt: skip
    step.finish("refused")
    return request


@transaction.atomic
def request_withdraw(*, request: AccessRequest, actor: Actor) -> AccessRequest:
    request = lock(request, "area")
    require_permission(actor, perms.can_withdraw, request)
    step = REQUEST_FLOW.begin(request, actor=actor)
    step.move(RequestStatus.WITHDRAWN)
    step.finish("withdrawn")
    return request


@transaction.atomic
def request_retire(
    *, request: AccessRequest, reason: str, actor: Actor, at: datetime.datetime | None = None
) -> AccessRequest:
    """退出: an admitted duty leaves every receiving list (a retired one stays in the history)."""
    request = lock(request)
    require_permission(actor, perms.can_retire, request)
    if not reason.strip():
        raise refuse(_("Give the reason the duty is retired."), "reason_required", "reason")
    today = timezone.localdate(_now(actor, at))
    step = REQUEST_FLOW.begin(request, actor=actor)
    step.move(RequestStatus.RETIRED)
    step.set(retired_on=today, reason=clean(reason, 500))
    # The receiving rows follow the request (active → retired), in one update.
    carried = AdmittedDuty.objects.filter(request=request, status=AdmittedStatus.ACTIVE)
    retired = carried.update(
        status=AdmittedStatus.RETIRED, retired_on=today, updated_at=timezone.now()
    )
    step.finish("retired", retired=retired)
    return request


def _on_admitted_list(area: Area, task: str) -> bool:
    return AdmittedDuty.objects.filter(area=area, status=AdmittedStatus.ACTIVE,
                                       request__title=task.strip()).exists()  # fmt: skip


@transaction.atomic
def task_refuse(
    *, area: Area, task: str, pushed_by: str, reason: str, actor: Actor,
    refused_on: datetime.date | None = None,
) -> TaskRefusal:  # fmt: skip
    """A community (or town) refuses a task that is not on its admitted list; the district sees it."""
    require_permission(actor, perms.can_refuse_in, area)
    if area.kind not in (AreaKind.TOWN, AreaKind.COMMUNITY):
        raise refuse(_("Only towns and communities refuse pushed-down tasks."), "bad_area", "area")
    for name, value, code, message in (
        ("task", task, "task_required", _("Name the task.")),
        ("pushed_by", pushed_by, "pushed_by_required", _("Name who pushed the task down.")),
        ("reason", reason, "reason_required", _("Give the reason for refusing.")),
    ):
        if not value.strip():
            raise refuse(message, code, name)
    day = refused_on or timezone.localdate()
    if day > timezone.localdate():
        raise refuse(_("The date cannot be in the future."), "bad_date", "refused_on")
    if _on_admitted_list(area, task):
        raise Conflict(_("This task is on the admitted list and cannot be refused."),
                       code="on_admitted_list")  # fmt: skip
    row = TaskRefusal(area=area, task=clean(task, 150), pushed_by=clean(pushed_by, 100),
                      reason=clean(reason, 500), refused_on=day, recorded_by=user_of(actor))  # fmt: skip
    row.place_in(area)
    row.save()
    audit.record(actor=actor, action="duties.refusal.recorded", target=row,
                 changes=created(row, "area", "task", "pushed_by", "refused_on", "reason"))  # fmt: skip
    return row
