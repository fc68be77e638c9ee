"""A seat's vote (issue 23, item 9a): a cast vote stands unless the district's policy
`deliberation.vote_changes_allowed` says otherwise, and every vote's audit event keeps the choice
before and after — through the action, the API and the meeting page."""

import pytest

from yipanqi.core.actions import policy_set
from yipanqi.core.errors import Conflict
from yipanqi.core.models import AuditEvent
from yipanqi.deliberation import actions
from yipanqi.deliberation.choices import VoteChoice
from yipanqi.deliberation.models import Resolution, Vote
from yipanqi.deliberation.tests.factories import open_meeting

pytestmark = pytest.mark.django_db
F, A = VoteChoice.FOR, VoteChoice.AGAINST
API = "/api/v1/deliberation"


@pytest.fixture
def voting(world, personas) -> Resolution:
    """A resolution put to the vote, every seat of hall a1 present, nobody voted yet."""
    admin = personas["community_admin_a1"]
    meeting = open_meeting(world)
    seats = world.halls["a1"].seats
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats], actor=admin)
    return actions.resolution_draft(topic=meeting.agenda.get(), text="决议", actor=admin)


def _allow_changes(resolution: Resolution) -> None:
    policy_set(
        key="deliberation.vote_changes_allowed",
        district_code=resolution.district_code,
        value=True,
        actor=None,
    )


def _vote_events(vote: Vote) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            action="deliberation.vote.recorded", target_id=str(vote.pk)
        ).order_by("id")
    )


def test_a_cast_vote_stands_by_default(world, personas, voting):
    admin, seat = personas["community_admin_a1"], world.halls["a1"].seats[1]
    vote = actions.vote_record(resolution=voting, seat=seat, choice=F, actor=admin)
    with pytest.raises(Conflict) as refused:
        actions.vote_record(resolution=voting, seat=seat, choice=A, actor=admin)
    assert refused.value.code == "vote_already_cast"
    with pytest.raises(Conflict):  # the dissent note is part of the vote too
        actions.vote_record(resolution=voting, seat=seat, choice=F, note="再议", actor=admin)
    again = actions.vote_record(resolution=voting, seat=seat, choice=F, actor=admin)
    assert again.pk == vote.pk and Vote.objects.get(pk=vote.pk).choice == F
    (event,) = _vote_events(vote)  # the repeat of the same vote records nothing
    assert event.changes == {"choice": [None, "for"], "note": [None, ""]}
    assert event.data["choice"] == "for" and event.data["changed"] is False


def test_a_seat_holder_cannot_change_their_own_cast_vote(world, personas, voting):
    grid_leader, seat = personas["grid_worker_a1"], world.halls["a1"].seats[1]
    actions.vote_record(resolution=voting, seat=seat, choice=F, actor=grid_leader)
    with pytest.raises(Conflict) as refused:
        actions.vote_record(resolution=voting, seat=seat, choice=A, actor=grid_leader)
    assert refused.value.code == "vote_already_cast"


def test_a_vote_may_change_when_the_policy_allows_and_the_audit_keeps_both(world, personas, voting):
    _allow_changes(voting)
    admin, seat = personas["community_admin_a1"], world.halls["a1"].seats[1]
    vote = actions.vote_record(resolution=voting, seat=seat, choice=F, actor=admin)
    changed = actions.vote_record(
        resolution=voting, seat=seat, choice=A, note="费用分摊不清", actor=admin
    )
    assert changed.pk == vote.pk
    assert Vote.objects.get(pk=vote.pk).choice == A
    first, second = _vote_events(vote)
    assert first.changes == {"choice": [None, "for"], "note": [None, ""]}
    assert second.changes == {"choice": ["for", "against"], "note": ["", "费用分摊不清"]}
    assert second.data == {"choice": "against", "resolution": voting.pk, "changed": True}
    assert second.actor_id == admin.pk


def test_changing_a_vote_over_the_api(world, personas, voting, api_as):
    admin = api_as("community_admin_a1")
    seat = world.halls["a1"].seats[0]
    url = f"{API}/resolutions/{voting.pk}/votes/"
    assert admin.post(url, {"seat_id": seat.pk, "choice": "for"}, format="json").status_code == 200
    assert admin.post(url, {"seat_id": seat.pk, "choice": "for"}, format="json").status_code == 200
    refused = admin.post(url, {"seat_id": seat.pk, "choice": "against"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "vote_already_cast"
    assert Vote.objects.get(resolution=voting, seat=seat).choice == F
    _allow_changes(voting)
    changed = admin.post(url, {"seat_id": seat.pk, "choice": "against"}, format="json")
    assert changed.status_code == 200
    assert Vote.objects.get(resolution=voting, seat=seat).choice == A


def test_changing_a_vote_on_the_meeting_page(world, voting, client_as):
    admin = client_as("community_admin_a1")
    seats = world.halls["a1"].seats
    url = f"/deliberation/resolutions/{voting.pk}/votes/"
    admin.post(url, {f"vote-{seats[0].pk}": "for"})
    page = admin.get(voting.meeting.get_absolute_url()).content.decode()
    cast = f'id="v{voting.pk}-{seats[0].pk}-for" value="for" checked disabled'
    assert cast in page  # a cast vote is shown, not offered for change
    assert f'id="v{voting.pk}-{seats[1].pk}-for" value="for">' in page
    # a stale tablet posts a change along with a new vote: neither is recorded
    answer = admin.post(url, {f"vote-{seats[0].pk}": "against", f"vote-{seats[1].pk}": "for"})
    assert answer.status_code == 302
    assert Vote.objects.get(resolution=voting, seat=seats[0]).choice == F
    assert not Vote.objects.filter(resolution=voting, seat=seats[1]).exists()
    _allow_changes(voting)
    assert cast not in admin.get(voting.meeting.get_absolute_url()).content.decode()
    admin.post(url, {f"vote-{seats[0].pk}": "against"})
    assert Vote.objects.get(resolution=voting, seat=seats[0]).choice == A
