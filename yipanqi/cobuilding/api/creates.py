"""Co-building API: what starts a row — a unit's resource, a community's hard problem, a
community's yearly evaluation of a unit (POST on the lists)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.cobuilding import actions, selectors
from yipanqi.cobuilding import selectors_refs as refs
from yipanqi.cobuilding.api import serializers as out
from yipanqi.cobuilding.choices import Grade, ResourceKind
from yipanqi.cobuilding.permissions import liaison_unit_ids
from yipanqi.core.api.fields import IdField
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


class CobuildingResourceInput(serializers.Serializer):
    unit = IdField(help_text="the unit publishing (one the caller is the liaison of)")
    title = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=ResourceKind.values)
    capacity = serializers.CharField(max_length=100)
    conditions = serializers.CharField(max_length=300, required=False, default="")
    area = IdField(help_text="the area served (a community, street or the district)")
    available_from = serializers.DateField()
    available_to = serializers.DateField()
    single_claim = serializers.BooleanField(required=False, default=False)


class CobuildingProblemInput(serializers.Serializer):
    community = IdField(help_text="the raising community (one the caller administers)")
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000)


class CobuildingEvaluationInput(serializers.Serializer):
    community = IdField(help_text="the evaluating community (one the caller administers)")
    unit = IdField(help_text="a unit registered with that community")
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    grade = serializers.ChoiceField(choices=Grade.values)
    comment = serializers.CharField(max_length=500, required=False, default="")


def _valid(serializer_class, data) -> dict:
    given = serializer_class(data=data)
    given.is_valid(raise_exception=True)
    return given.validated_data


def _mine(user, area_id: int, field: str) -> Area:
    area = refs.area_i_run(user=user, area_id=area_id)
    if area is None:
        raise Invalid(fields={field: ["Not an area of yours."]}, code=f"bad_{field}")
    return area


class ResourceCreateApi(APIView):
    @extend_schema(request=CobuildingResourceInput, responses={201: out.CobuildingResourceOutput})
    def post(self, request):
        """A unit publishes a resource (资源清单). 403 unless the caller is its liaison."""
        d = _valid(CobuildingResourceInput, request.data)
        if d["unit"] not in liaison_unit_ids(request.user):
            raise Forbidden()
        unit = refs.unit_any(unit_id=d.pop("unit"))
        area = refs.area_any(area_id=d.pop("area"))
        if area is None:
            raise Invalid(fields={"area": ["Not an area."]}, code="bad_area")
        resource = actions.resource_publish(unit=unit, area=area, actor=request.user, **d)
        return Response(out.CobuildingResourceOutput(resource).data, status=201)


class ProblemCreateApi(APIView):
    @extend_schema(request=CobuildingProblemInput, responses={201: out.CobuildingProblemOutput})
    def post(self, request):
        """A community raises a hard problem with its town's council (难题会办)."""
        d = _valid(CobuildingProblemInput, request.data)
        community = _mine(request.user, d["community"], "community")
        council = refs.council_of(refs.town_of(community))
        if council is None or community.kind != AreaKind.COMMUNITY:
            raise Invalid(fields={"community": ["No co-building council."]}, code="no_council")
        problem = actions.problem_raise(
            council=council, community=community, title=d["title"],
            description=d["description"], actor=request.user,
        )  # fmt: skip
        problem = selectors.problem_get(user=request.user, problem_id=problem.pk)
        return Response(out.CobuildingProblemOutput(problem).data, status=201)


class EvaluationCreateApi(APIView):
    @extend_schema(
        request=CobuildingEvaluationInput, responses={201: out.CobuildingEvaluationOutput}
    )
    def post(self, request):
        """A community evaluates a unit registered with it for a year, within the policy's
        window; the figures are computed from records. 400 `window_closed`, `not_registered`;
        409 `already_evaluated`."""
        d = _valid(CobuildingEvaluationInput, request.data)
        community = _mine(request.user, d["community"], "community")
        unit = refs.unit_any(unit_id=d["unit"])
        if unit is None:
            raise Invalid(fields={"unit": ["Not a unit."]}, code="bad_unit")
        evaluation = actions.evaluation_record(
            community=community, unit=unit, year=d["year"], grade=d["grade"],
            comment=d["comment"], actor=request.user,
        )  # fmt: skip
        return Response(out.CobuildingEvaluationOutput(evaluation).data, status=201)
