from django.urls import path, re_path

from yipanqi.centres import views, views_scheme

app_name = "centres"
urlpatterns = [
    path("", views.network, name="network"),
    path("ranking/", views.ranking, name="ranking"),
    path("<int:centre_id>/", views.centre_detail, name="centre_detail"),
    path("scheme/", views_scheme.scheme_current, name="scheme"),
    path("scheme/setup/", views_scheme.scheme_setup, name="scheme_setup"),
    path("scheme/<int:scheme_id>/", views_scheme.scheme_detail, name="scheme_detail"),
    path("scheme/<int:scheme_id>/edit/", views_scheme.scheme_edit, name="scheme_edit"),
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/<int:round_id>/", views.round_detail, name="round_detail"),
    re_path(
        r"^rounds/(?P<round_id>[0-9]+)/(?P<name>publish|close)/$",
        views.round_step,
        name="round_step",
    ),
    path("assessments/<int:assessment_id>/", views.assessment_detail, name="assessment_detail"),
    re_path(
        r"^assessments/(?P<assessment_id>[0-9]+)/"
        r"(?P<name>self_assess|submit|street_review|district_review|appeal|appeal_decide)/$",
        views.assessment_detail,
        name="assessment_step",
    ),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
]
