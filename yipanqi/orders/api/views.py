"""Orders API: reads in scope (out of scope answers 404), one POST per step, each through its action.

Conflicts answer 409 with a stable code (`already_taken`, `illegal_transition`, `already_rated`);
invalid input 400; a step the caller may not take 403 — all in core.api.exceptions' error shape.
"""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.idempotency import SCHEMA as IDEMPOTENCY_SCHEMA
from yipanqi.core.api.idempotency import idempotency_key
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, bool_param, choice_param, choice_schema, id_param
from yipanqi.orders import actions, selectors
from yipanqi.orders import permissions as perms
from yipanqi.orders.api import serializers as out
from yipanqi.orders.choices import DispatchKind, OrderStatus, Urgency
from yipanqi.orders.selectors.teams import team_find
from yipanqi.organisations.selectors import area_find


def _order(request, order_id: int, *, to_take: bool = False):
    get = selectors.order_get_to_take if to_take else selectors.order_get
    return found(get, user=request.user, order_id=order_id)


def _answer(request, order, status: int = 200) -> Response:
    fresh = _order(request, order.pk)
    data = out.OrderDetailOutput(fresh, context={"user": request.user}).data
    return Response(data, status=status)


class OrderListApi(ListAPIView):
    serializer_class = out.OrderOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.order_list(
            user=self.request.user,
            status=choice_param(p, "status", OrderStatus.values),
            category_id=id_param(p, "category"),
            grid_id=id_param(p, "grid"),
            community_id=id_param(p, "community"),
            overdue=bool_param(p, "overdue"),
            escalated=bool_param(p, "escalated"),
        )

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    @extend_schema(
        parameters=[
            query_param(
                "status",
                "One status: placed, accepted, dispatched, taken, done, …",
                choice_schema(OrderStatus.values),
            ),
            query_param("category", "Category id", ID_SCHEMA),
            query_param("grid", "Grid id", ID_SCHEMA),
            query_param("community", "Community id", ID_SCHEMA),
            query_param("overdue", "true or false", OpenApiTypes.BOOL),
            query_param(
                "escalated", "Escalated beyond the community: true or false", OpenApiTypes.BOOL
            ),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    class OrderPlaceInput(serializers.Serializer):
        category_id = IdField()
        grid_id = IdField()
        description = serializers.CharField(max_length=2000)
        title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)

    @extend_schema(
        request=OrderPlaceInput,
        responses={201: out.OrderDetailOutput},
        parameters=[
            query_param(
                "Idempotency-Key",
                "A client key (≤ 64 of A-Z a-z 0-9 _ . : -); repeating a request with the same "
                "key returns the order the first one placed.",
                IDEMPOTENCY_SCHEMA,
                location=OpenApiParameter.HEADER,
            )
        ],
    )
    def post(self, request):
        data = self.OrderPlaceInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        key = idempotency_key(request)
        grid = selectors.grids_for_placing(user=request.user).filter(pk=d["grid_id"]).first()
        if grid is None:
            raise Http404
        category = selectors.categories_for(district_codes=[grid.district_code])
        category = category.filter(pk=d["category_id"]).first()
        if category is None:
            raise Invalid(_("Unknown category."), code="bad_category")
        started = timezone.now()
        order = actions.order_place(
            grid=grid,
            category=category,
            title=d["title"] or d["description"].strip().splitlines()[0][:30],
            description=d["description"],
            urgency=d["urgency"],
            resident=_own_person(request.user, grid),
            actor=request.user,
            idempotency_key=key,
        )
        response = _answer(request, order, status=201)
        if order.created_at < started:
            response["Idempotent-Replayed"] = "true"
        return response


def _own_person(user, grid):
    """Residents place for themselves; staff placing on someone's behalf name nobody here."""
    if perms.is_staff_placer(user, grid.path):
        return None
    return selectors.resident_person(user=user)


class OrderCategoryListApi(APIView):
    @extend_schema(
        responses=out.OrderCategoryOutput(many=True),
        parameters=[query_param("district", "District code (default: the caller's districts)")],
    )
    def get(self, request):
        codes = selectors.user_district_codes(user=request.user)
        wanted = request.query_params.get("district")
        if wanted:
            codes = [c for c in codes if c == wanted]
        categories = selectors.categories_for(district_codes=codes)
        return Response(out.OrderCategoryOutput(categories, many=True).data)


class OrderStep(StepApi):
    # POST /api/v1/orders/{id}/<step>/: the order in scope, one action, the order as it is now.

    selector = staticmethod(selectors.order_get)
    url_kwarg = "order_id"
    output_serializer = out.OrderDetailOutput
    refresh = True


OrderDetailApi = OrderStep.detail()


class OrderReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


OrderAcceptApi = OrderStep.declare(lambda o, d, user: actions.order_accept(order=o, actor=user))
OrderDeclineApi = OrderStep.declare(
    lambda o, d, user: actions.order_decline(order=o, reason=d["reason"], actor=user),
    input=OrderReasonInput,
)
OrderCancelApi = OrderStep.declare(
    lambda o, d, user: actions.order_cancel(order=o, reason=d["reason"], actor=user),
    input=OrderReasonInput,
)


class OrderDispatchInput(serializers.Serializer):
    dispatch_kind = serializers.ChoiceField(choices=DispatchKind.choices)
    member_ids = serializers.ListField(child=IdField(), required=False, default=list, max_length=50)
    unit_id = IdField(required=False, allow_null=True, default=None)
    claim_area_id = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For kind=open: the community or one of its grids (default: the community).",
    )
    team_id = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="For kind=team: a service team serving the order's grid (组团式服务).",
    )
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class OrderReassignInput(OrderDispatchInput):
    reason = serializers.CharField(max_length=500)


def _targets(user, order, d) -> dict:
    """Resolve the ids of a dispatch inside the order's community; unknown ids are a 400."""
    kind, found = d["dispatch_kind"], {"kind": d["dispatch_kind"]}
    if kind == DispatchKind.MEMBERS:
        members = selectors.registered_members(order=order, member_ids=d["member_ids"])
        if len(members) != len(set(d["member_ids"])):
            raise Invalid(
                _("Some members are not registered with this community."),
                code="member_not_registered",
                fields={"member_ids": [_("Unknown or unregistered member.")]},
            )
        found["members"] = members
    elif kind in (DispatchKind.UNIT, DispatchKind.SOCIAL_ORG):
        targets = selectors.dispatch_targets(user=user, order=order)
        found["unit"] = targets.units.filter(pk=d["unit_id"]).first() if d["unit_id"] else None
        if found["unit"] is None:
            raise Invalid(_("Choose the unit."), code="unit_required")
    elif kind == DispatchKind.TEAM:
        found["team"] = team_find(user=user, team_id=d["team_id"]) if d["team_id"] else None
        if found["team"] is None:
            raise Invalid(
                _("Choose the service team."),
                code="team_required",
                fields={"team_id": [_("Unknown service team.")]},
            )
    elif d["claim_area_id"]:
        area = area_find(user=user, area_id=d["claim_area_id"])
        if area is None or not area.path.startswith(order.community.path):
            raise Invalid(_("Open the order within its community."), code="claim_area_outside")
        found["claim_area"] = area
    return found


def _dispatch(order, d, user):
    if not perms.can_manage(user, order):
        raise Forbidden()
    return actions.order_dispatch(
        order=order, note=d["note"], actor=user, **_targets(user, order, d)
    )


def _reassign(order, d, user):
    if not perms.can_manage(user, order):
        raise Forbidden()
    targets = _targets(user, order, d)
    return actions.order_reassign(order=order, reason=d["reason"], actor=user, **targets)


class OrderTakeStep(OrderStep):
    # Late claimants of an open order get "already taken" (409), not "not found".

    def get_object(self, request, pk: int):
        return _order(request, pk, to_take=True)


OrderDispatchApi = OrderStep.declare(_dispatch, input=OrderDispatchInput)
OrderReassignApi = OrderStep.declare(_reassign, input=OrderReassignInput)
OrderTakeApi = OrderTakeStep.declare(lambda o, d, user: actions.order_take(order=o, actor=user))


class OrderHoursInput(serializers.Serializer):
    member_id = IdField()
    hours = serializers.DecimalField(max_digits=3, decimal_places=1, min_value=0, max_value=24)


class OrderCompleteInput(serializers.Serializer):
    note = serializers.CharField(max_length=500)
    hours = OrderHoursInput(
        many=True,
        required=False,
        default=list,
        help_text="Hours per participant (the taker, the members the order was sent to, the "
        "staff of the unit it was sent to), at most the policy orders.max_hours_per_member per "
        "member for the order; default: 1 hour for the taker.",
    )


def _complete(order, d, user):
    rows = {row["member_id"]: row["hours"] for row in d["hours"]}
    members = selectors.creditable_members(order=order, member_ids=rows)
    if len(members) != len(rows):
        raise Invalid(
            actions.NOT_A_PARTICIPANT,
            code="member_not_participant",
            fields={"hours": [actions.NOT_A_PARTICIPANT]},
        )
    hours = {m: rows[m.pk] for m in members} or None
    return actions.order_complete(order=order, note=d["note"], hours=hours, actor=user)


OrderCompleteApi = OrderStep.declare(_complete, input=OrderCompleteInput)


class OrderRateInput(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    solved = serializers.BooleanField()
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


OrderRateApi = OrderStep.declare(
    lambda o, d, user: actions.order_rate(
        order=o, score=d["score"], solved=d["solved"], comment=d["comment"], actor=user
    ),
    input=OrderRateInput,
)
