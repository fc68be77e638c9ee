"""/api/v1/cobuilding/teams/: fixed service teams (组团式服务) — list, detail, set up, and one POST
per step (edit, add a member, remove a member). The team lives in the orders app; these views call
its selectors and actions. Out of scope answers 404 like missing; the actions' errors answer with
their stable codes (400 `member_not_registered`, `member_outside_area`, `coverage_outside_area`;
409 `already_in_team`, `leader_cannot_leave`, `team_name_taken`; 403 `permission_denied`).
Dispatching an order to a team and taking it are the orders API's steps (`dispatch_kind=team`).
"""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.params import bool_param
from yipanqi.core.pii import mask_name
from yipanqi.orders import actions
from yipanqi.orders import permissions as perms
from yipanqi.orders.selectors import teams as selectors

MAX_COVERAGE = 50


class TeamAreaOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.CharField()


class TeamNamedOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


def _name_for(user, team, person) -> str:
    """Named in full to the team's admins and to the person themself; masked to everyone else."""
    if perms.can_manage_team(user, team) or person.user_id == getattr(user, "pk", None):
        return person.name
    return mask_name(person.name)


class TeamOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    lead_organisation = TeamNamedOutput()
    area = TeamNamedOutput(help_text="The leading organisation's street or community.")
    leader_id = serializers.IntegerField(allow_null=True, help_text="The leader's party member id.")
    leader_name = serializers.SerializerMethodField()
    active = serializers.BooleanField()
    coverage = serializers.SerializerMethodField()

    @extend_schema_field(serializers.CharField())
    def get_leader_name(self, team) -> str:
        if team.leader_id is None:
            return ""
        return _name_for(self.context.get("user"), team, team.leader.person)

    @extend_schema_field(TeamAreaOutput(many=True))
    def get_coverage(self, team) -> list:
        return TeamAreaOutput(selectors.team_coverage(team=team), many=True).data


class TeamMemberOutput(serializers.Serializer):
    id = serializers.IntegerField(help_text="The membership's id.")
    member_id = serializers.IntegerField()
    name = serializers.CharField()
    source = serializers.CharField(help_text="registered or unit_staff")
    unit_id = serializers.IntegerField(allow_null=True)
    active = serializers.BooleanField()
    joined_at = serializers.DateTimeField()
    left_at = serializers.DateTimeField(allow_null=True)


class TeamDetailOutput(TeamOutput):
    members = serializers.SerializerMethodField()
    services_done = serializers.SerializerMethodField()

    @extend_schema_field(TeamMemberOutput(many=True))
    def get_members(self, team) -> list:
        user = self.context.get("user")
        rows = [
            {
                "id": r.pk,
                "member_id": r.member_id,
                "name": _name_for(user, team, r.member.person),
                "source": r.source,
                "unit_id": r.unit_id,
                "active": r.active,
                "joined_at": r.joined_at,
                "left_at": r.left_at,
            }
            for r in selectors.team_members(team=team)
        ]
        return TeamMemberOutput(rows, many=True).data

    @extend_schema_field(serializers.IntegerField())
    def get_services_done(self, team) -> int:
        log = selectors.team_service_log(user=self.context.get("user"), team=team)
        return log.filter(status__in=selectors.DONE_STATES).count()


class TeamListApi(ListAPIView):
    serializer_class = TeamOutput

    def get_queryset(self):
        active = bool_param(self.request.query_params, "active")
        return selectors.team_list(user=self.request.user, active=active).order_by("name", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "user": self.request.user}

    @extend_schema(parameters=[query_param("active", "true or false", OpenApiTypes.BOOL)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


def _areas(user, ids: list[int]) -> list:
    """The named areas among those the user sees; an unknown id is a 400 (revealing nothing)."""
    areas = selectors.area_find_many(user=user, area_ids=ids)
    if len(areas) != len(set(ids)):
        message = _("Unknown community or grid.")
        raise Invalid(message, code="unknown_area", fields={"coverage_ids": [message]})
    return areas


class TeamCreateInput(serializers.Serializer):
    lead_organisation_id = IdField(help_text="A street or community party organisation.")
    name = serializers.CharField(max_length=60)
    coverage_ids = serializers.ListField(
        child=IdField(), min_length=1, max_length=MAX_COVERAGE, help_text="Communities or grids."
    )


class TeamCreateApi(APIView):
    @extend_schema(request=TeamCreateInput, responses={201: TeamDetailOutput})
    def post(self, request):
        given = TeamCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        leads = selectors.lead_choices(user=request.user)
        if not leads.exists():
            raise Forbidden()
        lead = leads.filter(pk=d["lead_organisation_id"]).first()
        if lead is None:
            message = _("Choose a street or community party organisation you administer.")
            raise Invalid(
                message,
                code="lead_not_street_or_community",
                fields={"lead_organisation_id": [message]},
            )
        team = actions.team_create(
            lead_organisation=lead,
            name=d["name"],
            coverage=_areas(request.user, d["coverage_ids"]),
            actor=request.user,
        )
        team = selectors.team_get(user=request.user, team_id=team.pk)
        data = TeamDetailOutput(team, context={"user": request.user}).data
        return Response(data, status=201)


class TeamStep(StepApi):
    # POST /api/v1/cobuilding/teams/{id}/<step>/: the team in scope, one action, the team now.

    selector = staticmethod(selectors.team_get)
    url_kwarg = "team_id"
    output_serializer = TeamDetailOutput
    refresh = True


TeamDetailApi = TeamStep.detail()


class TeamEditInput(serializers.Serializer):
    name = serializers.CharField(max_length=60, required=False)
    coverage_ids = serializers.ListField(
        child=IdField(), min_length=1, max_length=MAX_COVERAGE, required=False
    )
    leader_id = IdField(required=False, help_text="An active member of the team (member id).")
    active = serializers.BooleanField(required=False)


def _managed(team, user) -> None:
    """Only the team's admins get past here (before any id is looked up)."""
    if not perms.can_manage_team(user, team):
        raise Forbidden()


def _edit(team, d, user):
    _managed(team, user)
    leader = None
    if d.get("leader_id"):
        leader = selectors.team_member_choices(team=team).filter(pk=d["leader_id"]).first()
        if leader is None:
            message = _("The leader must be an active member of the team.")
            raise Invalid(message, code="leader_not_member", fields={"leader_id": [message]})
    coverage = _areas(user, d["coverage_ids"]) if "coverage_ids" in d else None
    return actions.team_edit(
        team=team,
        name=d.get("name"),
        coverage=coverage,
        leader=leader,
        active=d.get("active"),
        actor=user,
    )


class TeamMemberInput(serializers.Serializer):
    member_id = IdField(help_text="The party member's id.")


def _add(team, d, user):
    _managed(team, user)
    member = selectors.member_for_team(user=user, team=team, member_id=d["member_id"])
    if member is None:
        message = _("Unknown member, or not registered with a community this team serves.")
        raise Invalid(message, code="member_not_registered", fields={"member_id": [message]})
    actions.team_member_add(team=team, member=member, actor=user)
    return team


def _remove(team, d, user):
    _managed(team, user)
    row = team.memberships.filter(member_id=d["member_id"], active=True).first()
    if row is None:
        message = _("This member is not in the team.")
        raise Invalid(message, code="not_in_team", fields={"member_id": [message]})
    actions.team_member_remove(membership=row, actor=user)
    return team


TeamEditApi = TeamStep.declare(_edit, input=TeamEditInput)
TeamMemberAddApi = TeamStep.declare(_add, input=TeamMemberInput)
TeamMemberRemoveApi = TeamStep.declare(_remove, input=TeamMemberInput)
