"""Notices API: the notices of one's scope (drafting, sending, closing, withdrawing, the live
board, who has not answered) and one's own receipts (read, reply). Reads in scope (out of scope
answers 404); domain errors in core.api.exceptions' shape {code, message}."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import choice_param
from yipanqi.notices import actions, selectors
from yipanqi.notices.api import serializers as out
from yipanqi.notices.choices import NoticeKind, NoticeStatus
from yipanqi.notices.models import NoticeRecipient


class NoticesCreateInput(serializers.Serializer):
    area = IdField(help_text="the area the notice is sent for (one the caller administers)")
    title = serializers.CharField(max_length=150)
    body = serializers.CharField(max_length=4000)
    kind = serializers.ChoiceField(choices=NoticeKind.values)
    options = serializers.ListField(
        child=serializers.CharField(max_length=60), required=False, default=list, max_length=10
    )
    free_reply = serializers.BooleanField(required=False, default=False)
    places = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=100000, default=None
    )
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    audience = serializers.DictField(
        help_text='{"kind": "area|party_org|role|tag|unit|people", "ids": [...], '
        '"members_only": true}'
    )


class NoticesListApi(ListAPIView):
    serializer_class = out.NoticesNoticeOutput

    def get_queryset(self):
        params = self.request.query_params
        return selectors.notice_list(
            user=self.request.user,
            status=choice_param(params, "status", NoticeStatus.values) or "",
            kind=choice_param(params, "kind", NoticeKind.values) or "",
        )

    @extend_schema(
        request=NoticesCreateInput,
        responses={201: out.NoticesNoticeDetailOutput},
        description="Draft a notice. 400 `empty_audience`, `bad_audience`, `deadline_passed` …",
    )
    def post(self, request):
        given = NoticesCreateInput(data=request.data)
        given.is_valid(raise_exception=True)
        d = given.validated_data
        area = selectors.notice_area(area_id=d["area"])
        if area is None:
            raise Invalid(fields={"area": ["Not an area."]}, code="bad_area")
        notice = actions.notice_create(
            area=area, title=d["title"], body=d["body"], kind=d["kind"], audience=d["audience"],
            options=d["options"], free_reply=d["free_reply"], places=d["places"],
            deadline=d["deadline"], actor=request.user,
        )  # fmt: skip
        return Response(out.NoticesNoticeDetailOutput(notice).data, status=201)


class NoticesStep(StepApi):
    selector = staticmethod(selectors.notice_get)
    url_kwarg = "notice_id"
    output_serializer = out.NoticesNoticeDetailOutput
    refresh = True


class NoticesReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


NoticesDetailApi = NoticesStep.detail(name="NoticesDetailApi")
NoticesSendApi = NoticesStep.declare(
    lambda n, d, user: actions.notice_send(notice=n, actor=user), name="NoticesSendApi",
    __doc__="Send: the audience is resolved now (400 `empty_audience` when nobody is in it); "
    "a large one is delivered by the worker (status `sending`, then `sent`).",
)  # fmt: skip
NoticesCloseApi = NoticesStep.declare(
    lambda n, d, user: actions.notice_close(notice=n, actor=user), name="NoticesCloseApi"
)
NoticesCancelApi = NoticesStep.declare(
    lambda n, d, user: actions.notice_cancel(notice=n, reason=d["reason"], actor=user),
    input=NoticesReasonInput, name="NoticesCancelApi",
)  # fmt: skip


class NoticesBoardApi(APIView):
    @extend_schema(
        responses=out.NoticesBoardOutput,
        description="Read and reply rates overall, by area and by party organisation, over the "
        "receipts the caller's scope reaches.",
    )
    def get(self, request, notice_id: int):
        notice = found(selectors.notice_get, user=request.user, notice_id=notice_id)
        return Response(
            out.NoticesBoardOutput(selectors.board(user=request.user, notice=notice)).data
        )


class NoticesPendingApi(ListAPIView):
    """Who has not answered yet (names masked), in the caller's scope."""

    serializer_class = out.NoticesPendingOutput
    queryset = NoticeRecipient.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        notice = found(
            selectors.notice_get, user=self.request.user, notice_id=self.kwargs["notice_id"]
        )
        return selectors.unanswered(user=self.request.user, notice=notice)


class NoticesInboxApi(ListAPIView):
    """The notices sent to the caller (their receipts), newest first."""

    serializer_class = out.NoticesReceiptOutput
    queryset = NoticeRecipient.objects.none()  # for the schema; rows come from get_queryset

    def get_queryset(self):
        return selectors.inbox(user=self.request.user)


class NoticesReceiptStep(StepApi):
    selector = staticmethod(selectors.own_receipt)
    url_kwarg = "recipient_id"
    output_serializer = out.NoticesReceiptOutput


class NoticesReplyInput(serializers.Serializer):
    option = serializers.IntegerField(required=False, allow_null=True, min_value=0, default=None)
    text = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")


NoticesReceiptApi = NoticesReceiptStep.detail(name="NoticesReceiptApi")
NoticesReadApi = NoticesReceiptStep.declare(
    lambda r, d, user: actions.receipt_open(recipient=r, actor=user), name="NoticesReadApi",
    __doc__="Mark the notice read (the first time; again changes nothing).",
)  # fmt: skip
NoticesReplyApi = NoticesReceiptStep.declare(
    lambda r, d, user: actions.reply_submit(
        recipient=r, option=d["option"], text=d["text"], actor=user
    ),
    input=NoticesReplyInput, idempotent=True, name="NoticesReplyApi",
    __doc__="Reply: one per person, replaced by a later one until the deadline; the same reply "
    "again changes nothing. 400 `deadline_passed`, `bad_option`; 409 `notice_closed`. A capped "
    "call answers `place` accepted or waitlisted.",
)  # fmt: skip
