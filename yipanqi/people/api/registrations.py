"""双报到 registrations: submit, confirm, decline, assign to a grid; participation records."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import StepApi
from yipanqi.core.params import id_param, int_param
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.people import actions, selectors
from yipanqi.people.api import serializers as out
from yipanqi.people.api._common import get_or_404, param


def _registration(request, registration_id: int):
    return get_or_404(
        selectors.registration_get, user=request.user, registration_id=registration_id
    )


def _refreshed(request, registration) -> Response:
    return Response(out.RegistrationOutput(_registration(request, registration.pk)).data)


class RegistrationListApi(ListAPIView):
    serializer_class = out.RegistrationOutput

    def get_queryset(self):
        p = self.request.query_params
        statuses = [s for s in p.get("status", "").split(",") if s]
        return selectors.registration_list(
            user=self.request.user,
            statuses=statuses,
            community_id=id_param(p, "community"),
            member_id=id_param(p, "member"),
        )

    @extend_schema(
        parameters=[
            param("status", "Comma-separated statuses, e.g. submitted,confirmed"),
            param("community", "Community id", OpenApiTypes.INT),
            param("member", "Party member id", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    class RegistrationSubmitInput(serializers.Serializer):
        community_id = IdField()
        member_id = IdField(required=False, allow_null=True, default=None)
        unit_id = IdField(required=False, allow_null=True, default=None)
        skills = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
        preferences = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )

        def validate(self, attrs):
            if bool(attrs["member_id"]) == bool(attrs["unit_id"]):
                raise serializers.ValidationError(_("Give either a member or a unit."))
            return attrs

    @extend_schema(request=RegistrationSubmitInput, responses={201: out.RegistrationOutput})
    def post(self, request):
        data = self.RegistrationSubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        member = (
            get_or_404(selectors.member_get, user=request.user, member_id=d["member_id"])
            if d["member_id"]
            else None
        )
        unit = (
            get_or_404(organisation_selectors.unit_get, user=request.user, unit_id=d["unit_id"])
            if d["unit_id"]
            else None
        )
        community = get_or_404(
            selectors.registration_community,
            user=request.user,
            community_id=d["community_id"],
            member=member,
        )
        registration = actions.registration_submit(
            community=community,
            member=member,
            unit=unit,
            skills=d["skills"],
            preferences=d["preferences"],
            actor=request.user,
        )
        return Response(out.RegistrationOutput(registration).data, status=201)


class RegistrationDetailApi(APIView):
    @extend_schema(responses=out.RegistrationOutput)
    def get(self, request, pk: int):
        return Response(out.RegistrationOutput(_registration(request, pk)).data)


class RegistrationStep(StepApi):
    # POST /api/v1/people/registrations/{id}/<step>/
    selector = staticmethod(selectors.registration_get)
    lookup = "registration_id"
    output_serializer = out.RegistrationOutput
    refresh = True


class RegistrationDeclineInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


RegistrationConfirmApi = RegistrationStep.declare(
    lambda r, d, user: actions.registration_confirm(registration=r, actor=user)
)
RegistrationDeclineApi = RegistrationStep.declare(
    lambda r, d, user: actions.registration_decline(registration=r, reason=d["reason"], actor=user),
    input=RegistrationDeclineInput,
)


class RegistrationAssignApi(APIView):
    class RegistrationAssignInput(serializers.Serializer):
        grid_id = IdField()

    @extend_schema(request=RegistrationAssignInput, responses=out.RegistrationOutput)
    def post(self, request, pk: int):
        registration = _registration(request, pk)
        data = self.RegistrationAssignInput(data=request.data)
        data.is_valid(raise_exception=True)
        grid = get_or_404(
            organisation_selectors.area_get,
            user=request.user,
            area_id=data.validated_data["grid_id"],
            kind=AreaKind.GRID,
        )
        registration = actions.registration_assign(
            registration=registration, grid=grid, actor=request.user
        )
        return _refreshed(request, registration)


class ParticipationListApi(ListAPIView):
    serializer_class = out.ParticipationOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.participation_list(
            user=self.request.user,
            registration_id=id_param(p, "registration"),
            year=int_param(p, "year", min_value=1, max_value=9999),
        )

    @extend_schema(
        parameters=[
            param("registration", "Registration id", OpenApiTypes.INT),
            param("year", "Calendar year", OpenApiTypes.INT),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
