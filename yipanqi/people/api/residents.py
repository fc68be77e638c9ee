"""Households and residents: search, create through the actions, purpose-bound unmasking, the
move-out (迁出) and its undo."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import GenericAPIView, ListAPIView
from rest_framework.response import Response

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import DetailApi, StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, id_param
from yipanqi.organisations import selectors as organisation_selectors
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people import actions, selectors
from yipanqi.people.api import serializers as out
from yipanqi.people.api._common import SEARCH_PARAMETERS
from yipanqi.people.choices import PoliticalStatus, SensitiveField, Sex
from yipanqi.people.models import Person


def _grid(request, grid_id: int) -> Area:
    return found(
        organisation_selectors.area_get, user=request.user, area_id=grid_id, kind=AreaKind.GRID
    )


class HouseholdListApi(ListAPIView):
    serializer_class = out.HouseholdOutput

    def get_queryset(self):
        p = self.request.query_params
        return selectors.household_list(
            user=self.request.user,
            q=p.get("q", ""),
            tags=p.getlist("tag"),
            area_id=id_param(p, "area"),
        )

    @extend_schema(parameters=SEARCH_PARAMETERS)
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    class HouseholdCreateInput(serializers.Serializer):
        grid_id = IdField()
        building = serializers.CharField(max_length=30)
        unit_no = serializers.CharField(max_length=10, required=False, allow_blank=True, default="")
        room = serializers.CharField(max_length=10)
        address = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        tag_codes = serializers.ListField(
            child=serializers.CharField(max_length=40), required=False, default=list
        )

    @extend_schema(request=HouseholdCreateInput, responses={201: out.HouseholdOutput})
    def post(self, request):
        data = self.HouseholdCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        grid = _grid(request, d["grid_id"])
        tags = list(selectors.household_tags(user=request.user).filter(code__in=d["tag_codes"]))
        if len(tags) != len(set(d["tag_codes"])):
            message = _("Unknown household tag.")
            raise Invalid(message, code="unknown_tag", fields={"tag_codes": [message]})
        household = actions.household_create(
            grid=grid,
            building=d["building"],
            unit_no=d["unit_no"],
            room=d["room"],
            address=d["address"],
            tags=tags,
            actor=request.user,
        )
        return Response(out.HouseholdOutput(household).data, status=201)


class HouseholdDetailApi(DetailApi):
    selector = staticmethod(selectors.household_get)
    lookup = "household_id"
    output_serializer = out.HouseholdOutput


class PersonListApi(ListAPIView):
    serializer_class = out.PersonOutput

    def get_queryset(self):
        p = self.request.query_params
        if selectors.exact_query(p.get("q", "")) is not None:
            # Full numbers stay out of URLs (access logs, proxies, history): POST …/search/.
            raise Invalid(
                _("Search by a full ID number or phone with POST to the search endpoint."),
                code="exact_search_in_url",
                fields={"q": [_("Send full numbers in the request body.")]},
            )
        return selectors.person_list(
            user=self.request.user,
            q=p.get("q", ""),
            tags=p.getlist("tag"),
            household_id=id_param(p, "household"),
            area_id=id_param(p, "area"),
        )

    @extend_schema(
        parameters=[*SEARCH_PARAMETERS, query_param("household", "Household id", ID_SCHEMA)]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    class PersonCreateInput(serializers.Serializer):
        household_id = IdField(required=False, allow_null=True, default=None)
        grid_id = IdField(required=False, allow_null=True, default=None)
        name = serializers.CharField(max_length=50)
        id_number = serializers.CharField(max_length=18, min_length=18, write_only=True)
        phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
        ethnicity = serializers.CharField(max_length=20, required=False, default="汉族")
        political_status = serializers.ChoiceField(
            choices=PoliticalStatus.choices, required=False, default=PoliticalStatus.MASSES
        )
        notes = serializers.CharField(
            max_length=Person._meta.get_field("notes").max_length,
            required=False,
            allow_blank=True,
            default="",
        )
        birth_date = serializers.DateField(required=False, allow_null=True, default=None)
        sex = serializers.ChoiceField(
            choices=Sex.choices, required=False, allow_null=True, default=None
        )

        def validate(self, attrs):
            if not attrs["household_id"] and not attrs["grid_id"]:
                raise serializers.ValidationError(_("Give a household or a grid."))
            return attrs

    @extend_schema(request=PersonCreateInput, responses={201: out.PersonDetailOutput})
    def post(self, request):
        data = self.PersonCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        household = (
            found(selectors.household_get, user=request.user, household_id=d["household_id"])
            if d["household_id"]
            else None
        )
        person = actions.person_create(
            area=household.grid if household else _grid(request, d["grid_id"]),
            household=household,
            name=d["name"],
            id_number=d["id_number"],
            phone=d["phone"],
            ethnicity=d["ethnicity"],
            political_status=d["political_status"],
            notes=d["notes"],
            birth_date=d["birth_date"],
            sex=d["sex"],
            actor=request.user,
        )
        return Response(
            out.PersonDetailOutput(person, context={"request": request}).data, status=201
        )


class PersonSearchApi(GenericAPIView):
    """The person search with its text in the body, so that a full ID number or phone never lands
    in a URL. A full number is matched exactly, audited and rate-limited per user, and finds people
    only where the user's role may search by it."""

    serializer_class = out.PersonOutput

    class PersonSearchInput(serializers.Serializer):
        q = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
        tag = serializers.ListField(
            child=serializers.CharField(max_length=40), required=False, default=list, max_length=20
        )
        area = IdField(required=False, allow_null=True, default=None)
        household = IdField(required=False, allow_null=True, default=None)

    @extend_schema(request=PersonSearchInput, responses=out.PersonPageOutput)
    def post(self, request):
        data = self.PersonSearchInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        exact = selectors.exact_query(d["q"])
        if exact is not None:
            actions.person_search_exact(field=exact.field, masked=exact.masked, actor=request.user)
        people = selectors.person_list(
            user=request.user,
            q=d["q"],
            tags=d["tag"],
            household_id=d["household"],
            area_id=d["area"],
        )
        page = self.paginate_queryset(people)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class PersonStep(StepApi):
    # POST /api/v1/people/persons/{id}/<step>/
    selector = staticmethod(selectors.person_get)
    lookup = "person_id"


PersonDetailApi = PersonStep.detail(output=out.PersonDetailOutput)


class PersonUnmaskInput(serializers.Serializer):
    field = serializers.ChoiceField(choices=SensitiveField.choices)
    purpose = serializers.CharField(max_length=200)


class PersonUnmaskOutput(serializers.Serializer):
    field = serializers.CharField()
    value = serializers.CharField()


PersonUnmaskApi = PersonStep.declare(
    lambda person, d, user: {
        "field": d["field"],
        "value": actions.person_unmask(
            person=person, field=d["field"], purpose=d["purpose"], actor=user
        ),
    },
    __doc__="One sensitive value in clear, for a stated purpose; each call is logged (R-PI-4).",
    input=PersonUnmaskInput,
    output=PersonUnmaskOutput,
)


class PersonMoveOutInput(serializers.Serializer):
    moved_out_on = serializers.DateField()


PersonMoveOutApi = PersonStep.declare(
    lambda person, d, user: actions.person_move_out(
        person=person, moved_out_on=d["moved_out_on"], actor=user
    ),
    __doc__=(
        "The resident moved out of the district (迁出) on the given day, not in the future: the "
        "record is anonymised once the retention period has passed since then (R-PI-8). 409 "
        "`already_moved_out`; 400 `moved_out_in_future`, `moved_out_before_birth`."
    ),
    input=PersonMoveOutInput,
    output=out.PersonDetailOutput,
)

PersonMoveBackApi = PersonStep.declare(
    lambda person, d, user: actions.person_move_back(person=person, actor=user),
    __doc__=(
        "Undo a move-out while the record still holds the person's information. 409 "
        "`not_moved_out`, `anonymised`."
    ),
    output=out.PersonDetailOutput,
)
