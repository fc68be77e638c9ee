"""Duties API: responsibility lists and items (progress marked by the organisation), access
requests (filing: district and town administrators; one POST per step), admitted duties, refused
tasks (recording: the town or community) and the burden meter."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.params import choice_param, int_param
from yipanqi.duties import actions, selectors
from yipanqi.duties.api import serializers as out
from yipanqi.duties.choices import Level, ListKind, Progress, RequestStatus


def _area(areas, pk: int):
    area = next((a for a in areas if a.pk == pk), None)
    if area is None:
        raise Invalid(fields={"area": ["Not one of your areas."]}, code="bad_area")
    return area


def _year(request) -> int | None:
    return int_param(request.query_params, "year", min_value=2000, max_value=2100)


class DutiesListListApi(ListAPIView):
    serializer_class = out.DutiesListOutput

    def get_queryset(self):
        return selectors.list_list(user=self.request.user, year=_year(self.request))


class DutiesListStep(StepApi):
    selector = staticmethod(selectors.list_get)
    url_kwarg = "list_id"
    output_serializer = out.DutiesListOutput


DutiesListApi = DutiesListStep.detail(name="DutiesListApi")


class DutiesItemInput(serializers.Serializer):
    title = serializers.CharField(max_length=150)
    basis = serializers.CharField(max_length=200)
    owner = serializers.CharField(max_length=100)
    indicators = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


DutiesItemAddApi = DutiesListStep.declare(
    lambda lst, d, user: actions.duty_item_add(duty_list=lst, actor=user, **d),
    input=DutiesItemInput, output=out.DutiesItemOutput, success_status=201,
    name="DutiesItemAddApi", __doc__="Add an item to a list (the level above the organisation).",
)  # fmt: skip


class DutiesItemListApi(ListAPIView):
    serializer_class = out.DutiesItemOutput

    def get_queryset(self):
        return selectors.item_list_all(user=self.request.user)


class DutiesItemStep(StepApi):
    selector = staticmethod(selectors.item_get)
    url_kwarg = "item_id"
    output_serializer = out.DutiesItemOutput


class DutiesProgressInput(serializers.Serializer):
    progress = serializers.ChoiceField(choices=Progress.values)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


DutiesItemApi = DutiesItemStep.detail(name="DutiesItemApi")
DutiesItemProgressApi = DutiesItemStep.declare(
    lambda item, d, user: actions.duty_item_progress(item=item, actor=user, **d),
    input=DutiesProgressInput, name="DutiesItemProgressApi",
    __doc__="The organisation marks its own item's progress (evidence files: on the page).",
)  # fmt: skip
DutiesItemUpdateApi = DutiesItemStep.declare(
    lambda item, d, user: actions.duty_item_update(item=item, actor=user, **d),
    input=DutiesItemInput,
    name="DutiesItemUpdateApi",
)


class DutiesRequestInput(serializers.Serializer):
    area = IdField(help_text="the district or town the request is filed for")
    level = serializers.ChoiceField(choices=Level.values)
    list_kind = serializers.ChoiceField(choices=ListKind.values)
    department = serializers.CharField(max_length=100)
    title = serializers.CharField(max_length=150)
    basis = serializers.CharField(max_length=200)
    description = serializers.CharField(
        max_length=1000, required=False, allow_blank=True, default=""
    )
    authority = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    staff_count = serializers.IntegerField(min_value=0, max_value=1000, required=False, default=0)
    staff_note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    money_fen = serializers.IntegerField(min_value=0, max_value=10**13, required=False, default=0)
    money_source = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    starts_on = serializers.DateField()


class DutiesRequestListApi(ListAPIView):
    serializer_class = out.DutiesRequestOutput

    def get_queryset(self):
        status = choice_param(self.request.query_params, "status", RequestStatus.values, default="")
        return selectors.request_list(
            user=self.request.user, status=status, year=_year(self.request)
        )

    @extend_schema(
        request=DutiesRequestInput, responses={201: out.DutiesRequestOutput},
        description="File an access request; authority, staff (count and arrangement) and money "
        "are each required (400 authority_required / staff_required / money_required); "
        "too close to the start: 400 too_late.",
    )  # fmt: skip
    def post(self, request):
        given = DutiesRequestInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = dict(given.validated_data)
        d["area"] = _area(selectors.filing_areas(user=request.user), d["area"])
        row = actions.request_file(actor=request.user, **d)
        return Response(out.DutiesRequestOutput(row).data, status=201)


class DutiesRequestStep(StepApi):
    selector = staticmethod(selectors.request_get)
    url_kwarg = "request_id"
    output_serializer = out.DutiesRequestOutput


class DutiesReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


DutiesRequestApi = DutiesRequestStep.detail(name="DutiesRequestApi")
DutiesRequestApproveApi = DutiesRequestStep.declare(
    lambda r, d, user: actions.request_approve(request=r, note=d["reason"], actor=user),
    input=DutiesReasonInput, name="DutiesRequestApproveApi",
    __doc__="Admit: the duty joins every receiving town's or community's admitted list.",
)  # fmt: skip
DutiesRequestRefuseApi = DutiesRequestStep.declare(
    lambda r, d, user: actions.request_refuse(request=r, reason=d["reason"], actor=user),
    input=DutiesReasonInput,
    name="DutiesRequestRefuseApi",
)
DutiesRequestWithdrawApi = DutiesRequestStep.declare(
    lambda r, d, user: actions.request_withdraw(request=r, actor=user),
    name="DutiesRequestWithdrawApi",
)
DutiesRequestRetireApi = DutiesRequestStep.declare(
    lambda r, d, user: actions.request_retire(request=r, reason=d["reason"], actor=user),
    input=DutiesReasonInput,
    name="DutiesRequestRetireApi",
)


class DutiesAdmittedListApi(ListAPIView):
    serializer_class = out.DutiesAdmittedOutput

    def get_queryset(self):
        return selectors.admitted_list(user=self.request.user)


class DutiesAdmittedStep(StepApi):
    selector = staticmethod(selectors.admitted_get)
    url_kwarg = "admitted_id"
    output_serializer = out.DutiesAdmittedOutput


DutiesAdmittedApi = DutiesAdmittedStep.detail(name="DutiesAdmittedApi")


class DutiesRefusalInput(serializers.Serializer):
    area = IdField(help_text="the town or community refusing")
    task = serializers.CharField(max_length=150)
    pushed_by = serializers.CharField(max_length=100)
    reason = serializers.CharField(max_length=500)
    refused_on = serializers.DateField(required=False, allow_null=True, default=None)


class DutiesRefusalListApi(ListAPIView):
    serializer_class = out.DutiesRefusalOutput

    def get_queryset(self):
        return selectors.refusal_list(user=self.request.user, year=_year(self.request))

    @extend_schema(request=DutiesRefusalInput, responses={201: out.DutiesRefusalOutput},
                   description="Refuse a task not on the admitted list (409 on_admitted_list).")  # fmt: skip
    def post(self, request):
        given = DutiesRefusalInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = dict(given.validated_data)
        d["area"] = _area(selectors.refusing_areas(user=request.user), d["area"])
        row = actions.task_refuse(actor=request.user, **d)
        return Response(out.DutiesRefusalOutput(row).data, status=201)


class DutiesRefusalStep(StepApi):
    selector = staticmethod(selectors.refusal_get)
    url_kwarg = "refusal_id"
    output_serializer = out.DutiesRefusalOutput


DutiesRefusalApi = DutiesRefusalStep.detail(name="DutiesRefusalApi")


class DutiesBurdenApi(APIView):
    @extend_schema(responses=out.DutiesBurdenOutput(many=True))
    def get(self, request):
        today = timezone.localdate()
        year = _year(request) or today.year
        meters = selectors.burden(user=request.user, year=min(year, today.year), today=today)
        return Response(out.DutiesBurdenOutput(meters, many=True).data)
