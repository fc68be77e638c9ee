"""/api/v1/cobuilding/: the three lists and claiming, projects, hard problems, evaluations; the
service teams' routes come from teams_urls."""

from django.urls import path

from yipanqi.cobuilding import escalation_views as escalation
from yipanqi.cobuilding import teams_urls
from yipanqi.cobuilding.api import creates as c
from yipanqi.cobuilding.api import views as v


def steps(prefix: str, kwarg: str, name: str, detail, **named):
    routes = [path(f"{prefix}/<int:{kwarg}>/", detail.as_view(), name=f"api-cobuilding-{name}")]
    for step, view in named.items():
        routes.append(
            path(
                f"{prefix}/<int:{kwarg}>/{step}/",
                view.as_view(),
                name=f"api-cobuilding-{name}-{step}",
            )
        )
    return routes


urlpatterns = [
    path("needs/", v.NeedListApi.as_view(), name="api-cobuilding-needs"),
    path("resources/", v.ResourceListApi.as_view(), name="api-cobuilding-resources"),
    path("claims/", v.ClaimListApi.as_view(), name="api-cobuilding-claims"),
    path("projects/", v.ProjectListApi.as_view(), name="api-cobuilding-projects"),
    path("problems/", v.ProblemListApi.as_view(), name="api-cobuilding-problems"),
    path("commitments/", v.CommitmentListApi.as_view(), name="api-cobuilding-commitments"),
    path("evaluations/", v.EvaluationListApi.as_view(), name="api-cobuilding-evaluations"),
    path("resources/new/", c.ResourceCreateApi.as_view(), name="api-cobuilding-resource-new"),
    path("problems/new/", c.ProblemCreateApi.as_view(), name="api-cobuilding-problem-new"),
    path(
        "problems/escalate/",
        escalation.ProblemEscalateApi.as_view(),
        name="api-cobuilding-problem-escalate",
    ),
    path("evaluations/new/", c.EvaluationCreateApi.as_view(), name="api-cobuilding-evaluation-new"),
    *steps("needs", "need_id", "need", v.NeedDetailApi, claim=v.NeedClaimApi),
    *steps("resources", "resource_id", "resource", v.ResourceDetailApi, claim=v.ResourceClaimApi),
    *steps(
        "claims",
        "claim_id",
        "claim",
        v.ClaimDetailApi,
        accept=v.ClaimAcceptApi,
        decline=v.ClaimDeclineApi,
        withdraw=v.ClaimWithdrawApi,
    ),  # fmt: skip
    *steps(
        "projects",
        "project_id",
        "project",
        v.ProjectDetailApi,
        begin=v.ProjectBeginApi,
        report=v.ProjectReportApi,
        complete=v.ProjectCompleteApi,
        rate=v.ProjectRateApi,
        cancel=v.ProjectCancelApi,
    ),  # fmt: skip
    *steps(
        "problems",
        "problem_id",
        "problem",
        v.ProblemDetailApi,
        session=v.ProblemSessionApi,
        commit=v.ProblemCommitApi,
        confirm=v.ProblemConfirmApi,
    ),  # fmt: skip
    *steps("evaluations", "evaluation_id", "evaluation", v.EvaluationDetailApi),
    *steps(
        "commitments",
        "commitment_id",
        "commitment",
        v.CommitmentDetailApi,
        done=v.CommitmentDoneApi,
    ),
] + teams_urls.api_urlpatterns
