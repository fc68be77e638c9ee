"""The workforce figures against an independent count over the factory world."""

import datetime
from decimal import Decimal

import pytest

from yipanqi.workforce import actions, dashboard
from yipanqi.workforce.tests.factories import TEST

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))


def _mean(values: list[Decimal]) -> int:
    return int((sum(values) / len(values)).quantize(Decimal(1)))


def test_figures_equal_an_independent_count(world):
    d = world.district
    actions.pay_run_approve(run=world.runs["B"], actor=TEST)
    lines = [li for run in world.runs.values() for li in run.lines.all()]
    figures = dashboard.figures(path=d.district.path, start=YEAR[0], end=YEAR[1])
    for post in ("head", "deputy", "other"):
        mine = [li.total for li in lines if li.post == post]
        assert figures[f"avg_pay_{post}"] == _mean(mine)
    # in post at the end of 2021: everyone but the worker who moved in 2020
    assert figures["workers_in_post"] == 5
    # a1_head attended the 4-day course; every other worker in post has none
    assert figures["training_days_min"] == 0
    assert figures["training_short"] == 5
    assert figures["moved_to_civil_service"] == 1
    before = dashboard.figures(path=d.district.path, start=datetime.date(2019, 1, 1),
                               end=datetime.date(2019, 12, 31))  # fmt: skip
    assert before["moved_to_civil_service"] == 0 and before["avg_pay_head"] is None


def test_draft_runs_do_not_count_and_town_figures_are_the_towns(world):
    d = world.district
    town_a = dashboard.figures(path=d.towns[0].path, start=YEAR[0], end=YEAR[1])
    town_b = dashboard.figures(path=d.towns[1].path, start=YEAR[0], end=YEAR[1])
    assert town_b["avg_pay_head"] is None  # town B's run is a draft
    head = world.runs["A"].lines.get(worker=world.workers["a1_head"]).total
    assert town_a["avg_pay_head"] == _mean([head])
    assert town_a["training_days_min"] == 0 and town_a["workers_in_post"] == 3
