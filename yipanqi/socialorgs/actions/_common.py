"""What the socialorgs actions share: the workflows, the application's event row, money and
text checks."""

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import inputs
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, Workflow, user_of
from yipanqi.socialorgs.choices import (
    APPLICATION_TRANSITION_NOT_ALLOWED,
    APPLICATION_TRANSITIONS,
    ENGAGEMENT_TRANSITION_NOT_ALLOWED,
    ENGAGEMENT_TRANSITIONS,
    INCUBATION_TRANSITION_NOT_ALLOWED,
    INCUBATION_TRANSITIONS,
    NEED_TRANSITION_NOT_ALLOWED,
    NEED_TRANSITIONS,
    ROUND_TRANSITION_NOT_ALLOWED,
    ROUND_TRANSITIONS,
    TRANCHE_TRANSITION_NOT_ALLOWED,
    TRANCHE_TRANSITIONS,
    AppStatus,
    EngagementStatus,
    IncubationStage,
    NeedStatus,
    RoundStatus,
    TrancheStatus,
)
from yipanqi.socialorgs.models import (
    Application,
    ApplicationEvent,
    Engagement,
    Incubation,
    Need,
    Tranche,
    VentureRound,
)

# The largest amount anyone may enter (10 million yuan): a typo of extra zeros is refused.
MAX_FEN = 10_000_000 * 100


def record_event(
    application: Application,
    *,
    actor: Actor,
    old: str = "",
    new: str = "",
    kind: str,
    note: str = "",
) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        created_at=timezone.now(),  # read at call time (the demo replays its history)
        application=application,
        kind=kind,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        note=note[:1000],
    )


APPLICATION_FLOW = Workflow(
    table=APPLICATION_TRANSITIONS,
    statuses=AppStatus,
    refusal=APPLICATION_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.application",
    event=record_event,
    model=Application,
)
ROUND_FLOW = Workflow(
    table=ROUND_TRANSITIONS,
    statuses=RoundStatus,
    refusal=ROUND_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.round",
    model=VentureRound,
)
TRANCHE_FLOW = Workflow(
    table=TRANCHE_TRANSITIONS,
    statuses=TrancheStatus,
    refusal=TRANCHE_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.tranche",
    model=Tranche,
)
INCUBATION_FLOW = Workflow(
    table=INCUBATION_TRANSITIONS,
    statuses=IncubationStage,
    refusal=INCUBATION_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.incubation",
    model=Incubation,
)
NEED_FLOW = Workflow(
    table=NEED_TRANSITIONS,
    statuses=NeedStatus,
    refusal=NEED_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.need",
    model=Need,
)
ENGAGEMENT_FLOW = Workflow(
    table=ENGAGEMENT_TRANSITIONS,
    statuses=EngagementStatus,
    refusal=ENGAGEMENT_TRANSITION_NOT_ALLOWED,
    audit_prefix="socialorgs.engagement",
    model=Engagement,
)


def fen(value: Any, field: str, *, allow_zero: bool = True) -> int:
    """An amount in fen: a whole number from 0 (or 1) to MAX_FEN."""
    out_of_range = _("The amount is out of range.")
    return inputs.fen(value, field, limit=MAX_FEN, allow_zero=allow_zero, out_of_range=out_of_range)


def positive(value: Any, field: str, limit: int = 1_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
        message = _("Enter a whole number from 1 to %(n)d.") % {"n": limit}
        raise Invalid(message, code="bad_number", fields={field: [message]})
    return value
