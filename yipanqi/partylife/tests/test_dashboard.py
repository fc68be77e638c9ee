"""Party-life figures per node and year against counts written out from what the test did
(never from the code under test)."""

import datetime

import pytest

from yipanqi.partylife import actions, dashboard
from yipanqi.partylife.tests.factories import SYS, hold, plan

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def test_figures_of_the_district_a_town_and_a_community(world):
    # The factory held: a1 a themed day in March (confirmed), b1 a committee meeting in March
    # (recorded); a1 also has a lecture planned (not held). Here a1 holds a themed day every
    # month from April to December, and a branch general meeting in Q1 and Q3.
    for month in range(4, 13):
        hold(plan(world, "a1", "themed_day", datetime.date(2021, month, 10)))
    for month in (2, 8):
        hold(plan(world, "a1", "branch_general", datetime.date(2021, month, 10)))
    transfer = world.transfers["a1"]
    actions.transfer_approve(transfer=transfer, actor=SYS)
    actions.transfer_accept(transfer=transfer, actor=SYS)
    d = world.district
    district = dashboard.figures(path=d.district.scope_path, start=YEAR[0], end=YEAR[1])
    town_b = dashboard.figures(path=d.towns[1].scope_path, start=YEAR[0], end=YEAR[1])
    a1 = dashboard.figures(path=d.communities[0].scope_path, start=YEAR[0], end=YEAR[1])
    assert district["branch_meetings_held"] == 1 + 1 + 9 + 2
    assert a1["branch_meetings_held"] == 12 and town_b["branch_meetings_held"] == 1
    # Required in 2021 (all periods over): themed day 12, committee 12, general 4, lecture 4 per
    # branch (no party groups). a1 held: 10 themed days (March to December) + 2 general
    # meetings = 12 of 32; b1: 1 committee meeting of 32.
    assert a1["branch_meeting_compliance"] == round(12 / 32, 4)
    assert town_b["branch_meeting_compliance"] == round(1 / 32, 4)
    assert district["branch_meeting_compliance"] == round(13 / 64, 4)
    # Dues: self 40.00 (4,000 yuan at 1 %) and b1 240.00 (12,000 at 2 %) paid in January.
    assert district["dues_collected_yuan"] == 280.0 and a1["dues_collected_yuan"] == 40.0
    # The accepted transfer completes today, not in 2021.
    assert district["transfers_completed"] == 0
    today = datetime.date.today()  # noqa: DTZ011  (the action stamps the local date)
    now = dashboard.figures(path=d.district.scope_path, start=today, end=today)
    assert now["transfers_completed"] == 1
