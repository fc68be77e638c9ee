from django.urls import path

from yipanqi.core.api import views

urlpatterns = [
    path("events/", views.AuditEventListApi.as_view(), name="api-audit-events"),
    path("events/<int:event_id>/", views.AuditEventDetailApi.as_view(), name="api-audit-event"),
    path("access-log/", views.AccessLogListApi.as_view(), name="api-access-log"),
    path(
        "access-log/<int:access_id>/",
        views.AccessLogDetailApi.as_view(),
        name="api-access-log-entry",
    ),
]
