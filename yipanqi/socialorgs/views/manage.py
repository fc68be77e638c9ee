"""The administrators' pages: register an organisation, add its staff accounts, record its
incubation steps, buy a service for a community (政府购买服务), open a venture round's call
(pre-filled from the district's policies). Each form posts through one action; an error stands
on its field and the form keeps what was typed."""

import datetime

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found, submit
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import actions, permissions, policies, selectors
from yipanqi.socialorgs.forms import to_fen
from yipanqi.socialorgs.forms_admin import (
    IncubationEnterForm,
    IncubationMoveForm,
    OrgRegisterForm,
    PurchaseForm,
    RoundOpenForm,
    StaffAddForm,
)


def _form_page(request, form, title: str, button: str, back: str, back_label: str, **extra):
    context = {"form": form, "title": title, "button": button, "back_url": back,
               "back_label": back_label, **extra}  # fmt: skip
    return render(request, "socialorgs/manage_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def org_new(request):
    """登记 / 备案: the administrators of an area register (or a street files) an organisation."""
    areas = selectors.register_areas(user=request.user)
    if not areas:
        raise PermissionDenied
    hubs = list(selectors.hub_choices(district_codes={a.district_code for a in areas}))
    data = request.POST if request.method == "POST" else None
    form = OrgRegisterForm(data, areas=areas, hubs=hubs,
                           parties=selectors.party_choices(user=request.user))  # fmt: skip

    def post(d):
        return actions.org_register(
            area=form.areas[d["area"]], name=d["name"], legal_form=d["legal_form"],
            credit_code=d["credit_code"], registered_on=d["registered_on"],
            hub=form.hubs.get(d["hub"]), is_hub=d["is_hub"], rating=d["rating"],
            party_organisation=form.parties.get(d["party"]), description=d["description"],
            actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda org: org.get_absolute_url())
    return done or _form_page(request, form, _("Register an organisation"), _("Register"),
                              reverse("socialorgs:org_list"), _("Organisation directory"))  # fmt: skip


def _managed(request, org_id: int):
    org = found(selectors.org_get, user=request.user, org_id=org_id)
    if not permissions.can_manage_org(request.user, org):
        raise PermissionDenied
    return org


@login_required
@require_http_methods(["GET", "POST"])
def org_staff(request, org_id: int):
    """工作人员: the accounts that act for the organisation; an administrator adds one by its
    username (the account itself and its role come from the system administrator)."""
    org = _managed(request, org_id)
    form = StaffAddForm(request.POST if request.method == "POST" else None)

    def post(d):
        user = selectors.account_by_username(username=d["username"])
        if user is None:
            message = _("No such account.")
            raise Invalid(message, code="unknown_user", fields={"username": [message]})
        return actions.org_staff_add(organisation=org, user=user, actor=request.user)

    done = submit(request, form, post, lambda _row: reverse("socialorgs:org_staff", args=[org.pk]))
    staff = selectors.org_staff(user=request.user, organisation=org)
    return done or _form_page(request, form, _("Staff accounts"), _("Add the account"),
                              org.get_absolute_url(), org.name, org=org, staff=staff)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def org_incubation(request, org_id: int):
    """孵化: enter a street's incubation centre, then start incubating, graduate or exit, each
    with its date and the mentor's notes."""
    org = found(selectors.org_get, user=request.user, org_id=org_id)
    current = selectors.open_incubation(organisation=org)
    streets = list(selectors.streets(user=request.user))
    if not streets and not (current and permissions.can_register(request.user, current.street)):
        raise PermissionDenied
    posted = request.POST if request.method == "POST" else None
    today = {"entered_on": timezone.localdate(), "on": timezone.localdate()}
    if current is None:
        form = IncubationEnterForm(posted, streets=streets, initial=today)

        def post(d):
            return actions.incubation_enter(
                organisation=org, street=form.streets[d["street"]], centre=d["centre"],
                entered_on=d["entered_on"], notes=d["notes"], actor=request.user,
            )  # fmt: skip

        button = _("Record entering")
    else:
        form = IncubationMoveForm(posted, initial=today)

        def post(d):
            return actions.incubation_move(incubation=current, stage=d["stage"], on=d["on"],
                                           notes=d["notes"], actor=request.user)  # fmt: skip

        button = _("Record the step")
    done = submit(request, form, post, lambda _row: org.get_absolute_url())
    incubations = selectors.org_incubations(organisation=org)
    return done or _form_page(request, form, _("Incubation"), button, org.get_absolute_url(),
                              org.name, org=org, incubations=incubations,
                              current=current)  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def purchase_new(request):
    """政府购买服务: a street or the district buys a service from an organisation for a community."""
    communities = selectors.purchase_communities(user=request.user)
    if not communities:
        raise PermissionDenied
    orgs = list(selectors.org_list(user=request.user))
    data = request.POST if request.method == "POST" else None
    form = PurchaseForm(data, organisations=orgs, communities=communities,
                        initial={"started_on": timezone.localdate()})  # fmt: skip

    def post(d):
        return actions.engagement_purchase(
            organisation=form.organisations[d["organisation"]],
            community=form.communities[d["community"]], title=d["title"],
            price_class=d["price_class"], purchaser=d["purchaser"],
            contract_fen=to_fen(d["contract"]), started_on=d["started_on"], actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda e: e.get_absolute_url())
    return done or _form_page(request, form, _("Buy a service"), _("Record the purchase"),
                              reverse("socialorgs:board"), _("Needs and offers"))  # fmt: skip


def round_initial(district, today: datetime.date) -> dict:
    """The new call's form as the district's policies fill it."""
    p = policies.round_defaults(district.district_code)
    closes = today + datetime.timedelta(days=p["call_days"])
    return {
        "year": today.year, "opens_on": today, "closes_on": closes, "cap": p["cap_yuan"],
        "total": p["total_yuan"], "objection_days": p["objection_days"],
        "first_share": p["first_share"], "pass_mark": p["pass_mark"],
        "midterm_due": closes + datetime.timedelta(days=p["midterm_days"]),
        "themes": ["governance"],
    }  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    """发布创投公告: the district's administrator opens a call."""
    district = widest_area(request.user, permissions.DISTRICT)
    if district is None:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = RoundOpenForm(data, initial=round_initial(district, timezone.localdate()))

    def post(d):
        return actions.round_open(
            district=district, title=d["title"], year=d["year"], funder=d["funder"],
            opens_on=d["opens_on"], closes_on=d["closes_on"], cap_fen=to_fen(d["cap"]),
            total_fen=to_fen(d["total"]), themes=d["themes"], allowed_forms=d["allowed_forms"],
            min_rating=d["min_rating"], rules=d["rules"], objection_days=d["objection_days"],
            first_share=d["first_share"], pass_mark=d["pass_mark"], midterm_due=d["midterm_due"],
            actor=request.user,
        )  # fmt: skip

    done = submit(request, form, post, lambda r: r.get_absolute_url())
    return done or _form_page(request, form, _("Open a venture round"), _("Publish the call"),
                              reverse("socialorgs:round_list"), _("Venture rounds"))  # fmt: skip
