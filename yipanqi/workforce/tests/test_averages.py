"""The averages the pay pages show, each against an independent computation over the lines: per
post of one run (count, grade, pay), per post and year with the growth over the year before, and
per post in each town; draft runs never count."""

from decimal import Decimal

import pytest

from yipanqi.workforce import actions, selectors
from yipanqi.workforce.choices import Post
from yipanqi.workforce.models import PayLine
from yipanqi.workforce.tests.factories import TEST

pytestmark = pytest.mark.django_db


def _mean(values) -> Decimal:
    values = list(values)
    return sum(values, Decimal(0)) / len(values)


def _close(a, b) -> bool:
    return abs(Decimal(str(a)) - Decimal(str(b))) < Decimal("0.01")


def test_a_runs_averages_per_post(world):
    run = world.runs["A"]
    lines = list(run.lines.all())
    averages = {a["post"]: a for a in selectors.run_averages(run=run)}
    assert set(averages) == {li.post for li in lines}
    for post, a in averages.items():
        mine = [li for li in lines if li.post == post]
        assert a["n"] == len(mine)
        assert _close(a["pay"], _mean(li.total for li in mine))
        assert _close(a["grade"], _mean(Decimal(li.grade) for li in mine))


def test_the_yearly_trend_and_its_growth(world):
    d, p = world.district, world.personas
    actions.pay_table_create(district=d.district, year=2020, base_amount=Decimal(55000), actor=TEST)
    earlier = actions.pay_run_compute(area=d.towns[0], year=2020, actor=p["town_admin_a"])
    actions.pay_run_approve(run=earlier, actor=p["district_admin"])
    trend = selectors.pay_trend(user=p["district_admin"])
    assert [row["year"] for row in trend] == [2020, 2021]
    approved = PayLine.objects.filter(run__status="approved")
    for row in trend:
        for post, cell in zip(Post.values, row["cells"], strict=True):
            mine = [li.total for li in approved if li.run.year == row["year"] and li.post == post]
            assert cell["n"] == len(mine)
            assert (cell["pay"] is None) == (not mine)
            if mine:
                assert _close(cell["pay"], _mean(mine))
    for post, (before, after) in zip(
        Post.values, zip(trend[0]["cells"], trend[1]["cells"], strict=True), strict=True
    ):
        if before["pay"] and after["pay"]:
            assert _close(after["growth"], (after["pay"] / before["pay"] - 1) * 100), post
            assert after["growth"] > 0  # the base rose from 55,000 to 60,000
        assert before["growth"] is None  # no year before 2020


def test_each_towns_averages(world, client):
    d, p = world.district, world.personas
    assert [r["name"] for r in selectors.pay_by_town(user=p["district_admin"], year=2021)] == [
        d.towns[0].name
    ]  # town B's run is still a draft
    actions.pay_run_approve(run=world.runs["B"], actor=TEST)
    rows = selectors.pay_by_town(user=p["district_admin"], year=2021)
    assert [r["name"] for r in rows] == [d.towns[0].name, d.towns[1].name]
    approved = list(PayLine.objects.filter(run__status="approved", run__year=2021))
    for town, row in zip(d.towns[:2], rows, strict=True):
        for post, cell in zip(Post.values, row["cells"], strict=True):
            mine = [li.total for li in approved
                    if li.scope_path.startswith(town.path) and li.post == post]  # fmt: skip
            assert cell["n"] == len(mine)
            assert (cell["pay"] is None and not mine) or _close(cell["pay"], _mean(mine))
    town_view = selectors.pay_by_town(user=p["town_admin_a"], year=2021)
    assert [r["name"] for r in town_view] == [d.towns[0].name]  # only what the user sees
    client.force_login(p["district_admin"])
    page = client.get("/workforce/pay/").content.decode()
    assert 'id="pay-by-town"' in page and d.towns[1].name in page


def test_each_line_shows_how_its_figure_was_reached(world, client):
    run = world.runs["A"]
    client.force_login(world.personas["district_admin"])
    page = client.get(f"/workforce/pay/{run.pk}/").content.decode()
    for line in run.lines.all():
        shown = page.split(f'id="line-{line.pk}"')[1].split("</li>")[0]
        for figure in (line.service_years, line.education_credit, line.counted_years,
                       line.steps, line.qualification_bonus, line.grade):  # fmt: skip
            assert str(figure) in shown, (line.pk, figure)
        assert (
            f"{line.coefficient:.2f}".rstrip("0").rstrip(".") in shown
            or str(line.coefficient) in shown
        )
        assert f"{line.total:.2f}" in shown.replace(",", "")  # grouped or not, by locale
