"""Party members (党员): list, create, transfer between branches, status; branch feedback."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.pages import found
from yipanqi.core.params import BOOL_SCHEMA, ID_SCHEMA, bool_param, id_param, int_param, int_schema
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.models import PartyOrganisation
from yipanqi.people import actions, selectors
from yipanqi.people.api import serializers as out
from yipanqi.people.choices import MembershipKind, MemberStatus


def _branch(request, branch_id: int) -> PartyOrganisation:
    return found(
        organisation_selectors.party_organisation_get, user=request.user, organisation_id=branch_id
    )


class MemberListApi(ListAPIView):
    serializer_class = out.PartyMemberOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.member_list(
            user=self.request.user,
            q=p.get("q", ""),
            branch_id=id_param(p, "branch"),
            status=p.get("status", ""),
            in_service=bool_param(p, "in_service"),
        )

    @extend_schema(
        parameters=[
            query_param("q", "Name or pinyin initials"),
            query_param(
                "branch", "Party organisation id (its sub-organisations included)", ID_SCHEMA
            ),
            query_param("status", "normal, lost_contact or transferred_out"),
            query_param("in_service", "1: in-service members only; 0: the others", BOOL_SCHEMA),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    class MemberCreateInput(serializers.Serializer):
        person_id = IdField()
        kind = serializers.ChoiceField(choices=MembershipKind.choices)
        joined_on = serializers.DateField()
        full_member_on = serializers.DateField(required=False, allow_null=True, default=None)
        branch_id = IdField()
        work_unit_id = IdField(required=False, allow_null=True, default=None)
        work_unit_name = serializers.CharField(
            max_length=150, required=False, allow_blank=True, default=""
        )
        in_service = serializers.BooleanField(required=False, default=False)

    @extend_schema(request=MemberCreateInput, responses={201: out.PartyMemberOutput})
    def post(self, request):
        data = self.MemberCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        person = found(selectors.person_get, user=request.user, person_id=d["person_id"])
        unit = (
            found(organisation_selectors.unit_get, user=request.user, unit_id=d["work_unit_id"])
            if d["work_unit_id"]
            else None
        )
        member = actions.member_create(
            person=person,
            kind=d["kind"],
            joined_on=d["joined_on"],
            full_member_on=d["full_member_on"],
            branch=_branch(request, d["branch_id"]),
            work_unit=unit,
            work_unit_name=d["work_unit_name"],
            in_service=d["in_service"],
            actor=request.user,
        )
        return Response(out.PartyMemberOutput(member).data, status=201)


class MemberStep(StepApi):
    # POST /api/v1/people/members/{id}/<step>/
    selector = staticmethod(selectors.member_get)
    lookup = "member_id"
    output_serializer = out.PartyMemberOutput


class MemberTransferInput(serializers.Serializer):
    to_branch_id = IdField()
    transferred_on = serializers.DateField()
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class MemberStatusInput(serializers.Serializer):
    status = serializers.ChoiceField(choices=MemberStatus.choices)


def _transfer(member, d, user):
    target = found(selectors.transfer_target_get, member=member, branch_id=d["to_branch_id"])
    return actions.member_transfer(
        member=member,
        to_branch=target,
        transferred_on=d["transferred_on"],
        reason=d["reason"],
        actor=user,
    )


MemberDetailApi = MemberStep.detail()
MemberTransferApi = MemberStep.declare(_transfer, input=MemberTransferInput)
MemberStatusApi = MemberStep.declare(
    lambda m, d, user: actions.member_set_status(member=m, status=d["status"], actor=user),
    input=MemberStatusInput,
)


class BranchFeedbackApi(APIView):
    @extend_schema(
        parameters=[query_param("year", "Calendar year (default: this year)", int_schema(1, 9999))],
        responses=out.BranchFeedbackOutput,
    )
    def get(self, request, pk: int):
        branch = found(selectors.branch_get, user=request.user, branch_id=pk)
        year = int_param(request.query_params, "year", min_value=1, max_value=9999)
        year = year or timezone.localdate().year
        rows = selectors.branch_feedback(user=request.user, branch=branch, year=year)
        body = {"branch_id": branch.pk, "branch_name": branch.name, "year": year, "rows": rows}
        return Response(out.BranchFeedbackOutput(body).data)
