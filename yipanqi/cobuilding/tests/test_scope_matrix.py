"""The scope matrix for co-building: every persona × every page and API endpoint.

The oracle is written from the factory's layout (whose community and unit each row belongs to,
who is the liaison of which unit, who holds a seat on which council), never from the scope code.
The service teams (kept by orders, listed here) have their own world: see `teams`.
"""

import datetime

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.cobuilding import actions
from yipanqi.cobuilding.models import Project
from yipanqi.cobuilding.tests.factories import SYS
from yipanqi.core.tests.matrix import api, api_ids
from yipanqi.deliberation.actions import meeting_schedule
from yipanqi.deliberation.choices import MeetingKind
from yipanqi.orders import actions as orders
from yipanqi.orders.tests.factories import build_orders_world
from yipanqi.organisations.tests.oracle import subtree
from yipanqi.socialorgs.actions import need_post

pytestmark = pytest.mark.django_db

ADMINS_A1 = {"district_admin", "town_admin_a", "community_admin_a1"}
READ_A1 = ADMINS_A1 | {"auditor_a"}
EXPECTED = {
    # the accepted claim, its completed project, the evaluation: A1 and unit A1's liaison
    "claims": READ_A1 | {"liaison_a1"},
    "projects": READ_A1 | {"liaison_a1", "resident_a1", "party_member_a1"},
    "evaluations": READ_A1 | {"liaison_a1"},
    # the hard problem of A1 on town A's council: A1's readers and the council's seats
    "problems": READ_A1 | {"liaison_a1", "liaison_a2"},
    # the resource serves town A: its readers, the communities below, the owner unit's liaison
    "resources": READ_A1 | {"community_admin_a2", "liaison_a1"},
}
# The open needs of A1, A2 and B1 (the first A1 need is matched). Seen by admins and liaisons of
# their area, and by residents and members of their own community (published to them).
NEEDS = {
    "district_admin": {"a1", "a2", "b1"},
    "town_admin_a": {"a1", "a2"},
    "community_admin_a1": {"a1"},
    "community_admin_a2": {"a2"},
    "community_admin_b1": {"b1"},
    "liaison_a1": {"a1"},
    "liaison_a2": {"a2"},
    "liaison_b1": {"b1"},
    "resident_a1": {"a1"},
    "party_member_a1": {"a1"},
}
PERSONAS = sorted(
    {"district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
     "community_admin_b1", "grid_worker_a1", "party_member_a1", "resident_a1", "auditor_a",
     "system_admin", "security_admin", "audit_admin", "no_role", "liaison_a1", "liaison_a2",
     "liaison_b1"}
)  # fmt: skip


@pytest.fixture
def scene(world):
    p = world.personas
    claim = actions.need_claim(need=world.need, unit=world.d.units[0], actor=p["liaison_a1"])
    actions.claim_accept(claim=claim, actor=p["community_admin_a1"])
    project = Project.objects.get(claim=claim)
    actions.project_begin(project=project, actor=SYS)
    actions.project_complete(project=project, actor=SYS)
    council = world.councils[0]
    problem = actions.problem_raise(
        council=council,
        community=world.d.communities[0],
        title="难题",
        description="说明",
        actor=SYS,
    )
    session = meeting_schedule(
        body=council, kind=MeetingKind.PROBLEM_SOLVING, title="会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=SYS,
    )  # fmt: skip
    actions.problem_to_session(problem=problem, session=session, actor=SYS)
    commitment = actions.commitment_add(
        problem=problem,
        member=world.seats["unit_a2"],
        what="承诺",
        due_on=datetime.date(2099, 1, 1),
        actor=SYS,
    )
    evaluation = actions.evaluation_record(
        community=world.d.communities[0], unit=world.d.units[0], year=2021, grade="good", actor=SYS,
        today=datetime.date(2021, 12, 2),
    )  # fmt: skip
    needs = {
        "a1": need_post(
            community=world.d.communities[0],
            title="需求甲",
            kind="health",
            people=5,
            budget_fen=0,
            actor=SYS,
        ),
        "a2": need_post(
            community=world.d.communities[1],
            title="需求乙",
            kind="health",
            people=5,
            budget_fen=0,
            actor=SYS,
        ),
        "b1": need_post(
            community=world.d.communities[2],
            title="需求丙",
            kind="health",
            people=5,
            budget_fen=0,
            actor=SYS,
        ),
    }
    rows = {
        "claims": claim, "projects": project, "evaluations": evaluation, "problems": problem,
        "resources": world.resource,
    }  # fmt: skip
    return world, rows, needs, commitment


def _api(world, persona):
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def _ids(client, url):
    response = client.get(url + "?page_size=100")
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_lists_and_details(scene, persona):
    world, rows, needs, commitment = scene
    client = _api(world, persona)
    for key, row in rows.items():
        sees = persona in EXPECTED[key]
        assert _ids(client, f"/api/v1/cobuilding/{key}/") == ({row.pk} if sees else set()), key
        status = client.get(f"/api/v1/cobuilding/{key}/{row.pk}/").status_code
        assert status == (200 if sees else 404), (key, status)
    wanted = {needs[k].pk for k in NEEDS.get(persona, set())}
    assert _ids(client, "/api/v1/cobuilding/needs/") == wanted
    for need in needs.values():
        status = client.get(f"/api/v1/cobuilding/needs/{need.pk}/").status_code
        assert status == (200 if need.pk in wanted else 404)
    sees_commitment = persona in READ_A1 | {"liaison_a1", "liaison_a2"}
    listed = _ids(client, "/api/v1/cobuilding/commitments/")
    assert listed == ({commitment.pk} if sees_commitment else set())
    status = client.get(f"/api/v1/cobuilding/commitments/{commitment.pk}/").status_code
    assert status == (200 if sees_commitment else 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages(scene, persona):
    world, rows, needs, _commitment = scene
    client = Client()
    client.force_login(world.personas[persona])
    assert client.get("/cobuilding/").status_code == 200
    assert client.get("/cobuilding/projects/").status_code == 200
    assert client.get("/cobuilding/problems/").status_code == 200
    for key, url in (("projects", "projects"), ("problems", "problems")):
        status = client.get(f"/cobuilding/{url}/{rows[key].pk}/").status_code
        assert status == (200 if persona in EXPECTED[key] else 404), (key, status)
    town = world.d.towns[0]
    town_readers = {"district_admin", "town_admin_a", "auditor_a", "system_admin"}
    assert client.get(f"/cobuilding/towns/{town.pk}/").status_code == (
        200 if persona in town_readers else 404
    )
    evaluations = client.get("/cobuilding/evaluations/").status_code
    assert evaluations == (
        200 if persona.startswith(("district_admin", "town_admin", "community_admin")) else 403
    )
    board = client.get("/cobuilding/").content.decode()
    for key, need in needs.items():
        assert (need.title in board) == (key in NEEDS.get(persona, set())), key


@pytest.mark.parametrize("persona", ["liaison_a2", "resident_a1", "community_admin_b1", "no_role"])
def test_steps_out_of_scope_answer_404(scene, persona):
    world, rows, _needs, commitment = scene
    client = _api(world, persona)
    project = rows["projects"]
    if persona not in EXPECTED["projects"]:
        assert (
            client.post(
                f"/api/v1/cobuilding/projects/{project.pk}/rate/", {"rating": 5}, format="json"
            ).status_code
            == 404
        )
    assert (
        client.post(f"/api/v1/cobuilding/claims/{rows['claims'].pk}/withdraw/").status_code == 404
    )


# --- service teams (组团式服务) -------------------------------------------------------------------
# Who sees a team: staff (district, town, community admins, grid workers) whose area holds the
# team's leading area or a community or grid it serves, or lies inside a community it serves (a
# grid worker under a served community); and the team's active members. Nobody else.
TEAMS = {  # name → (leading area, served areas, members (the first leads), who sets it up)
    "A1 team": (("community", 0), [("community", 0)], ["party_member_a1", "party_member_a1b"],
                "community_admin_a1"),
    "Town A team": (("town", 0), [("grid", 2)], [], "town_admin_a"),  # serves A2's first grid
    "B1 team": (("community", 2), [("community", 2)], ["party_member_b1"], "community_admin_b1"),
}  # fmt: skip
STAFF_AT = {  # persona → the node of their staff grant
    "district_admin": ("district",),
    "town_admin_a": ("town", 0),
    "community_admin_a1": ("community", 0),
    "community_admin_a2": ("community", 1),
    "community_admin_b1": ("community", 2),
    "grid_worker_a1": ("grid", 0),
    "grid_worker_a1_g2": ("grid", 1),
}
TEAM_PERSONAS = sorted(
    {*STAFF_AT, "party_member_a1", "party_member_a1b", "party_member_a1c", "party_member_b1",
     "resident_a1", "unit_liaison_a1", "social_org_staff_a1", "auditor_a", "system_admin",
     "security_admin", "audit_admin", "no_role"}
)  # fmt: skip


def _area(d, node):
    levels = {"town": d.towns, "community": d.communities, "grid": d.grids}
    return d.district if node[0] == "district" else levels[node[0]][node[1]]


def _around(d, node) -> list:
    """The node and every area above it, by list position (2 children per node)."""
    if node[0] == "district":
        return [d.district]
    above = {"town": ("district",), "community": ("town", node[1] // 2)}
    return [_area(d, node), *_around(d, above.get(node[0], ("community", node[1] // 2)))]


def _leader(d, node):
    """The party organisation leading the node's area (the factory keys towns by position)."""
    return d.party[f"town{node[1]}" if node[0] == "town" else _area(d, node).name]


@pytest.fixture
def teams(district):
    """The orders world's people and the three teams; party_member_a1c joined the A1 team and
    left it."""
    w = build_orders_world(district)
    made = {}
    for name, (lead, served, members, admin) in TEAMS.items():
        by = w.personas[admin]
        team = orders.team_create(
            lead_organisation=_leader(district, lead), name=name, coverage=[_area(district, n) for n in served],
            leader=w.members[members[0]] if members else None, actor=by,
        )  # fmt: skip
        for member in members[1:]:
            orders.team_member_add(team=team, member=w.members[member], actor=by)
        made[name] = team
    admin = w.personas["community_admin_a1"]
    left = orders.team_member_add(
        team=made["A1 team"], member=w.members["party_member_a1c"], actor=admin
    )
    orders.team_member_remove(membership=left, actor=admin)
    return w, made


def team_oracle(d, persona: str, made: dict) -> set[int]:
    seen = set()
    node = STAFF_AT.get(persona)
    inside = {a.pk for a in subtree(d, node)}  # empty without a staff grant
    around = {a.pk for a in _around(d, node)} if node else set()
    for name, (lead, served, members, _admin) in TEAMS.items():
        served_pks = {_area(d, n).pk for n in served}
        staff = _area(d, lead).pk in inside or bool(served_pks & (inside | around))
        if staff or persona in members:
            seen.add(made[name].pk)
    return seen


@pytest.mark.parametrize("persona", TEAM_PERSONAS)
def test_api_teams_match_the_oracle(teams, persona):
    w, made = teams
    client = api(w, persona)
    expected = team_oracle(w.district, persona, made)
    assert api_ids(client, "/api/v1/cobuilding/teams/") == expected
    for team in made.values():
        status = client.get(f"/api/v1/cobuilding/teams/{team.pk}/").status_code
        assert status == (200 if team.pk in expected else 404), team.name


def test_the_team_oracle_is_not_vacuous(teams):
    w, made = teams
    seen = {p: len(team_oracle(w.district, p, made)) for p in TEAM_PERSONAS}
    assert seen["district_admin"] == 3 and seen["town_admin_a"] == 2
    assert seen["community_admin_a2"] == 1 and seen["grid_worker_a1_g2"] == 1
    assert seen["party_member_a1c"] == 0 and seen["auditor_a"] == 0
