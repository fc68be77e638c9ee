"""Figures of community funding for reports and dashboards, from records per node and period: the
rule applied in the period's approved allocation run (serving-the-masses fund per community, work
fund per 1,000 households, in yuan), the money since 2018 (approved allocations plus the district's
and streets' matched construction money, the seed's "more than 22,000,000 yuan"), the venues
completed with matched money since 2018 (the seed's 18), and the year's allocation, spend and own
income."""

import datetime
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from yipanqi.funding.choices import ExpenseStatus, ProjectStatus, RunStatus
from yipanqi.funding.models import AllocationLine, BudgetLine, Expense, Project

SINCE = 2018  # the seed's "since 2018": the first year of the guarantee


def _rule(path: str, year: int) -> Any:
    """The rule of the approved run whose lines cover `path` in `year` (or the district's run
    when `path` is a district: lines lie under it)."""
    line = (
        AllocationLine.objects.filter(run__status=RunStatus.APPROVED, run__year=year)
        .filter(scope_path__startswith=path)
        .select_related("run__rule")
        .order_by("-run_id")
        .first()
    )
    return line.run.rule if line else None


def _sum(rows: Any, field: str) -> int:
    return rows.aggregate(s=Coalesce(Sum(field), 0))["s"]


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    rule = _rule(path, end.year)
    since = (SINCE, end.year)
    under = Q(scope_path__startswith=path)
    lines = AllocationLine.objects.filter(
        under, run__status=RunStatus.APPROVED, run__year__range=since
    )
    projects = Project.objects.filter(under, year__range=since)
    matched = projects.aggregate(
        money=Coalesce(Sum("district_fen"), 0) + Coalesce(Sum("street_fen"), 0),
        venues=Count("pk", filter=Q(status=ProjectStatus.COMPLETED, completed_on__lte=end)),
    )
    budgets = BudgetLine.objects.filter(under, year__range=(start.year, end.year))
    spent = Expense.objects.filter(
        under, status=ExpenseStatus.APPROVED, spent_on__range=(start, end)
    )
    return {
        "service_fund_per_community": rule.service_fen // 100 if rule else None,
        "work_fund_per_1000_households": rule.work_fen // 100 if rule else None,
        "funding_since_2018_yuan": (_sum(lines, "total_fen") + matched["money"]) // 100,
        "matched_venues": matched["venues"],
        "funding_received_yuan": _sum(budgets, "amount_fen") // 100,
        "funding_spent_yuan": _sum(spent, "amount_fen") // 100,
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "service_fund_per_community": {
        "zh": "每社区服务群众专项经费",
        "en": "Service fund per community",
        "unit": "元",
        "definition": "期内审定分配规则中的每社区服务群众经费",
    },
    "work_fund_per_1000_households": {
        "zh": "每千户工作经费",
        "en": "Work fund per 1,000 households",
        "unit": "元",
        "definition": "期内审定分配规则中的每千户工作经费",
    },
    "funding_since_2018_yuan": {
        "zh": "2018年以来保障资金",
        "en": "Funding since 2018",
        "unit": "元",
        "definition": "2018年起审定分配资金与区、街配套建设资金之和",
    },
    "matched_venues": {
        "zh": "配套资金建成阵地",
        "en": "Venues built with matched money",
        "unit": "个",
        "definition": "2018年起使用配套资金建成的阵地数",
    },
    "funding_received_yuan": {
        "zh": "期内到位经费",
        "en": "Funding received",
        "unit": "元",
        "definition": "期内预算到位的经费合计",
    },
    "funding_spent_yuan": {
        "zh": "期内支出经费",
        "en": "Funding spent",
        "unit": "元",
        "definition": "期内审核通过的支出合计",
    },
}
