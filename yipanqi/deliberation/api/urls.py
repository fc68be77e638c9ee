"""/api/v1/deliberation/: bodies, topics, meetings, resolutions, follow-ups, public notices."""

from django.urls import path

from yipanqi.core.uploads import max_body_size
from yipanqi.deliberation.api import resolutions as r
from yipanqi.deliberation.api import views as v

urlpatterns = [
    path("bodies/", v.BodyListApi.as_view(), name="api-delib-bodies"),
    path("bodies/<int:body_id>/", v.BodyDetailApi.as_view(), name="api-delib-body"),
    path("topics/", v.TopicListApi.as_view(), name="api-delib-topics"),
    path("topics/<int:topic_id>/", v.TopicDetailApi.as_view(), name="api-delib-topic"),
    path(
        "topics/<int:topic_id>/accept/", v.TopicAcceptApi.as_view(), name="api-delib-topic-accept"
    ),
    path(
        "topics/<int:topic_id>/decline/",
        v.TopicDeclineApi.as_view(),
        name="api-delib-topic-decline",
    ),
    path("meetings/", v.MeetingListApi.as_view(), name="api-delib-meetings"),
    path("meetings/<int:meeting_id>/", v.MeetingDetailApi.as_view(), name="api-delib-meeting"),
    path(
        "meetings/<int:meeting_id>/open/", v.MeetingOpenApi.as_view(), name="api-delib-meeting-open"
    ),
    path(
        "meetings/<int:meeting_id>/close/",
        v.MeetingCloseApi.as_view(),
        name="api-delib-meeting-close",
    ),
    path(
        "meetings/<int:meeting_id>/cancel/",
        v.MeetingCancelApi.as_view(),
        name="api-delib-meeting-cancel",
    ),
    path(
        "meetings/<int:meeting_id>/attendance/",
        v.MeetingAttendanceApi.as_view(),
        name="api-delib-attendance",
    ),
    path(
        "meetings/<int:meeting_id>/minutes/",
        v.MeetingMinutesApi.as_view(),
        name="api-delib-minutes",
    ),
    path(
        "meetings/<int:meeting_id>/photos/",
        max_body_size(v.PHOTO_BODY_LIMIT)(v.MeetingPhotoApi.as_view()),
        name="api-delib-meeting-photos",
    ),
    path("resolutions/", r.ResolutionListApi.as_view(), name="api-delib-resolutions"),
    path(
        "resolutions/<int:resolution_id>/",
        r.ResolutionDetailApi.as_view(),
        name="api-delib-resolution",
    ),
    path(
        "resolutions/<int:resolution_id>/votes/",
        r.ResolutionVoteApi.as_view(),
        name="api-delib-votes",
    ),
    path(
        "resolutions/<int:resolution_id>/resolve/",
        r.ResolutionResolveApi.as_view(),
        name="api-delib-resolve",
    ),
    path(
        "resolutions/<int:resolution_id>/publish/",
        r.ResolutionPublishApi.as_view(),
        name="api-delib-publish",
    ),
    path(
        "resolutions/<int:resolution_id>/ratings/",
        r.ResolutionRateApi.as_view(),
        name="api-delib-ratings",
    ),
    path("follow-ups/", r.FollowUpListApi.as_view(), name="api-delib-follow-ups"),
    path(
        "follow-ups/<int:follow_up_id>/", r.FollowUpDetailApi.as_view(), name="api-delib-follow-up"
    ),
    path(
        "follow-ups/<int:follow_up_id>/order/",
        r.FollowUpOrderApi.as_view(),
        name="api-delib-follow-up-order",
    ),
    path(
        "follow-ups/<int:follow_up_id>/done/",
        r.FollowUpDoneApi.as_view(),
        name="api-delib-follow-up-done",
    ),
    path(
        "follow-ups/<int:follow_up_id>/cancel/",
        r.FollowUpCancelApi.as_view(),
        name="api-delib-follow-up-cancel",
    ),
    path("notices/", r.NoticeListApi.as_view(), name="api-delib-notices"),
    path("notices/<int:resolution_id>/", r.NoticeDetailApi.as_view(), name="api-delib-notice"),
]
