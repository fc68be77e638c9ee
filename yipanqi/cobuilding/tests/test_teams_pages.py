"""Service teams' pages and API (组团式服务): the team page with members, coverage and service log;
set-up and members for the leading admins only; bad input answered clearly; and the scope matrix
over every team page and endpoint × persona, against an independent oracle."""

import pytest
from django.urls import reverse

from yipanqi.orders import actions
from yipanqi.orders.models import ServiceTeam, ServiceTeamMember
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.orders.tests.team_factories import build_team_world

JSON = "application/json"


@pytest.fixture
def tw(district):
    return build_team_world(build_orders_world(district))


# who sees team "A1 team" (led by A1's community committee, serving A1): the admins of A1 and
# above, A1's grid workers, and the team's own members — nobody else
SEES = {
    "community_admin_a1": True,
    "town_admin_a": True,
    "district_admin": True,
    "grid_worker_a1_g2": True,
    "party_member_a1": True,
    "party_member_a1b": True,
    "unit_staff_a1": True,
    "community_admin_a2": False,
    "community_admin_b1": False,
    "party_member_a1c": False,
    "party_member_b1": False,
    "resident_a1": False,
    "unit_liaison_a1": False,
    "no_role": False,
}
MANAGES = {"community_admin_a1", "town_admin_a", "district_admin"}
OTHER_ADMINS = {"community_admin_a2", "community_admin_b1"}


def _oracle(tw, persona: str) -> bool:
    """Independently of the scope code: an admin or grid worker over A1, or an active member."""
    user = tw.personas[persona]
    staff = user.role_grants.filter(
        role__in=("district_admin", "town_admin", "community_admin", "grid_worker"),
        status="active",
    ).select_related("area")
    if any(
        tw.world.a1.path.startswith(g.area.path) or g.area.path.startswith(tw.world.a1.path)
        for g in staff
    ):
        return True
    return ServiceTeamMember.objects.filter(team=tw.team, member__person__user=user, active=True).exists()  # fmt: skip


def test_the_oracle_agrees_with_the_table(tw):
    assert {p: _oracle(tw, p) for p in SEES} == SEES


@pytest.mark.parametrize("persona", sorted(SEES))
def test_scope_matrix_over_every_team_page_and_endpoint(tw, client, persona):
    client.force_login(tw.personas[persona])
    team, sees, manages = tw.team, SEES[persona], persona in MANAGES
    member_row = team.memberships.get(member=tw.world.members["party_member_a1b"])
    listed = client.get(reverse("cobuilding:team_list"))
    assert listed.status_code == 200
    assert (team.name in listed.content.decode()) is sees
    api_list = client.get("/api/v1/cobuilding/teams/")
    assert ({t["id"] for t in api_list.json()["results"]} == {team.pk}) is sees
    detail = 200 if sees else 404
    assert client.get(reverse("cobuilding:team_detail", args=[team.pk])).status_code == detail
    assert client.get(f"/api/v1/cobuilding/teams/{team.pk}/").status_code == detail
    manage = 200 if manages else (403 if sees else 404)
    assert client.get(reverse("cobuilding:team_edit", args=[team.pk])).status_code == manage
    assert client.get(reverse("cobuilding:team_member_add", args=[team.pk])).status_code == manage
    remove = reverse("cobuilding:team_member_remove", args=[team.pk, member_row.pk])
    api_remove = f"/api/v1/cobuilding/teams/{team.pk}/members/remove/"
    if not manages:  # refused: nothing changes
        assert client.post(remove).status_code in (403, 404)
        answer = client.post(api_remove, {"member_id": member_row.member_id}, content_type=JSON)
        assert answer.status_code == (403 if sees else 404)
        member_row.refresh_from_db()
        assert member_row.active
    new = client.get(reverse("cobuilding:team_new"))  # any admin, for their own street / community
    assert new.status_code == (200 if persona in MANAGES | OTHER_ADMINS else 403)


def test_the_team_page_shows_members_coverage_and_service_log(tw, client):
    order = tw.dispatched(title="帮老人换灯泡")
    actions.order_take(order=order, actor=tw.personas["unit_staff_a1"])
    client.force_login(tw.world.admin())
    page = client.get(reverse("cobuilding:team_detail", args=[tw.team.pk])).content.decode()
    for text in ("张三", "赵四", "周七", tw.world.a1.name, f"#{order.pk}", tw.world.unit.name):
        assert text in page
    # a teammate reads the others' names masked
    client.force_login(tw.personas["party_member_a1b"])
    page = client.get(reverse("cobuilding:team_detail", args=[tw.team.pk])).content.decode()
    assert "赵四" in page and "张三" not in page and "张*" in page


def test_an_admin_sets_up_a_team_and_adds_a_member_on_the_pages(tw, client):
    d = tw.world.district
    client.force_login(tw.world.admin())
    answer = client.post(
        reverse("cobuilding:team_new"),
        {"name": "一网格服务队", "lead_organisation": d.party[tw.world.a1.name].pk, "coverage": [d.grids[0].pk]},
    )  # fmt: skip
    team = ServiceTeam.objects.get(name="一网格服务队")
    assert answer.status_code == 302 and answer.url == team.get_absolute_url()
    add = reverse("cobuilding:team_member_add", args=[team.pk])
    member = tw.world.members["party_member_a1b"]
    assert f'value="{member.pk}"'.encode() in client.get(add).content
    assert client.post(add, {"member": member.pk}).status_code == 302
    assert team.memberships.filter(member=member, active=True).exists()


def test_api_set_up_and_steps_with_clear_errors(tw, client):
    d, world = tw.world.district, tw.world
    client.force_login(world.personas["district_admin"])  # sees members of every community
    body = {
        "lead_organisation_id": d.party[world.a1.name].pk,
        "name": "API 团队",
        "coverage_ids": [world.a1.pk],
    }
    created = client.post("/api/v1/cobuilding/teams/create/", body, content_type=JSON)
    assert created.status_code == 201, created.content
    team_id = created.json()["id"]
    add = f"/api/v1/cobuilding/teams/{team_id}/members/add/"
    cases = [
        ("unregistered_a1", 400, "member_not_registered"),
        ("party_member_b1", 400, "member_outside_area"),  # registered with B1 only
        ("party_member_a1c", 200, None),
        ("party_member_a1c", 409, "already_in_team"),
    ]
    for name, status, code in cases:
        answer = client.post(add, {"member_id": world.members[name].pk}, content_type=JSON)
        assert answer.status_code == status, (name, answer.content)
        if code:
            assert answer.json()["code"] == code, name
    outside = client.post(
        "/api/v1/cobuilding/teams/create/", {**body, "name": "外区", "coverage_ids": [d.grids[4].pk]}, content_type=JSON
    )  # fmt: skip
    assert (outside.status_code, outside.json()["code"]) == (400, "coverage_outside_area")
    again = client.post("/api/v1/cobuilding/teams/create/", body, content_type=JSON)
    assert (again.status_code, again.json()["code"]) == (409, "team_name_taken")
    edit = client.post(
        f"/api/v1/cobuilding/teams/{team_id}/edit/", {"leader_id": world.members["party_member_a1c"].pk}, content_type=JSON
    )  # fmt: skip
    assert (
        edit.status_code == 200 and edit.json()["leader_id"] == world.members["party_member_a1c"].pk
    )
    leave = client.post(
        f"/api/v1/cobuilding/teams/{team_id}/members/remove/", {"member_id": world.members["party_member_a1c"].pk}, content_type=JSON
    )  # fmt: skip
    assert (leave.status_code, leave.json()["code"]) == (409, "leader_cannot_leave")
    bad = client.post(add, {"member_id": "x"}, content_type=JSON)
    assert bad.status_code == 400


def test_the_team_list_costs_the_same_queries_for_one_team_or_many(
    tw, client, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(tw.world.admin())
    url = reverse("cobuilding:team_list")
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    d = tw.world.district
    for n in range(3):
        actions.team_create(
            lead_organisation=d.party[tw.world.a1.name], name=f"第{n}服务队", coverage=[tw.world.a1],
            leader=tw.world.members["party_member_a1c"] if n == 0 else None, actor=tw.world.admin(),
        )  # fmt: skip
    with django_assert_num_queries(len(one.captured_queries)):
        client.get(url)
