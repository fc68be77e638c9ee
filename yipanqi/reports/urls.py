from django.urls import include, path

# Two parts, one namespace: the one-click reports (documents) and the dashboards with the big screen.
app_name = "reports"
urlpatterns = [
    path("", include("yipanqi.reports.documents.urls")),
    path("dashboards/", include("yipanqi.reports.dashboards.urls")),
]
