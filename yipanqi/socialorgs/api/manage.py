"""The administrators' API steps: register an organisation, add a staff account, the incubation
steps (enter, start, graduate, exit), a government purchase. Whoever holds no role that could
take the step is refused (403) before anything named in the body is looked up, so ids and
usernames cannot be probed; what is named is then read in the user's scope (404 out of scope)."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.pages import found
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.permissions import widest_area
from yipanqi.socialorgs import actions, permissions, selectors
from yipanqi.socialorgs.api import serializers as s
from yipanqi.socialorgs.api.views import OrgStep
from yipanqi.socialorgs.choices import IncubationStage
from yipanqi.socialorgs.models import ADMINS


def _require_role(user, roles) -> None:
    if widest_area(user, roles) is None:
        raise Forbidden()


class OrgRegisterApi(APIView):
    """Register an organisation (登记), or file a community organisation with a street (备案)."""

    @extend_schema(request=s.SocialOrgRegisterInput, responses={201: s.SocialOrgOutput})
    def post(self, request):
        given = s.SocialOrgRegisterInput(data=request.data)
        given.is_valid(raise_exception=True)
        d, user = given.validated_data, request.user
        _require_role(user, ADMINS)
        area = found(selectors.area_in_scope, user=user, area_id=d["area_id"])
        hub = party = None
        if d["hub_id"] is not None:
            hub = found(selectors.hub_get, district_code=area.district_code, org_id=d["hub_id"])
        if d["party_organisation_id"] is not None:
            party = found(selectors.party_get, user=user, party_id=d["party_organisation_id"])
        org = actions.org_register(
            area=area, name=d["name"], legal_form=d["legal_form"], credit_code=d["credit_code"],
            registered_on=d["registered_on"], hub=hub, is_hub=d["is_hub"], rating=d["rating"],
            party_organisation=party, description=d["description"], actor=user,
        )  # fmt: skip
        return Response(s.SocialOrgOutput(org).data, status=201)


def _staff_add(org, d, user):
    if not permissions.can_manage_org(user, org):
        raise Forbidden()
    account = selectors.account_by_username(username=d["username"])
    if account is None:
        message = _("No such account.")
        raise Invalid(message, code="unknown_user", fields={"username": [message]})
    return actions.org_staff_add(organisation=org, user=account, actor=user)


OrgStaffAddApi = OrgStep.declare(
    _staff_add,
    input=s.SocialOrgStaffInput,
    output=s.SocialOrgStaffOutput,
    success_status=201,
    name="OrgStaffAddApi",
    __doc__="Add an existing account as the organisation's staff (the account and its role are "
    "the system administrator's).",
)


def _enter(org, d, user):
    _require_role(user, ADMINS)
    street = found(selectors.area_in_scope, user=user, area_id=d["street_id"], kind=AreaKind.TOWN)
    return actions.incubation_enter(organisation=org, street=street, centre=d["centre"],
                                    entered_on=d["entered_on"], notes=d["notes"], actor=user)  # fmt: skip


def _mover(stage: str):
    def move(org, d, user):
        current = selectors.open_incubation(organisation=org)
        if current is None:
            if not selectors.streets(user=user).exists():
                raise Forbidden()  # no street of one's own: refused before the state is told
            raise Conflict(_("The organisation is not at an incubation centre."),
                           code="not_incubating")  # fmt: skip
        return actions.incubation_move(incubation=current, stage=stage, on=d["on"],
                                       notes=d["notes"], actor=user)  # fmt: skip

    return move


def _incubation_step(act, doc: str, input_=s.SocialOrgIncubationStepInput, name: str = ""):
    return OrgStep.declare(act, input=input_, output=s.SocialOrgIncubationOutput, name=name,
                           __doc__=doc)  # fmt: skip


INCUBATION_STEPS = {
    "enter": _incubation_step(_enter, "入驻: the organisation enters a street's incubation centre.",
                              s.SocialOrgIncubationEnterInput, "IncubationEnterApi"),
    "start": _incubation_step(_mover(IncubationStage.INCUBATING),
                              "孵化中: incubation starts.", name="IncubationStartApi"),
    "graduate": _incubation_step(_mover(IncubationStage.GRADUATED),
                                 "出壳: the organisation graduates.", name="IncubationGraduateApi"),
    "exit": _incubation_step(_mover(IncubationStage.EXITED),
                             "退出: the organisation leaves the centre.", name="IncubationExitApi"),
}  # fmt: skip


class PurchaseApi(APIView):
    """Record a government-purchased service (政府购买服务): the contract amount and purchaser."""

    @extend_schema(request=s.SocialOrgPurchaseInput, responses={201: s.SocialOrgEngagementOutput})
    def post(self, request):
        given = s.SocialOrgPurchaseInput(data=request.data)
        given.is_valid(raise_exception=True)
        d, user = given.validated_data, request.user
        _require_role(user, permissions.PURCHASERS)
        org = found(selectors.org_get, user=user, org_id=d["organisation_id"])
        community = found(selectors.area_in_scope, user=user, area_id=d["community_id"],
                          kind=AreaKind.COMMUNITY)  # fmt: skip
        engagement = actions.engagement_purchase(
            organisation=org, community=community, title=d["title"],
            price_class=d["price_class"], purchaser=d["purchaser"],
            contract_fen=d["contract_fen"], started_on=d["started_on"], actor=user,
        )  # fmt: skip
        return Response(s.SocialOrgEngagementOutput(engagement).data, status=201)
