"""Sweeps past their last day are closed by the periodic job (issue 21): through the grid's own
action, as the system, audited; a sweep still running is left alone, and the list shows them as
finished, without the visit button."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.core.errors import Forbidden
from yipanqi.core.models import AuditEvent
from yipanqi.grid import actions
from yipanqi.grid.choices import CampaignStatus
from yipanqi.grid.escalation import close_ended_campaigns
from yipanqi.grid.models import Campaign

pytestmark = pytest.mark.django_db
ENDED = "grid.campaign.ended"


@pytest.fixture
def running(world):
    """A sweep of community A1 that started yesterday and runs for another week."""
    today = timezone.localdate()
    return actions.campaign_create(
        area=world.district.communities[0],
        title="本周入户走访",
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=7),
        actor=world.personas["community_admin_a1"],
    )


def _status(*campaigns) -> list[str]:
    return [Campaign.objects.get(pk=c.pk).status for c in campaigns]


def test_run_periodic_closes_the_sweeps_past_their_end_as_the_system(world, running, capsys):
    call_command("run_periodic")

    assert _status(world.sweep, world.local, running) == ["closed", "closed", "open"]
    events = AuditEvent.objects.filter(action=ENDED).order_by("id")
    assert [e.target_id for e in events] == [str(world.sweep.pk), str(world.local.pk)]
    assert {e.actor_username for e in events} == {"system:grid.campaigns"}
    assert all(e.actor_id is None and e.changes == {"status": ["open", "closed"]} for e in events)
    assert events[0].data == {"ends_on": world.sweep.ends_on.isoformat()}
    assert "grid.close_ended_campaigns: 2" in capsys.readouterr().out


def test_running_it_again_changes_nothing(world, running):
    call_command("run_periodic")
    call_command("run_periodic")

    assert AuditEvent.objects.filter(action=ENDED).count() == 2


def test_a_sweep_is_over_only_after_its_last_day(world, running):
    last_day = running.ends_on

    closed = actions.campaigns_close_ended(actor=system("test"), today=last_day)
    assert closed == 2 and _status(running) == ["open"]
    closed = actions.campaigns_close_ended(
        actor=system("test"), today=last_day + datetime.timedelta(1)
    )
    assert closed == 1 and _status(running) == ["closed"]


def test_the_job_works_in_batches_until_none_is_left(world, running):
    assert actions.campaigns_close_ended(actor=system("test"), batch=1) == 1
    assert actions.campaigns_close_ended(actor=system("test"), batch=1) == 1
    assert actions.campaigns_close_ended(actor=system("test"), batch=1) == 0


def test_only_the_system_closes_sweeps_by_date(world):
    with pytest.raises(Forbidden):
        actions.campaigns_close_ended(actor=world.personas["district_admin"])
    assert _status(world.sweep) == ["open"]


def test_the_list_shows_a_closed_sweep_as_finished_without_the_visit_button(
    world, running, client_as
):
    close_ended_campaigns()

    html = client_as("community_admin_a1").get("/grid/").content.decode()

    cards = {
        c.title: html.split(c.title, 1)[1].split('<div class="card mb-2">')[0]
        for c in (world.local, running)
    }
    assert str(CampaignStatus.CLOSED.label) in cards[world.local.title]
    assert f"/grid/campaigns/{world.local.pk}/visits/" not in html
    assert str(CampaignStatus.OPEN.label) in cards[running.title]
    assert f"/grid/campaigns/{running.pk}/visits/" in html
