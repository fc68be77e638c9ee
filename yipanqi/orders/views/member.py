"""Party member pages (phone first): orders to claim near them, their taken orders, completion."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.errors import DomainError, Forbidden
from yipanqi.core.pages import found, is_htmx, run, safe_next
from yipanqi.core.uploads import body_limit, max_body_size
from yipanqi.orders import actions, photos, policies, selectors
from yipanqi.orders.forms import CompleteForm
from yipanqi.orders.views._common import get_order, undo_seconds_left

LIST_LIMIT = 50


@login_required
def claim(request):
    context = {
        "claimable": list(selectors.claimable_orders(user=request.user)[:LIST_LIMIT]),
        "taken": list(selectors.taken_orders(user=request.user)[:LIST_LIMIT]),
        "next_url": request.get_full_path(),
    }
    return render(request, "orders/order_claim.html", context)


def _take(request, order):
    try:
        return actions.order_take(order=order, actor=request.user), None, None
    except Forbidden as exc:
        raise PermissionDenied from exc
    except DomainError as exc:
        return None, str(exc.message), exc.code


def order_to_take(request, order_id: int):
    """Late claimants of an open order see "already taken", not "not found"."""
    return found(selectors.order_get_to_take, user=request.user, order_id=order_id)


@login_required
@require_POST
def order_take(request, order_id: int):
    order = order_to_take(request, order_id)
    taken, error, _code = _take(request, order)
    if is_htmx(request):
        # 200 even for a conflict: htmx swaps only successful answers, and the card says it all.
        order.refresh_from_db()
        context = {
            "order": taken or order,
            "error": error,
            "taken_now": taken is not None,
            "undo_seconds": undo_seconds_left(taken) if taken is not None else 0,
            "in_card": True,
            "next_url": safe_next(request, reverse("orders:claim")),
        }
        return render(request, "orders/includes/_claim_card.html", context)
    if error:
        messages.error(request, error)
        return redirect(safe_next(request, reverse("orders:claim")))
    # The order's page offers the undo for its few seconds, then "Record as done".
    messages.success(request, _("You have taken the order. Please complete it in time."))
    return redirect(taken.get_absolute_url())


@login_required
@require_POST
def order_untake(request, order_id: int):
    """撤销接单 within seconds of taking: the order waits for those it was sent to again."""
    order = get_order(request, order_id)
    undone, error = run(lambda: actions.order_take_undo(order=order, actor=request.user))
    if is_htmx(request):
        order.refresh_from_db()
        context = {"order": undone or order, "error": error, "undone_now": undone is not None}
        context["next_url"] = safe_next(request, reverse("orders:claim"))
        return render(request, "orders/includes/_claim_card.html", context)
    if error:
        messages.error(request, error)
        return redirect(order.get_absolute_url())
    messages.success(request, _("Taking the order was undone; it is open to take again."))
    return redirect(safe_next(request, reverse("orders:claim")))


def _complete(request, order, form):
    data = form.cleaned_data
    with transaction.atomic():
        for upload in data["photos"]:
            actions.photo_attach(order=order, upload=upload, stage="done", actor=request.user)
        return actions.order_complete(
            order=order, note=data["note"], hours=form.hours() or None, actor=request.user
        )


@max_body_size(body_limit(files=photos.MAX_PHOTOS))
@login_required
def order_complete(request, order_id: int):
    order = get_order(request, order_id)
    if "complete" not in selectors.order_steps(user=request.user, order=order):
        raise PermissionDenied
    participants = selectors.completion_participants(order=order)
    cap = Decimal(str(policies.MAX_HOURS_PER_MEMBER.value(order.district_code)))
    kwargs = {"participants": participants, "taker_id": order.taker_id, "max_hours": cap}
    form = CompleteForm(request.POST or None, request.FILES or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        done, error = run(lambda: _complete(request, order, form))
        if done is not None:
            messages.success(request, _("Recorded as done. The resident will be asked to rate it."))
            return redirect(done.get_absolute_url())
        form.add_error(None, error)
    return render(request, "orders/order_complete.html", {"order": order, "form": form})
