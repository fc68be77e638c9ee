"""/reports/: the one-click reports (included in the `reports` namespace; names start `report_`)."""

from django.urls import path

from yipanqi.reports.documents import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:report_id>/", views.report_detail, name="report_detail"),
    path("<int:report_id>/progress/", views.report_progress, name="report_progress"),
    path("<int:report_id>/download/", views.report_download, name="report_download"),
    path("<int:report_id>/rerun/", views.report_rerun, name="report_rerun"),
    path("<int:report_id>/again/", views.report_again, name="report_again"),
]
