"""The community party organisation's dispatch board (党组织下单): accept or decline new orders,
dispatch them with member suggestions, reassign or cancel with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from yipanqi.core.errors import DomainError, Forbidden
from yipanqi.core.pages import paginate, query_string, run, safe_next
from yipanqi.core.params import id_param
from yipanqi.orders import actions, selectors
from yipanqi.orders import permissions as perms
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.forms import BulkAcceptForm, DispatchForm, ReasonForm, ReassignForm
from yipanqi.orders.views._common import (
    PAGE_SIZE,
    TAKEN_STATES,
    done_or_error,
    get_order,
    held_by,
)

# The best suggestions, each with its own 派给TA button at the top of the dispatch page.
TOP_PICKS = 3
SKILLS_MATCH = gettext_lazy("matching skills")
NEARNESS = {
    2: gettext_lazy("same grid"),
    1: gettext_lazy("same community"),
    0: gettext_lazy("further away"),
}
NO_ACCOUNT = gettext_lazy("no account: cannot take it online")

TAB_LABELS = {
    "new": gettext_lazy("New"),
    "dispatch": gettext_lazy("To dispatch"),
    "overdue": gettext_lazy("Overdue"),
    "escalated": gettext_lazy("Escalated"),
    "progress": gettext_lazy("In progress"),
}


@login_required
def board(request):
    communities = list(selectors.board_communities(user=request.user))
    if not communities:
        raise PermissionDenied
    params = request.GET
    community_id = id_param(params, "community")
    filters = {
        "community_id": community_id,
        "grid_id": id_param(params, "grid"),
        "category_id": id_param(params, "category"),
    }
    result = selectors.dispatch_board(user=request.user, tab=params.get("tab", "new"), **filters)
    page = paginate(request, result.orders, PAGE_SIZE)
    codes = sorted({c.district_code for c in communities})
    context = {
        "board": result,
        "page_obj": page,
        "tabs": [(t, label, result.counts.get(t, 0)) for t, label in TAB_LABELS.items()],
        "communities": communities,
        "grids": selectors.board_grids(user=request.user, community_id=community_id),
        "categories": selectors.categories_for(district_codes=codes),
        "filters": filters,
        "filter_query": query_string([(k.removesuffix("_id"), v) for k, v in filters.items()]),
        "query": query_string(
            [("tab", result.tab)] + [(k.removesuffix("_id"), v) for k, v in filters.items()]
        ),
        "next_url": request.get_full_path(),
    }
    return render(request, "orders/order_board.html", context)


@login_required
@require_POST
def bulk_accept(request):
    placed = selectors.manageable_orders(user=request.user).filter(status=OrderStatus.PLACED)
    form = BulkAcceptForm(request.POST, orders=placed)
    back = safe_next(request, reverse("orders:board"))
    if not form.is_valid():
        messages.error(request, _("Choose the new orders to accept."))
        return redirect(back)
    accepted, errors = 0, []
    for order in form.cleaned_data["orders"]:
        try:
            actions.order_accept(order=order, actor=request.user)
            accepted += 1
        except (DomainError, Forbidden) as exc:
            errors.append(f"#{order.pk}: {exc.message}")
    if accepted:
        messages.success(
            request,
            ngettext("%(n)d order accepted.", "%(n)d orders accepted.", accepted) % {"n": accepted},
        )
    for error in errors:
        messages.error(request, error)
    return redirect(back)


@login_required
@require_POST
def order_accept(request, order_id: int):
    """受理, then straight on to 派单 (the next step), keeping where the user came from."""
    order = get_order(request, order_id)
    _result, error = run(lambda: actions.order_accept(order=order, actor=request.user))
    if error:
        return done_or_error(request, order, error, "")
    messages.success(request, _("Order accepted. Now choose who takes it."))
    back = safe_next(request, order.get_absolute_url())
    return redirect(f"{reverse('orders:dispatch', args=[order.pk])}?{urlencode({'next': back})}")


def _with_reason(request, order_id: int, step, done: str):
    order = get_order(request, order_id)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return done_or_error(request, order, _("Give a reason."), "")
    reason = form.cleaned_data["reason"]
    _result, error = run(lambda: step(order=order, reason=reason, actor=request.user))
    return done_or_error(request, order, error, done)


@login_required
@require_POST
def order_decline(request, order_id: int):
    return _with_reason(request, order_id, actions.order_decline, _("Order declined."))


@login_required
@require_POST
def order_cancel(request, order_id: int):
    return _with_reason(request, order_id, actions.order_cancel, _("Order cancelled."))


def _dispatch_args(data) -> dict:
    kind = data["kind"]
    return {
        "kind": kind,
        "members": list(data["members"]) if kind == DispatchKind.MEMBERS else [],
        "unit": data["unit"] if kind in (DispatchKind.UNIT, DispatchKind.SOCIAL_ORG) else None,
        "claim_area": data["claim_area"] if kind == DispatchKind.OPEN else None,
        "team": data["team"] if kind == DispatchKind.TEAM else None,
    }


def _send(order, data, actor, reassign: bool):
    if reassign:
        return actions.order_reassign(
            order=order, reason=data["reason"], actor=actor, **_dispatch_args(data)
        )
    return actions.order_dispatch(
        order=order, note=data["note"], actor=actor, **_dispatch_args(data)
    )


def _not_now(request, order):
    """The dispatch page of an order that cannot be dispatched now: say why, on the order's page
    (already dispatched, to whom; already taken, by whom; not accepted yet; closed)."""
    if not perms.can_manage(request.user, order):
        raise PermissionDenied
    who = held_by(request.user, order, selectors.order_candidates(order=order))
    if order.status == OrderStatus.DISPATCHED:
        message = _("This order has already been dispatched to %(who)s.") % {"who": who}
    elif order.status in TAKEN_STATES and who:
        message = _("This order has already been taken by %(who)s.") % {"who": who}
    elif order.status == OrderStatus.PLACED:
        message = _("Accept this order first; then dispatch it.")
    else:
        message = _("This order is %(status)s: it cannot be dispatched now.") % {
            "status": order.get_status_display()
        }
    messages.info(request, message)
    return redirect(order.get_absolute_url())


def _posted(request):
    """The form's data; a 派给TA button (name "pick") sends the order to that one member, a
    team's button (name "team_pick") to that service team."""
    data = request.POST.copy()
    pick, team = data.get("pick", ""), data.get("team_pick", "")
    if pick:
        data["kind"] = DispatchKind.MEMBERS
        data.setlist("members", [pick])
    elif team:
        data["kind"], data["team"] = DispatchKind.TEAM, team
    return data


def suggestion_reason(registration) -> str:
    """Why a member is suggested, in the order of the ranking: 技能匹配 · 同网格 · 当前 1 单."""
    parts = [str(SKILLS_MATCH)] if registration.skill_match else []
    parts.append(str(NEARNESS[registration.nearness]))
    parts.append(
        ngettext("%(n)d open order now", "%(n)d open orders now", registration.load)
        % {"n": registration.load}
    )
    if not registration.has_account:
        parts.append(str(NO_ACCOUNT))
    return " · ".join(parts)


def _done_message(reassign: bool, data) -> str:
    args = _dispatch_args(data)
    members = args["members"]
    if args["team"] is not None and not reassign:
        return _("Order dispatched to the service team %(team)s.") % {"team": args["team"].name}
    if not members:
        return _("Order reassigned.") if reassign else _("Order dispatched.")
    names = "、".join(m.person.name for m in members)
    if reassign:
        return _("Order reassigned to %(who)s.") % {"who": names}
    return _("Order dispatched to %(who)s.") % {"who": names}


def _dispatch_page(request, order_id: int, *, reassign: bool):
    order = get_order(request, order_id)
    step = "reassign" if reassign else "dispatch"
    if step not in selectors.order_steps(user=request.user, order=order):
        return _not_now(request, order)
    q = request.GET.get("q", "")[:50]
    targets = selectors.dispatch_targets(user=request.user, order=order, q=q)
    querysets = {
        "members": targets.members,
        "units": targets.units,
        "areas": targets.areas,
        "teams": targets.teams,
    }
    form_class = ReassignForm if reassign else DispatchForm
    initial = {"kind": DispatchKind.MEMBERS, "claim_area": order.grid_id}
    posted = _posted(request) if request.method == "POST" else None
    form = form_class(posted, initial=initial, **querysets)
    back = safe_next(request, reverse("orders:board"))
    if posted is not None and form.is_valid():
        data = form.cleaned_data
        result, error = run(lambda: _send(order, data, request.user, reassign))
        if result is not None:
            messages.success(request, _done_message(reassign, data))
            return redirect(back)
        form.add_error(None, error)
    for registration in targets.suggestions:
        registration.reason = suggestion_reason(registration)
    context = {
        "order": order,
        "form": form,
        "picks": targets.suggestions[:TOP_PICKS],
        "suggestions": targets.suggestions,
        "teams": list(targets.teams),
        "reassign": reassign,
        "q": q,
        "next_url": back,
    }
    return render(request, "orders/order_dispatch.html", context)


@login_required
def order_dispatch(request, order_id: int):
    return _dispatch_page(request, order_id, reassign=False)


@login_required
def order_reassign(request, order_id: int):
    return _dispatch_page(request, order_id, reassign=True)
