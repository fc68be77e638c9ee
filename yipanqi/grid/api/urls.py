"""/api/v1/grid/: sweeps, visit lists and recording, coverage; incidents and one POST per step."""

from django.urls import path

from yipanqi.grid.api import views as v

STEPS = ("accept", "handle", "escalate", "close")

urlpatterns = [
    path("campaigns/", v.CampaignListApi.as_view(), name="api-grid-campaigns"),
    path("campaigns/<int:campaign_id>/", v.CampaignDetailApi.as_view(), name="api-grid-campaign"),
    path(
        "campaigns/<int:campaign_id>/visits/",
        v.VisitListApi.as_view(),
        name="api-grid-visits",
    ),
    path(
        "campaigns/<int:campaign_id>/coverage/",
        v.CoverageApi.as_view(),
        name="api-grid-coverage",
    ),
    path("incidents/", v.IncidentListApi.as_view(), name="api-grid-incidents"),
    path("incidents/<int:incident_id>/", v.IncidentDetailApi.as_view(), name="api-grid-incident"),
] + [
    path(
        f"incidents/<int:incident_id>/{step}/",
        v.step_view(step).as_view(),
        name=f"api-grid-incident-{step}",
    )
    for step in STEPS
]
