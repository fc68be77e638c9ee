"""双报到 registrations: submit, confirm, decline, assign to a grid; participation records."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, id_param, int_param, int_schema
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.people import actions, selectors
from yipanqi.people.api import serializers as out


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
            query_param("status", "Comma-separated statuses, e.g. submitted,confirmed"),
            query_param("community", "Community id", ID_SCHEMA),
            query_param("member", "Party member id", ID_SCHEMA),
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
            found(selectors.member_get, user=request.user, member_id=d["member_id"])
            if d["member_id"]
            else None
        )
        unit = (
            found(organisation_selectors.unit_get, user=request.user, unit_id=d["unit_id"])
            if d["unit_id"]
            else None
        )
        community = found(
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


class RegistrationStep(StepApi):
    # POST /api/v1/people/registrations/{id}/<step>/
    selector = staticmethod(selectors.registration_get)
    lookup = "registration_id"
    output_serializer = out.RegistrationOutput
    refresh = True


class RegistrationDeclineInput(serializers.Serializer):
    reason = serializers.CharField(max_length=200)


RegistrationDetailApi = RegistrationStep.detail()
RegistrationConfirmApi = RegistrationStep.declare(
    lambda r, d, user: actions.registration_confirm(registration=r, actor=user)
)
RegistrationDeclineApi = RegistrationStep.declare(
    lambda r, d, user: actions.registration_decline(registration=r, reason=d["reason"], actor=user),
    input=RegistrationDeclineInput,
)


class RegistrationAssignInput(serializers.Serializer):
    grid_id = IdField()


def _assign(registration, d, user):
    grid = found(
        organisation_selectors.area_get, user=user, area_id=d["grid_id"], kind=AreaKind.GRID
    )
    return actions.registration_assign(registration=registration, grid=grid, actor=user)


RegistrationAssignApi = RegistrationStep.declare(_assign, input=RegistrationAssignInput)


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
            query_param("registration", "Registration id", ID_SCHEMA),
            query_param("year", "Calendar year", int_schema(1, 9999)),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
