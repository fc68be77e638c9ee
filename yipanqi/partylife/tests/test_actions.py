"""Party-life actions: meetings (sign-in, marks, record, confirm, lock, amendments), dues
(bases, payments, idempotency, bad input), transfers (request, approve, accept, reject) — with
their audit events and nothing half-saved on refusal."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.partylife import actions
from yipanqi.partylife.choices import AttendanceStatus, MeetingStatus, TransferStatus
from yipanqi.partylife.models import Amendment, Attendance, DuesPayment, Transfer
from yipanqi.partylife.tests.factories import SYS, plan
from yipanqi.people.choices import MemberStatus

pytestmark = pytest.mark.django_db


def test_a_member_signs_in_by_code_once(world):
    meeting = plan(world, "a1")
    me, member = world.personas["party_member_a1"], world.members["self"]
    with pytest.raises(Invalid) as bad:
        actions.meeting_sign_in(meeting=meeting, member=member, code="000000x", actor=me)
    assert bad.value.code == "bad_code"
    row = actions.meeting_sign_in(
        meeting=meeting, member=member, code=meeting.sign_in_code, actor=me
    )
    again = actions.meeting_sign_in(
        meeting=meeting, member=member, code=meeting.sign_in_code, actor=me
    )
    assert row.pk == again.pk and row.status == AttendanceStatus.PRESENT and row.method == "qr"
    assert (
        AuditEvent.objects.filter(
            action="partylife.attendance.recorded", target_id=str(row.pk)
        ).count()
        == 1
    )


def test_nobody_signs_in_someone_else(world):
    meeting = plan(world, "a1")
    with pytest.raises(Forbidden):
        actions.meeting_sign_in(
            meeting=meeting, member=world.members["a2"], code=meeting.sign_in_code,
            actor=world.personas["party_member_a1"],
        )  # fmt: skip


def test_attendance_of_a_non_member_is_refused(world):
    meeting = plan(world, "a1")
    with pytest.raises(Invalid) as refused:
        actions.meeting_mark(
            meeting=meeting, member=world.members["b1"], status="present",
            actor=world.personas["secretary_a1"],
        )  # fmt: skip
    assert refused.value.code == "not_a_member"
    assert not Attendance.objects.filter(meeting=meeting).exists()


def test_leave_needs_a_reason(world):
    meeting = plan(world, "a1")
    secretary = world.personas["secretary_a1"]
    with pytest.raises(Invalid) as refused:
        actions.meeting_mark(
            meeting=meeting, member=world.members["a2"], status="excused", actor=secretary
        )
    assert refused.value.code == "reason_required"
    row = actions.meeting_mark(
        meeting=meeting,
        member=world.members["a2"],
        status="excused",
        reason="出差",
        actor=secretary,
    )
    assert row.reason == "出差"


def test_recording_marks_the_rest_absent_and_confirming_locks(world):
    meeting = plan(world, "a1")
    secretary = world.personas["secretary_a1"]
    actions.meeting_mark(
        meeting=meeting, member=world.members["self"], status="present", actor=secretary
    )
    actions.meeting_record(meeting=meeting, minutes="学习党章", actor=secretary)
    statuses = dict(Attendance.objects.filter(meeting=meeting).values_list("member_id", "status"))
    assert statuses == {world.members["self"].pk: "present", world.members["a2"].pk: "absent"}
    actions.meeting_confirm(meeting=meeting, actor=secretary)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CONFIRMED and meeting.confirmed_by == secretary
    with pytest.raises(Conflict) as locked:
        actions.meeting_update(meeting=meeting, topic="改", actor=secretary)
    assert locked.value.code == "meeting_locked"
    with pytest.raises(Conflict):
        actions.meeting_mark(
            meeting=meeting, member=world.members["a2"], status="present", actor=secretary
        )
    with pytest.raises(Conflict) as twice:
        actions.meeting_confirm(meeting=meeting, actor=secretary)
    assert twice.value.code == "illegal_transition"


def test_a_confirmed_record_changes_only_by_an_amendment_with_a_reason(world):
    meeting = world.meetings["a1_confirmed"]
    secretary = world.personas["secretary_a1"]
    with pytest.raises(Invalid):
        actions.meeting_amend(
            meeting=meeting, field="minutes", value="新", reason=" ", actor=secretary
        )
    amendment = actions.meeting_amend(
        meeting=meeting, field="minutes", value="更正后的纪要", reason="漏记决议", actor=secretary
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "更正后的纪要" and meeting.status == MeetingStatus.CONFIRMED
    assert (amendment.before, amendment.after) == ("会议纪要", "更正后的纪要")
    event = AuditEvent.objects.filter(action="partylife.meeting.amended").latest("id")
    assert event.changes["minutes"] == ["会议纪要", "更正后的纪要"]
    with pytest.raises(Conflict):
        actions.meeting_amend(
            meeting=world.meetings["a1_planned"],
            field="topic",
            value="x",
            reason="y",
            actor=secretary,
        )
    assert Amendment.objects.filter(meeting=meeting).count() == 1


def test_others_may_not_run_a_branch(world):
    meeting = world.meetings["a1_planned"]
    for name in ("secretary_b1", "dues_officer_a1", "party_member_a1", "community_admin_b1"):
        with pytest.raises(Forbidden):
            actions.meeting_record(meeting=meeting, minutes="x", actor=world.personas[name])


def test_a_payment_is_idempotent_and_a_second_different_one_conflicts(world):
    me, member = world.personas["party_member_a1"], world.members["self"]
    first = actions.dues_pay(
        member=member, month=datetime.date(2021, 2, 1), actor=me, idempotency_key="k-1"
    )
    again = actions.dues_pay(
        member=member, month=datetime.date(2021, 2, 15), actor=me, idempotency_key="k-1"
    )
    assert first.pk == again.pk and first.amount_fen == 4000  # 4,000 yuan at 1 %
    with pytest.raises(Conflict) as paid:
        actions.dues_pay(member=member, month=datetime.date(2021, 2, 1), amount_fen=9999, actor=me)
    assert paid.value.code == "already_paid"
    assert DuesPayment.objects.filter(member=member, month=datetime.date(2021, 2, 1)).count() == 1


def test_bad_dues_input_is_refused(world):
    member, officer = world.members["self"], world.personas["dues_officer_a1"]
    with pytest.raises(Invalid) as negative:
        actions.dues_base_set(
            member=member, year=2022, category="income", base_yuan="-1", actor=officer
        )
    assert negative.value.code == "negative_base"
    far = timezone.localdate().replace(day=1) + datetime.timedelta(days=400)
    with pytest.raises(Invalid) as ahead:
        actions.dues_pay(member=member, month=far, actor=officer)
    assert ahead.value.code == "too_far_ahead"
    with pytest.raises(Forbidden):
        actions.dues_pay(member=world.members["b1"], month=datetime.date(2021, 3, 1), actor=officer)


def test_a_new_base_recalculates_and_its_value_stays_sealed(world):
    officer, member = world.personas["dues_officer_a1"], world.members["self"]
    base = actions.dues_base_set(
        member=member, year=2021, category="income", base_yuan="8000", actor=officer
    )
    assert base.monthly_fen == 12000 and base.base_masked == "¥*,***"
    event = AuditEvent.objects.filter(action="partylife.dues_base.changed").latest("id")
    assert event.changes["base_cipher"] == ["********", "********"]
    assert "800000" not in str(event.changes)


def test_transfer_within_the_district_moves_the_member_once(world):
    transfer = world.transfers["a1"]
    member = world.members["a2"]
    actions.transfer_approve(transfer=transfer, actor=world.personas["secretary_a1"])
    with pytest.raises(Forbidden):  # the sending side does not accept for the receiver
        actions.transfer_accept(transfer=transfer, actor=world.personas["secretary_a1"])
    actions.transfer_accept(transfer=transfer, actor=world.personas["secretary_b1"])
    member.refresh_from_db()
    assert member.branch == world.branches["b1"]
    assert member.transfers.count() == 1  # people's history row
    with pytest.raises(Conflict):
        actions.transfer_accept(transfer=transfer, actor=world.personas["secretary_b1"])
    assert list(transfer.events.values_list("to_status", flat=True)) == [
        "requested", "approved", "accepted",
    ]  # fmt: skip


def test_a_rejected_or_withdrawn_transfer_changes_nothing(world):
    member = world.members["b1_retired"]
    transfer = world.transfers["b1"]
    actions.transfer_reject(
        transfer=transfer, note="材料不全", actor=world.personas["secretary_b1"]
    )
    member.refresh_from_db()
    assert member.branch == world.branches["b1"] and member.transfers.count() == 0
    again = actions.transfer_request(
        member=member,
        to_org=world.branches["a2"],
        reason="再次申请",
        actor=world.personas["secretary_b1"],
    )
    actions.transfer_withdraw(transfer=again, actor=world.personas["secretary_b1"])
    member.refresh_from_db()
    assert member.branch == world.branches["b1"]


def test_one_open_transfer_per_member_and_not_to_the_same_branch(world):
    member = world.members["a2"]
    with pytest.raises(Conflict) as open_one:
        actions.transfer_request(member=member, to_org=world.branches["a2"], reason="x", actor=SYS)
    assert open_one.value.code == "transfer_open"
    with pytest.raises(Invalid) as same:
        actions.transfer_request(
            member=world.members["self"], to_org=world.branches["a1"], reason="x", actor=SYS
        )
    assert same.value.code == "same_organisation"
    assert Transfer.objects.filter(member=member).count() == 1


def test_an_outgoing_transfer_issues_a_letter_and_marks_the_member_out(world):
    member = world.members["self"]
    me = world.personas["party_member_a1"]
    transfer = actions.transfer_request(
        member=member, outside_org="中共宁波市海曙区某支部", reason="迁居", actor=me
    )
    secretary = world.personas["secretary_a1"]
    actions.transfer_approve(transfer=transfer, actor=secretary)
    with pytest.raises(Invalid):
        actions.transfer_accept(transfer=transfer, actor=secretary)
    actions.transfer_accept(transfer=transfer, letter_no="奉组转〔2021〕12号", actor=secretary)
    member.refresh_from_db()
    assert member.status == MemberStatus.TRANSFERRED_OUT
    transfer.refresh_from_db()
    assert transfer.status == TransferStatus.ACCEPTED and transfer.letter_no


def test_overdue_transfers_escalate_once(world):
    transfer = world.transfers["a1"]
    actions.transfer_approve(transfer=transfer, actor=SYS)
    transfer.refresh_from_db()
    later = transfer.due_on + datetime.timedelta(days=1)
    assert actions.transfers_escalate(today=later) == 1
    assert actions.transfers_escalate(today=later) == 0
    transfer.refresh_from_db()
    assert transfer.escalated


def test_a_planned_meeting_books_a_venue_through_the_venues_app(world):
    from yipanqi.venues.models import Booking
    from yipanqi.venues.tests.factories import build_venue_world, choice_for, local

    venues = build_venue_world(world.district)
    admin = world.personas["community_admin_a1"]
    meeting = world.meetings["a1_planned"]
    actions.meeting_book_venue(
        meeting=meeting, venue=venues.venues["community"], choice=choice_for(admin),
        starts_at=local(3, 14), ends_at=local(3, 16), actor=admin,
    )  # fmt: skip
    meeting.refresh_from_db()
    booking = Booking.objects.get(pk=meeting.booking_id)
    assert meeting.place == venues.venues["community"].name
    assert booking.purpose.startswith("党课") and meeting.held_on == local(3, 14).date()
    event = AuditEvent.objects.filter(action="partylife.meeting.venue_booked").latest("id")
    assert event.changes["booking"] == [None, booking.pk]
    with pytest.raises(Conflict):
        actions.meeting_book_venue(
            meeting=world.meetings["a1_confirmed"], venue=venues.venues["community"],
            choice=choice_for(admin), starts_at=local(4, 14), ends_at=local(4, 16), actor=admin,
        )  # fmt: skip
