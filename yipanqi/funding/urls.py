from django.urls import path, re_path

from yipanqi.funding import views, views_duty_money, views_exports, views_runs

app_name = "funding"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("export/", views_exports.overview_export, name="overview_export"),
    path("town/<int:town_id>/", views.town_overview, name="town_overview"),
    path("community/<int:community_id>/", views.community_detail, name="community_detail"),
    path(
        "community/<int:community_id>/export/",
        views_exports.community_export,
        name="community_export",
    ),
    path("community/<int:community_id>/expense/", views.expense_new, name="expense_new"),
    path("community/<int:community_id>/income/", views.income_new, name="income_new"),
    path("expenses/<int:expense_id>/", views.expense_detail, name="expense_detail"),
    re_path(
        r"^expenses/(?P<expense_id>[0-9]+)/(?P<name>approve|reject)/$",
        views.expense_step,
        name="expense_step",
    ),
    path("expenses/<int:expense_id>/evidence/", views.evidence_new, name="evidence_new"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("runs/", views_runs.run_list, name="run_list"),
    path("runs/rules/", views_runs.rule_new, name="rule_new"),
    path("runs/<int:run_id>/", views_runs.run_detail, name="run_detail"),
    path("runs/<int:run_id>/approve/", views_runs.run_approve, name="run_approve"),
    path("duty-money/", views_duty_money.duty_money, name="duty_money"),
    path("projects/", views_runs.project_list, name="project_list"),
    path("projects/new/", views_runs.project_new, name="project_new"),
    path("projects/<int:project_id>/", views_runs.project_detail, name="project_detail"),
    re_path(
        r"^projects/(?P<project_id>[0-9]+)/(?P<name>progress|complete)/$",
        views_runs.project_step,
        name="project_step",
    ),
]
