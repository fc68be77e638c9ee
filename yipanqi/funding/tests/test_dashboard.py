"""The funding figures on the factory world, from records: the rule the approved run applied, the
money since 2018 (approved allocations plus matched construction money), the matched venues."""

import datetime

import pytest

from yipanqi.funding import dashboard

pytestmark = pytest.mark.django_db


def test_figures_of_the_district_and_of_a_community(world):
    d = world.district
    start, end = datetime.date(2021, 1, 1), datetime.date(2021, 12, 31)
    numbers = dashboard.figures(path=d.district.path, start=start, end=end)
    assert numbers["service_fund_per_community"] == 200_000
    assert numbers["work_fund_per_1000_households"] == 150_000
    allocated = 4 * 200_000 + 2 * 150_000
    matched = 1_000_000 + 800_000  # both projects' district and street shares
    assert numbers["funding_since_2018_yuan"] == allocated + matched
    assert numbers["matched_venues"] == 1  # the completed one
    assert numbers["funding_spent_yuan"] == 1_000
    b1 = dashboard.figures(path=d.communities[2].path, start=start, end=end)
    assert b1["funding_since_2018_yuan"] == 350_000 + 800_000 and b1["matched_venues"] == 0
    before = dashboard.figures(path=d.district.path, start=start.replace(year=2017),
                               end=end.replace(year=2017))  # fmt: skip
    assert before["service_fund_per_community"] is None and before["funding_since_2018_yuan"] == 0
