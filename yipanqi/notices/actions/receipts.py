"""Receipts (回执): opening a notice marks it read once; a reply (an option, a text, "I will
come") is kept on the recipient's one row — the same reply again changes nothing, another one
replaces it until the deadline. A capped call gives places first come, first served under the
notice's lock (the rest are waitlisted; a place given up goes to the first on the waitlist)."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Conflict
from yipanqi.core.workflow import Actor, lock, require_permission, track
from yipanqi.notices import permissions as perms
from yipanqi.notices.actions._common import refuse
from yipanqi.notices.choices import ATTENDANCE_KINDS, NoticeStatus, Place
from yipanqi.notices.models import Notice, NoticeRecipient

COMING = 0  # the first option of a call or meeting: "I will come"
OPEN = (NoticeStatus.SENDING, NoticeStatus.SENT)  # receipts exist and replies are taken


@transaction.atomic
def receipt_open(*, recipient: NoticeRecipient, actor: Actor) -> NoticeRecipient:
    """已读: the first opening is recorded; later ones write nothing."""
    require_permission(actor, perms.is_recipient, recipient)
    if recipient.read_at is not None:
        return recipient
    recipient = lock(recipient)
    if recipient.read_at is None:
        edit = track(recipient, actor=actor)
        edit.set(read_at=timezone.now())
        edit.finish("notices.recipient.read")
    return recipient


def _check_reply(notice: Notice, option: int | None, text: str) -> None:
    # A large notice is still "sending" while the worker writes its later batches: those who
    # already have it in their inbox may answer (W9 found such replies refused).
    if notice.status not in OPEN:
        raise Conflict(_("This notice takes no more replies."), code="notice_closed")
    if notice.deadline is not None and notice.deadline <= timezone.now():
        raise refuse(_("The deadline for replies has passed."), "deadline_passed")
    if not notice.expects_reply:
        raise refuse(_("This notice asks for no reply."), "no_reply_expected")
    if option is None:
        if not (notice.free_reply and text.strip()):
            raise refuse(_("Choose one of the options."), "reply_required", "option")
    elif not 0 <= option < len(notice.options):
        raise refuse(_("This is not one of the options."), "bad_option", "option")
    if text.strip() and not notice.free_reply and not notice.options:
        raise refuse(_("This notice takes no written reply."), "no_free_reply", "text")


def _caps_places(notice: Notice) -> bool:
    return notice.places is not None and notice.kind in ATTENDANCE_KINDS


def _place_for(notice: Notice, recipient: NoticeRecipient, option: int | None) -> str:
    """The place a reply holds (the notice is locked: the count cannot change under us)."""
    if not _caps_places(notice) or option != COMING:
        return Place.NONE
    if recipient.place:
        return recipient.place  # keeps its place (or its turn on the waitlist)
    taken = NoticeRecipient.objects.filter(notice=notice, place=Place.ACCEPTED).count()
    return Place.ACCEPTED if taken < (notice.places or 0) else Place.WAITLISTED


def _promote(notice: Notice, actor: Actor) -> None:
    """A place given up goes to the first one waiting (by when they replied)."""
    first = (
        NoticeRecipient.objects.select_for_update()
        .filter(notice=notice, place=Place.WAITLISTED)
        .order_by("replied_at", "id")
        .first()
    )
    if first is not None:
        edit = track(first, actor=actor)
        edit.set(place=Place.ACCEPTED)
        edit.finish("notices.recipient.promoted")


@transaction.atomic
def reply_submit(
    *, recipient: NoticeRecipient, option: int | None, text: str = "", actor: Actor
) -> NoticeRecipient:
    """回复: once per recipient, editable until the deadline; nothing is saved when refused."""
    require_permission(actor, perms.is_recipient, recipient)
    text = (text or "").strip()[:500]
    notice: Any
    if _caps_places(recipient.notice):
        notice = lock(recipient.notice)  # the notice before the receipt: one lock order
        recipient = lock(recipient)
    else:
        recipient = lock(recipient, "notice")
        notice = recipient.notice
    _check_reply(notice, option, text)
    place = _place_for(notice, recipient, option)
    released = recipient.place == Place.ACCEPTED and place != Place.ACCEPTED
    now = timezone.now()
    edit = track(recipient, actor=actor)
    edit.set(reply_option=option, reply_text=text, place=place)
    if recipient.read_at is None:
        edit.set(read_at=now)
    if edit.changes():
        if recipient.replied_at is None or recipient.place != place:
            edit.set(replied_at=now)  # the first reply (and a new place) keeps its time
        edit.finish("notices.recipient.replied")
    if released:
        _promote(notice, actor)
    return recipient
