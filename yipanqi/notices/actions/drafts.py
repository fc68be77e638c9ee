"""Drafts (草稿): a notice is edited, and files are attached to it or taken off, only while it is
a draft — once sent, what its recipients were asked stays as it was (409 `notice_not_draft`)."""

import datetime
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, lock, require_permission, track, user_of
from yipanqi.notices import attachment_files as files
from yipanqi.notices import audience as audiences
from yipanqi.notices import permissions as perms
from yipanqi.notices.actions._common import check_fields, clean_options
from yipanqi.notices.choices import NoticeStatus
from yipanqi.notices.models import Notice, NoticeAttachment


def _draft_only(notice: Notice) -> None:
    if notice.status != NoticeStatus.DRAFT:
        raise Conflict(_("Only a draft can be changed; this notice has been sent."),
                       code="notice_not_draft")  # fmt: skip


@transaction.atomic
def notice_update(
    *,
    notice: Notice,
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
    """改稿: every field of a draft at once (the form's and the API's shape); nothing is saved
    when one of them is refused."""
    notice = lock(notice, "area")
    require_permission(actor, perms.can_manage, notice)
    _draft_only(notice)
    check_fields(title, body, kind, places, deadline)
    chosen = audiences.clean(audience, notice.area)
    edit = track(notice, actor=actor)
    edit.set(
        title=title.strip()[:150], body=body.strip()[:4000], kind=kind,
        options=clean_options(kind, options, free_reply), free_reply=free_reply, places=places,
        deadline=deadline.astimezone(datetime.UTC) if deadline else None, audience=chosen,
        audience_label=audiences.describe(chosen),
    )  # fmt: skip
    if edit.changes():
        edit.set(version=notice.version + 1)
        edit.finish("notices.notice.updated")
    return notice


@transaction.atomic
def attachment_add(*, notice: Notice, upload: Any, actor: Actor) -> NoticeAttachment:
    """附件: a photo or PDF on a draft (at most five); the file is checked before it is stored."""
    notice = lock(notice)
    require_permission(actor, perms.can_manage, notice)
    _draft_only(notice)
    if NoticeAttachment.objects.filter(notice=notice).count() >= files.MAX_PER_NOTICE:
        message = _("A notice takes at most %(n)d attachments.") % {"n": files.MAX_PER_NOTICE}
        raise Invalid(message, code="too_many_files", fields={"file": [message]})
    content_type = files.check(upload)
    relative, path = files.store(upload)
    try:
        row = NoticeAttachment.objects.create(
            notice=notice, name=files.shown_name(upload, content_type), stored_path=relative,
            content_type=content_type, size=path.stat().st_size, uploaded_by=user_of(actor),
        )  # fmt: skip
        audit.record(
            actor=actor, action="notices.notice.attachment_added", target=notice,
            changes={"attachments": [None, row.name]},
            data={"attachment": row.pk, "type": content_type, "size": row.size},
        )  # fmt: skip
    except Exception:
        path.unlink(missing_ok=True)
        raise
    return row


@transaction.atomic
def attachment_remove(*, attachment: NoticeAttachment, actor: Actor) -> Notice:
    """An attachment taken off a draft; its file is removed once that is committed."""
    notice = lock(attachment.notice)
    require_permission(actor, perms.can_manage, notice)
    _draft_only(notice)
    stored, name, pk = attachment.stored_path, attachment.name, attachment.pk
    attachment.delete()
    audit.record(
        actor=actor, action="notices.notice.attachment_removed", target=notice,
        changes={"attachments": [name, None]}, data={"attachment": pk},
    )  # fmt: skip
    transaction.on_commit(lambda: files.remove(stored))
    return notice
