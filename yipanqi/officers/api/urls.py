"""/api/v1/officers/: assignments, their work logs, the board."""

from django.urls import path

from yipanqi.core.uploads import max_body_size
from yipanqi.officers.api import views as v

urlpatterns = [
    path("", v.OfficersAssignmentListApi.as_view(), name="api-officers"),
    path("board/", v.OfficersBoardApi.as_view(), name="api-officers-board"),
    path("roles/", v.OfficersRoleListApi.as_view(), name="api-officers-roles"),
    path("roles/<int:role_id>/", v.OfficersRoleApi.as_view(), name="api-officers-role"),
    path(
        "roles/<int:role_id>/edit/", v.OfficersRoleEditApi.as_view(), name="api-officers-role-edit"
    ),
    path("<int:assignment_id>/", v.OfficersAssignmentApi.as_view(), name="api-officers-assignment"),
    path("<int:assignment_id>/end/", v.OfficersAssignmentEndApi.as_view(), name="api-officers-end"),
    path(
        "<int:assignment_id>/logs/",
        max_body_size(v.LOG_BODY_LIMIT)(v.OfficersWorkLogListApi.as_view()),
        name="api-officers-logs",
    ),
]
