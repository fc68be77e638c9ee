"""The notices app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

from functools import partial
from typing import Any

from yipanqi.core.actors import system
from yipanqi.notices import actions as notices
from yipanqi.notices.tests.factories import build_notice_world, later

TEST = system("test")


def _world(w: Any) -> Any:
    if not hasattr(w, "_notices"):
        from yipanqi.people.tests.factories import build_people

        w._notices = build_notice_world(build_people(w.d))
    return w._notices


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _create(w: Any) -> Any:
    _world(w)
    a1 = w.d.communities[0]
    run = partial(
        notices.notice_create, area=a1, title="议事会通知", body="周五晚七点", kind="meeting",
        audience={"kind": "area", "ids": [a1.pk]}, deadline=later(), actor=w.p["community_admin_a1"],
    )  # fmt: skip
    return _step("notices.notice.created", run)


def _send(w: Any) -> Any:
    from yipanqi.core.actions import policy_set

    draft = _world(w).notices["a1_draft"]
    # delivered by the worker: the step audited here is the move to "sending" alone
    policy_set(key="notices.inline_delivery_limit", district_code=draft.district_code, value=0,
               actor=TEST)  # fmt: skip
    run = partial(notices.notice_send, notice=draft, actor=w.p["community_admin_a1"])
    return _step("notices.notice.sending", run, draft)


def _close(w: Any) -> Any:
    sent = _world(w).notices["a1_call"]
    run = partial(notices.notice_close, notice=sent, actor=w.p["community_admin_a1"])
    return _step("notices.notice.closed", run, sent)


def _cancel(w: Any) -> Any:
    sent = _world(w).notices["a1_call"]
    run = partial(
        notices.notice_cancel, notice=sent, reason="改期", actor=w.p["community_admin_a1"]
    )
    return _step("notices.notice.cancelled", run, sent)


def _open(w: Any) -> Any:
    receipt = _world(w).receipt("a1_call", "member_x0")
    run = partial(notices.receipt_open, recipient=receipt, actor=w.p["member_x0"])
    return _step("notices.recipient.read", run, receipt)


def _reply(w: Any) -> Any:
    receipt = _world(w).receipt("a1_call", "member_x0")
    run = partial(notices.reply_submit, recipient=receipt, option=0, actor=w.p["member_x0"])
    return _step("notices.recipient.replied", run, receipt)


def _update(w: Any) -> Any:
    draft = _world(w).notices["a1_draft"]
    a1 = w.d.communities[0]
    run = partial(
        notices.notice_update, notice=draft, title="改过的草稿", body="改过的内容",
        kind="volunteers", places=3, audience={"kind": "area", "ids": [a1.pk]}, deadline=later(5),
        actor=w.p["community_admin_a1"],
    )  # fmt: skip
    return _step("notices.notice.updated", run, draft)


def _pdf(name: str) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")


def _attach(w: Any) -> Any:
    draft = _world(w).notices["a1_draft"]
    run = partial(notices.attachment_add, notice=draft, upload=_pdf("方案.pdf"),
                  actor=w.p["community_admin_a1"])  # fmt: skip
    return _step("notices.notice.attachment_added", run, draft, also=("attachments",))


def _detach(w: Any) -> Any:
    draft = _world(w).notices["a1_draft"]
    row = notices.attachment_add(notice=draft, upload=_pdf("旧方案.pdf"), actor=TEST)
    run = partial(notices.attachment_remove, attachment=row, actor=w.p["community_admin_a1"])
    return _step("notices.notice.attachment_removed", run, draft, also=("attachments",))


CASES = [
    (notices.notice_update, _update),
    (notices.attachment_add, _attach),
    (notices.attachment_remove, _detach),
    (notices.notice_create, _create),
    (notices.notice_send, _send),
    (notices.notice_close, _close),
    (notices.notice_cancel, _cancel),
    (notices.receipt_open, _open),
    (notices.reply_submit, _reply),
]
NOT_WALKED = {
    # The worker's delivery: the `sent` step audits the status through the workflow like
    # notice_send's (test_actions walks it); deliver_by_worker only loads the row for the task.
    "notices.notice_deliver",
    "notices.deliver_by_worker",
    # An export changes no row: its event names the notice and the rows exported (test_actions).
    "notices.notice_export",
    # Periodic jobs: reminders write one event per notice with the stage and the count (no field
    # of the notice changes; test_reminders checks them); closing goes through notice_close.
    "notices.reminders_send_due",
    "notices.notices_close_ended",
    # Inbox rows are not audited, like core.notification_send (the action that asks audits).
    "core.notifications_send_bulk",
}
