"""Incident reports (事件上报): report → accept → handle → close, escalated up the area tree by hand
or when overdue (grid.escalation, through organisations.escalation). Every step is guarded by the
transition table, locked, evented, audited and notified."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify, uploads
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import (
    Actor,
    Workflow,
    created,
    lock,
    require,
    require_permission,
    user_of,
)
from yipanqi.grid import permissions as perms
from yipanqi.grid import policies
from yipanqi.grid.choices import (
    INCIDENT_TRANSITION_NOT_ALLOWED,
    INCIDENT_TRANSITIONS,
    WAITING_STATES,
    EscalationLevel,
    IncidentCategory,
    IncidentEventKind,
    IncidentStatus,
)
from yipanqi.grid.models import Incident, IncidentEvent, IncidentPhoto
from yipanqi.organisations import escalation
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.escalation import admins_at_level
from yipanqi.organisations.models import Area

PHOTO_FOLDER = "grid"
MAX_PHOTOS = 3


def incident_due_at(
    incident: Incident, status: str, now: datetime.datetime
) -> datetime.datetime | None:
    # A district override may name only some states; the others keep their documented default.
    hours = {
        **policies.INCIDENT_DUE_HOURS.default,
        **policies.INCIDENT_DUE_HOURS.value(incident.district_code),
    }.get(status)
    return None if hours is None else now + datetime.timedelta(hours=float(hours))


def _locked(incident: Incident) -> Incident:
    return lock(incident, "community", "grid")


def _event(
    incident: Incident, *, actor: Actor, old: str, new: str, kind: str, note: str = ""
) -> None:
    IncidentEvent.objects.create(
        incident=incident,
        kind=kind,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        level=incident.escalation_level,
        note=note[:500],
        scope_path=incident.scope_path,
        district_code=incident.district_code,
    )


def _stamp_due(incident: Incident, new: str) -> None:
    incident.due_at = incident_due_at(incident, new, timezone.now())
    incident.overdue = False


INCIDENT_FLOW = Workflow(
    table=INCIDENT_TRANSITIONS,
    statuses=IncidentStatus,
    refusal=INCIDENT_TRANSITION_NOT_ALLOWED,
    audit_prefix="grid.incident",
    event=_event,
    on_move=_stamp_due,
    model=Incident,
)


def _tell(users: list[Any], incident: Incident, title: str, step: str) -> None:
    topic = f"grid.incident:{incident.pk}:{step}:{incident.version}"
    url = incident.get_absolute_url()
    notify.notify(users, title=title, body=incident.title, url=url, topic=topic)


def _reported_with_key(reporter: Any, key: str) -> Incident | None:
    if not key or reporter is None:
        return None
    return Incident.objects.filter(reported_by=reporter, idempotency_key=key[:64]).first()


def _check_report(grid: Area, category: str, place: str, description: str) -> None:
    if grid.kind != AreaKind.GRID:
        raise Invalid(_("Choose the grid the incident is in."), code="not_a_grid")
    if category not in IncidentCategory.values:
        raise Invalid(_("Unknown category."), code="bad_category")
    if not place.strip() or not description.strip():
        raise Invalid(_("Say where it is and what you saw."), code="description_required")


@transaction.atomic
def incident_report(
    *,
    grid: Area,
    category: str,
    place: str,
    description: str,
    actor: Any,
    title: str = "",
    idempotency_key: str = "",
) -> Incident:
    """上报: a grid worker reports what they saw; the community must accept it in time."""
    reporter = user_of(actor)
    earlier = _reported_with_key(reporter, idempotency_key)
    if earlier is not None:
        return earlier
    require_permission(actor, perms.can_report_incident, grid)
    _check_report(grid, category, place, description)
    now = timezone.now()
    incident = Incident(
        grid=grid,
        community=grid.get_parent(),
        category=category,
        title=(title.strip() or description.strip().splitlines()[0])[:100],
        place=place.strip()[:200],
        description=description.strip(),
        reported_by=reporter,
        reported_at=now,
        idempotency_key=idempotency_key[:64],
    )
    incident.place_in(grid)
    incident.due_at = incident_due_at(incident, IncidentStatus.REPORTED, now)
    try:
        with transaction.atomic():
            incident.save()
    except IntegrityError:
        earlier = _reported_with_key(reporter, idempotency_key)  # a concurrent twin won
        if earlier is None:
            raise
        return earlier
    _event(incident, actor=actor, old="", new=incident.status, kind=IncidentEventKind.REPORTED)
    # The description stays out of the trail (free text: names, phone numbers).
    changes = created(
        incident, "grid", "community", "category", "title", "place", "status", "due_at"
    )
    audit.record(
        actor=actor,
        action="grid.incident.reported",
        target=incident,
        changes=changes,
        data={"category": category},
    )
    _tell(perms.admins_of(incident.community), incident, _("New incident report"), "reported")
    return incident


@transaction.atomic
def incident_accept(*, incident: Incident, actor: Any) -> Incident:
    """受理: the level the incident is at takes it on."""
    incident = _locked(incident)
    require(perms.can_handle_incident(actor, incident))
    step = INCIDENT_FLOW.begin(incident, actor=actor)
    step.move(IncidentStatus.ACCEPTED, kind=IncidentEventKind.ACCEPTED)
    step.finish("accepted", level=incident.escalation_level)
    _tell([incident.reported_by], incident, _("Your incident report was accepted"), "accepted")
    return incident


def _reason(text: str, message: str) -> str:
    if not text.strip():
        raise Invalid(message, code="note_required", fields={"note": [message]})
    return text.strip()


@transaction.atomic
def incident_handle(*, incident: Incident, note: str, actor: Any) -> Incident:
    """办结: what was done; the reporting grid then closes it (or reopens it)."""
    incident = _locked(incident)
    require(perms.can_handle_incident(actor, incident))
    note = _reason(note, _("Describe what was done."))
    step = INCIDENT_FLOW.begin(incident, actor=actor)
    step.move(IncidentStatus.HANDLED, kind=IncidentEventKind.HANDLED, note=note)
    step.set(handling=note)
    step.finish("handled")
    _tell([incident.reported_by], incident, _("An incident you reported was handled"), "handled")
    return incident


@transaction.atomic
def incident_escalate(*, incident: Incident, reason: str, actor: Any) -> Incident:
    """上报上级: beyond this level's means; the level above must accept it."""
    incident = _locked(incident)
    require(perms.can_handle_incident(actor, incident))
    reason = _reason(reason, _("Give a reason."))
    if incident.escalation_level >= EscalationLevel.DISTRICT:
        raise Conflict(_("The district is the top level."), code="top_level")
    step = INCIDENT_FLOW.begin(incident, actor=actor)
    step.set(escalation_level=incident.escalation_level + 1)
    step.move(IncidentStatus.REPORTED, kind=IncidentEventKind.ESCALATED, note=reason)
    step.finish("escalated", level=incident.escalation_level, reason=reason)
    users = admins_at_level(incident.community, incident.escalation_level)
    _tell(users, incident, _("An incident was escalated to you"), "escalated")
    return incident


@transaction.atomic
def incident_escalate_overdue(*, obj: Incident, now: datetime.datetime, actor: Actor) -> bool:
    """超时督办 (the system's deadline job): an incident past its due time is marked overdue and
    climbs one level; returns False if it moved on meanwhile."""
    require(is_system(actor))
    incident = _locked(obj)
    step = INCIDENT_FLOW.begin(incident, actor=actor)
    climbed = escalation.climb(incident, now, WAITING_STATES, incident_due_at)
    if climbed is None:
        return False
    level, first_time = climbed
    kinds = [IncidentEventKind.OVERDUE] if first_time else []
    for kind in [*kinds, IncidentEventKind.ESCALATED]:
        _event(incident, actor=actor, old=incident.status, new=incident.status, kind=kind)
    step.finish("escalated", level=level)
    escalation.announce(incident, level, _("Overdue incident escalated to you"))
    return True


@transaction.atomic
def incident_close(*, incident: Incident, result: str, actor: Any, solved: bool = True) -> Incident:
    """关闭 with the result; "not solved" sends it back to whoever handled it."""
    incident = _locked(incident)
    require(perms.can_close_incident(actor, incident))
    result = _reason(result, _("Describe the result."))
    step = INCIDENT_FLOW.begin(incident, actor=actor)
    if solved:
        step.move(IncidentStatus.CLOSED, kind=IncidentEventKind.CLOSED, note=result)
        step.set(result=result, closed_at=timezone.now())
        step.finish("closed")
        return incident
    step.move(IncidentStatus.ACCEPTED, kind=IncidentEventKind.REOPENED, note=result)
    step.finish("reopened", reason=result)
    users = admins_at_level(incident.community, incident.escalation_level)
    _tell(users, incident, _("An incident was reopened"), "reopened")
    return incident


@transaction.atomic
def incident_photo_attach(*, incident: Incident, upload: Any, actor: Any) -> IncidentPhoto:
    """Keep one photo of what was reported (the reporter, or those who handle it)."""
    own = incident.reported_by_id == getattr(actor, "pk", None)
    require(own or perms.can_handle_incident(actor, incident))
    if incident.photos.count() >= MAX_PHOTOS:
        raise Invalid(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
    content_type = uploads.check_upload(upload)
    relative, path = uploads.write(PHOTO_FOLDER, upload)
    try:
        photo = IncidentPhoto(
            incident=incident,
            stored_path=relative,
            content_type=content_type,
            size=path.stat().st_size,
        )
        photo.place_in(incident.grid)
        photo.save()
        audit.record(
            actor=actor,
            action="grid.photo.added",
            target=incident,
            changes={"photo": [None, photo.pk]},
            data={"type": content_type, "size": path.stat().st_size},
        )
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo
