"""The grid worker's phone pages: the households of a sweep in walking order, pending first (found
by building and room, counted, with "next unvisited"), and a few-tap visit form (outcome buttons,
the checklist, and a follow-up that opens an order or incident); with what the phone keeps to
record visits without signal (the household-less form and the household list, views/offline.py
for the service worker)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yipanqi.core.pages import found, paginate, query_string, run
from yipanqi.core.params import id_param
from yipanqi.grid import actions, policies, selectors
from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import FINAL, CampaignStatus, FollowUpKind, IncidentCategory, Outcome
from yipanqi.grid.forms import VisitForm
from yipanqi.grid.households import MAX_QUERY
from yipanqi.grid.views.offline import page_context
from yipanqi.orders.choices import DEFAULT_CATEGORIES
from yipanqi.orders.selectors import categories_for

LIST_SIZE = 50


@login_required
def visit_list(request, campaign_id: int):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    grids = list(selectors.visit_grids(user=request.user, campaign=campaign))
    grid_id, mine = id_param(request.GET, "grid"), request.GET.get("mine") == "1"
    address = request.GET.get("q", "").strip()[:MAX_QUERY]
    targets = selectors.visit_list(
        user=request.user, campaign=campaign, grid_id=grid_id, mine=mine, address=address
    )
    page = paginate(request, targets, LIST_SIZE)
    counts = selectors.visit_counts(
        user=request.user, campaign=campaign, grid_id=grid_id, mine=mine
    )
    filters = [("grid", grid_id), ("mine", 1 if mine else None)]
    context = {
        "campaign": campaign,
        "grids": grids,
        "grid_id": grid_id,
        "page_obj": page,
        "counts": counts,
        "pending": counts.pending,
        "mine": mine,
        "address": address,
        "query": query_string([*filters, ("q", address)]),
        "next_url": _next_url(campaign, query_string(filters)),
        "final": FINAL,
        "offline": page_context(campaign),
    }
    return render(request, "grid/visit_list.html", context)


def _next_url(campaign, query: str) -> str:
    url = reverse("grid:visit_next", args=[campaign.pk])
    return f"{url}?{query}" if query else url


@login_required
def visit_next(request, campaign_id: int):
    """The form of the next household still to visit ("next unvisited"), the user's own first,
    after `after` in walking order; back to the list when none is left."""
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    grid_id, after_id = id_param(request.GET, "grid"), id_param(request.GET, "after")
    after = None
    if after_id is not None:
        after = found(
            lambda: selectors.target_get(user=request.user, campaign=campaign, target_id=after_id)
        )
    target = selectors.next_pending(
        user=request.user, campaign=campaign, grid_id=grid_id, after=after
    )
    if target is None:
        messages.info(request, _("Every household in this list has been visited."))
        query = query_string([("grid", grid_id)])
        url = reverse("grid:visit_list", args=[campaign.pk])
        return redirect(f"{url}?{query}" if query else url)
    return redirect("grid:visit_form", campaign.pk, target.pk)


def _categories(district_code: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices: the district's order categories, then the incident categories."""
    listed = [(c.code, c.name) for c in categories_for(district_codes=[district_code])]
    # Only reads: a district without its list is offered the defaults, which recording the visit
    # (visit_record → the follow-up order) creates.
    orders = [(f"order:{code}", name) for code, name in listed or DEFAULT_CATEGORIES]
    incidents = [(f"incident:{v}", str(label)) for v, label in IncidentCategory.choices]
    return [
        (str(FollowUpKind.ORDER.label), orders),
        (str(FollowUpKind.INCIDENT.label), incidents),
    ]


def _follow_up(form) -> actions.FollowUp | None:
    d = form.cleaned_data
    if d["outcome"] != Outcome.FOLLOW_UP:
        return None
    kind = d.get("follow_up_kind") or FollowUpKind.ORDER
    prefix, _sep, code = (d.get("follow_up_category") or "").partition(":")
    return actions.FollowUp(
        kind=kind,
        description=d.get("follow_up_description") or "",
        category=code if prefix == kind else "",
    )


def _save(request, target, form):
    with transaction.atomic():  # the visit and its follow-up together, or neither
        return actions.visit_record(
            target=target,
            outcome=form.cleaned_data["outcome"],
            answers=form.answers(),
            note=form.cleaned_data["note"],
            idempotency_key=form.cleaned_data["idempotency_key"],
            follow_up=_follow_up(form),
            actor=request.user,
        )


def _list_url(campaign, target) -> str:
    return reverse("grid:visit_list", args=[campaign.pk]) + f"?grid={target.grid_id}"


def _form_kwargs(campaign, district_code: str) -> dict:
    return {"questions": campaign.questions.all(), "categories": _categories(district_code)}


def _blank_form(campaign, district_code: str) -> VisitForm:
    default = "order:" + str(policies.FOLLOW_UP_CATEGORY.value(district_code))
    initial = {"idempotency_key": uuid.uuid4().hex, "follow_up_category": default}
    return VisitForm(initial=initial, **_form_kwargs(campaign, district_code))


@login_required
def visit_form(request, campaign_id: int, target_id: int):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    target = found(
        lambda: selectors.target_get(user=request.user, campaign=campaign, target_id=target_id)
    )
    visits = list(selectors.target_visits(target=target))
    can_record = perms.can_record_visit(request.user, target)
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = VisitForm(request.POST, **_form_kwargs(campaign, target.district_code))
        if form.is_valid():
            visit, error = run(lambda: _save(request, target, form))
            if visit is not None:
                messages.success(request, _("Visit saved: %(a)s") % {"a": target.household})
                return redirect(_list_url(campaign, target))
            form.add_error(None, error)
    else:
        form = _blank_form(campaign, target.district_code)
    context = {
        "campaign": campaign,
        "target": target,
        "visits": visits,
        "form": form,
        "can_record": can_record and target.outcome not in FINAL,
        "list_url": _list_url(campaign, target),
        "next_url": _next_url(campaign, f"grid={target.grid_id}&after={target.pk}"),
        "offline": page_context(campaign),
    }
    return render(request, "grid/visit_form.html", context)


@login_required
@require_GET
def visit_shell(request, campaign_id: int):
    """The sweep's visit form without a household. The phone keeps it, and its service worker
    shows it for any household it holds no page of when there is no signal; offline.js then
    fills in the household from the kept list (grid:visit_offline_data)."""
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    context = {
        "campaign": campaign,
        "target": None,
        "visits": [],
        "form": _blank_form(campaign, campaign.district_code),
        "can_record": campaign.status == CampaignStatus.OPEN,
        "list_url": reverse("grid:visit_list", args=[campaign.pk]),
        "next_url": _next_url(campaign, ""),
        "offline": page_context(campaign),
    }
    return render(request, "grid/visit_form.html", context)


@login_required
@require_GET
def visit_offline_data(request, campaign_id: int):
    """What the phone keeps to visit without signal: the households of the sweep the user may
    visit (pending first, walking order; short addresses only), as JSON for offline.js."""
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    data = {
        "campaign": campaign.pk,
        "round": campaign.current_round,
        "open": campaign.status == CampaignStatus.OPEN,
        "targets": selectors.offline_targets(user=request.user, campaign=campaign),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})
