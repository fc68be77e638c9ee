"""Helpers of the order pages; what every app's pages need comes from core.pages."""

from django.contrib import messages
from django.shortcuts import redirect

from yipanqi.core.pages import found, safe_next
from yipanqi.orders import selectors

PAGE_SIZE = 20


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
