"""Deliberation API, bodies, topics and meetings: reads in scope (out of scope answers 404), one
POST per step, each through its action; errors in core.api.exceptions' {code, message} shape."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from yipanqi.core import uploads
from yipanqi.core.api.fields import IdField
from yipanqi.core.api.idempotency import idempotency_key
from yipanqi.core.api.openapi import query_param
from yipanqi.core.api.steps import DetailApi, StepApi
from yipanqi.core.errors import Invalid
from yipanqi.core.pages import found
from yipanqi.core.params import ID_SCHEMA, MAX_ID, choice_param, choice_schema, id_param
from yipanqi.deliberation import actions, selectors
from yipanqi.deliberation.api import serializers as out
from yipanqi.deliberation.choices import MeetingKind, TopicStatus


class BodyListApi(ListAPIView):
    serializer_class = out.DelibBodyOutput

    def get_queryset(self):
        return selectors.body_list(user=self.request.user)


class BodyDetailApi(DetailApi):
    selector = staticmethod(selectors.body_get)
    url_kwarg = "body_id"
    output_serializer = out.DelibBodyDetailOutput


class DelibTopicRaiseInput(serializers.Serializer):
    body_id = IdField()
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=2000)


class TopicListApi(ListAPIView):
    serializer_class = out.DelibTopicOutput

    def get_queryset(self):
        from yipanqi.deliberation import permissions as perms

        p = self.request.query_params
        rows = perms.topics_visible_to(self.request.user).order_by("-raised_at", "-id")
        status = choice_param(p, "status", TopicStatus.values)
        if status:
            rows = rows.filter(status=status)
        body = id_param(p, "body")
        return rows.filter(body_id=body) if body else rows

    @extend_schema(
        parameters=[
            query_param(
                "status",
                "raised, accepted, declined, scheduled or resolved",
                choice_schema(TopicStatus.values),
            ),
            query_param("body", "Body id", ID_SCHEMA),
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=DelibTopicRaiseInput, responses={201: out.DelibTopicOutput})
    def post(self, request):
        data = DelibTopicRaiseInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        key = idempotency_key(request)
        targets = selectors.bodies_to_raise(user=request.user)
        body = found(lambda: targets.get(pk=d["body_id"]))
        topic = actions.topic_raise(
            body=body,
            title=d["title"],
            description=d["description"],
            idempotency_key=key,
            actor=request.user,
        )
        return Response(out.DelibTopicOutput(topic).data, status=201)


class TopicStep(StepApi):
    # POST /api/v1/deliberation/topics/{id}/<step>/
    selector = staticmethod(selectors.topic_get)
    url_kwarg = "topic_id"
    output_serializer = out.DelibTopicOutput


class DelibReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


TopicDetailApi = TopicStep.detail()
TopicAcceptApi = TopicStep.declare(lambda t, d, user: actions.topic_accept(topic=t, actor=user))
TopicDeclineApi = TopicStep.declare(
    lambda t, d, user: actions.topic_decline(topic=t, reason=d["reason"], actor=user),
    input=DelibReasonInput,
)


# --- meetings -------------------------------------------------------------------------------


class DelibMeetingScheduleInput(serializers.Serializer):
    body_id = IdField()
    kind = serializers.ChoiceField(choices=MeetingKind.choices)
    title = serializers.CharField(max_length=100)
    starts_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    topic_ids = serializers.ListField(child=IdField(), required=False, default=list, max_length=50)


class MeetingListApi(ListAPIView):
    serializer_class = out.DelibMeetingOutput

    def get_queryset(self):
        body = id_param(self.request.query_params, "body")
        return selectors.meeting_list(user=self.request.user, body_id=body)

    @extend_schema(parameters=[query_param("body", "Body id", ID_SCHEMA)])
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    @extend_schema(request=DelibMeetingScheduleInput, responses={201: out.DelibMeetingDetailOutput})
    def post(self, request):
        data = DelibMeetingScheduleInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        body = found(lambda: selectors.body_get(user=request.user, body_id=d["body_id"]))
        topics = list(body.topics.filter(pk__in=d["topic_ids"]))
        if len(topics) != len(set(d["topic_ids"])):
            raise Invalid(_("Unknown topic."), code="topic_other_body")
        meeting = actions.meeting_schedule(
            body=body,
            kind=d["kind"],
            title=d["title"],
            starts_at=d["starts_at"],
            place=d["place"],
            topics=topics,
            actor=request.user,
        )
        return Response(out.DelibMeetingDetailOutput(meeting).data, status=201)


class MeetingStep(StepApi):
    # POST /api/v1/deliberation/meetings/{id}/<step>/
    selector = staticmethod(selectors.meeting_get)
    url_kwarg = "meeting_id"
    output_serializer = out.DelibMeetingDetailOutput
    refresh = True


MeetingDetailApi = MeetingStep.detail()
MeetingOpenApi = MeetingStep.declare(lambda m, d, user: actions.meeting_open(meeting=m, actor=user))
MeetingCloseApi = MeetingStep.declare(
    lambda m, d, user: actions.meeting_close(meeting=m, actor=user)
)
MeetingCancelApi = MeetingStep.declare(
    lambda m, d, user: actions.meeting_cancel(meeting=m, reason=d["reason"], actor=user),
    input=DelibReasonInput,
)


class DelibAttendanceInput(serializers.Serializer):
    present = serializers.ListField(
        child=IdField(), max_length=200, help_text="Ids of the seats present"
    )


MeetingAttendanceApi = MeetingStep.declare(
    lambda m, d, user: actions.attendance_set(meeting=m, present=d["present"], actor=user),
    input=DelibAttendanceInput,
)


class DelibMinutesInput(serializers.Serializer):
    minutes = serializers.CharField(max_length=10000, allow_blank=True)
    version = serializers.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        required=False,
        allow_null=True,
        default=None,
        help_text="The version you edited; 409 if stale",
    )


MeetingMinutesApi = MeetingStep.declare(
    lambda m, d, user: actions.minutes_save(
        meeting=m, minutes=d["minutes"], expected_version=d["version"], actor=user
    ),
    input=DelibMinutesInput,
)


class DelibMeetingPhotoInput(serializers.Serializer):
    photo = serializers.FileField(help_text="JPEG, PNG or WebP, at most 5 MB")


# POST …/meetings/{id}/photos/ (multipart): one photo of the meeting; the photo is answered.
MeetingPhotoApi = MeetingStep.declare(
    lambda m, d, user: actions.meeting_photo_add(meeting=m, upload=d["photo"], actor=user),
    input=DelibMeetingPhotoInput,
    output=out.DelibMeetingPhotoOutput,
    success_status=201,
    refresh=False,
    __doc__="Add a photo of the meeting (metadata stripped; at most nine).",
    name="MeetingPhotoApi",
)
# The largest body it takes (core.uploads.max_body_size, applied to the view in urls.py).
PHOTO_BODY_LIMIT = uploads.body_limit(files=1)
