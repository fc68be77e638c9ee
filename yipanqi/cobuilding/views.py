"""Pages of the three lists and claiming (phone-first for unit liaisons), and a town's page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.cobuilding import actions, selectors
from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.forms import AgreementForm, ClaimForm, DeclineForm, ResourceForm
from yipanqi.cobuilding.permissions import administers
from yipanqi.cobuilding.selectors_town import unevaluated_units
from yipanqi.core.pages import found, step, submit
from yipanqi.core.params import id_param
from yipanqi.organisations.models import Area, Unit


def _my_unit(request) -> Unit:
    unit = refs.my_unit(user=request.user, unit_id=id_param(request.POST, "unit"))
    if unit is None:
        raise PermissionDenied
    return unit


def _my_communities(user) -> list[Area]:
    return list(refs.areas_i_run(user=user)[:200])


@login_required
def board(request):
    user = request.user
    context = {
        "needs": selectors.needs_open(user=user)[:50],
        "resources": selectors.resources_published(user=user)[:50],
        "to_decide": selectors.claims_to_decide(user=user)[:50],
        "claims": selectors.claims(user=user)[:30],
        "units": refs.my_units(user=user),
        "communities": _my_communities(user),
        "towns": selectors.towns(user=user)[:30],
    }
    return render(request, "cobuilding/board.html", context)


@login_required
@require_POST
def need_claim(request, need_id: int):
    need = found(selectors.need_get, user=request.user, need_id=need_id)
    form = ClaimForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    unit = _my_unit(request)
    call = lambda: actions.need_claim(need=need, unit=unit, note=note, actor=request.user)  # noqa: E731
    return step(
        request, call, _("Claimed; waiting for the community."), reverse("cobuilding:board")
    )


@login_required
@require_POST
def resource_claim(request, resource_id: int):
    resource = found(selectors.resource_get, user=request.user, resource_id=resource_id)
    community_id = id_param(request.POST, "community")
    community = found(refs.community_i_run, user=request.user, community_id=community_id)

    def call():
        return actions.resource_claim(resource=resource, community=community, actor=request.user)  # noqa: E731

    return step(request, call, _("Claimed; waiting for the unit."), reverse("cobuilding:board"))


@login_required
def resource_new(request):
    unit = refs.my_units(user=request.user).first()
    if unit is None:
        raise PermissionDenied
    form = ResourceForm(request.POST or None)

    def call(data):
        town = refs.town_of(unit.area)
        return actions.resource_publish(unit=unit, area=town, actor=request.user, **data)

    done = submit(request, form, call, lambda r: reverse("cobuilding:board"))
    return done or render(request, "cobuilding/resource_form.html", {"form": form, "unit": unit})


@login_required
@require_POST
def claim_step(request, claim_id: int, action: str):
    claim = found(selectors.claim_get, user=request.user, claim_id=claim_id)
    back = reverse("cobuilding:board")
    if action == "accept":
        form = AgreementForm(request.POST, prefix=f"agreement-{claim.pk}")
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect(back)
        agreement = {name: value for name, value in form.cleaned_data.items() if value}
        call = lambda: actions.claim_accept(claim=claim, actor=request.user, **agreement)  # noqa: E731
        return step(request, call, _("Accepted; the co-building project has started."), back)
    if action == "decline":
        form = DeclineForm(request.POST)
        reason = form.cleaned_data["reason"] if form.is_valid() else ""
        call = lambda: actions.claim_decline(claim=claim, reason=reason, actor=request.user)  # noqa: E731
        return step(request, call, _("Declined."), back)
    call = lambda: actions.claim_withdraw(claim=claim, actor=request.user)  # noqa: E731
    return step(request, call, _("Withdrawn."), back)


@login_required
def town(request, town_id: int):
    area = found(selectors.town_get, user=request.user, town_id=town_id)
    council = selectors.council_of(area)
    context = {
        "town": area,
        "council": council,
        "members": selectors.council_members(council),
        "next_session": selectors.next_session(council),
        "problems": selectors.town_open_problems(user=request.user, town=area),
        "counts": selectors.town_counts(user=request.user, town=area),
        "unevaluated": unevaluated_units(town=area) if administers(request.user, area) else None,
    }
    return render(request, "cobuilding/town.html", context)
