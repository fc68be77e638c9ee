"""Party-life API (/api/v1/partylife/): meetings with attendance and one POST per step (sign in
by code, mark, record, confirm), dues payments (idempotent), transfers and their steps,
compliance. Reads in scope (out of scope answers 404); errors in core.api.exceptions' shape."""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.idempotency import idempotency_key
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import IDEMPOTENCY_PARAMETER, StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.home import home_year, home_year_schema
from yipanqi.core.pages import found
from yipanqi.core.params import (
    ID_SCHEMA,
    choice_param,
    choice_schema,
    id_param,
    int_param,
    int_schema,
)
from yipanqi.core.workflow import require_permission
from yipanqi.partylife import actions, permissions, selectors
from yipanqi.partylife.api import serializers as out
from yipanqi.partylife.choices import AttendanceStatus, MeetingKind, PaymentChannel
from yipanqi.people.models import PartyMember
from yipanqi.venues import selectors as venue_selectors


class MeetingListApi(ListAPIView):
    serializer_class = out.PartylifeMeetingOutput

    def get_queryset(self):
        params = self.request.query_params
        branch_id = id_param(params, "branch")
        year = int_param(params, "year", min_value=2000, max_value=2100)
        rows = selectors.meeting_list(
            user=self.request.user,
            kind=choice_param(params, "kind", MeetingKind.values) or "",
            year=year,
        )
        return rows.filter(branch_id=branch_id) if branch_id else rows

    @extend_schema(
        parameters=[
            query_param("branch", "Branch id", ID_SCHEMA),
            query_param("kind", ", ".join(MeetingKind.values), choice_schema(MeetingKind.values)),
            query_param("year", "Year of the meeting", int_schema(2000, 2100)),
        ],
        description="Meetings the caller reaches (their branch's, or those they administer).",
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MeetingStep(StepApi):
    selector = staticmethod(selectors.meeting_get)
    url_kwarg = "meeting_id"
    output_serializer = out.PartylifeMeetingDetailOutput
    refresh = True


class SignInInput(serializers.Serializer):
    code = serializers.CharField(max_length=8)


class MarkInput(serializers.Serializer):
    member = IdField()
    status = serializers.ChoiceField(choices=AttendanceStatus.choices)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class RecordInput(serializers.Serializer):
    minutes = serializers.CharField(max_length=5000)
    resolutions = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    host = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")


def _own_member(user) -> PartyMember:
    member = selectors.member_of_user(user=user)
    if member is None:
        raise PartyMember.DoesNotExist
    return member


def _sign_in(meeting, d, user):
    member = found(_own_member, user=user)
    actions.meeting_sign_in(meeting=meeting, member=member, code=d["code"], actor=user)


def _mark(meeting, d, user):
    # any member id: one not in the branch is a 400 `not_a_member` from the action
    member = found(
        selectors.district_member_get,
        district_code=meeting.district_code,
        member_id=d["member"],
    )
    actions.meeting_mark(meeting=meeting, member=member, status=d["status"],
                         reason=d["reason"], actor=user)  # fmt: skip


class BookVenueInput(serializers.Serializer):
    venue = IdField()
    choice = serializers.CharField(
        max_length=40, required=False, default="",
        help_text="whom the booking is for, a key of the venues app's booker options "
        "(`kind:id`); default: the caller's first",
    )  # fmt: skip
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()


def _booker(user, key: str):
    options = venue_selectors.booker_options(user=user)
    chosen = [c for c in options if c.key == key] if key else options[:1]
    if not chosen:  # the venues app's own code for a booker one may not book for
        message = _("You cannot book for this organisation.")
        raise Invalid(message, code="bad_booker", fields={"choice": [message]})
    return chosen[0]


def _book_venue(meeting, d, user):
    # the secretary's step: others of the branch learn it before the venue is looked up; a
    # venue one sees but may not book is the action's 400 `not_bookable`
    require_permission(user, permissions.can_change_meeting, meeting)
    venue = found(venue_selectors.venue_get, user=user, venue_id=d["venue"])
    return actions.meeting_book_venue(
        meeting=meeting, venue=venue, choice=_booker(user, d["choice"]),
        starts_at=d["starts_at"], ends_at=d["ends_at"], actor=user,
    )  # fmt: skip


MeetingDetailApi = MeetingStep.detail()
MEETING_STEPS = {
    "sign_in": MeetingStep.declare(_sign_in, input=SignInInput, name="MeetingSignInApi"),
    "mark": MeetingStep.declare(_mark, input=MarkInput, name="MeetingMarkApi"),
    "record": MeetingStep.declare(
        lambda m, d, user: actions.meeting_record(meeting=m, actor=user, **d),
        input=RecordInput,
        name="MeetingRecordApi",
    ),
    "confirm": MeetingStep.declare(
        lambda m, d, user: actions.meeting_confirm(meeting=m, actor=user), name="MeetingConfirmApi"
    ),
    "book-venue": MeetingStep.declare(
        _book_venue,
        input=BookVenueInput,
        name="MeetingBookVenueApi",
        __doc__="Book a venue for a planned meeting through the venues app (its rules and "
        "approval); the meeting's place becomes the venue. 404 for a venue one cannot see; "
        "409 `booking_overlap` for a taken slot, `not_planned`; 400 `not_bookable`, "
        "`bad_booker`, `bad_period`, `booking_in_past`, `lead_time`.",
    ),
}


class PaymentInput(serializers.Serializer):
    member = IdField(required=False, help_text="default: oneself")
    month = serializers.DateField(help_text="any day of the month paid for")
    channel = serializers.ChoiceField(choices=PaymentChannel.choices, default="wechat")
    receipt_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


class PaymentListApi(ListAPIView):
    serializer_class = out.PartylifePaymentOutput

    def get_queryset(self):
        return selectors.payment_list(
            user=self.request.user,
            year=int_param(self.request.query_params, "year", min_value=2000, max_value=2100),
        )

    @extend_schema(parameters=[query_param("year", "Year paid for", int_schema(2000, 2100))])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(
        request=PaymentInput,
        responses={201: out.PartylifePaymentOutput},
        parameters=[IDEMPOTENCY_PARAMETER],
        description="Pay (or, as the dues officer, record) a month's dues. Repeating it answers "
        "the first payment; 400 `too_far_ahead`, `no_base`; 409 `already_paid`.",
    )
    def post(self, request, *args, **kwargs):
        given = PaymentInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        member = _payer(request.user, d.get("member"))
        payment = actions.dues_pay(
            member=member, month=d["month"], channel=d["channel"], receipt_no=d["receipt_no"],
            idempotency_key=idempotency_key(request), actor=request.user,
        )  # fmt: skip
        return Response(out.PartylifePaymentOutput(payment).data, status=201)


def _payer(user, member_id: int | None) -> PartyMember:
    """Oneself, or a member of a branch whose dues the user collects (404 otherwise)."""
    if member_id is None:
        return found(_own_member, user=user)
    return found(selectors.payable_member_get, user=user, member_id=member_id)


class TransferInput(serializers.Serializer):
    member = IdField(required=False, help_text="default: oneself")
    to_org = IdField(required=False, allow_null=True)
    outside_org = serializers.CharField(
        max_length=150, required=False, allow_blank=True, default=""
    )
    reason = serializers.CharField(max_length=300)


class TransferListApi(ListAPIView):
    serializer_class = out.PartylifeTransferOutput

    def get_queryset(self):
        return selectors.transfer_list(user=self.request.user)

    @extend_schema(
        request=TransferInput,
        responses={201: out.PartylifeTransferOutput},
        description="Ask for a transfer (by the member, or the sending branch). 409 "
        "`transfer_open` when one is open; 400 `same_organisation`.",
    )
    def post(self, request, *args, **kwargs):
        given = TransferInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        member = _payer(request.user, d.get("member"))
        to_org = None
        if d.get("to_org"):  # any organisation of the district: the receiving side decides
            to_org = found(
                selectors.district_organisation_get,
                district_code=member.district_code,
                organisation_id=d["to_org"],
            )
        transfer = actions.transfer_request(
            member=member, to_org=to_org, outside_org=d["outside_org"], reason=d["reason"],
            actor=request.user,
        )  # fmt: skip
        return Response(out.PartylifeTransferOutput(transfer).data, status=201)


class TransferStep(StepApi):
    selector = staticmethod(selectors.transfer_get)
    url_kwarg = "transfer_id"
    output_serializer = out.PartylifeTransferOutput
    refresh = True


class NoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    letter_no = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")


def _transfer_step(name: str):
    from yipanqi.partylife.views_transfers import run_transfer_step

    return lambda transfer, d, user: run_transfer_step(name, transfer, d, user)


TransferDetailApi = TransferStep.detail()
TRANSFER_STEPS = {
    step: TransferStep.declare(
        _transfer_step(step), input=NoteInput, name=f"Transfer{step.title()}Api"
    )  # fmt: skip
    for step in ("approve", "accept", "reject", "withdraw")
}


class ComplianceApi(APIView):
    @extend_schema(
        parameters=[query_param("year", "Year (default this year)", home_year_schema())],
        responses=out.PartylifeComplianceOutput(many=True),
        description="Required meetings held, missed and due per branch keeping its life here.",
    )
    def get(self, request):
        year = home_year(request.query_params)
        rows = selectors.compliance(
            user=request.user, start=datetime.date(year, 1, 1), end=datetime.date(year, 12, 31)
        )
        return Response(out.PartylifeComplianceOutput(rows, many=True).data)


class PartylifeRemittanceBranch(serializers.Serializer):
    branch = serializers.IntegerField()
    branch_name = serializers.CharField()
    town = serializers.CharField()
    total_fen = serializers.IntegerField()


class PartylifeRemittanceOutput(serializers.Serializer):
    year = serializers.IntegerField()
    total_fen = serializers.IntegerField()
    branches = PartylifeRemittanceBranch(many=True)


class RemittanceApi(APIView):
    @extend_schema(
        parameters=[query_param("year", "Year paid for (default this year)", home_year_schema())],
        responses=PartylifeRemittanceOutput,
        description="上缴汇总: dues collected per branch the caller reaches, in integer fen; "
        "the total is their exact sum.",
    )
    def get(self, request):
        year = home_year(request.query_params)
        towns = selectors.remittance_by_town(user=request.user, year=year)
        branches = [
            {"branch": b.pk, "branch_name": b.name, "town": town, "total_fen": fen}
            for town, _subtotal, rows in towns
            for b, fen in rows
        ]
        total = sum(row["total_fen"] for row in branches)
        data = {"year": year, "total_fen": total, "branches": branches}
        return Response(PartylifeRemittanceOutput(data).data)
