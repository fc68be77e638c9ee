from django.urls import path, re_path

from yipanqi.workforce import views

app_name = "workforce"
urlpatterns = [
    path("", views.worker_list, name="worker_list"),
    path("<int:worker_id>/", views.worker_detail, name="worker_detail"),
    re_path(
        r"^(?P<worker_id>[0-9]+)/(?P<name>appraise|grade|move|exit|clear_review)/$",
        views.worker_step,
        name="worker_step",
    ),
    path("pay/", views.run_list, name="run_list"),
    path("pay/<int:run_id>/", views.run_detail, name="run_detail"),
    path("pay/<int:run_id>/approve/", views.run_approve, name="run_approve"),
    path("pay/<int:run_id>/export/", views.run_export, name="run_export"),
    path("training/", views.course_list, name="course_list"),
    path("training/<int:course_id>/", views.course_detail, name="course_detail"),
    path("training/<int:course_id>/sign-in/", views.course_sign_in, name="course_sign_in"),
]
