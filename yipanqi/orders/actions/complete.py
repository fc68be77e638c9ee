"""办结 and 群众评价: the taker completes with each participant's hours; the resident's rating closes
the order (crediting the ledger) or reopens it."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import require
from yipanqi.orders import permissions as perms
from yipanqi.orders import policies
from yipanqi.orders.actions._common import (
    ORDER_FLOW,
    locked_order,
    rater_of,
    tell,
    tell_residents,
)
from yipanqi.orders.actions.ledger import ledger_credit_participants
from yipanqi.orders.choices import EventKind, OrderStatus
from yipanqi.orders.models import OrderParticipant, OrderRating, ServiceOrder
from yipanqi.people.models import PartyMember


def _hours(spent: Any) -> Decimal:
    try:
        value = Decimal(str(spent))
        if Decimal("0") <= value <= Decimal("24"):
            return value
    except InvalidOperation:  # not a number, or NaN
        pass
    raise Invalid(_("Hours must be between 0 and 24."), code="bad_hours")


NOT_A_PARTICIPANT = gettext_lazy(
    "Only members who took part in this order (its taker, the members it was sent to, the staff "
    "of the unit it was sent to) can be credited with hours."
)


def _checked_hours(
    order: ServiceOrder, hours: dict[PartyMember, Any]
) -> dict[PartyMember, Decimal]:
    """Hours (and so points) go only to the order's participants, and at most the policy's cap per
    member for the whole order (earlier completion rounds count too)."""
    allowed = set(
        perms.participants_of(order)
        .filter(pk__in=[m.pk for m in hours])
        .values_list("pk", flat=True)
    )
    cap = Decimal(str(policies.MAX_HOURS_PER_MEMBER.value(order.district_code)))
    earlier = dict(
        OrderParticipant.objects.filter(
            order=order, member__in=list(hours), round__lt=order.reopen_count
        )
        .values("member_id")
        .annotate(total=Sum("hours"))
        .values_list("member_id", "total")
    )
    checked = {}
    for member, spent in hours.items():
        if member.pk not in allowed:
            raise Invalid(
                NOT_A_PARTICIPANT,
                code="member_not_participant",
                fields={"hours": [NOT_A_PARTICIPANT]},
            )
        value = _hours(spent)
        if value + earlier.get(member.pk, Decimal(0)) > cap:
            message = _("At most %(cap)s hours can be credited to one member for one order.") % {
                "cap": cap
            }
            raise Invalid(message, code="hours_over_cap", fields={"hours": [message]})
        checked[member] = value
    return checked


@transaction.atomic
def order_complete(
    *,
    order: ServiceOrder,
    note: str,
    actor: Any,
    hours: dict[PartyMember, Decimal] | None = None,
) -> ServiceOrder:
    """办结: the taker records what was done and the hours of each participant."""
    order = locked_order(order)
    require(perms.is_taker(actor, order))
    if not note.strip():
        raise Invalid(_("Describe what was done."), code="note_required")
    step = ORDER_FLOW.begin(order, actor=actor)
    # The state first: hours must not be rewritten on an order that is not being completed now.
    step.move(OrderStatus.DONE, kind=EventKind.COMPLETED, note=note)
    default = {order.taker: Decimal("1")} if order.taker is not None else {}
    participants = _checked_hours(order, hours or default)
    for member, spent in participants.items():
        OrderParticipant.objects.update_or_create(
            order=order,
            member=member,
            round=order.reopen_count,
            defaults={
                "hours": spent,
                "scope_path": order.scope_path,
                "district_code": order.district_code,
            },
        )
    step.set(done_at=timezone.now())
    credited = {str(m.pk): str(h) for m, h in participants.items()}
    step.finish("completed", participants=len(participants), hours=credited)
    tell_residents(order, _("Your order is done"), "done")
    rate_page = reverse("orders:rate", args=[order.pk])
    tell([rater_of(order)], order, _("Please rate your order"), "rate", url=rate_page)
    return order


@transaction.atomic
def order_rate(
    *, order: ServiceOrder, score: int, solved: bool, actor: Any, comment: str = ""
) -> ServiceOrder:
    """群众评价: a good rating closes the order and credits the members; a poor one reopens it."""
    order = locked_order(order)
    require(perms.can_rate(actor, order))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise Invalid(_("Give a score from 1 to 5."), code="bad_score")
    # A closed order has had its rating: a repeated (double-submitted) rating is told so.
    already = "already_rated" if order.status == OrderStatus.CLOSED else "illegal_transition"
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(
        OrderStatus.RATED,
        code=already,
        kind=EventKind.RATED,
        data={"score": score, "solved": solved},
    )
    try:
        with transaction.atomic():
            OrderRating.objects.create(
                order=order,
                round=order.reopen_count,
                score=score,
                solved=solved,
                comment=comment[:500],
                rated_by=actor,
                scope_path=order.scope_path,
                district_code=order.district_code,
            )
    except IntegrityError as exc:
        raise Conflict(_("This order has already been rated."), code="already_rated") from exc
    reopen = not solved or score <= int(policies.REOPEN_AT_OR_BELOW.value(order.district_code))
    # The round's work is credited either way; only a rating that closes the order counts the
    # problem as solved (a "solved" tick with a reopening score would be counted twice).
    ledger_credit_participants(order=order, solved=solved and not reopen)
    if reopen:
        step.move(OrderStatus.ACCEPTED, kind=EventKind.REOPENED, note=comment)
        step.set(reopen_count=order.reopen_count + 1, solved=None)
    else:
        step.move(OrderStatus.CLOSED, kind=EventKind.CLOSED)
        step.set(closed_at=timezone.now(), solved=solved)
    step.finish("reopened" if reopen else "rated", score=score, solved=solved)
    if reopen:
        tell(
            perms.admins_of(order.community),
            order,
            _("An order was reopened after a poor rating"),
            "reopened",
        )
    return order
