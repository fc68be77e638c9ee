"""The service teams of the Fenghua 2021 demo: teams in the main urban communities with orders
dispatched to them, some taken and completed, and the report figures counted from those records.

Runs on the session's full demo (cobuilding's demo step builds the teams)."""

import datetime

import pytest

from yipanqi.cobuilding import teams_dashboard
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.models import LedgerEntry, ServiceOrder, ServiceTeam

pytestmark = pytest.mark.django_db


@pytest.fixture
def teams(fenghua_demo):
    return list(ServiceTeam.objects.all())


def test_the_main_urban_communities_have_teams_with_orders_at_every_stage(teams):
    codes = {t.area.code for t in teams}
    assert {"330213001001", "330213002001"} <= codes
    for team in teams:
        assert team.leader_id and team.memberships.filter(active=True).count() >= 2
        orders = ServiceOrder.objects.filter(dispatched_team=team, dispatch_kind=DispatchKind.TEAM)
        statuses = set(orders.values_list("status", flat=True))
        if orders.exists():
            assert {OrderStatus.CLOSED, OrderStatus.DISPATCHED, OrderStatus.TAKEN} <= statuses
            closed = orders.filter(status=OrderStatus.CLOSED)  # the 2021 history; the rest is open
            assert closed.filter(placed_at__year=2021).count() == closed.count() > 0


def test_team_services_credit_the_ledger_and_count_in_the_report_figures(teams):
    closed = ServiceOrder.objects.filter(dispatched_team__isnull=False, status=OrderStatus.CLOSED)
    assert closed.exists()
    sources = {f"orders.serviceorder:{o.pk}:0" for o in closed}
    assert LedgerEntry.objects.filter(source__in=sources).exists()
    year = (datetime.date(2021, 1, 1), datetime.date(2021, 12, 31))
    figures = teams_dashboard.figures(path="", start=year[0], end=year[1])
    assert figures["service_teams"] == ServiceTeam.objects.filter(active=True).count() == len(teams)
    done = ServiceOrder.objects.filter(dispatched_team__isnull=False, done_at__year=2021)
    assert figures["team_services"] == done.count() > 0
    assert figures["team_service_hours"] > 0
