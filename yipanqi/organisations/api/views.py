"""Organisation API: reads in scope, writes through actions (out of scope answers 404)."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import DetailApi, StepApi
from yipanqi.core.errors import Forbidden, Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import id_param
from yipanqi.organisations import actions, permissions, selectors
from yipanqi.organisations.api import serializers as out
from yipanqi.organisations.choices import (
    AREA_PARENT_KIND,
    AreaKind,
    BodyKind,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    Unit,
)

CHILD_KIND = {parent: kind for kind, parent in AREA_PARENT_KIND.items() if parent}


def in_scope(read, request, **kwargs):
    """Read one row through a selector (which starts from the user's scope); missing, out-of-scope
    and malformed ids are one 404."""
    try:
        return read(user=request.user, **kwargs)
    except (ObjectDoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def _area(request, pk) -> Area:
    return in_scope(selectors.area_get, request, area_id=pk)


def _organisation(request, pk) -> PartyOrganisation:
    return in_scope(selectors.party_organisation_get, request, organisation_id=pk)


def _unit(request, pk) -> Unit:
    return in_scope(selectors.unit_get, request, unit_id=pk)


def _body(request, pk) -> Body:
    return in_scope(selectors.body_get, request, body_id=pk)


def _membership(request, pk) -> BodyMembership:
    return in_scope(selectors.membership_get, request, membership_id=pk)


def _area_output(area: Area, user) -> dict:
    parents = selectors.area_parent_ids(user=user, areas=[area])
    return out.AreaOutput(area, context={"parents": parents}).data


class AreaListApi(ListAPIView):
    serializer_class = out.AreaOutput

    def get_queryset(self):
        p = self.request.query_params
        if p.get("q"):
            return selectors.area_search(user=self.request.user, q=p["q"], limit=200)
        parent_id = id_param(p, "parent")
        parent = _area(self.request, parent_id) if parent_id else None
        kinds = [p["kind"]] if p.get("kind") else []
        return selectors.area_list(user=self.request.user, kinds=kinds, parent=parent)

    def list(self, request, *args, **kwargs):
        # Parent ids for this page only, in one query (and only parents the caller may see).
        page = self.paginate_queryset(self.get_queryset())
        parents = selectors.area_parent_ids(user=request.user, areas=page)
        data = out.AreaOutput(page, many=True, context={"parents": parents}).data
        return self.get_paginated_response(data)

    class AreaCreateInput(serializers.Serializer):
        parent_id = IdField()
        name = serializers.CharField(max_length=100)
        code = serializers.RegexField(r"^\d{12}(\d{3})?$", max_length=15)

    @extend_schema(request=AreaCreateInput, responses={201: out.AreaOutput})
    def post(self, request):
        data = self.AreaCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        parent = _area(request, data.validated_data["parent_id"])
        if parent.kind not in CHILD_KIND:
            raise Http404
        area = actions.area_create(
            parent=parent,
            name=data.validated_data["name"],
            code=data.validated_data["code"],
            kind=CHILD_KIND[AreaKind(parent.kind)],
            actor=request.user,
        )
        return Response(_area_output(area, request.user), status=201)


class RenameInput(serializers.Serializer):
    name = serializers.CharField(max_length=150)


class MoveInput(serializers.Serializer):
    new_parent_id = IdField()


class AreaStep(StepApi):
    # POST /api/v1/organisations/areas/{id}/<step>/; the answer names the parent the caller may see.
    selector = staticmethod(selectors.area_get)
    lookup = "area_id"
    output_serializer = out.AreaOutput

    def respond(self, request, obj: Area) -> Response:
        return Response(_area_output(obj, request.user))


AreaRenameApi = AreaStep.declare(
    lambda a, d, user: actions.area_rename(area=a, name=d["name"], actor=user), input=RenameInput
)
AreaDetailApi = AreaStep.detail()
AreaMoveApi = AreaStep.declare(
    lambda a, d, user: actions.area_move(
        area=a,
        new_parent=found(selectors.area_get, user=user, area_id=d["new_parent_id"]),
        actor=user,
    ),
    input=MoveInput,
)


class PartyOrganisationListApi(ListAPIView):
    serializer_class = out.PartyOrganisationOutput

    def get_queryset(self):
        p = self.request.query_params
        if p.get("q"):
            return selectors.party_search(user=self.request.user, q=p["q"], limit=200)
        parent_id = id_param(p, "parent")
        parent = _organisation(self.request, parent_id) if parent_id else None
        return selectors.party_organisation_list(
            user=self.request.user, kind=p.get("kind", ""), parent=parent
        )

    class PartyOrganisationCreateInput(serializers.Serializer):
        parent_id = IdField()
        name = serializers.CharField(max_length=150)
        kind = serializers.ChoiceField(choices=PartyOrganisationKind.choices)
        unit_id = IdField(
            required=False,
            allow_null=True,
            default=None,
            help_text="For a unit's own organisation; otherwise it leads the parent's area.",
        )

    @extend_schema(
        request=PartyOrganisationCreateInput, responses={201: out.PartyOrganisationOutput}
    )
    def post(self, request):
        data = self.PartyOrganisationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        parent = _organisation(request, d["parent_id"])
        unit = _unit(request, d["unit_id"]) if d["unit_id"] else None
        org = actions.party_organisation_create(
            parent=parent,
            name=d["name"],
            kind=d["kind"],
            area=None if unit else parent.area,
            unit=unit or (None if parent.area else parent.unit),
            actor=request.user,
        )
        return Response(out.PartyOrganisationOutput(org).data, status=201)


class PartyOrganisationStep(StepApi):
    # POST /api/v1/organisations/party-organisations/{id}/<step>/
    selector = staticmethod(selectors.party_organisation_get)
    lookup = "organisation_id"
    output_serializer = out.PartyOrganisationOutput


PartyOrganisationDetailApi = PartyOrganisationStep.detail()
PartyOrganisationRenameApi = PartyOrganisationStep.declare(
    lambda o, d, user: actions.party_organisation_rename(
        organisation=o, name=d["name"], actor=user
    ),
    input=RenameInput,
)
PartyOrganisationMoveApi = PartyOrganisationStep.declare(
    lambda o, d, user: actions.party_organisation_move(
        organisation=o,
        new_parent=found(
            selectors.party_organisation_get, user=user, organisation_id=d["new_parent_id"]
        ),
        actor=user,
    ),
    input=MoveInput,
)


class UnitListApi(ListAPIView):
    serializer_class = out.UnitOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.unit_list(
            user=self.request.user,
            q=p.get("q", ""),
            kind=p.get("kind", ""),
            area_id=id_param(p, "area"),
        )

    class UnitCreateInput(serializers.Serializer):
        area_id = IdField()
        name = serializers.CharField(max_length=150)
        kind = serializers.ChoiceField(choices=UnitKind.choices)
        credit_code = serializers.CharField(
            max_length=18, required=False, allow_blank=True, default=""
        )
        address = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )

    @extend_schema(request=UnitCreateInput, responses={201: out.UnitOutput})
    def post(self, request):
        data = self.UnitCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        unit = actions.unit_create(
            area=_area(request, d["area_id"]),
            name=d["name"],
            kind=d["kind"],
            credit_code=d["credit_code"],
            address=d["address"],
            actor=request.user,
        )
        return Response(out.UnitOutput(unit).data, status=201)


class UnitDetailApi(DetailApi):
    selector = staticmethod(selectors.unit_get)
    lookup = "unit_id"
    output_serializer = out.UnitOutput


class BodyListApi(ListAPIView):
    serializer_class = out.BodyOutput

    def get_queryset(self):
        p = self.request.query_params
        area_id = id_param(p, "area")
        area = _area(self.request, area_id) if area_id else None
        return selectors.body_list(user=self.request.user, area=area, kind=p.get("kind", ""))

    class BodyCreateInput(serializers.Serializer):
        area_id = IdField()
        name = serializers.CharField(max_length=150)
        kind = serializers.ChoiceField(choices=BodyKind.choices)
        party_organisation_id = IdField(required=False, allow_null=True, default=None)

    @extend_schema(request=BodyCreateInput, responses={201: out.BodyOutput})
    def post(self, request):
        data = self.BodyCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        org_id = d["party_organisation_id"]
        body = actions.body_create(
            area=_area(request, d["area_id"]),
            name=d["name"],
            kind=d["kind"],
            party_organisation=_organisation(request, org_id) if org_id else None,
            actor=request.user,
        )
        return Response(out.BodyOutput(body).data, status=201)


class BodyDetailApi(DetailApi):
    selector = staticmethod(selectors.body_get)
    lookup = "body_id"
    output_serializer = out.BodyOutput


class MembershipListApi(ListAPIView):
    serializer_class = out.MembershipOutput

    def get_queryset(self):
        p = self.request.query_params
        body_id = id_param(p, "body")
        body = _body(self.request, body_id) if body_id else None
        return selectors.membership_list(
            user=self.request.user, body=body, current_only=p.get("current") == "1"
        )

    class MembershipCreateInput(serializers.Serializer):
        body_id = IdField()
        member_name = serializers.CharField(max_length=50)
        role = serializers.ChoiceField(choices=MemberRole.choices)
        title = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        source_unit_id = IdField(required=False, allow_null=True, default=None)
        term_start = serializers.DateField()
        term_end = serializers.DateField(required=False, allow_null=True, default=None)

    @extend_schema(request=MembershipCreateInput, responses={201: out.MembershipOutput})
    def post(self, request):
        data = self.MembershipCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        body = _body(request, d["body_id"])
        unit = _unit(request, d["source_unit_id"]) if d["source_unit_id"] else None
        membership = actions.membership_add(
            body=body,
            member_name=d["member_name"],
            role=d["role"],
            title=d["title"],
            source_unit=unit,
            term_start=d["term_start"],
            term_end=d["term_end"],
            actor=request.user,
        )
        return Response(out.MembershipOutput(membership).data, status=201)


class MembershipEndInput(serializers.Serializer):
    term_end = serializers.DateField()


class MembershipStep(StepApi):
    # POST /api/v1/organisations/memberships/{id}/<step>/
    selector = staticmethod(selectors.membership_get)
    lookup = "membership_id"
    output_serializer = out.MembershipOutput


MembershipDetailApi = MembershipStep.detail()
MembershipEndApi = MembershipStep.declare(
    lambda m, d, user: actions.membership_end(membership=m, term_end=d["term_end"], actor=user),
    input=MembershipEndInput,
)


class RoleGrantListApi(ListAPIView):
    serializer_class = out.RoleGrantOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.grant_list(
            user=self.request.user,
            role=p.get("role", ""),
            username=p.get("username", ""),
            status=p.get("status", ""),
        )

    class RoleGrantCreateInput(serializers.Serializer):
        username = serializers.CharField(max_length=150)
        role = serializers.ChoiceField(choices=Role.choices)
        area_id = IdField()

    @extend_schema(request=RoleGrantCreateInput, responses={201: out.RoleGrantOutput})
    def post(self, request):
        from yipanqi.accounts.selectors import user_by_username

        data = self.RoleGrantCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        area = _area(request, d["area_id"])
        # Refuse before looking the user up, so usernames cannot be probed without the right.
        if not permissions.can_grant_role(request.user, area):
            raise Forbidden()
        user = user_by_username(username=d["username"])
        if user is None:
            message = _("No such user.")
            raise Invalid(message, code="unknown_user", fields={"username": [message]})
        grant = actions.role_grant_create(user=user, role=d["role"], area=area, actor=request.user)
        return Response(out.RoleGrantOutput(grant).data, status=201)


class GrantStep(StepApi):
    # POST /api/v1/…/role-grants/{id}/<step>/. Unseen is a 404; seen but not one's to decide is a 403
    # from the action.
    selector = staticmethod(lambda user, pk: selectors.grant_list(user=user).get(pk=pk))
    output_serializer = out.RoleGrantOutput


RoleGrantDetailApi = GrantStep.detail()
RoleGrantRevokeApi = GrantStep.declare(
    lambda g, d, user: actions.role_grant_revoke(grant=g, actor=user),
    output=None,
    success_status=204,
)


class RoleGrantPendingListApi(ListAPIView):
    """Grants awaiting a second person's approval, each with the account's active grants."""

    serializer_class = out.PendingGrantOutput

    def get_queryset(self):
        return selectors.grant_pending_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        held = selectors.grants_held(user=request.user, holders=[g.user_id for g in page])
        decidable = {g.pk: permissions.can_decide_grant(request.user, g) for g in page}
        context = {"held": held, "decidable": decidable}
        data = out.PendingGrantOutput(page, many=True, context=context).data
        return self.get_paginated_response(data)


RoleGrantApproveApi = GrantStep.declare(
    lambda g, d, user: actions.role_grant_approve(grant=g, actor=user)
)
RoleGrantRejectApi = GrantStep.declare(
    lambda g, d, user: actions.role_grant_reject(grant=g, actor=user),
    output=None,
    success_status=204,
)
