"""What the notice actions share: the workflow and its event row, the reply checks."""

from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import Actor, Workflow, user_of
from yipanqi.notices.choices import NOTICE_TRANSITION_NOT_ALLOWED, NOTICE_TRANSITIONS, NoticeStatus
from yipanqi.notices.models import Notice, NoticeEvent


def notice_event(
    notice: Notice, *, actor: Actor, old: str, new: str, kind: str = "", note: str = ""
) -> None:
    NoticeEvent.objects.create(
        notice=notice,
        kind=kind or new,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        note=note[:300],
        scope_path=notice.scope_path,
        district_code=notice.district_code,
    )


NOTICE_FLOW = Workflow(
    table=NOTICE_TRANSITIONS,
    statuses=NoticeStatus,
    refusal=NOTICE_TRANSITION_NOT_ALLOWED,
    audit_prefix="notices.notice",
    event=notice_event,
)


def refuse(message: str, code: str, field: str | None = None) -> Invalid:
    return Invalid(message, code=code, fields={field: [message]} if field else None)


def reason_of(reason: str) -> str:
    if not reason.strip():
        raise refuse(_("Give a reason."), "reason_required", "reason")
    return reason.strip()[:300]
