"""The party-life app's cases for core/tests/test_audit_changes.py (each action records
before/after of every field it changed). Each case takes that test's `World` and returns its
`Step`."""

import datetime
from functools import partial
from typing import Any

from yipanqi.core.actors import system
from yipanqi.partylife import actions as partylife
from yipanqi.partylife.tests.factories import PartyWorld, build_party_world

TEST = system("test")


def _world(w: Any) -> PartyWorld:
    if not hasattr(w, "_party"):
        w._party = build_party_world(w.d)
    return w._party


def _step(code: str, run: Any, row: Any = None, **kwargs: Any) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, **kwargs)


def _appoint(w: Any) -> Any:
    world = _world(w)
    run = partial(partylife.officer_appoint, branch=world.branches["a2"],
                  user=world.personas["secretary_a1"], duty="secretary", actor=TEST)  # fmt: skip
    return _step("partylife.officer.appointed", run)


def _plan(w: Any) -> Any:
    world = _world(w)
    run = partial(partylife.meeting_plan, branch=world.branches["a1"], kind="themed_day",
                  held_on=datetime.date(2021, 5, 6), topic="五月主题党日", actor=TEST)  # fmt: skip
    return _step("partylife.meeting.planned", run)


def _mark(w: Any) -> Any:
    world = _world(w)
    meeting = world.meetings["a1_planned"]
    run = partial(partylife.meeting_mark, meeting=meeting, member=world.members["a2"],
                  status="excused", reason="出差", actor=world.personas["secretary_a1"])  # fmt: skip
    return _step("partylife.attendance.recorded", run)


def _sign_in(w: Any) -> Any:
    world = _world(w)
    meeting = world.meetings["a1_planned"]
    run = partial(partylife.meeting_sign_in, meeting=meeting, member=world.members["self"],
                  code=meeting.sign_in_code, actor=world.personas["party_member_a1"])  # fmt: skip
    return _step("partylife.attendance.recorded", run)


def _update(w: Any) -> Any:
    meeting = _world(w).meetings["a1_planned"]
    run = partial(partylife.meeting_update, meeting=meeting, place="党群服务中心", actor=TEST)
    return _step("partylife.meeting.updated", run, meeting)


def _record(w: Any) -> Any:
    meeting = _world(w).meetings["a1_planned"]
    run = partial(partylife.meeting_record, meeting=meeting, minutes="讲党课", actor=TEST)
    return _step("partylife.meeting.recorded", run, meeting)


def _confirm(w: Any) -> Any:
    meeting = _world(w).meetings["b1_recorded"]
    run = partial(partylife.meeting_confirm, meeting=meeting, actor=w.p["community_admin_b1"])
    return _step("partylife.meeting.confirmed", run, meeting)


def _cancel(w: Any) -> Any:
    meeting = _world(w).meetings["a1_planned"]
    return _step(
        "partylife.meeting.cancelled",
        partial(partylife.meeting_cancel, meeting=meeting, actor=TEST),
        meeting,
    )


def _amend(w: Any) -> Any:
    meeting = _world(w).meetings["a1_confirmed"]
    run = partial(partylife.meeting_amend, meeting=meeting, field="topic", value="三月主题党日（更正）",
                  reason="名称有误", actor=TEST)  # fmt: skip
    return _step("partylife.meeting.amended", run, meeting)


def _base_set(w: Any) -> Any:
    world = _world(w)
    run = partial(partylife.dues_base_set, member=world.members["a2"], year=2021,
                  category="income", base_yuan="6000", actor=world.personas["dues_officer_a1"])  # fmt: skip
    return _step("partylife.dues_base.set", run)


def _pay(w: Any) -> Any:
    world = _world(w)
    run = partial(partylife.dues_pay, member=world.members["self"], month=datetime.date(2021, 2, 1),
                  actor=world.personas["party_member_a1"])  # fmt: skip
    return _step("partylife.dues.paid", run)


def _request(w: Any) -> Any:
    world = _world(w)
    run = partial(partylife.transfer_request, member=world.members["self"],
                  to_org=world.branches["a2"], reason="搬家", actor=world.personas["party_member_a1"])  # fmt: skip
    return _step("partylife.transfer.requested", run)


def _approve(w: Any) -> Any:
    transfer = _world(w).transfers["a1"]
    run = partial(partylife.transfer_approve, transfer=transfer, actor=TEST)
    return _step("partylife.transfer.approved", run, transfer)


def _approved(w: Any) -> Any:
    transfer = _world(w).transfers["a1"]
    partylife.transfer_approve(transfer=transfer, actor=TEST)
    transfer.refresh_from_db()
    return transfer


def _accept(w: Any) -> Any:
    transfer = _approved(w)
    run = partial(
        partylife.transfer_accept, transfer=transfer, actor=w._party.personas["secretary_b1"]
    )
    return _step("partylife.transfer.accepted", run, transfer)


def _reject(w: Any) -> Any:
    transfer = _world(w).transfers["b1"]
    run = partial(partylife.transfer_reject, transfer=transfer, note="材料不全", actor=TEST)
    return _step("partylife.transfer.rejected", run, transfer)


def _withdraw(w: Any) -> Any:
    transfer = _world(w).transfers["b1"]
    run = partial(partylife.transfer_withdraw, transfer=transfer, note="不转了", actor=TEST)
    return _step("partylife.transfer.withdrawn", run, transfer)


def _escalate(w: Any) -> Any:
    transfer = _approved(w)
    later = transfer.due_on + datetime.timedelta(days=1)
    return _step(
        "partylife.transfer.escalated", partial(partylife.transfers_escalate, today=later), transfer
    )


CASES = [
    (partylife.officer_appoint, _appoint),
    (partylife.meeting_plan, _plan),
    (partylife.meeting_mark, _mark),
    (partylife.meeting_sign_in, _sign_in),
    (partylife.meeting_update, _update),
    (partylife.meeting_record, _record),
    (partylife.meeting_confirm, _confirm),
    (partylife.meeting_cancel, _cancel),
    (partylife.meeting_amend, _amend),
    (partylife.dues_base_set, _base_set),
    (partylife.dues_pay, _pay),
    (partylife.transfer_request, _request),
    (partylife.transfer_approve, _approve),
    (partylife.transfer_accept, _accept),
    (partylife.transfer_reject, _reject),
    (partylife.transfer_withdraw, _withdraw),
    (partylife.transfers_escalate, _escalate),
]
NOT_WALKED = {
    # A photo is recorded on its meeting as "photo": [None, id], like venues' photos (a related
    # row, not a field of the meeting); test_views checks the event.
    "partylife.meeting_photo_add",
    # Books through venues.booking_request (walked by venues) and records the booking and place
    # on the meeting through track(); test_actions checks its event.
    "partylife.meeting_book_venue",
    # An export changes no row (its event carries the year and row count); reminders are inbox
    # messages, not audited (like core.notification_send).
    "partylife.dues_export_recorded",
    "partylife.meetings_remind",
    # Not actions: the base's conversion to fen and its reading for the member and dues officer.
    "partylife.base_fen_of",
    # Shows the bases in clear to the dues officer: an event with the purpose, no row changed
    # (test_views checks it).
    "partylife.dues_bases_reveal",
}
