"""Pages of the registry and of matching: the organisation directory and profile, the needs and
offers board, a need with its matched offers, posting a need or an offer, an engagement with its
delivery log. Phone-friendly: organisations and communities use them on the go."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yipanqi.core.pages import found, paginate, query_string, step, submit
from yipanqi.core.params import choice_param, date_param, id_param, int_param
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import actions, permissions, selectors
from yipanqi.socialorgs.choices import LegalForm, NeedStatus, ServiceKind
from yipanqi.socialorgs.forms import NeedForm, OfferForm, to_fen
from yipanqi.socialorgs.models import ADMINS

PAGE_SIZE = 20


@login_required
def org_list(request):
    """社会组织名录: the organisations the user reaches, by legal form or a name."""
    form = choice_param(request.GET, "form", LegalForm.values) or ""
    query = (request.GET.get("q") or "").strip()[:50]
    rows = selectors.org_list(user=request.user, legal_form=form, query=query)
    context = {
        "page_obj": paginate(request, rows, PAGE_SIZE),
        "forms": LegalForm.choices,
        "form_value": form,
        "q": query,
        "query": query_string([("form", form), ("q", query)]),
        "can_register": widest_area(request.user, ADMINS) is not None,
    }
    return render(request, "socialorgs/org_list.html", context)


@login_required
def org_detail(request, org_id: int):
    org = found(selectors.org_get, user=request.user, org_id=org_id)
    context = {
        "org": org,
        "incubations": selectors.org_incubations(organisation=org),
        "offers": selectors.org_offers(user=request.user, organisation=org),
        "applications": selectors.application_list(user=request.user).filter(organisation=org),
        "members": selectors.org_list(user=request.user).filter(hub=org) if org.is_hub else [],
        "can_manage": permissions.can_manage_org(request.user, org),
    }
    return render(request, "socialorgs/org_detail.html", context)


def _communities(user):
    rows = selectors.need_communities(user=user)
    return [a for a in rows if permissions.can_post_need(user, a)]


@login_required
def board(request):
    """需求与服务: open needs of the user's communities and the offers that reach them."""
    kind = choice_param(request.GET, "kind", ServiceKind.values) or ""
    needs = selectors.need_list(user=request.user, status=NeedStatus.OPEN)
    if kind:
        needs = needs.filter(kind=kind)
    context = {
        "needs": needs[:50],
        "offers": selectors.offer_list(user=request.user, kind=kind)[:50],
        "engagements": selectors.engagement_list(user=request.user)[:20],
        "kinds": ServiceKind.choices,
        "kind": kind,
        "can_post": bool(_communities(request.user)),
        "can_offer": selectors.my_organisations(user=request.user).exists(),
        "can_purchase": widest_area(request.user, permissions.PURCHASERS) is not None,
    }
    return render(request, "socialorgs/board.html", context)


@login_required
def need_new(request):
    communities = _communities(request.user)
    if not communities:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = NeedForm(data, communities=communities)

    def post(d):
        return actions.need_post(
            community=form.communities[d["community"]], title=d["title"], kind=d["kind"],
            people=d["people"], budget_fen=to_fen(d["budget"]), description=d["description"],
            actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda n: n.get_absolute_url())
    return done or render(request, "socialorgs/form.html", {
        "form": form, "title": _("Post a need"), "button": _("Post the need"),
        "back": "socialorgs:board"})  # fmt: skip


@login_required
def need_detail(request, need_id: int):
    need = found(selectors.need_get, user=request.user, need_id=need_id)
    context = {
        "need": need,
        "suggestions": selectors.suggestions(user=request.user, need=need),
        "can_decide": permissions.can_decide_need(request.user, need),
        "engagement": getattr(need, "engagement", None)
        if need.status == NeedStatus.MATCHED
        else None,
    }
    return render(request, "socialorgs/need_detail.html", context)


@login_required
@require_POST
def need_accept(request, need_id: int):
    need = found(selectors.need_get, user=request.user, need_id=need_id)
    offer_id = id_param(request.POST, "offer")
    offer = found(selectors.offer_get, user=request.user, offer_id=offer_id)
    return step(request, lambda: actions.need_accept(need=need, offer=offer, actor=request.user),
                _("Matched: the engagement has started."), need.get_absolute_url())  # fmt: skip


@login_required
def offer_new(request):
    orgs = list(selectors.my_organisations(user=request.user))
    if not orgs:
        raise PermissionDenied
    district = orgs[0].district_code
    areas = selectors.offer_areas(district_code=district)
    data = request.POST if request.method == "POST" else None
    form = OfferForm(data, organisations=orgs, areas=areas)

    def post(d):
        return actions.offer_publish(
            organisation=form.organisations[d["organisation"]], title=d["title"], kind=d["kind"],
            price_class=d["price_class"], area=form.areas[d["area"]], capacity=d["capacity"],
            actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda o: o.organisation.get_absolute_url())
    return done or render(request, "socialorgs/form.html", {
        "form": form, "title": _("Publish a service"), "button": _("Publish"),
        "back": "socialorgs:board"})  # fmt: skip


@login_required
def engagement_detail(request, engagement_id: int):
    engagement = found(selectors.engagement_get, user=request.user, engagement_id=engagement_id)
    context = {
        "engagement": engagement,
        "logs": selectors.engagement_logs(engagement=engagement),
        "can_log": permissions.can_log(request.user, engagement),
        "today": timezone.localdate(),
    }
    return render(request, "socialorgs/engagement_detail.html", context)


@login_required
@require_POST
def engagement_log(request, engagement_id: int):
    engagement = found(selectors.engagement_get, user=request.user, engagement_id=engagement_id)
    on = date_param(request.POST, "delivered_on", default=timezone.localdate())
    people = int_param(request.POST, "people", min_value=1, max_value=100_000, default=1)

    def call():
        return actions.engagement_log(engagement=engagement, delivered_on=on,
                                      note=request.POST.get("note", ""), people=people,
                                      actor=request.user)  # fmt: skip

    return step(request, call, _("Saved."), engagement.get_absolute_url())
