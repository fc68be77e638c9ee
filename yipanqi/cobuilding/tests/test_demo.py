"""The demo's co-building part: every co-building town has claims at every stage, projects at
every stage, solved hard problems and one open with an overdue (escalated) commitment, and 2021
evaluations with some units left unevaluated; the report's figures equal counts taken from the
records themselves."""

import pytest
from django.db.models import Q

from yipanqi.cobuilding.models import Claim, Commitment, Evaluation, HardProblem, Project
from yipanqi.core.demo_kit.fenghua import CO_BUILDING_TOWNS
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds

pytestmark = pytest.mark.django_db


def test_every_stage_in_every_cobuilding_town(fenghua_demo):
    for code in CO_BUILDING_TOWNS:
        under = Q(scope_path__startswith=Area.objects.get(code=code).path)
        assert set(Claim.objects.filter(under).values_list("status", flat=True)) == {
            "claimed", "accepted", "declined",
        }  # fmt: skip
        stages = set(Project.objects.filter(under).values_list("status", flat=True))
        assert stages == {"agreed", "in_progress", "completed", "rated"}
        assert HardProblem.objects.filter(under, status="closed").count() == 2
        open_problem = HardProblem.objects.get(under, ~Q(status="closed"))
        overdue = Commitment.objects.get(problem=open_problem, status="open")
        assert overdue.escalated_at is not None and overdue.due_on.year == 2021


def test_report_figures_are_counted_from_records(fenghua_demo):
    district = Area.objects.get(kind="district")
    figures = node_figures(area=district, start=year_bounds(2021)[0], end=year_bounds(2021)[1])
    done = Project.objects.filter(status__in=("completed", "rated"), completed_at__year=2021)
    assert figures["cobuilding_projects_completed"] == done.count() > 0
    solved = HardProblem.objects.filter(status="closed", closed_at__year=2021)
    assert figures["hard_problems_solved"] == solved.count() > 0
    assert figures["units_evaluated"] == Evaluation.objects.filter(year=2021).count() > 0
    assert "service_teams" in figures
