"""The deliberation loop through its actions: topic → meeting → votes → resolution → 公示 →
follow-up (→ service order) → rating, with the refusals each step must make."""

import datetime

import pytest

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.deliberation import actions
from yipanqi.deliberation.choices import (
    FollowUpStatus,
    MeetingStatus,
    Outcome,
    ResolutionStatus,
    TopicSource,
    TopicStatus,
    VoteChoice,
)
from yipanqi.deliberation.models import Vote
from yipanqi.deliberation.tests.factories import (
    open_meeting,
    published_resolution,
    raise_topic,
    voted_resolution,
)
from yipanqi.orders.choices import OrderStatus
from yipanqi.organisations.choices import BodyKind

pytestmark = pytest.mark.django_db
F, A, N = VoteChoice.FOR, VoteChoice.AGAINST, VoteChoice.ABSTAIN


def test_hall_is_an_organisations_body_with_seats_by_party(world):
    hall = world.halls["a1"]
    assert hall.body.kind == BodyKind.DELIBERATION_HALL
    assert [s.membership.body_id for s in hall.seats] == [hall.body.pk] * 5
    assert AuditEvent.objects.filter(action="organisations.membership.added").count() >= 10
    assert AuditEvent.objects.filter(action="deliberation.seat.bound").count() == 10


def test_full_lifecycle(world, personas):
    admin, resident = personas["community_admin_a1"], personas["resident_a1"]
    topic = raise_topic(world)
    assert topic.source == TopicSource.RESIDENT and topic.grid == world.district.grids[1]
    assert Notification.objects.filter(user=admin, topic__startswith="deliberation.topic").exists()

    resolution = voted_resolution(world, choices=(F, F, F, A, N))
    meeting = resolution.meeting
    assert Notification.objects.filter(
        user=personas["grid_worker_a1"], topic=f"deliberation.meeting:{meeting.pk}:notice"
    ).exists()
    resolution = actions.resolution_resolve(resolution=resolution, actor=admin)
    assert resolution.outcome == Outcome.PASSED
    assert resolution.tally["by_party"]["residents"] == {"against": 1, "abstain": 1}
    assert [d["party"] for d in resolution.tally["dissent"]] == ["residents", "residents"]
    assert resolution.topic.status == TopicStatus.RESOLVED

    actions.minutes_save(meeting=meeting, minutes="会议讨论了停车问题。", actor=admin)
    meeting = actions.meeting_close(meeting=meeting, actor=admin)
    assert meeting.status == MeetingStatus.CLOSED

    resolution = actions.resolution_publish(resolution=resolution, actor=admin)
    assert resolution.status == ResolutionStatus.PUBLISHED
    assert "张三丰" not in resolution.public_text and "张*丰" in resolution.public_text
    assert "330283197605120012" not in resolution.public_text

    task = actions.followup_create(
        resolution=resolution,
        title="增划停车位",
        owner_seat=world.halls["a1"].seats[2],
        actor=admin,
    )
    task = actions.followup_open_order(follow_up=task, actor=admin)
    assert task.status == FollowUpStatus.IN_PROGRESS
    assert task.order.status == OrderStatus.PLACED and task.order.grid == topic.grid
    assert actions.followup_open_order(follow_up=task, actor=admin).order_id == task.order_id
    task = actions.followup_complete(follow_up=task, actor=admin, note="已完成")
    assert task.status == FollowUpStatus.DONE

    rating = actions.rating_submit(resolution=resolution, score=5, actor=resident)
    assert rating.score == 5
    with pytest.raises(Conflict) as twice:
        actions.rating_submit(resolution=resolution, score=4, actor=resident)
    assert twice.value.code == "already_rated"
    codes = set(
        AuditEvent.objects.filter(action__startswith="deliberation.").values_list(
            "action", flat=True
        )
    )
    assert {
        "deliberation.topic.raised",
        "deliberation.topic.accepted",
        "deliberation.meeting.scheduled",
        "deliberation.meeting.attendance",
        "deliberation.vote.recorded",
        "deliberation.resolution.decided",
        "deliberation.resolution.published",
        "deliberation.followup.order_opened",
        "deliberation.rating.submitted",
    } <= codes


def test_decline_needs_a_reason_and_tells_the_raiser(world, personas):
    topic = raise_topic(world)
    admin = personas["community_admin_a1"]
    with pytest.raises(Invalid):
        actions.topic_decline(topic=topic, reason=" ", actor=admin)
    topic = actions.topic_decline(topic=topic, reason="属物业合同事项", actor=admin)
    assert topic.status == TopicStatus.DECLINED
    assert (
        Notification.objects.filter(user=personas["resident_a1"], title__contains="").count() >= 1
    )
    with pytest.raises(Conflict):
        actions.topic_accept(topic=topic, actor=admin)


def test_raising_twice_with_one_key_makes_one_topic(world, personas):
    body = world.halls["a1"].body
    kwargs = {"body": body, "title": "路灯坏了", "description": "3号楼前"}
    kwargs["actor"] = personas["resident_a1"]
    first = actions.topic_raise(**kwargs, idempotency_key="k-1")
    assert actions.topic_raise(**kwargs, idempotency_key="k-1").pk == first.pk


def test_other_community_cannot_raise_or_manage(world, personas):
    b1 = world.halls["b1"].body
    with pytest.raises(Forbidden):
        actions.topic_raise(body=b1, title="x", description="y", actor=personas["resident_a1"])
    topic = raise_topic(world, "b1")
    with pytest.raises(Forbidden):
        actions.topic_accept(topic=topic, actor=personas["community_admin_a1"])
    with pytest.raises(Forbidden):
        actions.topic_accept(topic=topic, actor=personas["town_admin_a"])  # another town
    accepted = actions.topic_accept(topic=topic, actor=personas["district_admin"])
    assert accepted.status == TopicStatus.ACCEPTED


def test_no_quorum_decides_nothing(world, personas):
    admin = personas["community_admin_a1"]
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats[:3]], actor=admin)
    resolution = actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)
    with pytest.raises(Conflict) as refused:
        actions.resolution_resolve(resolution=resolution, actor=admin)
    assert refused.value.code == "no_quorum"
    resolution.refresh_from_db()
    assert resolution.status == ResolutionStatus.VOTING


def test_a_party_absent_decides_nothing_in_a_hall(world, personas):
    admin = personas["community_admin_a1"]
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    present = [s.pk for s in seats if s.party != "property_company"]
    actions.attendance_set(meeting=meeting, present=present, actor=admin)
    resolution = actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)
    with pytest.raises(Conflict) as refused:
        actions.resolution_resolve(resolution=resolution, actor=admin)
    assert refused.value.code == "party_absent"


def test_absent_seat_cannot_vote_and_one_vote_per_seat(world, personas):
    admin = personas["community_admin_a1"]
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats[1:]], actor=admin)
    resolution = actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)
    with pytest.raises(Invalid) as absent:
        actions.vote_record(resolution=resolution, seat=seats[0], choice=F, actor=admin)
    assert absent.value.code == "seat_absent"
    actions.vote_record(resolution=resolution, seat=seats[1], choice=F, actor=admin)
    with pytest.raises(Conflict) as cast:  # a cast vote stands (policy default; test_votes.py)
        actions.vote_record(
            resolution=resolution, seat=seats[1], choice=A, actor=admin, note="费用分摊不清"
        )
    assert cast.value.code == "vote_already_cast"
    assert Vote.objects.filter(resolution=resolution, seat=seats[1]).get().choice == F


def test_seat_holder_casts_own_vote_but_not_anothers(world, personas):
    admin, grid_leader = personas["community_admin_a1"], personas["grid_worker_a1"]
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats], actor=admin)
    resolution = actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)
    actions.vote_record(resolution=resolution, seat=seats[1], choice=F, actor=grid_leader)
    with pytest.raises(Forbidden):
        actions.vote_record(resolution=resolution, seat=seats[0], choice=F, actor=grid_leader)


def test_votes_close_when_decided_and_publish_once(world, personas):
    admin = personas["community_admin_a1"]
    resolution = published_resolution(world)
    with pytest.raises(Conflict) as closed:
        actions.vote_record(
            resolution=resolution, seat=world.halls["a1"].seats[0], choice=A, actor=admin
        )
    assert closed.value.code in {"voting_closed", "meeting_not_in_progress"}
    with pytest.raises(Conflict) as again:
        actions.resolution_publish(resolution=resolution, actor=admin)
    assert again.value.code == "already_published"


def test_rejected_resolution_has_no_follow_up(world, personas):
    admin = personas["community_admin_a1"]
    resolution = voted_resolution(world, choices=(F, F, A, A, N))
    resolution = actions.resolution_resolve(resolution=resolution, actor=admin)
    assert resolution.outcome == Outcome.REJECTED
    with pytest.raises(Conflict):
        actions.followup_create(resolution=resolution, title="x", owner_name="社区", actor=admin)


def test_cancelled_meeting_returns_topics_to_the_list(world, personas):
    admin = personas["community_admin_a1"]
    topic = actions.topic_accept(topic=raise_topic(world), actor=admin)
    meeting = actions.meeting_schedule(
        body=world.halls["a1"].body,
        kind="forum",
        title="恳谈会",
        starts_at=datetime.datetime(2021, 7, 1, 1, tzinfo=datetime.UTC),
        topics=[topic],
        actor=admin,
    )
    actions.meeting_cancel(meeting=meeting, reason="台风", actor=admin)
    topic.refresh_from_db()
    assert topic.status == TopicStatus.ACCEPTED and topic.meeting is None


def test_stale_minutes_are_refused(world, personas):
    admin = personas["community_admin_a1"]
    meeting = open_meeting(world)
    version = meeting.version
    actions.minutes_save(meeting=meeting, minutes="一", actor=admin, expected_version=version)
    with pytest.raises(Conflict) as stale:
        actions.minutes_save(meeting=meeting, minutes="二", actor=admin, expected_version=version)
    assert stale.value.code == "stale"


def test_rating_only_by_residents_of_the_community(world, personas):
    resolution = published_resolution(world)
    with pytest.raises(Forbidden):
        actions.rating_submit(resolution=resolution, score=3, actor=personas["community_admin_b1"])
    with pytest.raises(Invalid):
        actions.rating_submit(resolution=resolution, score=9, actor=personas["resident_a1"])
