"""Every write of the funding app: yearly rules, allocation runs (compute, approve), own income,
expenses with evidence (record, approve, reject), construction projects (plan, progress,
complete), the money that comes with admitted duties, and the audited XLSX exports."""

from yipanqi.funding.actions.duty_money import duty_money_credit
from yipanqi.funding.actions.exports import community_funds_export, overview_export
from yipanqi.funding.actions.projects import project_complete, project_create, project_progress
from yipanqi.funding.actions.rules import rule_set
from yipanqi.funding.actions.runs import allocation_approve, allocation_compute
from yipanqi.funding.actions.spend import (
    evidence_add,
    expense_approve,
    expense_record,
    expense_reject,
    income_record,
)

__all__ = [
    "allocation_approve",
    "allocation_compute",
    "community_funds_export",
    "duty_money_credit",
    "evidence_add",
    "expense_approve",
    "expense_record",
    "expense_reject",
    "income_record",
    "overview_export",
    "project_complete",
    "project_create",
    "project_progress",
    "rule_set",
]
