"""Venues API: venues one may book (with a week's slots), booking a slot, one's bookings and one
POST per booking step. Reads in scope (out of scope answers 404); a taken slot answers 409
`booking_overlap`; errors in core.api.exceptions' shape {code, message}."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import (
    DATE_SCHEMA,
    ID_SCHEMA,
    choice_param,
    choice_schema,
    date_param,
    id_param,
    int_param,
    int_schema,
)
from yipanqi.venues import actions, calendar, permissions, selectors
from yipanqi.venues.actions._common import not_bookable
from yipanqi.venues.actions.series import MAX_WEEKS
from yipanqi.venues.api import serializers as out
from yipanqi.venues.choices import VenueKind
from yipanqi.venues.steps import run_step


class VenueListApi(ListAPIView):
    serializer_class = out.VenueOutput

    def get_queryset(self):
        params = self.request.query_params
        town_id = id_param(params, "town")
        towns = selectors.venue_towns(venues=selectors.bookable_venues(user=self.request.user))
        return selectors.bookable_venues(
            user=self.request.user,
            kind=choice_param(params, "kind", VenueKind.values) or "",
            town=next((t for t in towns if t.pk == town_id), None),
            min_capacity=int_param(params, "capacity", min_value=1, max_value=10000),
        )

    @extend_schema(
        parameters=[
            query_param("kind", ", ".join(VenueKind.values), choice_schema(VenueKind.values)),
            query_param("town", "Town / street id", ID_SCHEMA),
            query_param("capacity", "At least this many people", int_schema(1, 10000)),
        ],
        description="The venues the caller may book.",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class VenueDetailApi(APIView):
    @extend_schema(responses=out.VenueDetailOutput)
    def get(self, request, venue_id: int):
        venue = found(selectors.venue_get, user=request.user, venue_id=venue_id)
        return Response(out.VenueDetailOutput(venue).data)


class VenueCalendarApi(APIView):
    @extend_schema(
        parameters=[
            query_param(
                "week", "The first of the seven days (YYYY-MM-DD); default today", DATE_SCHEMA
            )
        ],
        responses=out.DayOutput(many=True),
        description="Seven days of hourly slots: free, pending (asked for), taken or past (no "
        "longer bookable: before now plus the lead time).",
    )
    def get(self, request, venue_id: int):
        venue = found(selectors.venue_get, user=request.user, venue_id=venue_id)
        day = date_param(request.query_params, "week", default=timezone.localdate())
        week = calendar.week([venue], day)[0]
        return Response(out.DayOutput(week.days, many=True).data)


BOOKER_HELP = 'who the booking is for, e.g. "unit:12" (GET …/bookers/)'


class BookingRequestInput(serializers.Serializer):
    booker = serializers.CharField(max_length=40, help_text=BOOKER_HELP)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    purpose = serializers.CharField(max_length=200)
    headcount = serializers.IntegerField(min_value=1, max_value=10000)


class BookerOutput(serializers.Serializer):
    key = serializers.CharField()
    kind = serializers.CharField()
    label = serializers.CharField()


class BookerListApi(APIView):
    @extend_schema(responses=BookerOutput(many=True))
    def get(self, request):
        return Response(BookerOutput(selectors.booker_options(user=request.user), many=True).data)


class BookingRequestApi(APIView):
    @extend_schema(
        request=BookingRequestInput,
        responses={201: out.BookingDetailOutput},
        description="Ask for a slot. 409 `booking_overlap` when it is taken; 400 with a code "
        "(booking_in_past, lead_time, too_long, over_capacity, outside_open_hours, "
        "not_bookable …) when the slot breaks a rule.",
    )
    def post(self, request, venue_id: int):
        venue, d, choice = _booking_input(request, venue_id, BookingRequestInput)
        booking = actions.booking_request(
            venue=venue, choice=choice, starts_at=d["starts_at"], ends_at=d["ends_at"],
            purpose=d["purpose"], headcount=d["headcount"], actor=request.user,
        )  # fmt: skip
        context = {"user": request.user}
        return Response(out.BookingDetailOutput(booking, context=context).data, status=201)


def _booking_input(request, venue_id: int, shape: type[serializers.Serializer]):
    """The venue (read as seen, not as bookable: one seen but not bookable is 400
    `not_bookable`), the validated body and the booker it names."""
    venue = found(selectors.venue_get, user=request.user, venue_id=venue_id)
    given = shape(data=request.data)
    given.is_valid(raise_exception=True)
    d = given.validated_data
    options = {c.key: c for c in selectors.booker_options(user=request.user)}
    if not permissions.can_book(request.user, venue):
        raise not_bookable()
    if d["booker"] not in options:
        raise Invalid(fields={"booker": ["Not one of your bookers."]}, code="bad_booker")
    return venue, d, options[d["booker"]]


class SeriesRequestInput(serializers.Serializer):
    booker = serializers.CharField(max_length=40, help_text=BOOKER_HELP)
    first_date = serializers.DateField()
    weeks = serializers.IntegerField(min_value=1, max_value=MAX_WEEKS)
    start_time = serializers.TimeField()
    end_time = serializers.TimeField()
    purpose = serializers.CharField(max_length=200)
    headcount = serializers.IntegerField(min_value=1, max_value=10000)


class SeriesRequestApi(APIView):
    @extend_schema(
        request=SeriesRequestInput,
        responses={201: out.SeriesOutput},
        description="Book the same slot every week for `weeks` weeks from `first_date`: every "
        "occurrence is booked or none is (the error message names the date that cannot be; "
        "codes as for one booking, and `bad_weeks`).",
    )
    def post(self, request, venue_id: int):
        venue, d, choice = _booking_input(request, venue_id, SeriesRequestInput)
        series = actions.series_create(
            venue=venue, choice=choice, first_date=d["first_date"], weeks=d["weeks"],
            start_time=d["start_time"], end_time=d["end_time"], purpose=d["purpose"],
            headcount=d["headcount"], actor=request.user,
        )  # fmt: skip
        series = selectors.series_get(user=request.user, series_id=series.pk)
        return Response(out.SeriesOutput(series, context={"user": request.user}).data, status=201)


class BookingListApi(ListAPIView):
    serializer_class = out.BookingOutput

    def get_queryset(self):
        return selectors.booking_list(user=self.request.user)


class BookingStep(StepApi):
    selector = staticmethod(selectors.booking_get)
    url_kwarg = "booking_id"
    output_serializer = out.BookingDetailOutput
    refresh = True


class VenueReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class CheckInInput(serializers.Serializer):
    code = serializers.CharField(max_length=8, required=False, allow_blank=True, default="")


class RateInput(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


def _step(name: str):
    return lambda booking, d, user: run_step(name, booking, d, user)


BookingDetailApi = BookingStep.detail()
STEP_VIEWS = {
    "approve": BookingStep.declare(_step("approve"), name="BookingApproveApi"),
    "decline": BookingStep.declare(
        _step("decline"), input=VenueReasonInput, name="BookingDeclineApi"
    ),
    "cancel": BookingStep.declare(_step("cancel"), input=VenueReasonInput, name="BookingCancelApi"),
    "check_in": BookingStep.declare(
        _step("check_in"), input=CheckInInput, name="BookingCheckInApi"
    ),
    "used": BookingStep.declare(_step("used"), name="BookingUsedApi"),
    "no_show": BookingStep.declare(_step("no_show"), name="BookingNoShowApi"),
    "rate": BookingStep.declare(_step("rate"), input=RateInput, name="BookingRateApi"),
}


class SeriesStep(StepApi):
    selector = staticmethod(selectors.series_get)
    url_kwarg = "series_id"
    output_serializer = out.SeriesOutput
    refresh = True


SeriesDetailApi = SeriesStep.detail()


def _cancel_rest(series, d: dict, user) -> None:
    actions.series_cancel(series=series, reason=d["reason"], actor=user)


SeriesCancelApi = SeriesStep.declare(
    _cancel_rest,
    input=VenueReasonInput,
    name="SeriesCancelApi",
    __doc__="Cancel every occurrence of the series still to come (requested or approved, not "
    "yet begun); past and used occurrences stay. Only the booker may.",
)
