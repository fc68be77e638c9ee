"""The notice actions: drafting and sending (bad input refused, nothing half-saved), receipts
and replies (once per person, editable until the deadline, capped places), the transition table."""

import datetime
from functools import partial

import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.core.transition_guard import walk_to
from yipanqi.notices import actions
from yipanqi.notices.choices import NOTICE_TRANSITIONS, NoticeStatus, Place
from yipanqi.notices.models import Notice, NoticeRecipient
from yipanqi.notices.tests.factories import TEST, later, notice

pytestmark = pytest.mark.django_db


def _codes(call) -> str:
    with pytest.raises((Invalid, Conflict, Forbidden)) as caught:
        call()
    return caught.value.code


@pytest.mark.parametrize(
    ("audience", "code"),
    [
        ({}, "empty_audience"),
        ({"kind": "area", "ids": []}, "empty_audience"),
        ({"kind": "nobody", "ids": [1]}, "empty_audience"),
        ({"kind": "role", "ids": ["system_admin"]}, "bad_audience"),
        ({"kind": "tag", "ids": ["no_such_tag"]}, "bad_audience"),
        ({"kind": "area", "ids": ["x"]}, "bad_audience"),
    ],
)
def test_a_bad_audience_is_refused_and_nothing_saved(world, audience, code):
    before = Notice.objects.count()
    a1 = world.district.communities[0]
    assert _codes(lambda: notice(world, a1, audience)) == code
    assert Notice.objects.count() == before


def test_an_audience_outside_the_sending_area_is_refused(world):
    a1, _a2, b1, _b2 = world.district.communities
    assert _codes(lambda: notice(world, a1, {"kind": "area", "ids": [b1.pk]})) == "bad_audience"


def test_bad_fields_are_refused(world):
    a1 = world.district.communities[0]
    audience = {"kind": "area", "ids": [a1.pk]}
    past = timezone.now() - datetime.timedelta(hours=1)
    assert _codes(lambda: notice(world, a1, audience, deadline=past)) == "deadline_passed"
    assert _codes(lambda: notice(world, a1, audience, title=" ")) == "title_required"
    assert _codes(lambda: notice(world, a1, audience, places=3)) == "bad_places"  # information
    assert _codes(lambda: notice(world, a1, audience, kind="survey")) == "survey_needs_options"


def test_only_administrators_of_the_area_send_for_it(world):
    a1, _a2, b1, _b2 = world.district.communities
    p = world.personas
    for persona in ("community_admin_b1", "party_member_a1", "grid_worker_a1", "auditor_a"):
        call = partial(
            actions.notice_create, area=a1, title="t", body="b", kind="information",
            audience={"kind": "area", "ids": [a1.pk]}, actor=p[persona],
        )  # fmt: skip
        assert _codes(call) == "permission_denied", persona
    made = actions.notice_create(
        area=a1, title="t", body="b", kind="information",
        audience={"kind": "area", "ids": [a1.pk]}, actor=p["community_admin_a1"],
    )  # fmt: skip
    assert made.scope_path == a1.scope_path


def test_an_empty_audience_at_send_time_is_refused_and_the_draft_kept(world):
    b2 = world.district.communities[3]  # nobody lives in B2
    draft = notice(world, b2, {"kind": "area", "ids": [b2.pk]})
    assert _codes(lambda: actions.notice_send(notice=draft, actor=TEST)) == "empty_audience"
    draft.refresh_from_db()
    assert draft.status == NoticeStatus.DRAFT
    assert not NoticeRecipient.objects.filter(notice=draft).exists()


def test_sending_keeps_who_was_asked_and_fills_their_inbox(world):
    call = world.notices["a1_call"]
    assert call.status == NoticeStatus.SENT and call.recipients_total == 6
    users = set(
        NoticeRecipient.objects.filter(notice=call).values_list("user__username", flat=True)
    )
    assert users == {"member_x0", "party_member_a1", "member_x2", "member_x3", "resident_a1", None}
    inbox = Notification.objects.filter(topic__startswith="notices.recipient:")
    assert inbox.filter(user=world.personas["resident_a1"]).count() == 1
    # the person moves later: the receipt keeps where they were when asked
    receipt = world.receipt("a1_call", "resident_a1")
    assert receipt.scope_path == world.district.grids[1].scope_path


def test_a_large_audience_goes_to_the_worker_with_progress(
    world, settings, django_capture_on_commit_callbacks
):
    from yipanqi.core.actions import policy_set
    from yipanqi.notices.actions.notices import deliver_by_worker

    a1 = world.district.communities[0]
    policy_set(key="notices.inline_delivery_limit", district_code=a1.district_code, value=2,
               actor=TEST)  # fmt: skip
    big = notice(world, a1, {"kind": "area", "ids": [a1.pk]})
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.notice_send(notice=big, actor=TEST)
    big.refresh_from_db()
    assert big.status == NoticeStatus.SENDING and big.recipients_total == 6
    assert not NoticeRecipient.objects.filter(notice=big).exists()
    assert len(callbacks) == 1  # the task is enqueued after commit
    assert deliver_by_worker(big.pk) == NoticeStatus.SENT
    assert deliver_by_worker(big.pk) == NoticeStatus.SENT  # again: nothing doubles
    assert NoticeRecipient.objects.filter(notice=big).count() == 6


def test_opening_marks_read_once(world):
    receipt = world.receipt("a1_call", "member_x0")
    user = world.personas["member_x0"]
    actions.receipt_open(recipient=receipt, actor=user)
    first = NoticeRecipient.objects.get(pk=receipt.pk).read_at
    actions.receipt_open(recipient=world.receipt("a1_call", "member_x0"), actor=user)
    assert NoticeRecipient.objects.get(pk=receipt.pk).read_at == first
    assert AuditEvent.objects.filter(action="notices.recipient.read").count() == 1
    other = world.personas["member_x2"]
    assert (
        _codes(lambda: actions.receipt_open(recipient=receipt, actor=other)) == "permission_denied"
    )


def test_a_reply_is_kept_once_and_editable(world):
    user = world.personas["party_member_a1"]
    receipt = world.receipt("town_info", "party_member_a1")
    assert _codes(lambda: actions.reply_submit(recipient=receipt, option=0, actor=user)) == (
        "no_reply_expected"
    )
    survey = world.notices["b1_survey"]
    receipts = NoticeRecipient.objects.filter(notice=survey)
    assert receipts.count() == 2
    call = world.receipt("a1_call", "member_x0")
    actor = world.personas["member_x0"]
    for _ in range(3):
        actions.reply_submit(recipient=world.receipt("a1_call", "member_x0"), option=1, actor=actor)
    assert AuditEvent.objects.filter(action="notices.recipient.replied").count() == 1
    actions.reply_submit(recipient=world.receipt("a1_call", "member_x0"), option=0, actor=actor)
    call.refresh_from_db()
    assert call.reply_option == 0 and call.place == Place.ACCEPTED and call.read_at is not None
    assert NoticeRecipient.objects.filter(notice=call.notice, user=actor).count() == 1


def test_bad_replies_are_refused_and_nothing_saved(world, at):
    actor = world.personas["member_x2"]
    receipt = world.receipt("a1_call", "member_x2")
    reply = lambda **kw: actions.reply_submit(recipient=world.receipt("a1_call", "member_x2"),  # noqa: E731
                                              actor=actor, **kw)  # fmt: skip
    assert _codes(lambda: reply(option=7)) == "bad_option"
    assert _codes(lambda: reply(option=None)) == "reply_required"
    at(world.notices["a1_call"].deadline + datetime.timedelta(minutes=1))
    assert _codes(lambda: reply(option=0)) == "deadline_passed"
    receipt.refresh_from_db()
    assert receipt.replied_at is None and receipt.reply_option is None and receipt.read_at is None


def test_no_reply_after_the_notice_is_closed(world):
    actions.notice_close(
        notice=world.notices["a1_call"], actor=world.personas["community_admin_a1"]
    )
    actor = world.personas["member_x2"]
    receipt = world.receipt("a1_call", "member_x2")
    assert _codes(lambda: actions.reply_submit(recipient=receipt, option=0, actor=actor)) == (
        "notice_closed"
    )


def test_places_go_first_come_and_a_freed_place_to_the_first_waiting(world):
    order = ["member_x0", "member_x2", "member_x3", "resident_a1"]
    for name in order:
        actions.reply_submit(recipient=world.receipt("a1_call", name), option=0,
                             actor=world.personas[name])  # fmt: skip
    places = {n: world.receipt("a1_call", n).place for n in order}
    assert places == {"member_x0": "accepted", "member_x2": "accepted",
                      "member_x3": "waitlisted", "resident_a1": "waitlisted"}  # fmt: skip
    actions.reply_submit(recipient=world.receipt("a1_call", "member_x0"), option=1,
                         actor=world.personas["member_x0"])  # fmt: skip
    places = {n: world.receipt("a1_call", n).place for n in order}
    assert places == {"member_x0": "", "member_x2": "accepted",
                      "member_x3": "accepted", "resident_a1": "waitlisted"}  # fmt: skip
    accepted = NoticeRecipient.objects.filter(notice=world.notices["a1_call"], place="accepted")
    assert accepted.count() == 2


TABLE = [(old, new) for old in NoticeStatus.values for new in NoticeStatus.values]


def _at(notice_row: Notice, status: str) -> Notice:
    walk_to(Notice, notice_row.pk, status, deadline=later())
    notice_row.refresh_from_db()
    return notice_row


@pytest.mark.parametrize(("old", "new"), TABLE)
def test_the_transition_table_is_walked(world, old, new):
    steps = {
        NoticeStatus.SENDING: lambda n: actions.notice_send(notice=n, actor=TEST),
        NoticeStatus.CLOSED: lambda n: actions.notice_close(notice=n, actor=TEST),
        NoticeStatus.CANCELLED: lambda n: actions.notice_cancel(
            notice=n, reason="改期", actor=TEST
        ),
    }
    if new not in steps:
        return  # SENT follows SENDING inside the send; DRAFT is only the start
    row = _at(world.notices["a1_draft"], old)
    if new in NOTICE_TRANSITIONS[old]:
        steps[new](row)
        row.refresh_from_db()
        assert row.status in {new, NoticeStatus.SENT}  # a small audience is sent at once
    else:
        with pytest.raises(Conflict) as caught:
            steps[new](row)
        assert caught.value.code == "illegal_transition"


def test_withdrawing_needs_a_reason(world):
    sent = world.notices["a1_call"]
    assert _codes(lambda: actions.notice_cancel(notice=sent, reason=" ", actor=TEST)) == (
        "reason_required"
    )


def test_the_export_is_masked_and_audited(world):
    from io import BytesIO

    from openpyxl import load_workbook

    admin = world.personas["community_admin_a1"]
    content = actions.notice_export(notice=world.notices["a1_call"], actor=admin)
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 7
    assert all("*" in str(r[0]) for r in rows[1:])
    assert AuditEvent.objects.filter(action="notices.notice.exported").count() == 1
    outsider = world.personas["community_admin_b1"]
    assert _codes(
        lambda: actions.notice_export(notice=world.notices["a1_call"], actor=outsider)
    ) == ("permission_denied")
