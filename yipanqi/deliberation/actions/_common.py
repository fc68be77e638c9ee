"""The workflows of topics, meetings, resolutions and follow-ups (core.workflow), and the shared
audit helper for writes that are not transitions."""

from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Workflow, require, require_permission
from yipanqi.deliberation.choices import (
    FOLLOW_UP_TRANSITIONS,
    MEETING_TRANSITIONS,
    RESOLUTION_TRANSITIONS,
    TOPIC_TRANSITIONS,
    TRANSITION_NOT_ALLOWED,
    FollowUpStatus,
    MeetingStatus,
    ResolutionStatus,
    TopicStatus,
)
from yipanqi.deliberation.models import FollowUp, Meeting, Resolution, Topic

__all__ = ["locked", "record", "require", "require_permission", "stale"]

TOPIC_FLOW = Workflow(
    TOPIC_TRANSITIONS, TopicStatus, TRANSITION_NOT_ALLOWED, "deliberation.topic", model=Topic
)
MEETING_FLOW = Workflow(
    MEETING_TRANSITIONS,
    MeetingStatus,
    TRANSITION_NOT_ALLOWED,
    "deliberation.meeting",
    model=Meeting,
)
RESOLUTION_FLOW = Workflow(
    RESOLUTION_TRANSITIONS,
    ResolutionStatus,
    TRANSITION_NOT_ALLOWED,
    "deliberation.resolution",
    model=Resolution,
)
FOLLOW_UP_FLOW = Workflow(
    FOLLOW_UP_TRANSITIONS,
    FollowUpStatus,
    TRANSITION_NOT_ALLOWED,
    "deliberation.followup",
    model=FollowUp,
)


def record(
    row: Model, actor: Any, action: str, *, changes: dict | None = None, **data: Any
) -> None:
    """Audit a write that is not a transition; a new row's main fields go in `changes` as
    [None, value] (core.workflow.created)."""
    audit.record(
        actor=actor, action=f"deliberation.{action}", target=row, changes=changes, data=data
    )


def locked(model: type[Model], pk: int, *related: str) -> Any:
    # of=("self",): PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
    rows = model._default_manager.select_for_update(of=("self",)).select_related(*related)
    return rows.get(pk=pk)


def stale(row: Any, expected_version: int | None) -> None:
    """Optimistic check for edits made from a page that may be out of date (two tablets)."""
    if expected_version is not None and expected_version != row.version:
        raise Conflict(
            _("Someone else changed this meanwhile; reload and try again."), code="stale"
        )
