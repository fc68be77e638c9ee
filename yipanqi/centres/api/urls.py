"""/api/v1/centres/: the network, rating rounds, assessments, and one POST per step."""

from django.urls import path

from yipanqi.centres.api import schemes
from yipanqi.centres.api import views as v
from yipanqi.core.uploads import max_body_size

urlpatterns = (
    [
        path("", v.CentreListApi.as_view(), name="api-centres"),
        path("<int:centre_id>/", v.CentreDetailApi.as_view(), name="api-centre"),
        path("schemes/", schemes.SchemeListApi.as_view(), name="api-centres-schemes"),
        path(
            "schemes/<int:scheme_id>/", schemes.SchemeDetailApi.as_view(), name="api-centres-scheme"
        ),
        path(
            "schemes/<int:scheme_id>/revise/",
            schemes.SchemeReviseApi.as_view(),
            name="api-centres-scheme-revise",
        ),
        path("rounds/", v.RoundListApi.as_view(), name="api-centres-rounds"),
        path("rounds/<int:round_id>/", v.RoundDetailApi.as_view(), name="api-centres-round"),
        path("assessments/", v.AssessmentListApi.as_view(), name="api-centres-assessments"),
        path(
            "assessments/<int:assessment_id>/",
            v.AssessmentDetailApi.as_view(),
            name="api-centres-assessment",
        ),
        path(
            "assessments/<int:assessment_id>/evidence/",
            max_body_size(v.EVIDENCE_BODY_LIMIT)(v.EvidenceApi.as_view()),
            name="api-centres-assessment-evidence",
        ),
    ]
    + [
        path(f"rounds/<int:round_id>/{step}/", view.as_view(), name=f"api-centres-round-{step}")
        for step, view in v.ROUND_STEPS.items()
    ]
    + [
        path(
            f"assessments/<int:assessment_id>/{step}/",
            view.as_view(),
            name=f"api-centres-assessment-{step}",
        )
        for step, view in v.ASSESSMENT_STEPS.items()
    ]
)
