"""What the co-building actions share: the workflows, and the checks of free text and dates."""

import datetime
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from yipanqi.cobuilding.choices import (
    CLAIM_TRANSITION_NOT_ALLOWED,
    CLAIM_TRANSITIONS,
    COMMITMENT_TRANSITION_NOT_ALLOWED,
    COMMITMENT_TRANSITIONS,
    PROBLEM_TRANSITION_NOT_ALLOWED,
    PROBLEM_TRANSITIONS,
    PROJECT_TRANSITION_NOT_ALLOWED,
    PROJECT_TRANSITIONS,
    ClaimStatus,
    CommitmentStatus,
    ProblemStatus,
    ProjectStatus,
)
from yipanqi.cobuilding.models import Claim, Commitment, HardProblem, Project
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Workflow


def flow(model: type[Model], table: Any, statuses: Any, refusal: Any, prefix: str) -> Workflow:
    return Workflow(
        table=table, statuses=statuses, refusal=refusal, audit_prefix=prefix, model=model
    )


CLAIM_FLOW = flow(
    Claim, CLAIM_TRANSITIONS, ClaimStatus, CLAIM_TRANSITION_NOT_ALLOWED, "cobuilding.claim"
)
PROJECT_FLOW = flow(
    Project,
    PROJECT_TRANSITIONS,
    ProjectStatus,
    PROJECT_TRANSITION_NOT_ALLOWED,
    "cobuilding.project",
)
PROBLEM_FLOW = flow(
    HardProblem,
    PROBLEM_TRANSITIONS,
    ProblemStatus,
    PROBLEM_TRANSITION_NOT_ALLOWED,
    "cobuilding.problem",
)
COMMITMENT_FLOW = flow(
    Commitment,
    COMMITMENT_TRANSITIONS,
    CommitmentStatus,
    COMMITMENT_TRANSITION_NOT_ALLOWED,
    "cobuilding.commitment",
)


def refuse(message: str, code: str, field: str | None = None) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]} if field else None)


def date(value: datetime.date | None, field: str) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise refuse(_("Give a date."), f"{field}_required", field)
    return value


def period(start: datetime.date | None, end: datetime.date | None) -> tuple:
    start, end = date(start, "starts_on"), date(end, "ends_on")
    if end < start:
        raise refuse(_("The end comes before the start."), "bad_period", "ends_on")
    return start, end
