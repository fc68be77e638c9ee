"""Resident pages (phone first): place an order in under a minute, follow it, rate it."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yipanqi.core.pages import paginate, run
from yipanqi.core.uploads import body_limit, max_body_size
from yipanqi.orders import actions, photos, selectors
from yipanqi.orders import permissions as perms
from yipanqi.orders.choices import OrderStatus, Urgency
from yipanqi.orders.forms import PlaceForm, RateForm
from yipanqi.orders.views._common import PAGE_SIZE, get_order
from yipanqi.privacy.actions import consent_give
from yipanqi.privacy.consents import notice
from yipanqi.privacy.selectors import consent_current

TITLE_LENGTH = 30
# The steps a resident follows, in order (the timeline on "my orders").
PROGRESS = (
    OrderStatus.PLACED,
    OrderStatus.ACCEPTED,
    OrderStatus.DISPATCHED,
    OrderStatus.TAKEN,
    OrderStatus.DONE,
    OrderStatus.CLOSED,
)


def title_from(description: str) -> str:
    line = description.strip().splitlines()[0].strip() if description.strip() else ""
    return line if len(line) <= TITLE_LENGTH else line[: TITLE_LENGTH - 1] + "…"


def _categories(grids):
    # Only reads: a district gets its default list when it is set up (organisations.area_create).
    return selectors.categories_for(district_codes=sorted({g.district_code for g in grids}))


def _initial_grid(person, grids):
    if person is not None and any(g.pk == person.area_id for g in grids):
        return person.area_id
    return grids[0].pk if grids else None


def _notice(user, grids):
    """The service-order notice to show with its consent box: to a person placing for
    themselves who has not agreed to its current version (R-PI-6); None otherwise."""
    if perms.is_staff_placer(user, grids[0].path):
        return None  # on someone's behalf: docs/decisions/021-consent.md
    if consent_current(user=user, purpose=actions.PURPOSE) is not None:
        return None
    return notice(actions.PURPOSE)


def _place(request, form, person, shown):
    data = form.cleaned_data
    own = person is not None and not perms.is_staff_placer(request.user, data["grid"].path)
    with transaction.atomic():
        if shown is not None and data["consent"]:  # agreed with this order, in its transaction
            consent_give(
                purpose=shown.purpose,
                notice_version=data["consent_version"] or 0,
                actor=request.user,
            )
        order = actions.order_place(
            grid=data["grid"],
            category=data["category"],
            title=title_from(data["description"]),
            description=data["description"],
            urgency=Urgency.URGENT if data["urgent"] else Urgency.NORMAL,
            resident=person if own else None,
            actor=request.user,
            idempotency_key=data["idempotency_key"],
        )
        if not order.photos.filter(stage="placed").exists():  # not on a repeated submit
            for upload in data["photos"]:
                actions.photo_attach(order=order, upload=upload, stage="placed", actor=request.user)
    return order


@max_body_size(body_limit(files=photos.MAX_PHOTOS))
@login_required
def order_new(request):
    grids = list(selectors.grids_for_placing(user=request.user))
    if not grids:
        raise PermissionDenied
    person = selectors.resident_person(user=request.user)
    shown = _notice(request.user, grids)
    categories = _categories(grids)
    kwargs = {"categories": categories, "grids": selectors.grids_for_placing(user=request.user)}
    if request.method == "POST":
        form = PlaceForm(request.POST, request.FILES, **kwargs)
        if form.is_valid():
            order, error = run(lambda: _place(request, form, person, shown))
            if order is not None:
                messages.success(
                    request, _("Your order was placed. The community will reply soon.")
                )
                return redirect(order.get_absolute_url())
            form.add_error(None, error)
    else:
        initial = {"grid": _initial_grid(person, grids), "idempotency_key": uuid.uuid4().hex}
        if shown is not None:
            initial["consent_version"] = shown.version
        form = PlaceForm(initial=initial, **kwargs)
    context = {
        "form": form,
        "single_grid": grids[0] if len(grids) == 1 else None,
        "notice": shown,
    }
    return render(request, "orders/order_form.html", context)


def progress_of(order) -> list[dict]:
    """The resident's timeline: which steps are behind, which is current."""
    status = OrderStatus.CLOSED if order.status == OrderStatus.RATED else order.status
    index = PROGRESS.index(status) if status in PROGRESS else None
    return [
        {"label": step.label, "done": index is not None and i < index, "current": i == index}
        for i, step in enumerate(PROGRESS)
    ]


@login_required
def my_orders(request):
    page = paginate(request, selectors.my_orders(user=request.user), PAGE_SIZE)
    rows = [{"order": o, "progress": progress_of(o)} for o in page]
    can_place = selectors.grids_for_placing(user=request.user).exists()
    context = {"page_obj": page, "rows": rows, "can_place": can_place, "query": ""}
    return render(request, "orders/order_mine.html", context)


@login_required
def order_rate(request, order_id: int):
    order = get_order(request, order_id)
    if "rate" not in selectors.order_steps(user=request.user, order=order):
        messages.info(request, _("This order cannot be rated now."))
        return redirect(order.get_absolute_url())
    form = RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        rated, error = run(
            lambda: actions.order_rate(
                order=order,
                score=data["score"],
                solved=data["solved"] == "yes",
                comment=data["comment"],
                actor=request.user,
            )
        )
        if rated is not None:
            reopened = rated.status == OrderStatus.ACCEPTED
            messages.success(
                request,
                _("Thank you. The order was reopened and the community will follow it up.")
                if reopened
                else _("Thank you for your rating."),
            )
            return redirect(rated.get_absolute_url())
        form.add_error(None, error)
    return render(request, "orders/order_rate.html", {"order": order, "form": form})
