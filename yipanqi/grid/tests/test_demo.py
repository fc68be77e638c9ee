"""The demo's grid part: the 2021 sweep reproduces the seed's 62,178 screened households, counted by
the reports from the visit records; the open sweep has pending households for the grid worker."""

import datetime

import pytest

from yipanqi.grid.choices import CampaignStatus, IncidentStatus
from yipanqi.grid.demo import SCREENED_2021
from yipanqi.grid.models import Campaign, Incident, Visit
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db


def test_the_2021_sweep_screened_62178_households(fenghua_demo):
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    start, end = year_bounds(2021)
    figures = node_figures(area=district, start=start, end=end)
    assert figures["households_screened"] == 62_178 == SCREENED_2021
    assert figures["sweep_households_targeted"] == 63_000
    # the same number by another path: households with a screened visit, walked in Python
    screened = {
        household
        for household, outcome in Visit.objects.filter(campaign__starts_on__year=2021).values_list(
            "household_id", "outcome"
        )
        if outcome in ("visited", "follow_up")
    }
    assert len(screened) == 62_178


def test_the_open_sweep_has_households_to_visit(fenghua_demo):
    campaign = Campaign.objects.get(area__name="奉中社区", status=CampaignStatus.OPEN)
    assert campaign.starts_on <= datetime.date.today() <= campaign.ends_on  # noqa: DTZ011
    pending = campaign.targets.filter(outcome="").count()
    assert pending >= 5 and campaign.targets.exclude(outcome="").exists()
    assert Visit.objects.filter(campaign=campaign, order__isnull=False).count() == 2


def test_incidents_at_every_stage(fenghua_demo):
    stages = set(Incident.objects.values_list("status", flat=True))
    assert stages == set(IncidentStatus.values)
    assert Incident.objects.filter(escalation_level__gte=2).exists()
