"""The centres part of the full Fenghua demo (the root conftest's session `fenghua_demo`): the
1+12+X network counted from records, a completed round with published grades, one in progress."""

import io
import json

import pytest
from django.core.management import call_command

from yipanqi.centres.choices import AssessmentStatus, CentreLevel, RoundStatus
from yipanqi.centres.models import AssessmentRound, CentreAssessment, ServiceCentre
from yipanqi.core.models import AuditEvent
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(fenghua_demo):
    return fenghua_demo


def test_the_report_prints_town_centres_counted_from_records(demo):
    out = io.StringIO()
    call_command("report", year=2021, format="json", stdout=out)
    figures = json.loads(out.getvalue())
    towns = Area.objects.filter(kind=AreaKind.TOWN).count()
    assert figures["town_centres"] == towns == 12
    assert figures["town_centres"] == ServiceCentre.objects.filter(level=CentreLevel.TOWN).count()
    communities = Area.objects.filter(kind=AreaKind.COMMUNITY).count()
    assert figures["grassroots_centres"] == communities
    assert figures["district_centres"] == 1
    graded = CentreAssessment.objects.filter(
        status__in=(AssessmentStatus.PUBLISHED, AssessmentStatus.APPEALED)
    )
    assert figures["centres_graded"] == graded.count() > 0
    assert sum(figures["centres_by_grade"].values()) == figures["centres_graded"]
    assert len(figures["centres_dimension_means"]) == 5


def test_one_round_completed_and_one_in_progress(demo):
    done, running = AssessmentRound.objects.order_by("id")
    assert done.status == RoundStatus.CLOSED and running.status == RoundStatus.OPEN
    statuses = set(running.assessments.values_list("status", flat=True))
    assert {AssessmentStatus.SELF, AssessmentStatus.SUBMITTED} <= statuses
    assert AssessmentStatus.STREET_REVIEWED in statuses
    upcoming = running.assessments.get(centre__area__name="奉中社区")
    assert upcoming.status == AssessmentStatus.SELF and not upcoming.scores.exists()
    assert not done.assessments.exclude(status=AssessmentStatus.PUBLISHED).exists()
    kinds = set(done.assessments.values_list("events__kind", flat=True))
    assert {"appeal_upheld", "appeal_rejected"} <= kinds
    graded = ServiceCentre.objects.exclude(score=None).count()
    assert graded == done.assessments.count()


def test_every_centre_event_names_its_actor(demo):
    events = AuditEvent.objects.filter(action__startswith="centres.")
    assert events.exists()
    assert not events.filter(actor_username="").exists()
    assert demo.parts["centres"] < 20  # seconds; on an idle machine a few
