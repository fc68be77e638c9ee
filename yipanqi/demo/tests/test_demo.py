"""The Fenghua 2021 demo district: real towns and communities, bodies, accounts, scope and audit."""

import io
import json
import os
from collections import Counter

import pytest
from django.core.management import call_command
from django.db.models import F

from yipanqi.accounts.models import AccountKind, User
from yipanqi.cli import configure, db_option
from yipanqi.core import registry
from yipanqi.core.audit import verify_chain
from yipanqi.core.demo_kit import fenghua
from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import demo_build
from yipanqi.demo.build import town_part_time_members
from yipanqi.organisations.choices import FOUR_BODIES, AreaKind, BodyKind, MemberRole, Role
from yipanqi.organisations.demo_accounts import DEMO_ACCOUNTS
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)
from yipanqi.organisations.validators import is_valid_credit_code

pytestmark = pytest.mark.django_db

COMMUNITY_ROLES = (
    Role.COMMUNITY_ADMIN,
    Role.GRID_WORKER,
    Role.PARTY_MEMBER,
    Role.RESIDENT,
    Role.UNIT_LIAISON,
)


@pytest.fixture(autouse=True)
def demo(fenghua_demo):
    """The full demo, built once per session (the root conftest's `fenghua_demo`)."""
    return fenghua_demo


def test_twelve_real_towns_and_streets():
    towns = dict(Area.objects.filter(kind=AreaKind.TOWN).values_list("code", "name"))
    assert towns == {row.code: row.name for row in fenghua.TOWNS}
    assert towns["330213001000"] == "锦屏街道"
    assert towns["330213100000"] == "溪口镇"
    assert sum(name.endswith("街道") for name in towns.values()) == 8
    assert sum(name.endswith("镇") for name in towns.values()) == 4
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    assert (district.code, district.name, district.depth) == ("330213", "奉化区", 1)


def test_appendix_a_communities_present_under_their_towns():
    communities = {a.code: a for a in Area.objects.filter(kind=AreaKind.COMMUNITY)}
    for code, name in fenghua.URBAN_COMMUNITIES:
        area = communities[code]
        assert area.name == name
        assert area.get_parent().code == code[:9] + "000"
    assert communities["330213001001"].name == "奉中社区"
    assert communities["330213002001"].name == "民主社区"


def test_villages_counted_per_town_with_village_codes():
    for row in fenghua.TOWNS:
        under = Area.objects.filter(kind=AreaKind.COMMUNITY, code__startswith=row.code[:9])
        codes = [int(c[9:]) for c in under.values_list("code", flat=True)]
        assert sum(1 <= c <= 199 for c in codes) == row.urban
        assert sorted(c for c in codes if 200 <= c <= 399) == list(range(201, 201 + row.villages))
        names = list(under.values_list("name", flat=True))
        assert len(names) == len(set(names))
    assert Area.objects.filter(kind=AreaKind.COMMUNITY).count() == 49 + 283 + 5


def test_grids_have_fifteen_digit_codes_and_counts_by_kind():
    for community in Area.objects.filter(kind=AreaKind.COMMUNITY):
        grids = list(community.get_children())
        low, high = (6, 10) if fenghua.community_class(community.code) == fenghua.URBAN else (2, 3)
        assert low <= len(grids) <= high, community.name
        for grid in grids:
            assert grid.kind == AreaKind.GRID
            assert len(grid.code) == 15 and grid.code.startswith(community.code)
            assert "网格" in grid.name


def _assert_tree(model):
    """What treebeard's find_problems() checks (path steps, depth, orphans, numchild), faster."""
    rows = list(model.objects.values_list("path", "depth", "numchild"))
    paths = {path for path, _, _ in rows}
    step = model.steplen
    children = Counter(path[:-step] for path in paths if len(path) > step)
    for path, depth, numchild in rows:
        assert len(path) == depth * step and path.isalnum() and path == path.upper()
        assert depth == 1 or path[:-step] in paths
        assert numchild == children[path]


def test_trees_are_consistent():
    for model in (Area, PartyOrganisation):
        _assert_tree(model)
    for area in Area.objects.all():
        assert (area.scope_path, area.district_code) == (area.path, "330213")


def test_party_tree_mirrors_the_area_tree():
    root = PartyOrganisation.get_root_nodes().get()
    assert root.name == "中共宁波市奉化区委员会" and root.area.kind == AreaKind.DISTRICT
    town_orgs = root.get_children().filter(kind="town_committee")
    assert town_orgs.count() == 12
    assert town_orgs.get(area__code="330213001000").name == "锦屏街道党工委"
    assert town_orgs.get(area__code="330213100000").name == "溪口镇党委"
    grids = Area.objects.filter(kind=AreaKind.GRID).count()
    assert (
        PartyOrganisation.objects.filter(kind="branch", area__kind=AreaKind.GRID).count() == grids
    )
    assert PartyOrganisation.objects.filter(kind="group").exists()
    scopes = dict(PartyOrganisation.objects.values_list("path", "scope_path"))
    for path, scope in scopes.items():
        parent = path[: -PartyOrganisation.steplen]
        assert not parent or scope.startswith(scopes[parent]), path
    unit_orgs = PartyOrganisation.objects.filter(unit__isnull=False).select_related("unit")
    assert unit_orgs.count() > 50
    for org in unit_orgs:
        assert org.get_parent().kind == "town_committee"
        assert org.scope_path == org.unit.scope_path


def test_scoped_rows_carry_their_area_scope():
    for unit in Unit.objects.select_related("area"):
        assert (unit.scope_path, unit.district_code) == (unit.area.path, "330213")
    for body in Body.objects.select_related("area", "party_organisation"):
        assert body.scope_path == body.area.path
        org = body.party_organisation
        assert org is not None and org.scope_path.startswith(body.area.path)
    mismatched = BodyMembership.objects.exclude(scope_path=F("body__scope_path"))
    assert not mismatched.exists()


def test_units_have_valid_credit_codes():
    codes = [c for c in Unit.objects.values_list("credit_code", flat=True) if c]
    assert len(codes) > 50
    assert all(is_valid_credit_code(c) for c in codes)
    kinds = set(Unit.objects.values_list("kind", flat=True))
    assert {"government", "public_institution", "state_enterprise"} <= kinds
    assert {"non_public_enterprise", "social_organisation", "property_company"} <= kinds


def test_town_part_time_members_total_27():
    assert town_part_time_members() == 27
    seats = BodyMembership.objects.filter(
        role=MemberRole.PART_TIME_MEMBER, body__area__kind=AreaKind.TOWN
    ).select_related("body", "source_unit")
    assert seats.count() == 27
    for seat in seats:
        assert seat.body.kind == BodyKind.BIG_COMMITTEE
        unit = seat.source_unit
        assert unit is not None and unit.scope_path.startswith(seat.body.scope_path)


def test_each_town_has_its_bodies():
    for town in Area.objects.filter(kind=AreaKind.TOWN):
        kinds = set(town.bodies.values_list("kind", flat=True))
        assert {BodyKind.BIG_COMMITTEE, BodyKind.LEADING_GROUP, BodyKind.JOINT_MEETING} <= kinds
        big = town.bodies.get(kind=BodyKind.BIG_COMMITTEE)
        assert big.name.endswith("大党工委" if town.name.endswith("街道") else "大党委")
        roles = list(big.memberships.values_list("role", flat=True))
        assert roles.count(MemberRole.SECRETARY) == 1 and MemberRole.DEPUTY_SECRETARY in roles
    councils = Body.objects.filter(kind=BodyKind.CO_BUILDING_COUNCIL)
    assert sorted(councils.values_list("area__name", flat=True)) == ["岳林街道", "锦屏街道"]
    assert all(
        council.memberships.filter(source_unit__isnull=False).exists() for council in councils
    )


def test_every_community_and_village_has_four_bodies():
    for community in Area.objects.filter(kind=AreaKind.COMMUNITY).prefetch_related("bodies"):
        bodies = {b.kind: b for b in community.bodies.all()}
        assert set(FOUR_BODIES) <= set(bodies), community.name
        for kind in FOUR_BODIES:
            assert 5 <= bodies[kind].memberships.count() <= 9
        urban = fenghua.community_class(community.code) == fenghua.URBAN
        assert (BodyKind.BIG_COMMITTEE in bodies) == urban
        if urban:
            part_time = bodies[BodyKind.BIG_COMMITTEE].memberships.filter(
                role=MemberRole.PART_TIME_MEMBER
            )
            assert part_time.exists()


def test_demo_accounts_have_the_listed_grants():
    for account in DEMO_ACCOUNTS:
        user = User.objects.get(username=account.username)
        assert user.check_password(account.password)
        active = RoleGrant.objects.active().filter(user=user)
        grants = list(active.values_list("role", "area__name"))
        assert grants == [(account.role, account.scope)]
        public = account.role in (Role.PARTY_MEMBER, Role.RESIDENT)
        assert user.kind == (AccountKind.PUBLIC if public else AccountKind.STAFF)


def test_one_grant_waits_for_the_security_admin():
    """The system admin's request that 奉中's grid worker also administer the community counts for
    nothing until a second person approves it (two-person rule for personal-data roles)."""
    pending = RoleGrant.objects.pending().select_related("user", "area", "requested_by")
    assert [(g.user.username, g.role, g.area.name, g.requested_by.username) for g in pending] == [
        ("jp_fengzhong_grid", "community_admin", "奉中社区", "system_admin")
    ]
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role)
    for role in COMMUNITY_ROLES:
        scopes = {a.scope for a in DEMO_ACCOUNTS if a.role == role}
        assert len(scopes) >= 2, role


def test_separated_admin_roles_are_held_by_different_people():
    holders = RoleGrant.objects.filter(
        role__in=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]
    ).values_list("user_id", flat=True)
    assert len(set(holders)) == 3


def test_community_admins_cannot_see_each_others_areas():
    admins = [
        User.objects.get(username=a.username)
        for a in DEMO_ACCOUNTS
        if a.role == Role.COMMUNITY_ADMIN
    ]
    assert len(admins) >= 2
    first, second = admins[:2]
    home = {u.pk: u.role_grants.get().area for u in (first, second)}
    assert home[first.pk] != home[second.pk]
    assert home[first.pk].get_parent() != home[second.pk].get_parent()
    for me, other in ((first, second), (second, first)):
        visible = Area.objects.for_user(me)
        assert visible.filter(pk=home[me.pk].pk).exists()
        assert not visible.filter(path__startswith=home[other.pk].path).exists()
        assert not visible.exclude(path__startswith=home[me.pk].path).exists()


def test_community_admin_holds_the_secretary_seat():
    admin = User.objects.get(username="jp_fengzhong_admin")
    seat = BodyMembership.objects.get(user=admin, body__kind=BodyKind.COMMUNITY_PARTY)
    assert seat.role == MemberRole.SECRETARY and seat.member_name == admin.display_name
    assert seat.body.kind == BodyKind.COMMUNITY_PARTY and seat.body.area.name == "奉中社区"


def test_every_row_is_audited_and_the_chain_verifies(demo):
    expected = {
        "organisations.area.created": Area.objects.count(),
        "organisations.party_organisation.created": PartyOrganisation.objects.count(),
        "organisations.unit.created": Unit.objects.count(),
        "organisations.body.created": Body.objects.count(),
        "organisations.membership.added": BodyMembership.objects.count(),
        "organisations.role_grant.created": RoleGrant.objects.count(),
        "accounts.user.created": User.objects.count(),
    }
    for action, count in expected.items():
        assert AuditEvent.objects.filter(action=action).count() == count, action
    assert not AuditEvent.objects.filter(target_type="organisations.unit", scope_path="").exists()
    report = verify_chain()
    assert report.ok, report
    assert report.checked == demo.counts["audit events"]


def test_every_demo_audit_event_names_who_acted():
    """Rows the demo writes in bulk are audited with the system actor `system("demo")` (or a
    demo persona), never with nobody."""
    assert not AuditEvent.objects.filter(actor_username="").exists()
    assert AuditEvent.objects.filter(actor_username="system:demo").exists()


def test_demo_accounts_json():
    out = io.StringIO()
    call_command("demo_accounts", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    # The personas first, with the password (organisations' list, then those other apps' demos
    # add, e.g. party life's branch secretary); then the other accounts the demos give a role,
    # listed without one.
    personas = [a.username for a in DEMO_ACCOUNTS] + registry.demo_personas
    assert "jp_fengzhong_secretary" in personas
    listed = [r["username"] for r in rows]
    first_other = next((i for i, u in enumerate(listed) if u not in personas), len(listed))
    assert list(dict.fromkeys(listed[:first_other])) == personas  # each persona, in list order
    assert not set(listed[first_other:]) & set(personas)
    password = DEMO_ACCOUNTS[0].password
    for row in rows:
        assert row["password"] == (password if row["username"] in personas else "")
    secretary = User.objects.get(username="jp_fengzhong_secretary")
    assert secretary.check_password(password)  # what is printed signs in
    assert all(set(row) == {"username", "role", "scope", "password"} for row in rows)
    assert rows[3] == {
        "username": "jp_fengzhong_admin",
        "role": "community_admin",
        "scope": "奉中社区",
        "password": password,
    }


def test_plan_is_deterministic():
    assert fenghua.district_plan.__wrapped__() == fenghua.district_plan.__wrapped__()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["yipanqi", "demo", "--db", "x.sqlite3"], "x.sqlite3"),
        (["yipanqi", "demo", "--no-serve", "--db=/tmp/y.sqlite3"], "/tmp/y.sqlite3"),
        (["yipanqi", "demo", "--no-serve"], None),
    ],
)
def test_db_option_is_read_before_settings_load(argv, expected):
    assert db_option(argv[2:]) == expected


def test_configure_points_the_demo_at_the_db_file(monkeypatch, tmp_path):
    for name in ("DATABASE_URL", "YIPANQI_ENV", "DJANGO_SETTINGS_MODULE"):
        monkeypatch.delenv(name, raising=False)
    configure(["yipanqi", "demo", "--no-serve", "--db", str(tmp_path / "d.sqlite3")])
    assert os.environ["DATABASE_URL"] == f"sqlite:///{tmp_path / 'd.sqlite3'}"
    assert os.environ["YIPANQI_ENV"] == "demo"
    monkeypatch.delenv("DATABASE_URL")
    configure(["yipanqi", "migrate", "--db", "elsewhere.sqlite3"])
    assert "DATABASE_URL" not in os.environ


@pytest.mark.sqlite_demo
def test_yipanqi_demo_command_builds_a_fresh_database():
    # `yipanqi demo --no-serve --db PATH`, with --db alone (no DATABASE_URL), into a fresh file:
    # run once per test run and shared with the other tests that need a demo database.
    result = demo_build()
    assert result.returncode == 0, result.stderr
    assert result.path.exists()
    assert "town part-time members" in result.stdout and " 27\n" in result.stdout
    assert "built in" in result.stdout
    for account in DEMO_ACCOUNTS:
        assert account.username in result.stdout
    assert "奉中社区" in result.stdout and DEMO_ACCOUNTS[0].password in result.stdout
