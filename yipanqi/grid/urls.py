from django.urls import path, re_path

from yipanqi.grid.views import campaigns, coverage, incidents, visits

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
    path("campaigns/<int:campaign_id>/visits/", visits.visit_list, name="visit_list"),
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
