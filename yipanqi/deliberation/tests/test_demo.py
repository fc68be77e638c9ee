"""The deliberation part of the full Fenghua demo (the root conftest's session `fenghua_demo`)."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core.models import AuditEvent
from yipanqi.deliberation.choices import MeetingStatus, ResolutionStatus, TopicStatus
from yipanqi.deliberation.dashboard import figures
from yipanqi.deliberation.demo import deliberation_counts
from yipanqi.deliberation.models import FollowUp, Meeting, Resolution, Topic
from yipanqi.organisations.models import Area, BodyMembership

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(fenghua_demo):
    return fenghua_demo


def test_a_year_of_deliberation_is_counted(demo):
    counts = deliberation_counts()
    assert counts["deliberation halls"] >= 4 and counts["councils with seats"] >= 2
    assert counts["resolutions"] >= 20 and counts["orders from follow-ups"] >= 1
    assert counts["resolution ratings"] > 0
    district = Area.objects.get(depth=1)
    year = figures(
        path=district.scope_path, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31)
    )
    assert year["topics_raised"] > year["topics_accepted"] > 0
    assert set(year["deliberation_meetings_by_kind"]) >= {"deliberation", "forum", "site_visit"}
    assert year["resolutions_passed"] > 0 and year["deliberation_satisfaction"]


def test_fengzhong_has_an_upcoming_meeting_with_accepted_topics(demo):
    meeting = Meeting.objects.get(
        body__area__name="奉中社区", status=MeetingStatus.SCHEDULED, starts_at__gt=timezone.now()
    )
    assert meeting.agenda.filter(status=TopicStatus.SCHEDULED).count() == 2
    assert meeting.body.seats.filter(membership__user__username="jp_fengzhong_grid").exists()


def test_published_text_names_nobody_in_full(demo):
    published = Resolution.objects.filter(status=ResolutionStatus.PUBLISHED).select_related(
        "meeting"
    )
    assert published.exists()
    for resolution in published:
        names = BodyMembership.objects.filter(body_id=resolution.meeting.body_id).values_list(
            "member_name", flat=True
        )
        for name in names:
            assert name not in resolution.public_text, (resolution.pk, name)


def test_history_is_consistent_and_audited(demo):
    assert not Topic.objects.filter(status=TopicStatus.RESOLVED, resolution__isnull=True).exists()
    assert not Resolution.objects.filter(
        status=ResolutionStatus.VOTING, meeting__status="closed"
    ).exists()
    for task in FollowUp.objects.filter(order__isnull=False).select_related("order", "resolution"):
        assert task.order.scope_path.startswith(task.resolution.scope_path)
    decided = Resolution.objects.exclude(status=ResolutionStatus.VOTING).count()
    assert AuditEvent.objects.filter(action="deliberation.resolution.decided").count() == decided
    assert Resolution.objects.filter(decided_at__year=2021).count() == decided
