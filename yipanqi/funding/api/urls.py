"""/api/v1/funding/: rules, allocation runs, budget lines, expenses, income, projects."""

from django.urls import path

from yipanqi.core.uploads import max_body_size
from yipanqi.funding.api import views as v

urlpatterns = [
    path("rules/", v.RuleListApi.as_view(), name="api-funding-rules"),
    path("runs/", v.RunListApi.as_view(), name="api-funding-runs"),
    path("runs/compute/", v.RunComputeApi.as_view(), name="api-funding-run-compute"),
    path("runs/<int:run_id>/", v.RunDetailApi.as_view(), name="api-funding-run"),
    path("runs/<int:run_id>/approve/", v.RunApproveApi.as_view(), name="api-funding-run-approve"),
    path("budget-lines/", v.BudgetListApi.as_view(), name="api-funding-budget-lines"),
    path("expenses/", v.ExpenseListApi.as_view(), name="api-funding-expenses"),
    path("expenses/<int:expense_id>/", v.ExpenseDetailApi.as_view(), name="api-funding-expense"),
    path(
        "expenses/<int:expense_id>/approve/",
        v.ExpenseApproveApi.as_view(),
        name="api-funding-expense-approve",
    ),
    path(
        "expenses/<int:expense_id>/reject/",
        v.ExpenseRejectApi.as_view(),
        name="api-funding-expense-reject",
    ),
    path(
        "expenses/<int:expense_id>/evidence/",
        max_body_size(v.EVIDENCE_BODY_LIMIT)(v.ExpenseEvidenceApi.as_view()),
        name="api-funding-expense-evidence",
    ),
    path("duty-money/", v.DutyMoneyListApi.as_view(), name="api-funding-duty-money"),
    path(
        "duty-money/credit/", v.DutyMoneyCreditApi.as_view(), name="api-funding-duty-money-credit"
    ),
    path("income/", v.IncomeListApi.as_view(), name="api-funding-income"),
    path("projects/", v.ProjectListApi.as_view(), name="api-funding-projects"),
    path("projects/<int:project_id>/", v.ProjectDetailApi.as_view(), name="api-funding-project"),
    path(
        "projects/<int:project_id>/progress/",
        v.ProjectProgressApi.as_view(),
        name="api-funding-project-progress",
    ),
    path(
        "projects/<int:project_id>/complete/",
        v.ProjectCompleteApi.as_view(),
        name="api-funding-project-complete",
    ),
]
