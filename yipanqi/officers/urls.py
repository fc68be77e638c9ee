from django.urls import path

from yipanqi.officers import views

app_name = "officers"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("board/", views.board, name="board"),
    path("<int:assignment_id>/", views.assignment_detail, name="assignment_detail"),
]
