from django.urls import path

from yipanqi.duties import views

app_name = "duties"
urlpatterns = [
    path("", views.list_index, name="list_index"),
    path("lists/<int:list_id>/", views.list_detail, name="list_detail"),
    path("items/<int:item_id>/progress/", views.item_progress, name="item_progress"),
    path("evidence/<int:evidence_id>/", views.evidence_file, name="evidence_file"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/new/", views.request_new, name="request_new"),
    path("requests/<int:request_id>/", views.request_detail, name="request_detail"),
    path("requests/<int:request_id>/<str:step_name>/", views.request_step, name="request_step"),
    path("admitted/", views.admitted, name="admitted"),
    path("refusals/", views.refusals, name="refusals"),
    path("burden/", views.burden, name="burden"),
]
