from django.urls import path

from yipanqi.notices import views, views_drafts

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("r/<int:recipient_id>/", views.inbox_detail, name="inbox_detail"),
    path("r/<int:recipient_id>/read/", views.inbox_read, name="inbox_read"),
    path("r/<int:recipient_id>/reply/", views.inbox_reply, name="inbox_reply"),
    path("sent/", views.notice_list, name="notice_list"),
    path("new/", views.notice_new, name="notice_new"),
    path("<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("people/", views_drafts.people_pick, name="people_pick"),
    path(
        "r/<int:recipient_id>/files/<int:attachment_id>/",
        views_drafts.receipt_file,
        name="receipt_file",
    ),
    path("<int:notice_id>/edit/", views_drafts.notice_edit, name="notice_edit"),
    path("<int:notice_id>/files/", views_drafts.attachment_upload, name="attachment_upload"),
    path(
        "<int:notice_id>/files/<int:attachment_id>/", views_drafts.notice_file, name="notice_file"
    ),
    path(
        "<int:notice_id>/files/<int:attachment_id>/remove/",
        views_drafts.attachment_remove,
        name="attachment_remove",
    ),
    path("<int:notice_id>/board/", views.notice_board, name="notice_board"),
    path("<int:notice_id>/<slug:step>/", views.notice_step, name="notice_step"),
]
