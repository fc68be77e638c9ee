from django.urls import path

from yipanqi.notices import views

app_name = "notices"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("r/<int:recipient_id>/", views.inbox_detail, name="inbox_detail"),
    path("r/<int:recipient_id>/read/", views.inbox_read, name="inbox_read"),
    path("r/<int:recipient_id>/reply/", views.inbox_reply, name="inbox_reply"),
    path("sent/", views.notice_list, name="notice_list"),
    path("new/", views.notice_new, name="notice_new"),
    path("<int:notice_id>/", views.notice_detail, name="notice_detail"),
    path("<int:notice_id>/board/", views.notice_board, name="notice_board"),
    path("<int:notice_id>/<slug:step>/", views.notice_step, name="notice_step"),
]
