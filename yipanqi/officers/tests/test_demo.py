"""The demo's officers part: the five roles in every town with assignments and a year of logs;
some issues turned into service orders; the report's figures equal counts from the logs."""

import pytest

from yipanqi.officers.models import Assignment, WorkLog
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db


def test_every_town_has_its_five_roles_at_work(fenghua_demo):
    for town in Area.objects.filter(kind=AreaKind.TOWN):
        roles = set(Assignment.objects.filter(scope_path__startswith=town.path)
                    .values_list("role__code", flat=True))  # fmt: skip
        assert {"community", "project", "street", "helper"} <= roles, town.name
    assert WorkLog.objects.filter(order__isnull=False).exists()
    persona = Assignment.objects.filter(officer__username="five_role_officer")
    assert persona.count() == 2


def test_the_report_figures_come_from_the_logs(fenghua_demo):
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    start, end = year_bounds(2021)
    got = node_figures(area=district, start=start, end=end)
    logs = WorkLog.objects.filter(occurred_on__year=2021)
    assert got["officer_visits"] == logs.count() > 1000
    issues = logs.exclude(issue="")
    solved = [log for log in issues.select_related("order") if (log.order is None and log.result)
              or (log.order is not None and log.order.status in ("done", "rated", "closed"))]  # fmt: skip
    assert got["officer_issues_solved"] == len(solved) > 0
