"""Every write of the five-role officers' platform: the district's role list, assignments (open,
end), work logs with their photos and the issues raised — an issue becomes a service order or a
grid incident report through the owning app's own action, on the officer's behalf in the target's
grid (no copy of that machinery)."""

import datetime
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, uploads
from yipanqi.core.actors import system
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, Workflow, created, lock, require_permission, track, user_of
from yipanqi.grid.actions import incident_report
from yipanqi.grid.choices import IncidentCategory
from yipanqi.officers import permissions as perms
from yipanqi.officers.choices import (
    ASSIGNMENT_TRANSITION_NOT_ALLOWED,
    ASSIGNMENT_TRANSITIONS,
    DEFAULT_ROLES,
    AssignmentStatus,
    Layer,
    LogKind,
    TargetKind,
)
from yipanqi.officers.models import Assignment, OfficerRole, WorkLog, WorkLogPhoto
from yipanqi.orders.actions import order_place
from yipanqi.orders.models import OrderCategory
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Unit

ASSIGNMENT_FLOW = Workflow(
    table=ASSIGNMENT_TRANSITIONS,
    statuses=AssignmentStatus,
    refusal=ASSIGNMENT_TRANSITION_NOT_ALLOWED,
    audit_prefix="officers.assignment",
    model=Assignment,
)


def _refuse(message: str, code: str, field: str | None = None) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]} if field else None)


@transaction.atomic
def roles_ensure_defaults(*, district_code: str, actor: Any = None) -> list[OfficerRole]:
    """Give a district the five roles once (names and duties stay editable); keeps edits."""
    made = []
    for order, (code, name, layer, target, duties) in enumerate(DEFAULT_ROLES):
        _role, new = OfficerRole.objects.get_or_create(
            district_code=district_code, code=code,
            defaults={"name": name, "layer": layer, "target_kind": target, "duties": duties,
                      "order": order},
        )  # fmt: skip
        if new:
            made.append(code)
    if made:
        audit.record(actor=actor, action="officers.roles.created", data={"codes": made},
                     scope_path="", district_code=district_code)  # fmt: skip
    return list(OfficerRole.objects.filter(district_code=district_code))


@transaction.atomic
def role_update(
    *, role: OfficerRole, name: str, duties: str, layer: str, actor: Actor
) -> OfficerRole:
    """The district renames a role or changes its duties or layer (organisation department)."""
    district = Area.objects.filter(kind=AreaKind.DISTRICT, district_code=role.district_code).first()
    require_permission(actor, lambda u: district is not None and perms.can_assign_in(u, district))
    if not name.strip():
        raise _refuse(_("Give the role a name."), "name_required", "name")
    if layer not in Layer.values:
        raise _refuse(_("Choose a layer."), "bad_layer", "layer")
    role = OfficerRole.objects.select_for_update().get(pk=role.pk)
    edit = track(role, actor=actor)
    edit.set(name=name.strip()[:20], duties=duties.strip()[:300], layer=layer)
    edit.finish("officers.role.updated")
    return role


def _target(role: OfficerRole, area: Area, unit: Unit | None, name: str) -> tuple[Area, str]:
    kind = role.target_kind
    if kind == TargetKind.ENTERPRISE:
        if unit is None:
            raise _refuse(_("Choose the enterprise or unit."), "unit_required", "unit")
        return unit.area, unit.name
    kinds: dict[str, str] = {
        TargetKind.COMMUNITY: AreaKind.COMMUNITY,
        TargetKind.TOWN: AreaKind.TOWN,
    }
    wanted = kinds.get(kind)
    if wanted and area.kind != wanted:
        raise _refuse(_("This role's target is another kind of area."), "bad_target", "area")
    if kind in (TargetKind.PROJECT, TargetKind.STREET) and not name.strip():
        raise _refuse(_("Name the project or street segment."), "target_required", "target_name")
    return area, (name.strip() or area.name)[:150]


@transaction.atomic
def assignment_create(
    *,
    officer: Any,
    role: OfficerRole,
    area: Area,
    actor: Actor,
    unit: Unit | None = None,
    target_name: str = "",
    starts_on: datetime.date | None = None,
    visits_per_month: int = 2,
) -> Assignment:
    """结对: an officer to a target with a visit plan, by the leaders over the target's area."""
    place, name = _target(role, area, unit, target_name)
    require_permission(actor, perms.can_assign_in, place)
    if not 0 < visits_per_month <= 31:
        raise _refuse(_("Plan 1 to 31 visits a month."), "bad_plan", "visits_per_month")
    if role.district_code != place.district_code:
        raise _refuse(_("This role belongs to another district."), "bad_role", "role")
    row = Assignment(
        officer=officer, role=role, area=place, unit=unit, target_name=name,
        starts_on=starts_on or timezone.localdate(), visits_per_month=visits_per_month,
    )  # fmt: skip
    row.place_in(place)
    row.save()
    audit.record(actor=actor, action="officers.assignment.created", target=row,
                 changes=created(row, "officer", "role", "area", "unit", "target_name",
                                 "visits_per_month"))  # fmt: skip
    return row


@transaction.atomic
def assignment_end(*, assignment: Assignment, actor: Actor) -> Assignment:
    assignment = lock(assignment)
    require_permission(actor, perms.can_manage, assignment)
    step = ASSIGNMENT_FLOW.begin(assignment, actor=actor)
    step.move(AssignmentStatus.ENDED)
    step.set(ends_on=timezone.localdate())
    step.finish("ended")
    return assignment


def _grid_of(area: Area) -> Area | None:
    if area.kind == AreaKind.GRID:
        return area
    return (
        Area.objects.filter(path__startswith=area.path, kind=AreaKind.GRID).order_by("path").first()
    )


def _on_behalf(log: WorkLog, actor: Actor) -> Any:
    return system("officers.issue", on_behalf_of=user_of(actor) or log.officer)


def _open_order(log: WorkLog, actor: Actor) -> Any:
    """The issue becomes a service order of the target's grid, placed on the officer's behalf."""
    grid = _grid_of(log.assignment.area)
    category = (
        OrderCategory.objects.filter(district_code=log.district_code).order_by("order").first()
    )
    if grid is None or category is None:
        raise _refuse(_("No grid or order category to place the issue in."), "no_grid", "issue")
    return order_place(
        grid=grid, category=category, title=log.issue[:100], description=log.summary,
        actor=_on_behalf(log, actor),
    )  # fmt: skip


def _report_incident(log: WorkLog, actor: Actor) -> Any:
    """The issue becomes an incident report of the target's grid (网格事件), on the officer's
    behalf: the grid's own workflow (accept, handle, close, escalate when overdue) takes over."""
    grid = _grid_of(log.assignment.area)
    if grid is None:
        raise _refuse(_("No grid or order category to place the issue in."), "no_grid", "issue")
    return incident_report(
        grid=grid, category=IncidentCategory.OTHER, title=log.issue[:100],
        place=log.assignment.target_name, description=f"{log.issue}\n{log.summary}",
        actor=_on_behalf(log, actor),
    )  # fmt: skip


MAX_PHOTOS = 6
PHOTO_FOLDER = "officers"


def _check_issue(issue: str, open_order: bool, open_incident: bool, photos: Sequence[Any]) -> None:
    if (open_order or open_incident) and not issue.strip():
        raise _refuse(_("Describe the issue to open an order."), "issue_required", "issue")
    if open_order and open_incident:
        message = _("Open a service order or report an incident, not both.")
        raise _refuse(message, "order_or_incident", "open_incident")
    if len(photos) > MAX_PHOTOS:
        message = _("At most %(n)d photos.") % {"n": MAX_PHOTOS}
        raise _refuse(message, "too_many_photos", "photos")
    for upload in photos:
        uploads.check_upload(upload)  # every photo judged before anything is stored


def _keep_photos(log: WorkLog, photos: Sequence[Any]) -> None:
    """Store each photo without its metadata; a file refused or a failure removes what was
    written (the transaction drops the rows and the log)."""
    written: list[Path] = []
    try:
        for upload in photos:
            content_type = uploads.check_upload(upload)
            relative, path = uploads.write(PHOTO_FOLDER, upload)
            written.append(path)
            photo = WorkLogPhoto(log=log, stored_path=relative, content_type=content_type,
                                 size=path.stat().st_size)  # fmt: skip
            photo.place_in(log)
            photo.save()
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise


@transaction.atomic
def worklog_record(
    *,
    assignment: Assignment,
    kind: str,
    occurred_on: datetime.date,
    summary: str,
    actor: Actor,
    people_met: str = "",
    result: str = "",
    issue: str = "",
    open_order: bool = False,
    open_incident: bool = False,
    photos: Sequence[Any] = (),
) -> WorkLog:
    """走访记录: on one of the officer's own active targets, with up to six photos; an issue may
    open a service order or an incident report. Refused as a whole: nothing is half-saved."""
    require_permission(actor, perms.can_log, assignment)
    assignment = lock(assignment, "area")
    if assignment.status != AssignmentStatus.ACTIVE:
        raise _refuse(_("This assignment has ended."), "assignment_ended")
    if kind not in LogKind.values:
        raise _refuse(_("Choose what kind of work it was."), "bad_kind", "kind")
    if not summary.strip():
        raise _refuse(_("Say what was done."), "summary_required", "summary")
    if occurred_on > timezone.localdate() or occurred_on < assignment.starts_on:
        raise _refuse(_("The date is outside the assignment."), "bad_date", "occurred_on")
    _check_issue(issue, open_order, open_incident, photos)
    log = WorkLog(
        assignment=assignment, officer=user_of(actor) or assignment.officer, kind=kind,
        occurred_on=occurred_on, summary=summary.strip()[:500], people_met=people_met.strip()[:200],
        result=result.strip()[:300], issue=issue.strip()[:300],
    )  # fmt: skip
    log.place_in(assignment.area)
    if open_order:
        log.order = _open_order(log, actor)
    if open_incident:
        log.incident = _report_incident(log, actor)
    log.save()
    _keep_photos(log, photos)
    audit.record(actor=actor, action="officers.worklog.recorded", target=log,
                 changes=created(log, "assignment", "kind", "occurred_on", "issue", "order",
                                 "incident"),
                 data={"photos": len(photos)})  # fmt: skip
    return log
