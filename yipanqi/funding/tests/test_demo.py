"""The funding part of the full Fenghua demo (the root conftest's session `fenghua_demo`): the
seed's four figures printed by `yipanqi report --year 2021 --format json`, each checked against an
independent sum over the records."""

import io
import json

import pytest
from django.core.management import call_command
from django.db.models import F, Sum

from yipanqi.funding.models import AllocationLine, AllocationRun, BudgetLine, Expense, Project
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.models import Household

pytestmark = pytest.mark.django_db


def _report(year: int) -> dict:
    out = io.StringIO()
    call_command("report", year=year, format="json", stdout=out)
    return json.loads(out.getvalue())


def test_the_2021_report_reproduces_the_seed_from_records(fenghua_demo):
    figures = _report(2021)
    assert figures["service_fund_per_community"] == 200_000
    assert figures["work_fund_per_1000_households"] == 150_000
    assert figures["matched_venues"] == 18
    lines = AllocationLine.objects.filter(run__status="approved", run__year__range=(2018, 2021))
    projects = Project.objects.filter(year__range=(2018, 2021))
    total = (
        lines.aggregate(s=Sum("total_fen"))["s"]
        + projects.aggregate(s=Sum(F("district_fen") + F("street_fen")))["s"]
    )
    assert figures["funding_since_2018_yuan"] == total // 100 > 22_000_000


def test_every_run_is_approved_by_another_and_follows_the_registry(fenghua_demo):
    runs = AllocationRun.objects.filter(year__range=(2018, 2021), status="approved")
    assert sorted(runs.values_list("year", flat=True)) == [2018, 2019, 2020, 2021]
    waiting = AllocationRun.objects.get(status="draft")  # the year-end correction of 2021
    assert waiting.year == 2021 and waiting.corrects_id and waiting.computed_by is None
    assert not runs.filter(computed_by=F("approved_by")).exists()
    line = AllocationLine.objects.filter(run__year=2021).select_related("community").first()
    assert (
        line.households
        == Household.objects.filter(scope_path__startswith=line.community.path).count()
    )


def test_spend_has_evidence_and_no_balance_is_negative(fenghua_demo):
    spent = Expense.objects.filter(status="approved")
    assert spent.count() >= 4 * 2 * 40 and not spent.filter(evidence__isnull=True).exists()
    assert not BudgetLine.objects.filter(spent_fen__gt=F("amount_fen")).exists()
    assert BudgetLine.objects.filter(fund="own").exists()
    assert Project.objects.filter(status="completed", venue__isnull=False).count() == 18
    assert Area.objects.filter(kind=AreaKind.COMMUNITY).count() > runs_lines_2021()


def runs_lines_2021() -> int:
    return AllocationLine.objects.filter(run__year=2021, run__status="approved").count()
