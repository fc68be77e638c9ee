from django.urls import path

from yipanqi.core import processing_views, views

app_name = "core"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/access-log/", views.access_log, name="access_log"),
    path("audit/processing/", processing_views.processing_register, name="processing_register"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/read-all/", views.inbox_read_all, name="inbox_read_all"),
    path("inbox/<int:notification_id>/open/", views.notification_open, name="notification_open"),
]
