"""会议: scheduled with its agenda (notice to every seat), opened, attendance and minutes kept
during it, closed (or cancelled before it starts)."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import notify
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import created, track, user_of
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.actions._common import (
    MEETING_FLOW,
    TOPIC_FLOW,
    locked,
    record,
    require,
    require_permission,
    stale,
)
from yipanqi.deliberation.choices import (
    DELIBERATING_KINDS,
    MeetingKind,
    MeetingStatus,
    ResolutionStatus,
    TopicStatus,
)
from yipanqi.deliberation.models import Attendance, Meeting, Seat, Topic
from yipanqi.organisations.models import Body

# When a meeting may start: the platform's records begin in 2000. (Before 1901 the local time zone
# has no whole-minute offset, so such a time could not even be written back as RFC 3339.)
EARLIEST_START = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
LATEST_START = datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC)


def _schedule_topic(topic: Topic, meeting: Meeting, actor: Any) -> None:
    topic = locked(Topic, topic.pk)
    if topic.body_id != meeting.body_id:
        raise Invalid(_("The topic belongs to another body."), code="topic_other_body")
    step = TOPIC_FLOW.begin(topic, actor=actor)
    step.move(TopicStatus.SCHEDULED)
    step.set(meeting=meeting)
    step.finish("scheduled", meeting=meeting.pk)


@transaction.atomic
def meeting_schedule(
    *,
    body: Body,
    kind: str,
    title: str,
    starts_at: datetime.datetime,
    actor: Any,
    place: str = "",
    topics: Iterable[Topic] = (),
    notify_seats: bool = True,
) -> Meeting:
    """Convene a meeting with accepted topics on its agenda; every seat holder gets the notice."""
    require_permission(actor, perms.can_manage, body)
    if body.kind not in DELIBERATING_KINDS:
        raise Invalid(_("Not a deliberating body."), code="bad_kind")
    if kind not in MeetingKind.values:
        raise Invalid(_("Choose the kind of meeting."), code="bad_kind")
    if not title.strip():
        raise Invalid(_("Give the meeting a title."), code="title_required")
    if not EARLIEST_START <= starts_at < LATEST_START:
        message = _("The meeting time is not possible.")
        raise Invalid(message, code="bad_starts_at", fields={"starts_at": [message]})
    meeting = Meeting(
        body=body,
        kind=kind,
        title=title.strip()[:100],
        starts_at=starts_at,
        place=place.strip()[:100],
        created_by=user_of(actor),
        notice_sent_at=timezone.now(),
    )
    meeting.place_in(body)
    meeting.save()
    for topic in topics:
        _schedule_topic(topic, meeting, actor)
    record(
        meeting,
        actor,
        "meeting.scheduled",
        changes=created(meeting, "body", "kind", "title", "starts_at", "place"),
        kind=kind,
        starts_at=starts_at.isoformat(),
    )
    if notify_seats:
        _notice(meeting, _("Notice of a meeting"), "notice")
    return meeting


def _notice(meeting: Meeting, title: str, step: str) -> None:
    when = timezone.localtime(meeting.starts_at).strftime("%Y-%m-%d %H:%M")
    notify.notify(
        perms.seat_users(meeting.body),
        title=title,
        body=f"{meeting.title} · {when} · {meeting.place}",
        url=meeting.get_absolute_url(),
        topic=f"deliberation.meeting:{meeting.pk}:{step}",
    )


@transaction.atomic
def agenda_add(*, meeting: Meeting, topic: Topic, actor: Any) -> Meeting:
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    if meeting.status not in (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS):
        raise Conflict(_("The meeting is over."), code="meeting_over")
    _schedule_topic(topic, meeting, actor)
    return meeting


@transaction.atomic
def meeting_open(*, meeting: Meeting, actor: Any) -> Meeting:
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.IN_PROGRESS)
    step.set(opened_at=timezone.now())
    step.finish("opened")
    return meeting


def _release_topics(meeting: Meeting, actor: Any) -> int:
    """Topics left without a resolution go back to the accepted list for a later meeting."""
    left = Topic.objects.select_for_update(of=("self",)).filter(
        meeting=meeting, status=TopicStatus.SCHEDULED, resolution__isnull=True
    )
    for topic in left:
        step = TOPIC_FLOW.begin(topic, actor=actor)
        step.move(TopicStatus.ACCEPTED)
        step.set(meeting=None)
        step.finish("deferred", meeting=meeting.pk)
    return len(left)


@transaction.atomic
def meeting_close(*, meeting: Meeting, actor: Any) -> Meeting:
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    if meeting.resolutions.filter(status=ResolutionStatus.VOTING).exists():
        raise Conflict(
            _("A resolution is still being voted on; resolve it first."), code="still_voting"
        )
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.CLOSED)
    step.set(closed_at=timezone.now())
    deferred = _release_topics(meeting, actor)
    step.finish("closed", deferred=deferred)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, reason: str, actor: Any) -> Meeting:
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    if not reason.strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    step = MEETING_FLOW.begin(meeting, actor=actor)
    step.move(MeetingStatus.CANCELLED)
    _release_topics(meeting, actor)
    step.finish("cancelled", reason=reason.strip()[:500])
    _notice(meeting, _("A meeting was cancelled"), "cancelled")
    return meeting


def _in_progress(meeting: Meeting) -> None:
    if meeting.status != MeetingStatus.IN_PROGRESS:
        raise Conflict(_("Open the meeting first."), code="meeting_not_in_progress")


@transaction.atomic
def attendance_set(*, meeting: Meeting, present: Iterable[int], actor: Any) -> Meeting:
    """Mark who is present (the ids of present seats); every other seat is absent."""
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    _in_progress(meeting)
    seats = list(Seat.objects.filter(body=meeting.body).values_list("pk", flat=True))
    wanted = set(present)
    if not wanted <= set(seats):
        raise Invalid(_("Unknown seat."), code="seat_other_body")
    rows = {a.seat_id: a for a in meeting.attendance.select_for_update()}
    was_present = sorted(seat_id for seat_id, row in rows.items() if row.present)
    edit = track(meeting, actor=actor)
    for seat_id in seats:
        row = rows.get(seat_id) or Attendance(meeting=meeting, seat_id=seat_id)
        row.present = seat_id in wanted
        if row.pk is None:
            row.scope_path, row.district_code = meeting.scope_path, meeting.district_code
            row.save()
        else:
            row.save(update_fields=["present", "updated_at"])
    edit.set(version=meeting.version + 1)
    # Who is present lives on the attendance rows: the event keeps it before and after too.
    now_present = sorted(wanted)
    also = {"present": [was_present, now_present]} if was_present != now_present else {}
    edit.finish("deliberation.meeting.attendance", also=also, present=now_present)
    return meeting


@transaction.atomic
def minutes_save(
    *, meeting: Meeting, minutes: str, actor: Any, expected_version: int | None = None
) -> Meeting:
    meeting = locked(Meeting, meeting.pk, "body")
    require(perms.can_manage(actor, meeting.body))
    if meeting.status not in (MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED):
        raise Conflict(_("Minutes are kept once the meeting is open."), code="meeting_not_open")
    stale(meeting, expected_version)
    before = len(meeting.minutes)
    edit = track(meeting, actor=actor)
    edit.set(minutes=minutes.strip()[:10000], version=meeting.version + 1)
    edit.finish("deliberation.meeting.minutes", chars=[before, len(meeting.minutes)])
    return meeting
