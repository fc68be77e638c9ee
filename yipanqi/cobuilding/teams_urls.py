"""Fixed service teams (组团式服务): pages and API routes, included by cobuilding's urls.

No `app_name` here: the routes live under cobuilding's namespace. Every route carries its own
`teams/` prefix, so the including module concatenates the lists:

    urlpatterns = [...] + teams_urls.urlpatterns              # cobuilding/urls.py
    urlpatterns = [...] + teams_urls.api_urlpatterns          # cobuilding/api/urls.py
"""

from django.urls import path

from yipanqi.cobuilding import teams_api as a
from yipanqi.cobuilding import teams_views as v

urlpatterns = [
    path("teams/", v.team_list, name="team_list"),
    path("teams/new/", v.team_new, name="team_new"),
    path("teams/<int:team_id>/", v.team_detail, name="team_detail"),
    path("teams/<int:team_id>/edit/", v.team_edit, name="team_edit"),
    path("teams/<int:team_id>/members/", v.team_member_add, name="team_member_add"),
    path(
        "teams/<int:team_id>/members/<int:member_id>/remove/",
        v.team_member_remove,
        name="team_member_remove",
    ),
]

api_urlpatterns = [
    path("teams/", a.TeamListApi.as_view(), name="api-cobuilding-teams"),
    path("teams/create/", a.TeamCreateApi.as_view(), name="api-cobuilding-team-create"),
    path("teams/<int:team_id>/", a.TeamDetailApi.as_view(), name="api-cobuilding-team"),
    path("teams/<int:team_id>/edit/", a.TeamEditApi.as_view(), name="api-cobuilding-team-edit"),
    path(
        "teams/<int:team_id>/members/add/",
        a.TeamMemberAddApi.as_view(),
        name="api-cobuilding-team-member-add",
    ),
    path(
        "teams/<int:team_id>/members/remove/",
        a.TeamMemberRemoveApi.as_view(),
        name="api-cobuilding-team-member-remove",
    ),
]
