"""Reads of deliberation for one user; every one starts from the permission scope.

The hall and meeting pages read a fixed number of queries whatever the number of topics, seats
or votes (asserted in tests/test_queries.py).
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.utils import timezone

from yipanqi.core.pii import mask_name
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.choices import (
    OPEN_FOLLOW_UP_STATES,
    FollowUpStatus,
    MeetingStatus,
    SeatParty,
    TopicStatus,
    VoteChoice,
)
from yipanqi.deliberation.models import (
    Attendance,
    FollowUp,
    Meeting,
    MeetingPhoto,
    Resolution,
    Seat,
    Topic,
    Vote,
)
from yipanqi.deliberation.redact import scrub
from yipanqi.organisations.models import Body

HALL_STAGES = (TopicStatus.RAISED, TopicStatus.ACCEPTED, TopicStatus.SCHEDULED)
RECENT = 10  # resolved / declined topics and past resolutions shown on the hall page


def body_list(*, user: Any) -> QuerySet[Body]:
    return perms.bodies_visible_to(user).select_related("area").order_by("scope_path", "kind")


def body_get(*, user: Any, body_id: int) -> Body:
    """Out of scope raises DoesNotExist, like a missing id (the views answer 404)."""
    return perms.bodies_visible_to(user).select_related("area").get(pk=body_id)


def seats_of(body: Body) -> list[Seat]:
    return list(
        Seat.objects.filter(body=body).select_related("membership", "membership__source_unit")
    )


@dataclass
class HallPage:
    body: Body
    stages: dict[str, list[Topic]]
    upcoming: list[Meeting]
    past: list[Meeting]
    resolutions: list[Any]  # annotated with the follow-up counts
    seats: list[Seat]


def hall_page(*, body: Body) -> HallPage:
    topics = list(
        Topic.objects.filter(body=body)
        .filter(status__in=HALL_STAGES)
        .select_related("grid", "meeting")
        .order_by("raised_at")
    )
    stages: dict[str, list[Topic]] = {s: [] for s in HALL_STAGES}
    for topic in topics:
        stages[topic.status].append(topic)
    meetings = list(Meeting.objects.filter(body=body).order_by("-starts_at")[: RECENT * 2])
    live = (MeetingStatus.SCHEDULED, MeetingStatus.IN_PROGRESS)
    resolutions = list(
        Resolution.objects.filter(meeting__body=body)
        .select_related("topic", "meeting")
        .annotate(
            tasks=Count("follow_ups", distinct=True),
            tasks_done=Count(
                "follow_ups", filter=Q(follow_ups__status=FollowUpStatus.DONE), distinct=True
            ),
            tasks_ordered=Count(
                "follow_ups", filter=Q(follow_ups__order__isnull=False), distinct=True
            ),
        )
        .order_by("-created_at", "-id")[:RECENT]
    )
    return HallPage(
        body=body,
        stages=stages,
        upcoming=sorted([m for m in meetings if m.status in live], key=lambda m: m.starts_at),
        past=[m for m in meetings if m.status not in live][:RECENT],
        resolutions=resolutions,
        seats=seats_of(body),
    )


def topic_get(*, user: Any, topic_id: int) -> Topic:
    return perms.topics_visible_to(user).select_related("body", "body__area").get(pk=topic_id)


def my_topics(*, user: Any) -> QuerySet[Topic]:
    return Topic.objects.filter(raised_by=user).select_related("body").order_by("-raised_at")


def bodies_to_raise(*, user: Any) -> QuerySet[Body]:
    return perms.bodies_open_to(user).select_related("area").order_by("-scope_path")


def meeting_list(*, user: Any, body_id: int | None = None) -> QuerySet[Meeting]:
    meetings = perms.meetings_visible_to(user).select_related("body")
    return meetings.filter(body_id=body_id) if body_id else meetings


def meeting_get(*, user: Any, meeting_id: int) -> Meeting:
    return perms.meetings_visible_to(user).select_related("body", "body__area").get(pk=meeting_id)


def meeting_photos(*, meeting: Meeting) -> QuerySet[MeetingPhoto]:
    """The photos of a meeting the caller already reached."""
    return meeting.photos.order_by("id")


def meeting_photo_get(*, user: Any, photo_id: int) -> MeetingPhoto:
    """A photo of a meeting the user reaches; any other id raises DoesNotExist (404)."""
    visible = perms.meetings_visible_to(user).values("pk")
    return MeetingPhoto.objects.select_related("meeting").get(pk=photo_id, meeting_id__in=visible)


@dataclass
class SeatRow:
    seat: Seat
    present: bool | None  # None: attendance not taken yet
    votes: dict[int, Vote] = field(default_factory=dict)  # resolution id -> vote


@dataclass
class MeetingSheet:
    meeting: Meeting
    rows: list[SeatRow]
    agenda: list[Topic]
    accepted: list[Topic]  # topics that could still be added

    @property
    def present(self) -> int:
        return sum(1 for r in self.rows if r.present and r.seat.votes)

    @property
    def voting_seats(self) -> int:
        return sum(1 for r in self.rows if r.seat.votes)


def meeting_sheet(*, meeting: Meeting) -> MeetingSheet:
    """Everything the meeting tablet shows, in five queries."""
    seats = seats_of(meeting.body)
    attendance = dict(meeting.attendance.values_list("seat_id", "present"))
    votes = Vote.objects.filter(resolution__meeting=meeting)
    rows = {s.pk: SeatRow(seat=s, present=attendance.get(s.pk)) for s in seats}
    for vote in votes:
        if vote.seat_id in rows:
            rows[vote.seat_id].votes[vote.resolution_id] = vote
    agenda = list(meeting.agenda.select_related("grid", "resolution").order_by("raised_at", "id"))
    for topic in agenda:
        resolution = getattr(topic, "resolution", None)
        topic.current_resolution = resolution  # type: ignore[attr-defined]
        topic.ballot = [  # type: ignore[attr-defined]
            {"row": r, "vote": r.votes.get(resolution.pk) if resolution else None}
            for r in rows.values()
            if r.seat.votes
        ]
    accepted = list(
        Topic.objects.filter(body=meeting.body)
        .filter(status=TopicStatus.ACCEPTED)
        .order_by("raised_at")
    )
    return MeetingSheet(meeting=meeting, rows=list(rows.values()), agenda=agenda, accepted=accepted)


def resolution_get(*, user: Any, resolution_id: int) -> Resolution:
    meetings = perms.meetings_visible_to(user).values("pk")
    rows = Resolution.objects.filter(meeting_id__in=meetings)
    return rows.select_related("meeting", "meeting__body", "topic").get(pk=resolution_id)


def resolution_list(*, user: Any) -> QuerySet[Resolution]:
    meetings = perms.meetings_visible_to(user).values("pk")
    rows = Resolution.objects.filter(meeting_id__in=meetings)
    return rows.select_related("meeting", "topic").order_by("-created_at", "-id")


def follow_up_list(*, user: Any, status: str | None = None) -> QuerySet[FollowUp]:
    rows = perms.follow_ups_visible_to(user).select_related(
        "resolution__topic", "resolution__meeting__body", "order"
    )
    if status == "open":
        return rows.filter(status__in=OPEN_FOLLOW_UP_STATES)
    return rows.filter(status=status) if status else rows


def follow_up_get(*, user: Any, follow_up_id: int) -> FollowUp:
    rows = perms.follow_ups_visible_to(user)
    return rows.select_related("resolution__meeting__body", "resolution__topic", "order").get(
        pk=follow_up_id
    )


# --- public notices (公示) -----------------------------------------------------------------


def notice_list(*, user: Any) -> QuerySet[Resolution]:
    return (
        perms.notices_visible_to(user)
        .select_related("meeting", "meeting__body")
        .order_by("-published_at", "-id")
    )


def notice_get(*, user: Any, resolution_id: int) -> Resolution:
    return (
        perms.notices_visible_to(user)
        .select_related("meeting", "meeting__body")
        .get(pk=resolution_id)
    )


@dataclass
class Notice:
    """What a public notice may show: masked names, scrubbed text, counts. Nothing else."""

    id: int
    body: str
    meeting: str
    meeting_kind: str
    held_on: datetime.date
    title: str
    text: str
    outcome: str
    outcome_label: str
    published_at: datetime.datetime | None
    publish_until: datetime.date | None
    parties: list[dict[str, Any]]
    seats: list[dict[str, str]]
    follow_ups: list[dict[str, Any]]
    ratings: int
    satisfaction: float | None
    on_notice: bool


def _party_rows(tally: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for party, counts in tally.get("by_party", {}).items():
        label = SeatParty(party).label if party in SeatParty.values else party
        rows.append(
            {
                "party": party,
                "label": str(label),
                **{
                    k: counts.get(k, 0)
                    for k in ("for", "against", "abstain", "absent", "not_voted")
                },
            }
        )
    return rows


def public_notice(*, resolution: Resolution) -> Notice:
    """The 公示 of one resolution; names masked (张*丰), free text scrubbed of IDs and phones."""
    meeting, body = resolution.meeting, resolution.meeting.body
    names = [s.membership.member_name for s in seats_of(body)]
    votes = {v.seat_id: v.choice for v in resolution.votes.all()}
    present = dict(meeting.attendance.values_list("seat_id", "present"))
    seats = [
        {
            "name": mask_name(s.membership.member_name),
            "party": str(s.get_party_display()),
            "present": "yes" if present.get(s.pk) else "no",
            "vote": str(VoteChoice(votes[s.pk]).label) if s.pk in votes else "",
        }
        for s in seats_of(body)
    ]
    tasks = [
        {
            "title": scrub(f.title, names),
            "owner": mask_name(f.owner_name) if f.owner_seat_id else scrub(f.owner_name, names),
            "due_on": f.due_on,
            "status": f.status,
            "status_label": str(f.get_status_display()),
        }
        for f in resolution.follow_ups.all()
    ]
    rated = resolution.ratings.aggregate(n=Count("id"), avg=Avg("score"))
    today = timezone.localdate()
    return Notice(
        id=resolution.pk,
        body=body.name,
        meeting=scrub(meeting.title, names),
        meeting_kind=str(meeting.get_kind_display()),
        held_on=timezone.localdate(meeting.starts_at),
        title=resolution.public_title,
        text=resolution.public_text,
        outcome=resolution.outcome,
        outcome_label=str(resolution.get_outcome_display()),
        published_at=resolution.published_at,
        publish_until=resolution.publish_until,
        parties=_party_rows(resolution.tally),
        seats=seats,
        follow_ups=tasks,
        ratings=rated["n"],
        satisfaction=round(rated["avg"], 2) if rated["avg"] else None,
        on_notice=bool(resolution.publish_until and resolution.publish_until >= today),
    )


def has_rated(*, user: Any, resolution: Resolution) -> bool:
    return resolution.ratings.filter(rated_by=user).exists()


def staff_attendance(*, meeting: Meeting) -> QuerySet[Attendance]:
    return meeting.attendance.select_related("seat__membership")
