"""Figures of social organisations and 公益创投 for reports and dashboards, computed from records
per node and period (listed in reports/figures.py):

- organisations by legal form, and the incubations at each stage;
- needs matched and engagements started in the period (government purchases and their contract
  sum apart);
- venture projects funded in the rounds of the period's years (`venture_projects`), the money
  granted to them (`venture_funding_fen`, exact; `venture_funding_yuan` for reading), the money
  paid in the period, and the share of funded projects whose theme is community governance
  (`venture_governance_share`, two decimals).

A round belongs to the year of its call (2019年度公益创投), so "funded in 2019" is a project of
the 2019 round that the funder approved, whenever it was paid (docs/decisions/012).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from yipanqi.socialorgs.choices import (
    FUNDED,
    EngagementKind,
    IncubationStage,
    LegalForm,
    NeedStatus,
    Theme,
    TrancheStatus,
)
from yipanqi.socialorgs.models import (
    Application,
    Engagement,
    Incubation,
    Need,
    SocialOrganisation,
    Tranche,
)

CENT = Decimal("0.01")


def funded(path: str, start: datetime.date, end: datetime.date):
    """The funded projects of the rounds of the period's years, under the node."""
    return Application.objects.filter(
        scope_path__startswith=path,
        status__in=FUNDED,
        round__year__gte=start.year,
        round__year__lte=end.year,
    )


def share(part: int, whole: int) -> float:
    if not whole:
        return 0.0
    return float((Decimal(part) / Decimal(whole)).quantize(CENT, ROUND_HALF_UP))


def _by(rows, column: str, values: list[str]) -> dict[str, int]:
    counts = dict(rows.values_list(column).annotate(n=Count("pk")).order_by())
    return {v: counts.get(v, 0) for v in values}


def _venture(path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    projects = funded(path, start, end)
    totals = projects.aggregate(
        n=Count("pk"),
        governance=Count("pk", filter=Q(theme=Theme.GOVERNANCE)),
        granted=Sum("granted_fen"),
    )
    granted = int(totals["granted"] or 0)
    paid = Tranche.objects.filter(
        application__scope_path__startswith=path,
        status=TrancheStatus.PAID,
        paid_on__range=(start, end),
    ).aggregate(s=Sum("amount_fen"))["s"]
    return {
        "venture_projects": totals["n"],
        "venture_governance_projects": totals["governance"],
        "venture_governance_share": share(totals["governance"], totals["n"]),
        "venture_funding_fen": granted,
        "venture_funding_yuan": float(Decimal(granted) / 100),
        "venture_paid_fen": int(paid or 0),
    }


def figures(*, path: str, start: datetime.date, end: datetime.date) -> dict[str, Any]:
    orgs = SocialOrganisation.objects.filter(scope_path__startswith=path)
    engagements = Engagement.objects.filter(
        scope_path__startswith=path, started_on__range=(start, end)
    )
    purchased = engagements.filter(kind=EngagementKind.PURCHASED)
    return {
        "social_organisations": orgs.count(),
        "social_organisations_by_form": _by(orgs, "legal_form", LegalForm.values),
        "incubations_by_stage": _by(
            Incubation.objects.filter(scope_path__startswith=path), "status", IncubationStage.values
        ),
        "needs_matched": Need.objects.filter(
            scope_path__startswith=path,
            status=NeedStatus.MATCHED,
            engagement__started_on__range=(start, end),
        ).count(),
        "engagements": engagements.count(),
        "purchased_services": purchased.count(),
        "purchased_contract_fen": int(purchased.aggregate(s=Sum("contract_fen"))["s"] or 0),
        **_venture(path, start, end),
    }


# The figure catalogue (reports): each key `figures()` returns → label (zh, en), unit, definition.
DEFINITIONS: dict[str, dict[str, str]] = {
    "social_organisations": {
        "zh": "社会组织数",
        "en": "Social organisations",
        "unit": "个",
        "definition": "节点下登记的社会组织数",
    },
    "social_organisations_by_form": {
        "zh": "社会组织（按形式）",
        "en": "Organisations by legal form",
        "unit": "个",
        "definition": "社会组织按法人形式分列",
    },
    "incubations_by_stage": {
        "zh": "孵化（按阶段）",
        "en": "Incubations by stage",
        "unit": "个",
        "definition": "孵化中的社会组织按阶段分列",
    },
    "needs_matched": {
        "zh": "需求对接数",
        "en": "Needs matched",
        "unit": "个",
        "definition": "期内开始服务而对接成功的需求数",
    },
    "engagements": {
        "zh": "服务项目数",
        "en": "Engagements",
        "unit": "个",
        "definition": "期内开始的社会组织服务项目数",
    },
    "purchased_services": {
        "zh": "政府购买服务",
        "en": "Purchased services",
        "unit": "个",
        "definition": "期内开始的政府购买服务项目数",
    },
    "purchased_contract_fen": {
        "zh": "购买服务合同金额",
        "en": "Purchased contract value",
        "unit": "分",
        "definition": "期内购买服务合同金额合计（分）",
    },
    "venture_projects": {
        "zh": "公益创投项目数",
        "en": "Venture projects",
        "unit": "个",
        "definition": "期内获资助的公益创投项目数",
    },
    "venture_governance_projects": {
        "zh": "治理类创投项目",
        "en": "Governance venture projects",
        "unit": "个",
        "definition": "其中社区治理类项目数",
    },
    "venture_governance_share": {
        "zh": "治理类项目占比",
        "en": "Governance share",
        "unit": "比例",
        "definition": "治理类项目数除以创投项目数",
    },
    "venture_funding_fen": {
        "zh": "创投资助金额（分）",
        "en": "Venture funding (fen)",
        "unit": "分",
        "definition": "期内获资助项目的资助金额合计（分）",
    },
    "venture_funding_yuan": {
        "zh": "创投资助金额",
        "en": "Venture funding",
        "unit": "元",
        "definition": "期内获资助项目的资助金额合计",
    },
    "venture_paid_fen": {
        "zh": "创投已拨付金额",
        "en": "Venture funding paid",
        "unit": "分",
        "definition": "期内已拨付的资助分期金额（分）",
    },
}
