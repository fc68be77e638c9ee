"""What the funding actions share: the three workflows, input checks, the rule in force."""

from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core import inputs
from yipanqi.core.errors import Conflict
from yipanqi.core.inputs import require_kind
from yipanqi.core.workflow import Workflow
from yipanqi.funding.choices import (
    EXPENSE_TRANSITION_NOT_ALLOWED,
    EXPENSE_TRANSITIONS,
    PROJECT_TRANSITION_NOT_ALLOWED,
    PROJECT_TRANSITIONS,
    RUN_TRANSITION_NOT_ALLOWED,
    RUN_TRANSITIONS,
    ExpenseStatus,
    ProjectStatus,
    RunStatus,
)
from yipanqi.funding.models import AllocationRun, Expense, FundingRule, Project
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area

RUN_FLOW = Workflow(
    table=RUN_TRANSITIONS,
    statuses=RunStatus,
    refusal=RUN_TRANSITION_NOT_ALLOWED,
    audit_prefix="funding.run",
    model=AllocationRun,
)
EXPENSE_FLOW = Workflow(
    table=EXPENSE_TRANSITIONS,
    statuses=ExpenseStatus,
    refusal=EXPENSE_TRANSITION_NOT_ALLOWED,
    audit_prefix="funding.expense",
    model=Expense,
)
PROJECT_FLOW = Workflow(
    table=PROJECT_TRANSITIONS,
    statuses=ProjectStatus,
    refusal=PROJECT_TRANSITION_NOT_ALLOWED,
    audit_prefix="funding.project",
    model=Project,
)
MAX_FEN = 10**13  # 100 billion yuan: beyond any community budget


def fen(value: Any, field: str, *, allow_zero: bool = False) -> int:
    """An amount in whole fen, positive (or zero where allowed), never more than MAX_FEN."""
    return inputs.fen(value, field, limit=MAX_FEN, allow_zero=allow_zero)


def require_community(area: Area) -> None:
    require_kind(area, AreaKind.COMMUNITY)


def rule_for(district_code: str, year: int) -> FundingRule:
    """The year's rule in force (its latest version); Conflict `no_rules` when there is none."""
    rule = FundingRule.objects.filter(district_code=district_code, year=year).first()
    if rule is None:
        raise Conflict(
            _("There are no funding rules for %(year)s: set the year's rules first.")
            % {"year": year},
            code="no_rules",
        )
    return rule
