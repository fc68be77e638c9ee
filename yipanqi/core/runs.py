"""Runs (计算批次) that a second person approves (审定): funding's allocation runs, workforce's pay
runs. A run is computed as a draft by one administrator and approved by another (four eyes); an
approved run is never changed, only corrected by a new run (`corrects`) that supersedes it when
that one is approved. The model has `computed_by`, `corrects`, `approved_by` and `approved_at`,
and its statuses (the Workflow's) include APPROVED and SUPERSEDED."""

from typing import Any

from django.utils import timezone

from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Actor, Workflow, lock, user_of


def refuse_own_run(run: Any, actor: Actor, message: str) -> None:
    """Whoever computed a run cannot approve it (409 `four_eyes`); the system actor is not asked."""
    if not is_system(actor) and run.computed_by_id == getattr(actor, "pk", None):
        raise Conflict(message, code="four_eyes")


def approve_run(flow: Workflow, run: Any, *, actor: Actor) -> None:
    """Approve a locked draft run, naming who and when; the run it corrects, if any, is
    superseded first (one approved run per area and year)."""
    statuses = flow.statuses
    if run.corrects is not None:
        old = lock(run.corrects)
        before = flow.begin(old, actor=actor)
        before.move(statuses.SUPERSEDED)
        before.finish("superseded", by=run.pk)
    step = flow.begin(run, actor=actor)
    step.move(statuses.APPROVED)
    step.set(approved_by=user_of(actor), approved_at=timezone.now())
    step.finish("approved")
