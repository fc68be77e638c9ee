"""/api/v1/notices/: notices of one's scope and their steps and board; one's own receipts."""

from django.urls import path

from yipanqi.core.uploads import max_body_size
from yipanqi.notices.api import drafts as d
from yipanqi.notices.api import views as v

urlpatterns = [
    path("", v.NoticesListApi.as_view(), name="api-notices"),
    path("inbox/", v.NoticesInboxApi.as_view(), name="api-notices-inbox"),
    path("inbox/<int:recipient_id>/", v.NoticesReceiptApi.as_view(), name="api-notices-receipt"),
    path("inbox/<int:recipient_id>/read/", v.NoticesReadApi.as_view(), name="api-notices-read"),
    path("inbox/<int:recipient_id>/reply/", v.NoticesReplyApi.as_view(), name="api-notices-reply"),
    path("<int:notice_id>/", v.NoticesDetailApi.as_view(), name="api-notices-notice"),
    path(
        "inbox/<int:recipient_id>/attachments/<int:attachment_id>/",
        d.NoticesReceiptFileApi.as_view(),
        name="api-notices-receipt-file",
    ),
    path("<int:notice_id>/edit/", d.NoticesEditApi.as_view(), name="api-notices-edit"),
    path(
        "<int:notice_id>/attachments/",
        max_body_size(d.ATTACH_BODY_LIMIT)(d.NoticesAttachApi.as_view()),
        name="api-notices-attach",
    ),
    path(
        "<int:notice_id>/attachments/<int:attachment_id>/",
        d.NoticesAttachmentFileApi.as_view(),
        name="api-notices-file",
    ),
    path(
        "<int:notice_id>/attachments/<int:attachment_id>/remove/",
        d.NoticesAttachmentRemoveApi.as_view(),
        name="api-notices-file-remove",
    ),
    path("<int:notice_id>/board/", v.NoticesBoardApi.as_view(), name="api-notices-board"),
    path("<int:notice_id>/pending/", v.NoticesPendingApi.as_view(), name="api-notices-pending"),
    path("<int:notice_id>/send/", v.NoticesSendApi.as_view(), name="api-notices-send"),
    path("<int:notice_id>/close/", v.NoticesCloseApi.as_view(), name="api-notices-close"),
    path("<int:notice_id>/cancel/", v.NoticesCancelApi.as_view(), name="api-notices-cancel"),
]
