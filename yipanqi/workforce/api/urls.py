"""/api/v1/workforce/: workers, pay lines, pay runs (compute, approve), courses (sign-in)."""

from django.urls import path

from yipanqi.workforce.api import views as v

urlpatterns = [
    path("workers/", v.WorkerListApi.as_view(), name="api-workforce-workers"),
    path("workers/<int:worker_id>/", v.WorkerDetailApi.as_view(), name="api-workforce-worker"),
    path("pay-lines/", v.PayLineListApi.as_view(), name="api-workforce-pay-lines"),
    path("runs/", v.RunListApi.as_view(), name="api-workforce-runs"),
    path("runs/compute/", v.RunComputeApi.as_view(), name="api-workforce-run-compute"),
    path("runs/<int:run_id>/", v.RunDetailApi.as_view(), name="api-workforce-run"),
    path("runs/<int:run_id>/approve/", v.RunApproveApi.as_view(), name="api-workforce-run-approve"),
    path("courses/", v.CourseListApi.as_view(), name="api-workforce-courses"),
    path("courses/<int:course_id>/", v.CourseDetailApi.as_view(), name="api-workforce-course"),
    path(
        "courses/<int:course_id>/sign-in/",
        v.CourseSignInApi.as_view(),
        name="api-workforce-course-sign-in",
    ),
]
