"""A report generated again for the same node and period is set against the run before it: the
figures that changed since are listed (page and API), an unchanged re-run says the two agree, and
only an earlier ready run of the same node and period is compared."""

import pytest
from django.utils import timezone

from yipanqi.orders import actions as orders
from yipanqi.orders.models import OrderCategory
from yipanqi.orders.tests.factories import agree
from yipanqi.reports import actions, changes, periods, selectors
from yipanqi.reports.tests.factories import ready_report

pytestmark = pytest.mark.django_db
THIS_YEAR = periods.year(timezone.localdate().year)  # records made by the test are dated today


def _place_order(district) -> None:
    category, _new = OrderCategory.objects.update_or_create(
        district_code="330213", code="repairs", defaults={"name": "维修维护"}
    )
    resident = district.personas["resident_a1"]
    agree(resident)
    orders.order_place(
        grid=district.grids[1], category=category, title="楼道灯坏了", description="三楼",
        actor=resident,
    )  # fmt: skip


@pytest.fixture
def town(district):
    return district.towns[0]


@pytest.fixture
def admin(district):
    return district.personas["town_admin_a"]


def _again(report, admin):
    again = actions.report_again(report=report, actor=admin, enqueue=False)
    return actions.report_build(report_id=again.pk)


def test_the_figures_are_flattened_and_only_differences_listed():
    before = {"area": {"code": "x"}, "orders": 3, "orders_by_status": {"placed": 3}, "venues": 2}
    after = {"area": {"code": "x"}, "orders": 4, "orders_by_status": {"placed": 3, "closed": 1},
             "venues": 2}  # fmt: skip
    found = {c.key: (c.before, c.after) for c in changes.changes(before, after)}
    assert found == {"orders": (3, 4), "orders_by_status.closed": (None, 1)}


def test_a_re_run_after_a_new_order_lists_what_changed(district, town, admin):
    first = ready_report(town, admin, period=THIS_YEAR)
    _place_order(district)
    second = _again(first, admin)
    assert (second.area, second.start, second.end, second.format) == (
        first.area, first.start, first.end, first.format,
    )  # fmt: skip
    assert selectors.previous_run(user=admin, report=second) == first
    found = {c.key: (c.before, c.after) for c in changes.changes(first.figures, second.figures)}
    assert found["orders"] == (first.figures["orders"], first.figures["orders"] + 1)
    assert found["open_orders"][1] == found["open_orders"][0] + 1


def test_the_page_shows_the_changes_and_an_unchanged_re_run_agrees(district, town, admin, client):
    first = ready_report(town, admin, period=THIS_YEAR)
    client.force_login(admin)
    moved = client.post(f"/reports/{first.pk}/again/")
    assert moved.status_code == 302
    second = selectors.report_list(user=admin).first()
    assert moved["Location"] == f"/reports/{second.pk}/" and second.pk != first.pk
    actions.report_build(report_id=second.pk)
    assert "两份报表一致" in client.get(f"/reports/{second.pk}/").content.decode()
    _place_order(district)
    third = _again(second, admin)
    page = client.get(f"/reports/{third.pk}/").content.decode()
    assert "服务订单数" in page and f"/reports/{second.pk}/" in page


def test_the_api_gives_the_earlier_run_and_its_changes(district, town, admin, client):
    first = ready_report(town, admin, period=THIS_YEAR)
    _place_order(district)
    second = _again(first, admin)
    client.force_login(admin)
    body = client.get(f"/api/v1/reports/{second.pk}/").json()
    assert body["compared_with"] == first.pk
    orders_change = next(c for c in body["changes"] if c["key"] == "orders")
    assert orders_change["after"] == orders_change["before"] + 1
    assert client.get(f"/api/v1/reports/{first.pk}/").json()["compared_with"] is None


def test_only_an_earlier_ready_run_of_the_same_node_and_period_is_compared(district, admin):
    district_admin = district.personas["district_admin"]
    theirs = ready_report(district.towns[0], district_admin, period=THIS_YEAR)
    ready_report(district.towns[0], admin, period=periods.year(2021))  # another period
    ready_report(district.communities[0], admin, period=THIS_YEAR)  # another node
    actions.report_request(
        area=district.towns[0], period=THIS_YEAR, fmt="pdf", actor=admin, enqueue=False
    )  # fmt: skip  (asked, not built)
    mine = ready_report(district.towns[0], admin, fmt="docx", period=THIS_YEAR)
    assert selectors.previous_run(user=admin, report=mine) == theirs  # any format, anyone's
    assert selectors.previous_run(user=district_admin, report=theirs) is None
