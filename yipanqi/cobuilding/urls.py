from django.urls import path

from yipanqi.cobuilding import escalation_views, teams_urls, views, views_work

app_name = "cobuilding"
urlpatterns = [
    path("", views.board, name="board"),
    path("needs/<int:need_id>/claim/", views.need_claim, name="need_claim"),
    path("resources/new/", views.resource_new, name="resource_new"),
    path("resources/<int:resource_id>/claim/", views.resource_claim, name="resource_claim"),
    path("claims/<int:claim_id>/<str:action>/", views.claim_step, name="claim_step"),
    path("towns/<int:town_id>/", views.town, name="town"),
    path("projects/", views_work.project_list, name="project_list"),
    path("projects/<int:project_id>/", views_work.project_detail, name="project_detail"),
    path("projects/<int:project_id>/<str:action>/", views_work.project_step, name="project_step"),
    path("problems/", views_work.problem_list, name="problem_list"),
    path("problems/escalate/", escalation_views.problem_escalate, name="problem_escalate"),
    path("problems/<int:problem_id>/", views_work.problem_detail, name="problem_detail"),
    path("problems/<int:problem_id>/<str:action>/", views_work.problem_step, name="problem_step"),
    path(
        "commitments/<int:commitment_id>/done/", views_work.commitment_done, name="commitment_done"
    ),
    path("evaluations/", views_work.evaluation_list, name="evaluation_list"),
    path(
        "evaluations/<int:community_id>/<int:unit_id>/",
        views_work.evaluation_form,
        name="evaluation_form",
    ),
] + teams_urls.urlpatterns
