from django.urls import path

from yipanqi.deliberation.views import followups, hall, meeting, photos, public, topics

app_name = "deliberation"
urlpatterns = [
    path("", hall.hall_index, name="index"),
    path("bodies/<int:body_id>/", hall.hall, name="hall"),
    path("bodies/<int:body_id>/meetings/new/", hall.meeting_new, name="meeting_new"),
    path("topics/new/", topics.topic_new, name="topic_new"),
    path("topics/<int:topic_id>/accept/", hall.topic_accept, name="topic_accept"),
    path("topics/<int:topic_id>/decline/", hall.topic_decline, name="topic_decline"),
    path("meetings/<int:meeting_id>/", meeting.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/open/", meeting.meeting_open, name="meeting_open"),
    path("meetings/<int:meeting_id>/close/", meeting.meeting_close, name="meeting_close"),
    path("meetings/<int:meeting_id>/attendance/", meeting.attendance, name="attendance"),
    path("meetings/<int:meeting_id>/minutes/", meeting.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/agenda/", meeting.agenda_add, name="agenda_add"),
    path("meetings/<int:meeting_id>/photos/", photos.photo_add, name="photo_add"),
    path("photos/<int:photo_id>/", photos.photo_show, name="photo_show"),
    path("photos/<int:photo_id>/remove/", photos.photo_remove, name="photo_remove"),
    path(
        "meetings/<int:meeting_id>/resolutions/", meeting.resolution_draft, name="resolution_draft"
    ),
    path("resolutions/<int:resolution_id>/votes/", meeting.votes, name="votes"),
    path("resolutions/<int:resolution_id>/resolve/", meeting.resolve, name="resolve"),
    path("resolutions/<int:resolution_id>/publish/", meeting.publish, name="publish"),
    path("resolutions/<int:resolution_id>/followups/", meeting.follow_up_new, name="follow_up_new"),
    path("followups/", followups.follow_up_list, name="followups"),
    path("followups/<int:follow_up_id>/order/", followups.follow_up_order, name="follow_up_order"),
    path("followups/<int:follow_up_id>/done/", followups.follow_up_done, name="follow_up_done"),
    path("notices/", public.notice_list, name="notices"),
    path("notices/<int:resolution_id>/", public.notice, name="notice"),
    path("notices/<int:resolution_id>/rate/", public.rate, name="rate"),
]
