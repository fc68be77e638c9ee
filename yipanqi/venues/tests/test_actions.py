"""Booking rules: validation errors, overlap (touching edges allowed), approval, the lifecycle
and the co-building credit."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.venues import actions
from yipanqi.venues.choices import BookingStatus
from yipanqi.venues.models import Booking, CreditEntry
from yipanqi.venues.tests.factories import book, choice_for, local

pytestmark = pytest.mark.django_db


def test_touching_bookings_both_stand_overlap_refused(world):
    first = book(world, "unit", "liaison_a1", start=10, end=11)
    second = book(world, "unit", "liaison_a1", start=11, end=12)
    assert first.status == second.status == BookingStatus.APPROVED  # auto-approved venue
    with pytest.raises(Conflict) as refused:
        book(world, "unit", "community_admin_a1", start=10, end=12)
    assert refused.value.code == "booking_overlap" and refused.value.status == 409
    held = Booking.objects.filter(venue=world.venues["unit"], status=BookingStatus.APPROVED)
    assert held.count() == 2


def test_requests_may_overlap_but_only_one_is_approved(world):
    a = book(world, "community", "liaison_a1", start=14, end=16)
    b = book(world, "community", "community_admin_a1", start=15, end=17)
    assert {a.status, b.status} == {BookingStatus.REQUESTED}
    actions.booking_approve(booking=a, actor=world.personas["community_admin_a1"])
    with pytest.raises(Conflict) as refused:
        actions.booking_approve(booking=b, actor=world.personas["community_admin_a1"])
    assert refused.value.code == "booking_overlap"
    b.refresh_from_db()
    assert b.status == BookingStatus.REQUESTED


@pytest.mark.parametrize(
    ("days", "start", "end", "headcount", "code"),
    [
        (-1, 10, 11, 5, "booking_in_past"),
        (0, 23, 23, 5, "bad_period"),
        (3, 6, 8, 5, "outside_open_hours"),
        (3, 20, 22, 5, "outside_open_hours"),
        (3, 10, 11, 31, "over_capacity"),
        (3, 9, 15, 5, "too_long"),
        (90, 10, 11, 5, "too_far_ahead"),
    ],
)
def test_request_validation(world, days, start, end, headcount, code):
    with pytest.raises(Invalid) as refused:
        book(world, "community", "liaison_a1", days=days, start=start, end=end,
             headcount=headcount)  # fmt: skip
    assert refused.value.code == code
    assert str(refused.value.message)  # a sentence for the user
    assert not Booking.objects.exists()


def test_lead_time_from_policy(world):
    soon = local(0, 0) + datetime.timedelta(hours=30)  # tomorrow, inside 24 h when late today
    person = world.personas["liaison_a1"]
    venue = world.venues["community"]
    with pytest.raises(Invalid) as refused:
        actions.booking_request(
            venue=venue, choice=choice_for(person), starts_at=datetime.datetime.now(
                tz=datetime.UTC) + datetime.timedelta(hours=2), ends_at=soon,
            purpose="x", headcount=1, actor=person,
        )  # fmt: skip
    assert refused.value.code in {"lead_time", "outside_open_hours", "too_long"}


def test_not_bookable_by_rule(world):
    with pytest.raises(Invalid) as refused:
        book(world, "other", "liaison_a1")  # town B's venue, liaison of town A
    assert refused.value.code == "not_bookable"
    with pytest.raises(Invalid):
        book(world, "street", "resident_a1")  # own members only: residents are not
    assert book(world, "street", "party_member_a1").status == BookingStatus.REQUESTED


def test_booker_must_be_one_of_the_users_options(world):
    other_unit_choice = choice_for(world.personas["liaison_b1"])
    with pytest.raises(Invalid) as refused:
        actions.booking_request(
            venue=world.venues["unit"], choice=other_unit_choice, starts_at=local(3, 10),
            ends_at=local(3, 11), purpose="x", headcount=1, actor=world.personas["liaison_a1"],
        )  # fmt: skip
    assert refused.value.code == "bad_booker"


def test_only_the_owner_approves(world):
    booking = book(world, "community", "liaison_a1")
    for name in ("liaison_a1", "community_admin_b1", "resident_a1"):
        with pytest.raises(Forbidden):
            actions.booking_approve(booking=booking, actor=world.personas[name])
    actions.booking_decline(
        booking=booking, reason="场地维修", actor=world.personas["town_admin_a"]
    )
    booking.refresh_from_db()
    assert booking.status == BookingStatus.DECLINED and booking.reason == "场地维修"


def test_lifecycle_check_in_use_rate_and_credit(world, at):
    owner, keeper = world.personas["community_admin_a1"], world.personas["grid_worker_a1"]
    booking = book(world, "community", "liaison_a1", start=10, end=12)
    actions.booking_approve(booking=booking, actor=owner)
    booking.refresh_from_db()
    assert len(booking.check_in_code) == 6
    with pytest.raises(Invalid):
        actions.booking_check_in(booking=booking, actor=keeper)  # days too early
    at(booking.starts_at - datetime.timedelta(minutes=10))
    with pytest.raises(Invalid):
        actions.booking_check_in(booking=booking, actor=keeper, code="000000x")
    actions.booking_check_in(booking=booking, actor=keeper, code=booking.check_in_code)
    actions.booking_mark_used(booking=booking, actor=keeper)
    actions.booking_rate(
        booking=booking, rating=5, comment="很好", actor=world.personas["liaison_a1"]
    )
    booking.refresh_from_db()
    assert (booking.status, booking.rating) == (BookingStatus.USED, 5)
    credit = CreditEntry.objects.get(booking=booking)
    assert (
        credit.hours == Decimal("2.00")
        and credit.owner_area == world.venues["community"].owner_area
    )
    assert credit.borrower_unit == world.district.units[0]
    steps = set(
        AuditEvent.objects.filter(target_id=str(booking.pk)).values_list("action", flat=True)
    )
    assert {"venues.booking.requested", "venues.booking.approved", "venues.booking.checked_in",
            "venues.booking.used", "venues.booking.rated"} <= steps  # fmt: skip


def test_own_use_earns_no_credit_and_credit_equals_independent_sum(world, at):
    keeper = world.personas["grid_worker_a1"]
    own = book(world, "community", "community_admin_a1", days=2, start=9, end=10)
    lent = [book(world, "community", "liaison_a1", days=d, start=14, end=14 + d % 3 + 1)
            for d in (2, 3, 4)]  # fmt: skip
    for booking in [own, *lent]:
        actions.booking_approve(booking=booking, actor=world.personas["town_admin_a"])
    for booking in [own, *lent]:
        at(booking.starts_at)
        actions.booking_check_in(booking=booking, actor=keeper)
        actions.booking_mark_used(booking=booking, actor=keeper)
    expected = sum((b.ends_at - b.starts_at).total_seconds() / 3600 for b in lent)
    total = CreditEntry.objects.aggregate(h=Sum("hours"))["h"]
    assert float(total) == expected
    assert not CreditEntry.objects.filter(booking=own).exists()


def test_cancel_needs_reason_and_frees_the_slot(world):
    booking = book(world, "unit", "liaison_a1")
    with pytest.raises(Invalid):
        actions.booking_cancel(booking=booking, reason=" ", actor=world.personas["liaison_a1"])
    with pytest.raises(Forbidden):
        actions.booking_cancel(booking=booking, reason="x", actor=world.personas["resident_a1"])
    actions.booking_cancel(booking=booking, reason="活动取消", actor=world.personas["liaison_a1"])
    again = book(world, "unit", "community_admin_a1")
    assert again.status == BookingStatus.APPROVED


def test_no_show_only_after_start(world, at):
    booking = book(world, "unit", "liaison_a1")
    keeper = world.personas["community_admin_a1"]
    with pytest.raises(Invalid):
        actions.booking_no_show(booking=booking, actor=keeper)
    at(booking.starts_at + datetime.timedelta(minutes=30))
    actions.booking_no_show(booking=booking, actor=keeper)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW


def test_illegal_transition_is_409(world):
    booking = book(world, "community", "liaison_a1")
    with pytest.raises(Conflict) as refused:
        actions.booking_mark_used(booking=booking, actor=world.personas["community_admin_a1"])
    assert refused.value.code == "illegal_transition"
