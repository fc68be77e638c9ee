"""Dashboard figures from records: centres per level, graded centres per grade, mean score per
dimension (compared with an independent computation), per node and period."""

import datetime
from decimal import Decimal

import pytest

from yipanqi.centres import actions, dashboard
from yipanqi.centres.models import Dimension, Indicator
from yipanqi.centres.tests.factories import TEST, full_marks, reviewed

pytestmark = pytest.mark.django_db
YEAR = (datetime.date(2000, 1, 1), datetime.date(2100, 12, 31))


def test_figures_per_level_grade_and_dimension(world):
    first_dimension = Dimension.objects.filter(scheme=world.scheme).order_by("position").first()
    lowered = full_marks(world)
    for ind in Indicator.objects.filter(dimension=first_dimension):
        lowered[ind.pk] = Decimal(4)
    reviewed(world, world.grassroots[0], full_marks(world))
    reviewed(world, world.grassroots[2], lowered)
    actions.round_publish(round_=world.round, actor=TEST)

    whole = dashboard.figures(path=world.district.district.scope_path, start=YEAR[0], end=YEAR[1])
    assert (whole["district_centres"], whole["town_centres"], whole["grassroots_centres"]) == (
        1,
        2,
        4,
    )
    assert whole["centres_graded"] == 2
    # full marks: 100; lowered: one dimension at 40 of five equal ones -> 88 (4A by default)
    grades = {world.assessment(c).grade for c in (world.grassroots[0], world.grassroots[2])}
    assert sum(whole["centres_by_grade"].values()) == 2 and set(whole["centres_by_grade"]) == grades
    means = whole["centres_dimension_means"]
    assert means[first_dimension.name] == (100 + 40) / 2
    assert all(v == 100 for k, v in means.items() if k != first_dimension.name)

    town_b = dashboard.figures(path=world.district.towns[1].scope_path, start=YEAR[0], end=YEAR[1])
    assert (town_b["town_centres"], town_b["grassroots_centres"], town_b["centres_graded"]) == (
        1,
        2,
        1,
    )
    before = dashboard.figures(
        path=world.district.district.scope_path,
        start=datetime.date(2000, 1, 1),
        end=datetime.date(2000, 12, 31),
    )
    assert before["centres_graded"] == 0 and before["centres_dimension_means"] == {}
