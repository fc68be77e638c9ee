"""What the notice actions share: the workflow and its event row, the reply checks."""

from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Workflow, event_writer
from yipanqi.notices.choices import (
    ATTENDANCE_KINDS,
    NOTICE_TRANSITION_NOT_ALLOWED,
    NOTICE_TRANSITIONS,
    NoticeKind,
    NoticeStatus,
)
from yipanqi.notices.models import Notice, NoticeEvent

notice_event = event_writer(NoticeEvent, "notice")
NOTICE_FLOW = Workflow(
    table=NOTICE_TRANSITIONS,
    statuses=NoticeStatus,
    refusal=NOTICE_TRANSITION_NOT_ALLOWED,
    audit_prefix="notices.notice",
    event=notice_event,
    model=Notice,
)


def refuse(message: str, code: str, field: str | None = None) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]} if field else None)


def reason_of(reason: str) -> str:
    if not reason.strip():
        raise refuse(_("Give a reason."), "reason_required", "reason")
    return reason.strip()[:300]


MAX_OPTIONS = 10


def clean_options(kind: str, options: Sequence[str], free_reply: bool) -> list[str]:
    cleaned = [o.strip()[:60] for o in options if o and o.strip()]
    if len(cleaned) > MAX_OPTIONS or len(set(cleaned)) != len(cleaned):
        raise refuse(_("Give at most 10 different options."), "bad_options", "options")
    if kind in ATTENDANCE_KINDS and not cleaned:
        cleaned = [_("I will come"), _("I cannot come")]
    if kind == NoticeKind.SURVEY and not cleaned and not free_reply:
        raise refuse(
            _("A survey needs options or a free reply."), "survey_needs_options", "options"
        )
    return cleaned


def check_fields(title: str, body: str, kind: str, places: int | None, deadline: Any) -> None:
    if not title.strip():
        raise refuse(_("Give the notice a title."), "title_required", "title")
    if not body.strip():
        raise refuse(_("Write what the notice says."), "body_required", "body")
    if kind not in NoticeKind.values:
        raise refuse(_("Choose a kind."), "bad_kind", "kind")
    if places is not None and (kind not in ATTENDANCE_KINDS or places < 1):
        message = _("Places can be capped only for a call or a meeting, at one or more.")
        raise refuse(message, "bad_places", "places")
    if deadline is not None and deadline <= timezone.now():
        raise refuse(_("The deadline must be in the future."), "deadline_passed", "deadline")
