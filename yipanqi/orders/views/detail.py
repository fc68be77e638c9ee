"""Pages every party shares: the order list with filters, the order with its history and the steps
open to the viewer, its photos (as attachments), and the street / district overview."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from yipanqi.core import uploads
from yipanqi.core.pages import paginate, query_string
from yipanqi.core.params import bool_param, choice_param, id_param
from yipanqi.core.pii import mask_name
from yipanqi.orders import permissions as perms
from yipanqi.orders import photos, selectors
from yipanqi.orders.choices import EscalationLevel, OrderStatus
from yipanqi.orders.forms import ReasonForm
from yipanqi.orders.views._common import PAGE_SIZE, get_order, sent_to, undo_seconds_left
from yipanqi.orders.views.resident import progress_of

FILTERS = ("status", "category", "grid", "overdue", "escalated")
# States in which the order's dispatch and taker are current (a reopened order waits afresh).
SENT_STATES = (
    OrderStatus.DISPATCHED,
    OrderStatus.TAKEN,
    OrderStatus.DONE,
    OrderStatus.RATED,
    OrderStatus.CLOSED,
)


def _filters(params) -> dict:
    return {
        "status": choice_param(params, "status", OrderStatus.values),
        "category_id": id_param(params, "category"),
        "grid_id": id_param(params, "grid"),
        "overdue": bool_param(params, "overdue"),
        "escalated": bool_param(params, "escalated"),
    }


@login_required
def order_list(request):
    filters = _filters(request.GET)
    orders = selectors.order_list(user=request.user, **filters)
    page = paginate(request, orders, PAGE_SIZE)
    codes = selectors.user_district_codes(user=request.user)
    context = {
        "page_obj": page,
        "filters": filters,
        "statuses": OrderStatus.choices,
        "categories": selectors.categories_for(district_codes=codes),
        "grids": selectors.board_grids(user=request.user),
        "query": query_string([(k, request.GET.get(k)) for k in FILTERS]),
    }
    return render(request, "orders/order_list.html", context)


def taker_label(user, order) -> str:
    """Who took the order: named to the community's staff and the taker, masked to others."""
    if order.taker_id is None:
        return ""
    name = order.taker.person.name
    if perms.can_manage(user, order) or perms.is_taker(user, order):
        return name
    return mask_name(name)


def event_rows(user, order, events) -> list[dict]:
    """The history with who did each step: named for the community's staff, masked for others."""
    staff = perms.can_manage(user, order)
    rows = []
    for event in events:
        actor = event.actor
        if actor is None:
            label = ""
        elif staff or actor.pk == user.pk:
            label = str(actor)
        else:
            label = mask_name(str(actor))
        level = event.data.get("level") if isinstance(event.data, dict) else None
        rows.append(
            {
                "event": event,
                "actor": label,
                "level": EscalationLevel(level).label if level in EscalationLevel.values else "",
            }
        )
    return rows


@login_required
def order_detail(request, order_id: int):
    order = get_order(request, order_id)
    steps = selectors.order_steps(user=request.user, order=order)
    candidates = selectors.order_candidates(order=order) if order.dispatch_kind else []
    context = {
        "order": order,
        "events": event_rows(request.user, order, selectors.order_events(order=order)),
        "photos": selectors.order_photos(order=order),
        "steps": steps,
        "progress": progress_of(order),
        "taker": taker_label(request.user, order),
        "sent_to": sent_to(request.user, order, candidates),
        "undo_seconds": undo_seconds_left(order) if "untake" in steps else 0,
        "sent_states": SENT_STATES,
        "reason_form": ReasonForm(),
        "next_url": request.get_full_path(),
    }
    return render(request, "orders/order_detail.html", context)


@login_required
def photo_download(request, photo_id: int):
    """The file, only for users who may see its order, always as a download (never inline)."""
    return uploads.served(
        selectors.photo_get, photos.FOLDER, photos.download_name, user=request.user,
        photo_id=photo_id,
    )  # fmt: skip


@login_required
def overview(request):
    if not selectors.board_communities(user=request.user).exists():
        raise PermissionDenied
    result = selectors.overview(user=request.user, town_id=id_param(request.GET, "town"))
    for row in result.rows:
        row["cells"] = [row[value] for value in OrderStatus.values]
    context = {
        "overview": result,
        "statuses": OrderStatus.choices,
        "escalations": list(result.escalations[:50]),
    }
    return render(request, "orders/order_overview.html", context)
