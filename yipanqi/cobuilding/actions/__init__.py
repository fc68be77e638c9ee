"""Co-building actions: every write in a transaction, audited (core.workflow)."""

from yipanqi.cobuilding.actions.escalation import problem_escalate
from yipanqi.cobuilding.actions.evaluations import evaluation_record
from yipanqi.cobuilding.actions.lists import (
    claim_accept,
    claim_decline,
    claim_withdraw,
    need_claim,
    resource_claim,
    resource_publish,
)
from yipanqi.cobuilding.actions.problems import (
    commitment_add,
    commitment_done,
    commitment_escalate,
    commitments_escalate_overdue,
    problem_confirm,
    problem_raise,
    problem_to_session,
)
from yipanqi.cobuilding.actions.projects import (
    project_begin,
    project_cancel,
    project_complete,
    project_rate,
    project_report,
)

__all__ = [
    "claim_accept",
    "claim_decline",
    "claim_withdraw",
    "commitment_add",
    "commitment_done",
    "commitment_escalate",
    "commitments_escalate_overdue",
    "evaluation_record",
    "need_claim",
    "problem_confirm",
    "problem_escalate",
    "problem_raise",
    "problem_to_session",
    "project_begin",
    "project_cancel",
    "project_complete",
    "project_rate",
    "project_report",
    "resource_claim",
    "resource_publish",
]
