"""The officers' figures and board equal counts taken independently from the logs."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.officers import actions, dashboard, selectors
from yipanqi.officers.tests.factories import a_week_ago

pytestmark = pytest.mark.django_db


def test_figures_equal_an_independent_count(world):
    officer = world.personas["officer_a"]
    actions.worklog_record(assignment=world.assignments["a_street"], kind="visit",
                           occurred_on=a_week_ago(), summary="巡查", issue="占道经营",
                           open_order=True, actor=officer)  # fmt: skip
    today = timezone.localdate()
    span = {"start": today - datetime.timedelta(days=30), "end": today}
    town = dashboard.figures(path=world.district.towns[0].scope_path, **span)
    # by hand: town A logged 2 (a1 visit with an issue handled on the spot, a street visit
    # with an issue turned into an open order)
    assert town == {"officer_visits": 2, "officer_issues_raised": 2, "officer_issues_solved": 1,
                    "officer_assignments": 2}  # fmt: skip
    district = dashboard.figures(path=world.district.district.scope_path, **span)
    assert district["officer_visits"] == 3 and district["officer_assignments"] == 3


def test_the_board_counts_by_role_and_town(world):
    board = selectors.board(user=world.personas["district_admin"], today=timezone.localdate())
    roles = {c.label: (c.assigned, c.issues, c.solved) for c in board.by_role}
    assert roles == {"村社指导": (2, 1, 1), "街巷跑长": (1, 0, 0)}
    towns = {c.label: c.assigned for c in board.by_town}
    assert towns == {"锦屏街道": 2, "岳林街道": 1}
    mine = selectors.board(user=world.personas["town_admin_a"], today=timezone.localdate())
    assert sum(c.assigned for c in mine.by_role) == 2
