from django.urls import path, re_path

from yipanqi.workforce import views, views_tables, views_training, views_workers

app_name = "workforce"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("appoint/", views_workers.worker_appoint, name="worker_appoint"),
    path("<int:worker_id>/", views.worker_detail, name="worker_detail"),
    path("<int:worker_id>/transfer/", views_workers.worker_transfer, name="worker_transfer"),
    path("<int:worker_id>/exit/", views_workers.worker_exit, name="worker_exit"),
    re_path(
        r"^(?P<worker_id>[0-9]+)/(?P<name>appraise|grade|move|clear_review)/$",
        views.worker_step,
        name="worker_step",
    ),
    path("pay/", views.run_list, name="run_list"),
    path("pay/<int:run_id>/", views.run_detail, name="run_detail"),
    path("pay/<int:run_id>/approve/", views.run_approve, name="run_approve"),
    path("pay/<int:run_id>/export/", views.run_export, name="run_export"),
    path("pay/tables/", views_tables.table_list, name="table_list"),
    path("pay/tables/new/", views_tables.table_new, name="table_new"),
    path("pay/tables/<int:table_id>/", views_tables.table_edit, name="table_edit"),
    path("training/", views_training.course_list, name="course_list"),
    path("training/new/", views_training.course_new, name="course_new"),
    path("training/<int:course_id>/", views_training.course_detail, name="course_detail"),
    path("training/<int:course_id>/enrol/", views_training.course_enrol, name="course_enrol"),
    path(
        "training/<int:course_id>/sign-in/",
        views_training.course_sign_in,
        name="course_sign_in",
    ),
]
