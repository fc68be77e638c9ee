"""The steps a person may take on a booking, shared by the booking page and the API."""

from typing import Any

from django.utils import timezone

from yipanqi.venues import actions
from yipanqi.venues import permissions as perms
from yipanqi.venues.choices import BookingStatus

STEPS = ("approve", "decline", "cancel", "check_in", "used", "no_show", "rate")


def booking_steps(user: Any, booking: Any) -> set[str]:
    """What the page offers (the actions check again): at most three queries."""
    status, now, steps = booking.status, timezone.now(), set()
    if status == BookingStatus.REQUESTED and perms.can_approve(user, booking):
        steps |= {"approve", "decline"}
    open_states = (BookingStatus.REQUESTED, BookingStatus.APPROVED)
    if status in open_states and booking.starts_at > now and perms.can_cancel(user, booking):
        steps.add("cancel")
    if status in (BookingStatus.APPROVED, BookingStatus.CHECKED_IN) and perms.can_check_in(
        user, booking
    ):
        steps.add({BookingStatus.APPROVED: "check_in", BookingStatus.CHECKED_IN: "used"}[status])
        if status == BookingStatus.APPROVED and booking.starts_at <= now:
            steps.add("no_show")
    if status == BookingStatus.USED and booking.rating is None and perms.is_booker(user, booking):
        steps.add("rate")
    return steps


def run_step(step: str, booking: Any, d: dict, user: Any) -> Any:
    reason = d.get("reason") or ""
    calls = {
        "approve": lambda: actions.booking_approve(booking=booking, actor=user),
        "decline": lambda: actions.booking_decline(booking=booking, reason=reason, actor=user),
        "cancel": lambda: actions.booking_cancel(booking=booking, reason=reason, actor=user),
        "check_in": lambda: actions.booking_check_in(
            booking=booking, code=d.get("code") or "", actor=user
        ),
        "used": lambda: actions.booking_mark_used(booking=booking, actor=user),
        "no_show": lambda: actions.booking_no_show(booking=booking, actor=user),
        "rate": lambda: actions.booking_rate(
            booking=booking,
            rating=d.get("rating") or 0,
            comment=d.get("comment") or "",
            actor=user,
        ),  # fmt: skip
    }
    return calls[step]()
