"""Helpers of the order pages; what every app's pages need comes from core.pages."""

from django.contrib import messages
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.pages import found, safe_next
from yipanqi.core.pii import mask_name
from yipanqi.orders import permissions as perms
from yipanqi.orders import selectors
from yipanqi.orders.choices import DispatchKind, OrderStatus

PAGE_SIZE = 20
# States in which the order's taker (if any) is the one who has it.
TAKEN_STATES = (OrderStatus.TAKEN, OrderStatus.DONE, OrderStatus.RATED, OrderStatus.CLOSED)


def get_order(request, order_id: int):
    """The order if the user may see it; missing and out of scope are the same 404."""
    return found(selectors.order_get, user=request.user, order_id=order_id)


def done_or_error(request, order, error: str | None, done: str, default: str | None = None):
    """After a step: a message, then back to where the user came from (or the order)."""
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(safe_next(request, default or order.get_absolute_url()))


def names_for(user, order, members) -> str:
    """Members' names as this viewer may read them: in full for the community's staff (who
    dispatch) and for the member themself, masked (张*丰) for everyone else."""
    full = perms.can_manage(user, order)
    return "、".join(
        m.person.name if full or m.person.user_id == user.pk else mask_name(m.person.name)
        for m in members
    )


def sent_to(user, order, candidates) -> str:
    """Whom a dispatched order went to, in words: the named members, the unit, or the area it is
    open for claiming in."""
    if order.dispatch_kind == DispatchKind.MEMBERS:
        return names_for(user, order, candidates)
    if order.dispatched_unit is not None:
        return order.dispatched_unit.name
    if order.dispatched_team is not None:  # after "To a service team": the name alone
        return order.dispatched_team.name
    if order.dispatch_kind == DispatchKind.OPEN and order.claim_area is not None:
        return _("members nearby (open for claiming in %(area)s)") % {"area": order.claim_area.name}
    return ""


def held_by(user, order, candidates) -> str:
    """Who has the order now: its taker once taken, else whom it was sent to."""
    if order.status in TAKEN_STATES and order.taker is not None:
        return names_for(user, order, [order.taker])
    return sent_to(user, order, candidates)


def undo_seconds_left(order) -> int:
    """Whole seconds left to undo taking the order (0: no undo)."""
    until = perms.take_undo_until(order)
    if until is None:
        return 0
    return max(0, int((until - timezone.now()).total_seconds()))
