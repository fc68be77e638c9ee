from django.urls import path, re_path

from yipanqi.grid.views import campaigns, coverage, incidents, offline, visits

app_name = "grid"
urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_new, name="campaign_new"),
    path("campaigns/<int:campaign_id>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:campaign_id>/assign/", campaigns.campaign_assign, name="campaign_assign"),
    re_path(
        r"^campaigns/(?P<campaign_id>[0-9]+)/(?P<step>round|close)/$",
        campaigns.campaign_step,
        name="campaign_step",
    ),
    path("sw.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="manifest"),
    path("campaigns/<int:campaign_id>/visits/", visits.visit_list, name="visit_list"),
    path("campaigns/<int:campaign_id>/visits/next/", visits.visit_next, name="visit_next"),
    path("campaigns/<int:campaign_id>/visits/offline/", visits.visit_shell, name="visit_shell"),
    path(
        "campaigns/<int:campaign_id>/visits/offline.json",
        visits.visit_offline_data,
        name="visit_offline_data",
    ),
    path(
        "campaigns/<int:campaign_id>/visits/<int:target_id>/",
        visits.visit_form,
        name="visit_form",
    ),
    path("coverage/", coverage.coverage, name="coverage"),
    path("coverage/figures/", coverage.coverage_partial, name="coverage_partial"),
    path("incidents/", incidents.incident_list, name="incident_list"),
    path("incidents/new/", incidents.incident_new, name="incident_new"),
    path("incidents/photos/<int:photo_id>/", incidents.incident_photo, name="incident_photo"),
    path("incidents/<int:incident_id>/", incidents.incident_detail, name="incident_detail"),
    re_path(
        r"^incidents/(?P<incident_id>[0-9]+)/(?P<step>accept|handle|escalate|close)/$",
        incidents.incident_step,
        name="incident_step",
    ),
]
