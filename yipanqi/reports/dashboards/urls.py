from django.urls import path

from yipanqi.reports.dashboards import views

# Included at /reports/dashboards/ in the `reports` namespace (no app_name here).
urlpatterns = [
    path("", views.dash_home, name="dash_home"),
    path("screen/", views.dash_screen_home, name="dash_screen_home"),
    path("screen/<str:code>/", views.dash_screen, name="dash_screen"),
    path("screen/<str:code>/data/", views.dash_screen_data, name="dash_screen_data"),
    path("<str:code>/", views.dash_node, name="dash_node"),
]
