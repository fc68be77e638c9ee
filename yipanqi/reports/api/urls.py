"""/api/v1/reports/: one-click reports of one's scope."""

from django.urls import path

from yipanqi.reports.api import views as v

urlpatterns = [
    path("", v.ReportsListApi.as_view(), name="api-reports"),
    path("<int:report_id>/", v.ReportsDetailApi.as_view(), name="api-reports-report"),
    path("<int:report_id>/download/", v.ReportsDownloadApi.as_view(), name="api-reports-download"),
]
