"""Notices (通知): draft → sending → sent → closed, or withdrawn. Sending resolves the audience
to recipients and writes one receipt row each in batched INSERTs (with the inbox rows of those
who have an account): at once for a small audience, by the background worker for a large one,
whose progress is the count of rows written so far."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yipanqi.accounts.models import User
from yipanqi.core import audit, exports
from yipanqi.core.actions import notifications_send_bulk
from yipanqi.core.actors import system
from yipanqi.core.pii import mask_name
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.notices import audience as audiences
from yipanqi.notices import permissions as perms
from yipanqi.notices import policies
from yipanqi.notices.actions._common import (
    NOTICE_FLOW,
    check_fields,
    clean_options,
    reason_of,
    refuse,
)
from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.models import Notice, NoticeRecipient
from yipanqi.organisations.models import Area

BATCH = 1000


@transaction.atomic
def notice_create(
    *,
    area: Area,
    title: str,
    body: str,
    kind: str,
    audience: dict[str, Any],
    actor: Actor,
    options: Sequence[str] = (),
    free_reply: bool = False,
    places: int | None = None,
    deadline: datetime.datetime | None = None,
) -> Notice:
    """起草: a notice of an area the actor administers, to a valid audience under that area."""
    require_permission(actor, perms.can_send_for, area)
    check_fields(title, body, kind, places, deadline)
    chosen = audiences.clean(audience, area)
    notice = Notice(
        area=area,
        title=title.strip()[:150],
        body=body.strip()[:4000],
        kind=kind,
        options=clean_options(kind, options, free_reply),
        free_reply=free_reply,
        places=places,
        deadline=deadline.astimezone(datetime.UTC) if deadline else None,
        audience=chosen,
        audience_label=audiences.describe(chosen),
        created_by=user_of(actor),
    )
    notice.place_in(area)
    notice.save()
    audit.record(
        actor=actor,
        action="notices.notice.created",
        target=notice,
        changes=created(notice, "title", "kind", "area", "audience", "places", "deadline"),
    )
    return notice


@transaction.atomic
def notice_send(*, notice: Notice, actor: Actor) -> Notice:
    """发送: resolve the audience now; an empty one is refused and nothing changes."""
    notice = lock(notice, "area")
    require_permission(actor, perms.can_manage, notice)
    if notice.deadline is not None and notice.deadline <= timezone.now():
        raise refuse(_("The deadline has passed; set a new one."), "deadline_passed")
    targets = audiences.resolve(notice.audience, notice.area)
    if notice.status == NoticeStatus.DRAFT and not targets:
        raise refuse(_("Nobody is in this audience."), "empty_audience", "audience")
    step = NOTICE_FLOW.begin(notice, actor=actor)
    step.move(NoticeStatus.SENDING)
    step.set(recipients_total=len(targets), sent_at=timezone.now())
    step.finish("sending")
    if len(targets) <= int(policies.INLINE_LIMIT.value(notice.district_code)):
        _write(notice, targets)
        _sent(notice, actor)
    else:
        from yipanqi.notices.tasks import deliver_notice  # tasks import the actions

        transaction.on_commit(lambda: deliver_notice.enqueue(notice_id=notice.pk))
    return notice


def notice_deliver(*, notice: Notice, actor: Actor) -> Notice:
    """The worker's delivery of a large notice: batches of receipt rows, each committed on its
    own (the page shows the progress), then the notice is sent. Safe to run again."""
    if notice.status != NoticeStatus.SENDING:
        return notice
    targets = audiences.resolve(notice.audience, notice.area)
    for start in range(0, len(targets), BATCH):
        with transaction.atomic():
            _write(notice, targets[start : start + BATCH])
    with transaction.atomic():
        notice = lock(notice)
        if notice.status == NoticeStatus.SENDING:
            _sent(notice, actor)
    return notice


def _sent(notice: Notice, actor: Actor) -> None:
    total = NoticeRecipient.objects.filter(notice=notice).count()
    step = NOTICE_FLOW.begin(notice, actor=actor)
    step.move(NoticeStatus.SENT)
    step.set(recipients_total=total)
    step.finish("sent", recipients=total)


def _write(notice: Notice, targets: Sequence[audiences.Target]) -> None:
    """One batch: the receipt rows (a second delivery of the same person is skipped by the
    unique constraints), then the inbox rows of those with an account."""
    rows = [
        NoticeRecipient(
            notice=notice, person_id=t.person_id, user_id=t.user_id, name=t.name[:50],
            area_id=t.area_id, branch_id=t.branch_id, scope_path=t.scope_path,
            district_code=t.district_code,
        )
        for t in targets
    ]  # fmt: skip
    NoticeRecipient.objects.bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
    user_ids = [t.user_id for t in targets if t.user_id]
    if not user_ids:
        return
    receipts = dict(
        NoticeRecipient.objects.filter(notice=notice, user_id__in=user_ids).values_list(
            "user_id", "pk"
        )
    )
    users = User.objects.filter(pk__in=list(receipts)).only("pk", "username")
    notifications_send_bulk(
        [(u, reverse("notices:inbox_detail", args=[receipts[u.pk]]),
          f"notices.recipient:{receipts[u.pk]}") for u in users],
        title=notice.title,
        body=notice.body[:200],
    )  # fmt: skip


@transaction.atomic
def notice_close(*, notice: Notice, actor: Actor) -> Notice:
    """截止: no more replies (the periodic job closes a notice at its deadline)."""
    notice = lock(notice)
    require_permission(actor, perms.can_manage, notice)
    step = NOTICE_FLOW.begin(notice, actor=actor)
    step.move(NoticeStatus.CLOSED)
    step.set(closed_at=timezone.now())
    step.finish("closed")
    return notice


@transaction.atomic
def notice_cancel(*, notice: Notice, reason: str, actor: Actor) -> Notice:
    """撤回: a draft dropped, or a sent notice withdrawn (its receipts are kept), with a reason."""
    notice = lock(notice)
    require_permission(actor, perms.can_manage, notice)
    reason = reason_of(reason)
    step = NOTICE_FLOW.begin(notice, actor=actor)
    step.move(NoticeStatus.CANCELLED, note=reason)
    step.set(reason=reason, closed_at=timezone.now())
    step.finish("cancelled")
    return notice


EXPORT_HEADERS = (
    pgettext_lazy("notices", "Name"), pgettext_lazy("notices", "Area"), gettext_lazy("Party organisation"), gettext_lazy("Read at"),
    gettext_lazy("Replied at"), gettext_lazy("Reply"), gettext_lazy("Reply text"), pgettext_lazy("notices", "Place"),
)  # fmt: skip


def _when(value: datetime.datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


@transaction.atomic
def notice_export(*, notice: Notice, actor: Actor) -> bytes:
    """The receipts the actor's scope reaches, as XLSX (names masked), audited as an export."""
    from yipanqi.notices.selectors import receipt_rows  # selectors import the actions' modules

    require_permission(actor, perms.can_manage, notice)
    rows = list(receipt_rows(user=actor, notice=notice))
    options = notice.options
    cells = (
        [
            mask_name(r.name), r.area.name, r.branch.name if r.branch else "",
            _when(r.read_at), _when(r.replied_at),
            options[r.reply_option] if r.reply_option is not None and r.reply_option < len(options) else "",
            r.reply_text, str(r.get_place_display()) if r.place else "",
        ]
        for r in rows
    )  # fmt: skip
    content = exports.xlsx_bytes([str(h) for h in EXPORT_HEADERS], cells, sheet=_("Receipts"))
    audit.record(
        actor=actor, action="notices.notice.exported", target=notice, data={"rows": len(rows)}
    )
    return content


def deliver_by_worker(notice_id: int) -> str:
    """What the background task runs (ids only in the task's arguments)."""
    notice = Notice.objects.select_related("area").get(pk=notice_id)
    return notice_deliver(notice=notice, actor=system("notices.delivery")).status
