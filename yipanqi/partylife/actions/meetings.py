"""Branch meetings (三会一课, 主题党日): plan, sign in (QR or list), record, confirm (lock), amend
with a reason; officers appointed; a venue booked through the venues app's own action."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, uploads
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.partylife import permissions as perms
from yipanqi.partylife.actions._common import MEETING_FLOW, new_code
from yipanqi.partylife.choices import (
    AMENDABLE,
    AttendanceStatus,
    MeetingKind,
    MeetingStatus,
    OfficerDuty,
    SignInMethod,
)
from yipanqi.partylife.models import Amendment, Attendance, BranchOfficer, Meeting, MeetingPhoto
from yipanqi.people.choices import MemberStatus
from yipanqi.people.models import PartyMember
from yipanqi.venues import actions as venue_actions


def _invalid(message: str, code: str, field: str) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]})


def _locked_refusal() -> Conflict:
    return Conflict(
        _("This record is confirmed and locked; correct it with an amendment."),
        code="meeting_locked",
    )


@transaction.atomic
def officer_appoint(
    *, branch: PartyOrganisation, user: Any, duty: str, actor: Actor
) -> BranchOfficer:
    """任命 a branch secretary or dues officer (idempotent: an active appointment is kept)."""
    require_permission(actor, perms.can_appoint, branch)
    officer, made = BranchOfficer.objects.get_or_create(
        branch=branch,
        user=user,
        duty=OfficerDuty(duty),
        defaults={"scope_path": branch.scope_path, "district_code": branch.district_code},
    )
    if made:
        audit.record(
            actor=actor,
            action="partylife.officer.appointed",
            target=officer,
            changes=created(officer, "branch", "user", "duty"),
        )
    elif not officer.active:
        edit = track(officer, actor=actor)
        edit.set(active=True)
        edit.finish("partylife.officer.reappointed")
    return officer


@transaction.atomic
def meeting_plan(
    *,
    branch: PartyOrganisation,
    kind: str,
    held_on: datetime.date,
    topic: str,
    actor: Actor,
    place: str = "",
    host: str = "",
    group: PartyOrganisation | None = None,
) -> Meeting:
    """计划: a meeting of the branch (or one of its party groups), with a sign-in code."""
    require_permission(actor, perms.can_run_meetings, branch)
    if not topic.strip():
        raise _invalid(_("Give the meeting a topic."), "topic_required", "topic")
    require_visible(topic, field="topic")
    if group is not None and not group.path.startswith(branch.path):
        raise _invalid(_("The party group is not part of this branch."), "bad_group", "group")
    meeting = Meeting(
        branch=branch,
        group=group,
        kind=MeetingKind(kind),
        held_on=held_on,
        topic=topic.strip()[:200],
        place=place.strip()[:200],
        host=host.strip()[:50],
        sign_in_code=new_code(),
    )
    meeting.place_in(branch)
    meeting.save()
    audit.record(
        actor=actor,
        action="partylife.meeting.planned",
        target=meeting,
        changes=created(meeting, "branch", "kind", "held_on", "topic", "status"),
    )
    return meeting


def _editable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CONFIRMED:
        raise _locked_refusal()
    if meeting.status == MeetingStatus.CANCELLED:
        raise Conflict(_("This meeting was cancelled."), code="meeting_cancelled")


def _branch_member(meeting: Meeting, member: PartyMember) -> PartyMember:
    """The member, if their membership is held by the meeting's branch (attendance of a
    non-member is refused)."""
    if member.branch_id != meeting.branch_id or member.status == MemberStatus.TRANSFERRED_OUT:
        raise _invalid(_("This person is not a member of the branch."), "not_a_member", "member")
    return member


def _attend(
    meeting: Meeting, member: PartyMember, status: str, reason: str, method: str, actor: Actor
) -> Attendance:
    status = AttendanceStatus(status)
    if status == AttendanceStatus.EXCUSED and not reason.strip():
        raise _invalid(_("Give the reason for the leave."), "reason_required", "reason")
    row = Attendance.objects.select_for_update().filter(meeting=meeting, member=member).first()
    values = {
        "status": status,
        "reason": reason.strip()[:200] if status == AttendanceStatus.EXCUSED else "",
        "method": method,
        "signed_in_at": timezone.now() if status == AttendanceStatus.PRESENT else None,
    }
    if row is None:
        row = Attendance(meeting=meeting, member=member, **values)
        row.place_in(meeting)
        row.save()
        changes = created(row, "meeting", "member", "status", "method")
        audit.record(
            actor=actor, action="partylife.attendance.recorded", target=row, changes=changes
        )
        return row
    if row.status == status and row.reason == values["reason"]:
        return row  # the same answer again (a second scan): nothing changes
    edit = track(row, actor=actor)
    edit.set(**values)
    edit.finish("partylife.attendance.changed")
    return row


@transaction.atomic
def meeting_sign_in(
    *, meeting: Meeting, member: PartyMember, code: str, actor: Actor
) -> Attendance:
    """扫码签到: a member signs themself in with the meeting's code (shown as a QR code)."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_sign_in, meeting, member)
    _editable(meeting)
    if not code or code != meeting.sign_in_code:
        raise _invalid(_("The sign-in code is not this meeting's."), "bad_code", "code")
    return _attend(meeting, member, AttendanceStatus.PRESENT, "", SignInMethod.QR, actor)


@transaction.atomic
def meeting_mark(
    *, meeting: Meeting, member: PartyMember, status: str, actor: Actor, reason: str = ""
) -> Attendance:
    """名单签到: the secretary marks one member present, excused (with a reason) or absent."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    _editable(meeting)
    _branch_member(meeting, member)
    return _attend(meeting, member, status, reason, SignInMethod.LIST, actor)


@transaction.atomic
def meeting_update(*, meeting: Meeting, actor: Actor, **fields: Any) -> Meeting:
    """Change a record not yet confirmed (topic, place, host, minutes, resolutions, date)."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    _editable(meeting)
    unknown = set(fields) - set(AMENDABLE)
    if unknown:
        raise Invalid(
            code="bad_field", fields={f: [_("Not a field of a meeting.")] for f in unknown}
        )
    for name, value in fields.items():
        if isinstance(value, str):
            require_visible(value, field=name)
    edit = track(meeting, actor=actor)
    edit.set(**fields)
    edit.finish("partylife.meeting.updated")
    return meeting


@transaction.atomic
def meeting_record(
    *,
    meeting: Meeting,
    minutes: str,
    actor: Actor,
    resolutions: str = "",
    host: str = "",
) -> Meeting:
    """召开: the meeting was held; minutes written; members not marked are absent."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    if not minutes.strip():
        raise _invalid(_("Write the minutes of the meeting."), "minutes_required", "minutes")
    require_visible(minutes, field="minutes")
    marked = set(Attendance.objects.filter(meeting=meeting).values_list("member_id", flat=True))
    for member in PartyMember.objects.filter(branch=meeting.branch, status=MemberStatus.NORMAL):
        if member.pk not in marked:
            _attend(meeting, member, AttendanceStatus.ABSENT, "", "", actor)
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.RECORDED)
    step.set(minutes=minutes.strip(), resolutions=resolutions.strip(), host=host or meeting.host)
    step.finish("recorded")
    return meeting


@transaction.atomic
def meeting_confirm(*, meeting: Meeting, actor: Actor) -> Meeting:
    """确认: the secretary confirms the record; from now on it is locked."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.CONFIRMED)
    step.set(confirmed_by=user_of(actor), confirmed_at=timezone.now())
    step.finish("confirmed")
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, actor: Actor) -> Meeting:
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.CANCELLED)
    step.finish("cancelled")
    return meeting


def _amended_value(field: str, value: Any) -> Any:
    if field == "held_on" and isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise _invalid(_("Enter a date as YYYY-MM-DD."), "bad_date", "value") from exc
    if isinstance(value, str):
        require_visible(value, field="value")
        if field == "topic" and not value.strip():
            raise _invalid(_("Give the meeting a topic."), "topic_required", "value")
    return value


@transaction.atomic
def meeting_amend(
    *, meeting: Meeting, field: str, value: Any, reason: str, actor: Actor
) -> Amendment:
    """更正: a confirmed record changes only by an amendment naming the field, both values and why."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    if meeting.status != MeetingStatus.CONFIRMED:
        raise Conflict(_("Only a confirmed record is amended; edit it instead."), code="not_locked")
    if field not in AMENDABLE:
        raise _invalid(_("This field cannot be amended."), "bad_field", "field")
    if not reason.strip():
        raise _invalid(_("Say why the record is corrected."), "reason_required", "reason")
    value = _amended_value(field, value)
    before = getattr(meeting, field)
    amendment = Amendment(
        meeting=meeting,
        field=field,
        before=str(before),
        after=str(value),
        reason=reason.strip()[:300],
        amended_by=user_of(actor),
    )
    amendment.place_in(meeting)
    amendment.save()
    edit = track(meeting, actor=actor)
    edit.set(**{field: value, "version": meeting.version + 1})
    edit.finish("partylife.meeting.amended", amendment=amendment.pk, reason=amendment.reason)
    return amendment


@transaction.atomic
def meeting_book_venue(
    *,
    meeting: Meeting,
    venue: Any,
    choice: Any,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    actor: Actor,
) -> Meeting:
    """Book a venue for a planned meeting through the venues app's own action (its rules, its
    approval); the meeting keeps the booking and the venue's name as its place."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    if meeting.status != MeetingStatus.PLANNED:
        raise Conflict(_("Only a planned meeting books a venue."), code="not_planned")
    booking = venue_actions.booking_request(
        venue=venue,
        choice=choice,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=f"{meeting.get_kind_display()}：{meeting.topic}"[:200],
        headcount=max(1, PartyMember.objects.filter(branch=meeting.branch).count()),
        actor=actor,
    )
    edit = track(meeting, actor=actor)
    edit.set(booking=booking, place=venue.name[:200], held_on=timezone.localtime(starts_at).date())
    edit.finish("partylife.meeting.venue_booked")
    return meeting


PHOTO_FOLDER = "partylife"
MAX_PHOTOS = 9


@transaction.atomic
def meeting_photo_add(*, meeting: Meeting, upload: Any, actor: Actor) -> MeetingPhoto:
    """A photo of the meeting (at most nine), before the record is confirmed; metadata stripped."""
    meeting = lock(meeting)
    require_permission(actor, perms.can_change_meeting, meeting)
    _editable(meeting)
    if meeting.photos.count() >= MAX_PHOTOS:
        raise Invalid(_("At most %(n)d photos.") % {"n": MAX_PHOTOS}, code="too_many_photos")
    content_type = uploads.check_upload(upload)
    relative, path = uploads.write(PHOTO_FOLDER, upload)
    try:
        photo = MeetingPhoto(
            meeting=meeting, stored_path=relative, content_type=content_type,
            size=path.stat().st_size,
        )  # fmt: skip
        photo.place_in(meeting)
        photo.save()
        changes = {"photo": [None, photo.pk]}
        audit.record(actor=actor, action="partylife.meeting.photo_added", target=meeting,
                     changes=changes)  # fmt: skip
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return photo
