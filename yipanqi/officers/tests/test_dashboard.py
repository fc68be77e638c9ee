"""The officers' figures and board equal counts taken independently from the logs; the board
page charts them per role and layer with ECharts served locally; an officer's own page."""

import datetime
import json
import re

import pytest
from django.test import Client
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


def _page(world, persona: str, url: str) -> str:
    client = Client()
    client.force_login(world.personas[persona])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_board_page_draws_a_chart_per_role_and_layer_from_local_echarts(world):
    html = _page(world, "district_admin", "/officers/board/")
    scripts = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert "/static/vendor/echarts/echarts.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)  # no CDN, no other origin
    role = json.loads(re.search(r'id="officers-chart-role"[^>]*>(.*?)</script>', html).group(1))
    layer = json.loads(
        re.search(r'id="officers-chart-layer-data"[^>]*>(.*?)</script>', html).group(1)
    )
    assert {r["name"]: (r["assigned"], r["issues"], r["solved"]) for r in role} == {
        "村社指导": (2, 1, 1), "街巷跑长": (1, 0, 0)}  # fmt: skip
    assert sum(r["assigned"] for r in layer) == 3 and len(layer) == 2  # town and grassroots


def test_an_officers_own_page_shows_their_targets_and_this_months_plan(world):
    officer = world.personas["officer_a"]
    today = timezone.localdate()
    for _ in range(2):
        actions.worklog_record(assignment=world.assignments["a_street"], kind="visit",
                               occurred_on=today, summary="巡查", actor=officer)  # fmt: skip
    html = _page(world, "officer_a", "/officers/")
    assert "奉中社区中山路段" in html and "奉中社区" in html and "民主社区" not in html
    mine = {a.target_name: (a.done, a.visits_per_month)
            for a in selectors.my_assignments(user=officer, today=today)}  # fmt: skip
    earlier = 1 if a_week_ago().month == today.month else 0  # the factory's visit a week ago
    assert mine == {"奉中社区": (earlier, 2), "奉中社区中山路段": (2, 4)}
    assert f'data-plan="{world.assignments["a_street"].pk}"' in html
