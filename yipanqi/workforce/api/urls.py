"""/api/v1/workforce/: workers (appoint, transfer, exit), pay lines, pay tables (create, revise),
pay runs (compute, approve), courses (create, enrol, sign-in)."""

from django.urls import path

from yipanqi.workforce.api import setup as w
from yipanqi.workforce.api import views as v

urlpatterns = [
    path("workers/", v.WorkerListApi.as_view(), name="api-workforce-workers"),
    path("workers/appoint/", w.WorkerAppointApi.as_view(), name="api-workforce-worker-appoint"),
    path("workers/<int:worker_id>/", v.WorkerDetailApi.as_view(), name="api-workforce-worker"),
    path(
        "workers/<int:worker_id>/transfer/",
        w.WorkerTransferApi.as_view(),
        name="api-workforce-worker-transfer",
    ),
    path(
        "workers/<int:worker_id>/exit/",
        w.WorkerExitApi.as_view(),
        name="api-workforce-worker-exit",
    ),
    path("pay-lines/", v.PayLineListApi.as_view(), name="api-workforce-pay-lines"),
    path("tables/", w.TableListApi.as_view(), name="api-workforce-tables"),
    path("tables/create/", w.TableCreateApi.as_view(), name="api-workforce-table-create"),
    path("tables/<int:table_id>/edit/", w.TableEditApi.as_view(), name="api-workforce-table-edit"),
    path("runs/", v.RunListApi.as_view(), name="api-workforce-runs"),
    path("runs/compute/", v.RunComputeApi.as_view(), name="api-workforce-run-compute"),
    path("runs/<int:run_id>/", v.RunDetailApi.as_view(), name="api-workforce-run"),
    path("runs/<int:run_id>/approve/", v.RunApproveApi.as_view(), name="api-workforce-run-approve"),
    path("courses/", v.CourseListApi.as_view(), name="api-workforce-courses"),
    path("courses/create/", w.CourseCreateApi.as_view(), name="api-workforce-course-create"),
    path("courses/<int:course_id>/", v.CourseDetailApi.as_view(), name="api-workforce-course"),
    path(
        "courses/<int:course_id>/enrol/",
        w.CourseEnrolApi.as_view(),
        name="api-workforce-course-enrol",
    ),
    path(
        "courses/<int:course_id>/sign-in/",
        v.CourseSignInApi.as_view(),
        name="api-workforce-course-sign-in",
    ),
]
