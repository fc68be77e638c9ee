"""Grid API: sweeps, their visit lists and coverage, recording visits (idempotent by key), incident
reports and one POST per incident step. Reads in scope (out of scope answers 404); errors in
core.api.exceptions' shape {code, message}."""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.idempotency import SCHEMA as IDEMPOTENCY_SCHEMA
from yipanqi.core.api.idempotency import idempotency_key
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import DetailApi, StepApi
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, choice_param, choice_schema, id_param
from yipanqi.grid import actions, selectors
from yipanqi.grid.api import serializers as out
from yipanqi.grid.choices import FollowUpKind, IncidentCategory, IncidentStatus, Outcome
from yipanqi.grid.models import Target

KEY_HELP = (
    "A client key (≤ 64 of A-Z a-z 0-9 _ . : -); repeating a request with the same key returns "
    "what the first one recorded."
)


def _campaign(request, campaign_id: int):
    """The sweep a list, a visit or the coverage hangs from: brief, these never read its
    questions, target areas or tags (404 when missing or out of scope)."""
    return found(lambda: selectors.campaign_brief(user=request.user, campaign_id=campaign_id))


class CampaignListApi(ListAPIView):
    serializer_class = out.CampaignOutput

    def get_queryset(self):
        return selectors.campaign_list(user=self.request.user)


class CampaignDetailApi(DetailApi):
    selector = staticmethod(selectors.campaign_get)
    url_kwarg = "campaign_id"
    output_serializer = out.CampaignDetailOutput


class FollowUpInput(serializers.Serializer):
    kind = serializers.ChoiceField(choices=FollowUpKind.choices)
    description = serializers.CharField(max_length=2000)
    category = serializers.CharField(
        max_length=40, required=False, default="", help_text="order or incident category code"
    )


class VisitRecordInput(serializers.Serializer):
    target_id = IdField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    answers = serializers.DictField(required=False, default=dict, help_text="question id → answer")
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    idempotency_key = serializers.RegexField(
        r"^[A-Za-z0-9_.:-]*$", max_length=64, required=False, allow_blank=True, default="",
        help_text=KEY_HELP,
    )  # fmt: skip
    follow_up = FollowUpInput(required=False, allow_null=True, default=None)
    visited_at = serializers.DateTimeField(
        required=False,
        allow_null=True,
        default=None,
        help_text="when the visit happened, if it is sent later (recorded without signal); "
        "at most a week ago, not before the sweep started",
    )


class VisitListApi(ListAPIView):
    serializer_class = out.TargetOutput

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no campaign
            return Target.objects.none()
        campaign = _campaign(self.request, self.kwargs["campaign_id"])
        grid_id = id_param(self.request.query_params, "grid")
        return selectors.visit_list(user=self.request.user, campaign=campaign, grid_id=grid_id)

    @extend_schema(
        parameters=[query_param("grid", "Grid id", ID_SCHEMA)],
        description="The households of the sweep the caller reaches: pending first, then by "
        "building, staircase unit and room.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=VisitRecordInput,
        responses={201: out.VisitOutput, 200: out.VisitOutput},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", IDEMPOTENCY_SCHEMA, OpenApiParameter.HEADER, description=KEY_HELP
            )
        ],
        description="Record the visit of the current round. Sent again with the same key, the "
        "first record is returned (200) and nothing new is stored.",
    )
    def post(self, request, campaign_id: int):
        campaign = _campaign(request, campaign_id)
        data = VisitRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        key = idempotency_key(request, d["idempotency_key"])
        target = found(
            lambda: selectors.target_get(
                user=request.user, campaign=campaign, target_id=d["target_id"]
            )
        )
        follow, started = d["follow_up"], timezone.now()
        visit = actions.visit_record(
            target=target,
            outcome=d["outcome"],
            answers=d["answers"],
            note=d["note"],
            idempotency_key=key,
            follow_up=actions.FollowUp(**follow) if follow else None,
            visited_at=d["visited_at"],
            actor=request.user,
        )
        replayed = bool(key) and visit.created_at < started
        response = Response(out.VisitOutput(visit).data, status=200 if replayed else 201)
        if replayed:
            response["Idempotent-Replayed"] = "true"
        return response


class CoverageApi(APIView):
    @extend_schema(
        responses=out.CoverageOutput,
        parameters=[
            query_param(
                "area", "Area id (default: the area running the sweep, or yours)", ID_SCHEMA
            )
        ],
    )
    def get(self, request, campaign_id: int):
        campaign = _campaign(request, campaign_id)
        node = selectors.coverage_node(
            user=request.user,
            campaign=campaign,
            area_id=id_param(request.query_params, "area"),
        )
        if node is None:
            raise Http404
        coverage = selectors.coverage(user=request.user, campaign=campaign, node=node)
        return Response(out.CoverageOutput(coverage).data)


class IncidentReportInput(serializers.Serializer):
    grid_id = IdField()
    category = serializers.ChoiceField(choices=IncidentCategory.choices)
    place = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=2000)
    title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")


class IncidentListApi(ListAPIView):
    serializer_class = out.IncidentOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.incident_list(
            user=self.request.user,
            status=choice_param(p, "status", IncidentStatus.values),
            grid_id=id_param(p, "grid"),
        )

    @extend_schema(
        parameters=[
            query_param(
                "status",
                "reported, accepted, handled or closed",
                choice_schema(IncidentStatus.values),
            ),
            query_param("grid", "Grid id", ID_SCHEMA),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=IncidentReportInput,
        responses={201: out.IncidentDetailOutput},
        parameters=[
            OpenApiParameter(
                "Idempotency-Key", IDEMPOTENCY_SCHEMA, OpenApiParameter.HEADER, description=KEY_HELP
            )
        ],
    )
    def post(self, request):
        data = IncidentReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        grid = selectors.grids_for_reporting(user=request.user).filter(pk=d["grid_id"]).first()
        if grid is None:
            raise Http404
        incident = actions.incident_report(
            grid=grid,
            category=d["category"],
            place=d["place"],
            description=d["description"],
            title=d["title"],
            idempotency_key=idempotency_key(request),
            actor=request.user,
        )
        return _answer(request, incident, status=201)


def _incident(request, incident_id: int):
    return found(lambda: selectors.incident_get(user=request.user, incident_id=incident_id))


def _answer(request, incident, status: int = 200) -> Response:
    fresh = _incident(request, incident.pk)
    data = out.IncidentDetailOutput(fresh, context={"user": request.user}).data
    return Response(data, status=status)


class IncidentStepInput(serializers.Serializer):
    note = serializers.CharField(
        max_length=2000,
        required=False,
        allow_blank=True,
        default="",
        help_text="what was done (handle), why (escalate), the result (close)",
    )
    solved = serializers.BooleanField(required=False, default=True, help_text="close only")


class IncidentStep(StepApi):
    # POST /api/v1/grid/incidents/{id}/<step>/: the incident in scope, one action, the incident.
    selector = staticmethod(selectors.incident_get)
    url_kwarg = "incident_id"
    input_serializer = IncidentStepInput
    output_serializer = out.IncidentDetailOutput
    refresh = True


IncidentDetailApi = IncidentStep.detail()
STEPS = {
    "accept": IncidentStep.declare(
        lambda i, d, user: actions.incident_accept(incident=i, actor=user)
    ),
    "handle": IncidentStep.declare(
        lambda i, d, user: actions.incident_handle(incident=i, note=d["note"], actor=user)
    ),
    "escalate": IncidentStep.declare(
        lambda i, d, user: actions.incident_escalate(incident=i, reason=d["note"], actor=user)
    ),
    "close": IncidentStep.declare(
        lambda i, d, user: actions.incident_close(
            incident=i, result=d["note"], solved=d["solved"], actor=user
        )
    ),
}


def step_view(step: str) -> type[StepApi]:
    return STEPS[step]
