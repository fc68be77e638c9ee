"""/api/v1/officers/: assignments, their work logs, the board."""

from django.urls import path

from yipanqi.officers.api import views as v

urlpatterns = [
    path("", v.OfficersAssignmentListApi.as_view(), name="api-officers"),
    path("board/", v.OfficersBoardApi.as_view(), name="api-officers-board"),
    path("<int:assignment_id>/", v.OfficersAssignmentApi.as_view(), name="api-officers-assignment"),
    path("<int:assignment_id>/end/", v.OfficersAssignmentEndApi.as_view(), name="api-officers-end"),
    path("<int:assignment_id>/logs/", v.OfficersWorkLogListApi.as_view(), name="api-officers-logs"),
]
