"""Deliberation API, resolutions onward: draft, votes, resolve, publish (公示), follow-ups (and
their service orders), ratings, and the public notices residents read."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from yipanqi.core.api.fields import IdField
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import choice_param, choice_schema
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation.api import serializers as out
from yipanqi.deliberation.api.views import DelibReasonInput
from yipanqi.deliberation.choices import FollowUpStatus, VoteChoice
from yipanqi.orders.selectors import categories_for
from yipanqi.organisations.selectors import area_find


def _resolution(request, resolution_id: int):
    return found(lambda: selectors.resolution_get(user=request.user, resolution_id=resolution_id))


def _answer(request, resolution, status: int = 200) -> Response:
    fresh = _resolution(request, resolution.pk)
    return Response(out.DelibResolutionDetailOutput(fresh).data, status=status)


class DelibResolutionDraftInput(serializers.Serializer):
    topic_id = IdField(help_text="A topic on the agenda of an open meeting")
    text = serializers.CharField(max_length=4000)


class ResolutionListApi(ListAPIView):
    serializer_class = out.DelibResolutionOutput

    def get_queryset(self):
        return selectors.resolution_list(user=self.request.user)

    @extend_schema(
        request=DelibResolutionDraftInput, responses={201: out.DelibResolutionDetailOutput}
    )
    def post(self, request):
        data = DelibResolutionDraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        topic = found(lambda: selectors.topic_get(user=request.user, topic_id=d["topic_id"]))
        resolution = actions.resolution_draft(topic=topic, text=d["text"], actor=request.user)
        return _answer(request, resolution, status=201)


class DelibVoteInput(serializers.Serializer):
    seat_id = IdField()
    choice = serializers.ChoiceField(choices=VoteChoice.choices)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class ResolutionStep(StepApi):
    # POST /api/v1/deliberation/resolutions/{id}/<step>/
    selector = staticmethod(selectors.resolution_get)
    url_kwarg = "resolution_id"
    output_serializer = out.DelibResolutionDetailOutput
    refresh = True


def _vote(resolution, d, user):
    seat = resolution.meeting.body.seats.filter(pk=d["seat_id"]).first()
    if seat is None:
        raise Invalid(_("This seat does not vote here."), code="seat_cannot_vote")
    actions.vote_record(
        resolution=resolution, seat=seat, choice=d["choice"], note=d["note"], actor=user
    )
    return resolution


ResolutionDetailApi = ResolutionStep.detail()
ResolutionVoteApi = ResolutionStep.declare(_vote, input=DelibVoteInput)
ResolutionResolveApi = ResolutionStep.declare(
    lambda r, d, user: actions.resolution_resolve(resolution=r, actor=user)
)
ResolutionPublishApi = ResolutionStep.declare(
    lambda r, d, user: actions.resolution_publish(resolution=r, actor=user)
)


class DelibRatingInput(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


ResolutionRateApi = ResolutionStep.declare(
    lambda r, d, user: actions.rating_submit(
        resolution=r, score=d["score"], comment=d["comment"], actor=user
    ),
    __doc__="Residents rate a published resolution they can read on public notice.",
    selector=staticmethod(selectors.notice_get),
    input=DelibRatingInput,
    output=out.DelibRatingOutput,
    success_status=201,
    refresh=False,
)


# --- follow-ups -----------------------------------------------------------------------------


def _task(request, follow_up_id: int):
    return found(lambda: selectors.follow_up_get(user=request.user, follow_up_id=follow_up_id))


def _task_answer(request, task, status: int = 200) -> Response:
    return Response(out.DelibFollowUpOutput(_task(request, task.pk)).data, status=status)


class DelibFollowUpCreateInput(serializers.Serializer):
    resolution_id = IdField()
    title = serializers.CharField(max_length=100)
    owner_seat_id = IdField(required=False, allow_null=True, default=None)
    owner_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class FollowUpListApi(ListAPIView):
    serializer_class = out.DelibFollowUpOutput

    def get_queryset(self):
        status = choice_param(self.request.query_params, "status", FollowUpStatus.values)
        return selectors.follow_up_list(user=self.request.user, status=status)

    @extend_schema(
        parameters=[
            query_param(
                "status",
                "open, in_progress, done or cancelled",
                choice_schema(FollowUpStatus.values),
            )
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=DelibFollowUpCreateInput, responses={201: out.DelibFollowUpOutput})
    def post(self, request):
        data = DelibFollowUpCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        resolution = _resolution(request, d["resolution_id"])
        seat = None
        if d["owner_seat_id"]:
            seat = resolution.meeting.body.seats.filter(pk=d["owner_seat_id"]).first()
            if seat is None:
                raise Invalid(
                    _("The owner must hold a seat of this body."), code="owner_other_body"
                )
        task = actions.followup_create(
            resolution=resolution,
            title=d["title"],
            owner_seat=seat,
            owner_name=d["owner_name"],
            due_on=d["due_on"],
            actor=request.user,
        )
        return _task_answer(request, task, status=201)


class DelibFollowUpOrderInput(serializers.Serializer):
    description = serializers.CharField(
        max_length=2000, required=False, allow_blank=True, default=""
    )
    category_id = IdField(required=False, allow_null=True, default=None)
    grid_id = IdField(
        required=False,
        allow_null=True,
        default=None,
        help_text="Default: the topic's grid, else the body's first grid.",
    )


class DelibNoteInput(serializers.Serializer):
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class FollowUpStep(StepApi):
    # POST /api/v1/deliberation/follow-ups/{id}/<step>/
    selector = staticmethod(selectors.follow_up_get)
    url_kwarg = "follow_up_id"
    output_serializer = out.DelibFollowUpOutput
    refresh = True


FollowUpDetailApi = FollowUpStep.detail()
FollowUpDoneApi = FollowUpStep.declare(
    lambda f, d, user: actions.followup_complete(follow_up=f, note=d["note"], actor=user),
    input=DelibNoteInput,
)
FollowUpCancelApi = FollowUpStep.declare(
    lambda f, d, user: actions.followup_cancel(follow_up=f, reason=d["reason"], actor=user),
    input=DelibReasonInput,
)


def _open_order(task, d, user):
    grid = area_find(user=user, area_id=d["grid_id"])
    if d["grid_id"] and grid is None:
        raise Invalid(_("Choose a grid of this community."), code="grid_outside_body")
    category = None
    if d["category_id"]:
        body = task.resolution.meeting.body
        category = (
            categories_for(district_codes=[body.district_code]).filter(pk=d["category_id"]).first()
        )
        if category is None:
            raise Invalid(_("Unknown category."), code="bad_category")
    return actions.followup_open_order(
        follow_up=task, description=d["description"], category=category, grid=grid, actor=user
    )


FollowUpOrderApi = FollowUpStep.declare(
    _open_order,
    __doc__="Open a service order for the task (idempotent: a second call returns the same order).",
    input=DelibFollowUpOrderInput,
)


# --- public notices -------------------------------------------------------------------------


class NoticeListApi(ListAPIView):
    serializer_class = out.DelibNoticeOutput

    def get_queryset(self):
        return selectors.notice_list(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        notices = [selectors.public_notice(resolution=r) for r in page or []]
        return self.get_paginated_response(out.DelibNoticeOutput(notices, many=True).data)


class NoticeDetailApi(APIView):
    @extend_schema(responses=out.DelibNoticeOutput)
    def get(self, request, resolution_id: int):
        resolution = found(
            lambda: selectors.notice_get(user=request.user, resolution_id=resolution_id)
        )
        return Response(out.DelibNoticeOutput(selectors.public_notice(resolution=resolution)).data)
