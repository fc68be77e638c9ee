"""Venues (阵地): opened by a street, a community or a resident unit, changed by their owner,
with dated exceptions to their opening hours."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, uploads
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, created, lock, require_permission, track
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.venues import permissions as perms
from yipanqi.venues.choices import VenueKind, WhoMayBook
from yipanqi.venues.hours import clean_span, clean_week
from yipanqi.venues.models import Venue, VenueException, VenuePhoto

EDITABLE = (
    "name", "kind", "address", "capacity", "facilities", "description", "open_hours",
    "who_may_book", "requires_approval", "lead_time_hours", "max_hours", "keeper", "active",
)  # fmt: skip


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    values = {k: v for k, v in values.items() if k in EDITABLE}
    if "kind" in values and values["kind"] not in VenueKind.values:
        raise Invalid(_("Unknown kind of venue."), code="bad_kind")
    if "who_may_book" in values and values["who_may_book"] not in WhoMayBook.values:
        raise Invalid(_("Unknown booking rule."), code="bad_rule")
    if "capacity" in values and int(values["capacity"]) < 1:
        message = _("A venue holds at least one person.")
        raise Invalid(message, code="bad_capacity", fields={"capacity": [message]})
    if "open_hours" in values:
        values["open_hours"] = clean_week(values["open_hours"])
    for name in ("name", "address"):
        if name in values and not str(values[name]).strip():
            message = _("This field is required.")
            raise Invalid(message, code="required", fields={name: [message]})
    return values


@transaction.atomic
def venue_create(
    *,
    owner_area: Area,
    owner_unit: Unit | None = None,
    area: Area | None = None,
    actor: Actor,
    **values: Any,
) -> Venue:
    """A venue of a street or community (`owner_area`), or of a unit (`owner_unit`)."""
    if owner_unit is not None:
        owner_area = owner_unit.area
    elif owner_area.kind not in (AreaKind.TOWN, AreaKind.COMMUNITY):
        raise Invalid(_("A venue belongs to a street, a community or a unit."), code="bad_owner")
    require_permission(actor, perms.can_create_venue, owner_area, owner_unit)
    venue = Venue(
        owner_area=owner_area, owner_unit=owner_unit, area=area or owner_area, **_clean(values)
    )
    venue.place_in(owner_area)
    venue.save()
    audit.record(
        actor=actor,
        action="venues.venue.created",
        target=venue,
        changes=created(
            venue, "name", "kind", "owner_area", "owner_unit", "capacity", "who_may_book"
        ),
    )
    return venue


@transaction.atomic
def venue_update(*, venue: Venue, actor: Actor, **values: Any) -> Venue:
    venue = lock(venue)
    require_permission(actor, perms.can_manage_venue, venue)
    edit = track(venue, actor=actor)
    edit.set(**_clean(values))
    edit.finish("venues.venue.updated")
    return venue


@transaction.atomic
def venue_exception_set(
    *, venue: Venue, date: datetime.date, hours: list, reason: str, actor: Actor
) -> VenueException:
    """闭馆 / 调整: one date's own hours (an empty list closes the venue that day)."""
    venue = lock(venue)
    require_permission(actor, perms.can_manage_venue, venue)
    message = _("Opening hours are HH:MM–HH:MM per weekday, the end after the start.")
    spans = [clean_span(span, message) for span in hours]
    if not reason.strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    row, made = VenueException.objects.get_or_create(
        venue=venue,
        date=date,
        defaults={
            "hours": spans,
            "reason": reason.strip()[:100],
            "scope_path": venue.scope_path,
            "district_code": venue.district_code,
        },
    )
    if made:
        audit.record(
            actor=actor,
            action="venues.exception.created",
            target=row,
            changes=created(row, "venue", "date", "hours", "reason"),
        )
        return row
    edit = track(row, actor=actor)
    edit.set(hours=spans, reason=reason.strip()[:100])
    edit.finish("venues.exception.updated")
    return row


PHOTO_FOLDER = "venues"
MAX_PHOTOS = 6


@transaction.atomic
def venue_photo_add(*, venue: Venue, upload: Any, actor: Actor) -> VenuePhoto:
    """Keep a photo of the venue (its owner's), at most six; metadata is stripped on the way in."""
    venue = lock(venue)
    require_permission(actor, perms.can_manage_venue, venue)
    if venue.photos.count() >= MAX_PHOTOS:
        message = _("At most %(n)d photos.") % {"n": MAX_PHOTOS}
        raise Invalid(message, code="too_many_photos")
    content_type = uploads.check_upload(upload)
    relative, path = uploads.write(PHOTO_FOLDER, upload)
    try:
        photo = VenuePhoto(
            venue=venue, stored_path=relative, content_type=content_type, size=path.stat().st_size
        )
        photo.place_in(venue.area)
        photo.save()
        changes = {"photo": [None, photo.pk]}
        audit.record(actor=actor, action="venues.photo.added", target=venue, changes=changes)
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo


@transaction.atomic
def venue_photo_remove(*, photo: VenuePhoto, actor: Actor) -> None:
    require_permission(actor, perms.can_manage_venue, photo.venue)
    path = uploads.stored_file(PHOTO_FOLDER, photo.stored_path)
    changes = {"photo": [photo.pk, None]}
    photo.delete()
    audit.record(actor=actor, action="venues.photo.removed", target=photo.venue, changes=changes)
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
