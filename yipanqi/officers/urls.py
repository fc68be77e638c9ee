from django.urls import path

from yipanqi.officers import views, views_manage

app_name = "officers"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("photos/<int:photo_id>/", views.photo_show, name="photo"),
    path("assignments/", views_manage.assignment_list, name="assignment_list"),
    path("assignments/new/", views_manage.assignment_new, name="assignment_new"),
    path("roles/", views_manage.role_list, name="role_list"),
    path("roles/<int:role_id>/", views_manage.role_edit, name="role_edit"),
    path("<int:assignment_id>/", views.assignment_detail, name="assignment_detail"),
    path("<int:assignment_id>/end/", views_manage.assignment_end, name="assignment_end"),
]
