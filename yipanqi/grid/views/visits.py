"""The grid worker's phone pages: the households of a sweep in walking order, pending first, and a
few-tap visit form (outcome buttons, the checklist, and a follow-up that opens an order or incident)."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from yipanqi.core.pages import found, paginate, run
from yipanqi.core.params import id_param
from yipanqi.grid import actions, policies, selectors
from yipanqi.grid import permissions as perms
from yipanqi.grid.choices import FINAL, FollowUpKind, IncidentCategory, Outcome
from yipanqi.grid.forms import VisitForm
from yipanqi.orders.choices import DEFAULT_CATEGORIES
from yipanqi.orders.selectors import categories_for

LIST_SIZE = 50


@login_required
def visit_list(request, campaign_id: int):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    grids = list(selectors.visit_grids(user=request.user, campaign=campaign))
    grid_id, mine = id_param(request.GET, "grid"), request.GET.get("mine") == "1"
    targets = selectors.visit_list(user=request.user, campaign=campaign, grid_id=grid_id, mine=mine)
    page = paginate(request, targets, LIST_SIZE)
    context = {
        "campaign": campaign,
        "grids": grids,
        "grid_id": grid_id,
        "page_obj": page,
        "pending": targets.filter(is_done=0).count(),
        "mine": mine,
        "query": f"grid={grid_id or ''}&mine={int(mine)}",
        "final": FINAL,
    }
    return render(request, "grid/visit_list.html", context)


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


@login_required
def visit_form(request, campaign_id: int, target_id: int):
    campaign = found(lambda: selectors.campaign_get(user=request.user, campaign_id=campaign_id))
    target = found(
        lambda: selectors.target_get(user=request.user, campaign=campaign, target_id=target_id)
    )
    visits = list(selectors.target_visits(target=target))
    can_record = perms.can_record_visit(request.user, target)
    default = "order:" + str(policies.FOLLOW_UP_CATEGORY.value(target.district_code))
    kwargs = {
        "questions": campaign.questions.all(),
        "categories": _categories(target.district_code),
    }
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied
        form = VisitForm(request.POST, **kwargs)
        if form.is_valid():
            visit, error = run(lambda: _save(request, target, form))
            if visit is not None:
                messages.success(request, _("Visit saved: %(a)s") % {"a": target.household})
                return redirect(_list_url(campaign, target))
            form.add_error(None, error)
    else:
        initial = {"idempotency_key": uuid.uuid4().hex, "follow_up_category": default}
        form = VisitForm(initial=initial, **kwargs)
    context = {
        "campaign": campaign,
        "target": target,
        "visits": visits,
        "form": form,
        "can_record": can_record and target.outcome not in FINAL,
        "list_url": _list_url(campaign, target),
    }
    return render(request, "grid/visit_form.html", context)
