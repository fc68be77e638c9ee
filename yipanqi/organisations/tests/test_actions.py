"""Every write to the organisation registry: who may do it, which rules hold, and what is audited."""

import datetime
import itertools

import pytest
from django.db import IntegrityError, transaction

from yipanqi.accounts.actions import user_create
from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.organisations import actions
from yipanqi.organisations.choices import (
    AreaKind,
    BodyKind,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)
from yipanqi.organisations.tests.factories import PASSWORD

JAN_1 = datetime.date(2021, 1, 1)


class Audit:
    """Remembers the last audit row, then answers what was written since."""

    def __init__(self):
        self.mark = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def since(self) -> list[AuditEvent]:
        return list(AuditEvent.objects.filter(id__gt=self.mark).order_by("id"))

    def one(self, action: str) -> AuditEvent:
        events = self.since()
        assert [e.action for e in events] == [action]
        return events[0]

    def none(self) -> None:
        assert self.since() == []


@pytest.fixture
def audit(district):
    return Audit()


@pytest.fixture
def p(personas):
    return personas


def party(district, name: str) -> PartyOrganisation:
    """The factory district's party organisation called `name`."""
    return next(org for org in district.party.values() if org.name == name)


def new_user(name: str):
    return user_create(username=name, password=PASSWORD, actor=None, validate=False)


# --- area_create -------------------------------------------------------------------------------


def test_community_admin_adds_a_grid_to_their_community(district, p, audit):
    a1 = district.communities[0]

    grid = actions.area_create(
        parent=a1,
        name="奉中社区第3网格",
        code="330213001001003",
        kind=AreaKind.GRID,
        actor=p["community_admin_a1"],
    )

    assert grid.get_parent() == a1
    assert grid.scope_path == grid.path and grid.path.startswith(a1.path)
    assert grid.district_code == "330213"
    assert grid.name_initials == "fzsqdwg"
    event = audit.one("organisations.area.created")
    assert event.target_id == str(grid.pk) and event.actor == p["community_admin_a1"]
    assert event.changes == {
        "name": [None, "奉中社区第3网格"],
        "code": [None, "330213001001003"],
        "kind": [None, "grid"],
    }
    assert event.scope_path == grid.path


def test_community_admin_cannot_add_a_grid_to_another_community(district, p, audit):
    a2 = district.communities[1]

    with pytest.raises(Forbidden):
        actions.area_create(
            parent=a2,
            name="锦山社区第3网格",
            code="330213001002003",
            kind=AreaKind.GRID,
            actor=p["community_admin_a1"],
        )

    assert not Area.objects.filter(code="330213001002003").exists()
    audit.none()


def test_town_admin_adds_communities_in_their_own_town_only(district, p, audit):
    town_a, town_b = district.towns

    community = actions.area_create(
        parent=town_a,
        name="东门社区",
        code="330213001003",
        kind=AreaKind.COMMUNITY,
        actor=p["town_admin_a"],
    )
    assert community.get_parent() == town_a
    audit.one("organisations.area.created")

    with pytest.raises(Forbidden):
        actions.area_create(
            parent=town_b,
            name="广平社区",
            code="330213002003",
            kind=AreaKind.COMMUNITY,
            actor=p["town_admin_a"],
        )


@pytest.mark.parametrize(
    "persona", ["community_admin_a1", "grid_worker_a1", "auditor_a", "system_admin", "no_role"]
)
def test_only_admins_above_add_communities(district, p, persona):
    with pytest.raises(Forbidden):
        actions.area_create(
            parent=district.towns[0],
            name="东门社区",
            code="330213001003",
            kind=AreaKind.COMMUNITY,
            actor=p[persona],
        )


def test_nobody_adds_a_district_through_the_action(district, p):
    with pytest.raises(Forbidden):
        actions.area_create(
            parent=None,
            name="海曙区",
            code="330203",
            kind=AreaKind.DISTRICT,
            actor=p["district_admin"],
        )


@pytest.mark.parametrize(
    ("code", "kind", "error"),
    [
        ("33021300100", AreaKind.COMMUNITY, "bad_code"),  # 11 digits
        ("330213001001003", AreaKind.COMMUNITY, "bad_code"),  # a grid's length
        ("330213002003", AreaKind.COMMUNITY, "bad_code"),  # another town's prefix
        ("330213001001", AreaKind.COMMUNITY, "duplicate_code"),  # 奉中社区's code
        ("330213001003", AreaKind.GRID, "bad_parent"),  # a grid under a town
        ("330213003000", AreaKind.TOWN, "bad_parent"),  # a town under a town
    ],
)
def test_area_create_refuses_bad_codes_and_parents(district, p, audit, code, kind, error):
    with pytest.raises(Invalid) as exc:
        actions.area_create(
            parent=district.towns[0],
            name="新社区",
            code=code,
            kind=kind,
            actor=p["district_admin"],
        )

    assert exc.value.code == error
    audit.none()


# --- area_rename -------------------------------------------------------------------------------


def test_town_admin_renames_a_community_below_them(district, p, audit):
    a1 = district.communities[0]

    renamed = actions.area_rename(area=a1, name="奉中新社区", actor=p["town_admin_a"])

    assert renamed.name == "奉中新社区" and renamed.name_initials == "fzxsq"
    event = audit.one("organisations.area.renamed")
    assert event.changes == {"name": ["奉中社区", "奉中新社区"], "name_initials": ["fzsq", "fzxsq"]}


@pytest.mark.parametrize(
    ("persona", "area"),
    [
        ("community_admin_a1", ("communities", 0)),  # their own node: only from strictly above
        ("district_admin", ("district", None)),  # nobody is above the district
        ("town_admin_a", ("towns", 0)),
        ("town_admin_a", ("communities", 2)),  # another town's community
        ("grid_worker_a1", ("grids", 0)),
        ("system_admin", ("communities", 0)),
    ],
)
def test_area_rename_only_from_strictly_above(district, p, audit, persona, area):
    attribute, index = area
    target = getattr(district, attribute) if index is None else getattr(district, attribute)[index]

    with pytest.raises(Forbidden):
        actions.area_rename(area=target, name="新名", actor=p[persona])

    target.refresh_from_db()
    assert target.name != "新名"
    audit.none()


def test_community_admin_renames_their_grid(district, p, audit):
    grid = actions.area_rename(
        area=district.grids[0], name="奉中一网格", actor=p["community_admin_a1"]
    )

    assert grid.name == "奉中一网格"
    audit.one("organisations.area.renamed")


def test_area_rename_refuses_an_empty_name(district, p, audit):
    with pytest.raises(Invalid) as exc:
        actions.area_rename(area=district.communities[0], name=" ", actor=p["town_admin_a"])
    assert exc.value.code == "bad_name"
    audit.none()


# --- area_move ---------------------------------------------------------------------------------

SCOPED_MODELS = (Area, PartyOrganisation, Unit, Body, BodyMembership, RoleGrant)


def rows_under(path: str) -> dict[str, set[int]]:
    return {
        model.__name__: set(
            model._base_manager.filter(scope_path__startswith=path).values_list("pk", flat=True)
        )
        for model in SCOPED_MODELS
    }


def test_moving_a_community_takes_every_scoped_row_with_it(district, p, audit):
    a1, town_b = district.communities[0], district.towns[1]
    old_path = a1.path
    before = rows_under(old_path)
    events_before = set(
        AuditEvent.objects.filter(scope_path__startswith=old_path).values_list("pk", "scope_path")
    )
    assert all(before.values()), "the community has rows of every scoped kind"

    moved = actions.area_move(area=a1, new_parent=town_b, actor=p["district_admin"])

    assert moved.get_parent() == town_b
    assert moved.path.startswith(town_b.path) and moved.path != old_path
    assert rows_under(moved.path) == before
    assert rows_under(old_path) == {name: set() for name in before}
    for area in Area.objects.filter(pk__in=before["Area"]):
        assert area.scope_path == area.path  # an area's scope is its own path
    # History keeps the place it was written in.
    assert events_before <= set(AuditEvent.objects.values_list("pk", "scope_path"))
    event = audit.one("organisations.area.moved")
    assert event.changes["parent"] == [district.towns[0].pk, town_b.pk]
    assert event.changes["path"] == [old_path, moved.path]
    assert event.scope_path == moved.path
    assert Area.find_problems() == ([], [], [], [], [])


def test_after_a_move_the_community_admin_still_sees_exactly_their_subtree(district, p):
    a1, town_b = district.communities[0], district.towns[1]
    expected = {a1.pk, district.grids[0].pk, district.grids[1].pk}

    actions.area_move(area=a1, new_parent=town_b, actor=p["district_admin"])

    admin = p["community_admin_a1"]
    assert set(Area.objects.for_user(admin).values_list("pk", flat=True)) == expected
    assert set(Unit.objects.for_user(admin).values_list("pk", flat=True)) == {district.units[0].pk}
    assert set(Body.objects.for_user(admin).values_list("pk", flat=True)) == {district.bodies[0].pk}
    assert set(PartyOrganisation.objects.for_user(admin).values_list("name", flat=True)) == {
        "奉中社区党委"
    }
    # The old town no longer reaches it; the new town does.
    assert not Area.objects.for_user(p["town_admin_a"]).filter(pk=a1.pk).exists()
    b1_admin_scope = Area.objects.for_user(p["community_admin_b1"])
    assert not b1_admin_scope.filter(pk=a1.pk).exists()
    # And the moved community still takes new grids under the new path.
    grid = actions.area_create(
        parent=Area.objects.get(pk=a1.pk),
        name="奉中社区第3网格",
        code="330213001001003",
        kind=AreaKind.GRID,
        actor=admin,
    )
    assert grid.scope_path.startswith(Area.objects.get(pk=a1.pk).path)


@pytest.mark.parametrize(
    ("area", "new_parent", "error"),
    [
        (("communities", 0), ("grids", 0), "bad_parent"),  # under its own grid
        (("towns", 0), ("communities", 0), "bad_parent"),  # under its own community
        (("communities", 0), ("communities", 2), "bad_parent"),  # a community under a community
        (("grids", 0), ("towns", 1), "bad_parent"),  # a grid under a town
        (("towns", 0), ("towns", 1), "bad_parent"),
        (("communities", 0), ("towns", 0), "same_parent"),  # already there
    ],
)
def test_area_move_refuses_impossible_places(district, p, audit, area, new_parent, error):
    target = getattr(district, area[0])[area[1]]
    parent = getattr(district, new_parent[0])[new_parent[1]]
    path = target.path

    with pytest.raises(Invalid) as exc:
        actions.area_move(area=target, new_parent=parent, actor=p["district_admin"])

    assert exc.value.code == error
    target.refresh_from_db()
    assert target.path == path
    audit.none()


def test_area_move_needs_rights_at_both_ends(district, p, audit):
    a1, town_b = district.communities[0], district.towns[1]

    with pytest.raises(Forbidden):  # town A's admin does not administer town B
        actions.area_move(area=a1, new_parent=town_b, actor=p["town_admin_a"])
    with pytest.raises(Forbidden):  # a community admin cannot move their own community
        actions.area_move(area=a1, new_parent=town_b, actor=p["community_admin_a1"])
    with pytest.raises(Forbidden):  # nor a grid into another community
        actions.area_move(
            area=district.grids[0],
            new_parent=district.communities[1],
            actor=p["community_admin_a1"],
        )
    audit.none()


def test_town_admin_moves_a_grid_between_their_communities(district, p, audit):
    grid, a2 = district.grids[0], district.communities[1]

    moved = actions.area_move(area=grid, new_parent=a2, actor=p["town_admin_a"])

    assert moved.get_parent() == a2
    assert RoleGrant.objects.get(user=p["grid_worker_a1"]).scope_path == moved.path
    audit.one("organisations.area.moved")


# --- party organisations -----------------------------------------------------------------------


def test_community_admin_creates_a_branch_under_their_committee(district, p, audit):
    committee, a1 = party(district, "奉中社区党委"), district.communities[0]

    branch = actions.party_organisation_create(
        parent=committee,
        name="奉中社区第一党支部",
        kind=PartyOrganisationKind.BRANCH,
        area=a1,
        actor=p["community_admin_a1"],
    )

    assert branch.get_parent() == committee
    assert branch.scope_path == a1.scope_path
    event = audit.one("organisations.party_organisation.created")
    assert event.changes == {"name": [None, "奉中社区第一党支部"], "kind": [None, "branch"]}


def test_a_units_branch_takes_the_units_place(district, p, audit):
    unit = district.units[0]

    branch = actions.party_organisation_create(
        parent=party(district, "奉中社区党委"),
        name="驻区单位党支部",
        kind=PartyOrganisationKind.BRANCH,
        unit=unit,
        actor=p["community_admin_a1"],
    )

    assert branch.unit == unit and branch.area is None
    assert branch.scope_path == unit.scope_path
    audit.one("organisations.party_organisation.created")


@pytest.mark.parametrize(
    ("persona", "parent", "area"),
    [
        ("community_admin_a1", "民主社区党委", 2),  # another town's community
        ("community_admin_a1", "锦屏街道党工委", 0),  # their place, but the town's parent
        ("town_admin_a", "岳林街道党工委", 2),
        ("grid_worker_a1", "奉中社区党委", 0),
        ("system_admin", "奉中社区党委", 0),
    ],
)
def test_party_organisation_create_is_refused_outside_ones_subtree(
    district, p, audit, persona, parent, area
):
    with pytest.raises(Forbidden):
        actions.party_organisation_create(
            parent=party(district, parent),
            name="党支部",
            kind=PartyOrganisationKind.BRANCH,
            area=district.communities[area],
            actor=p[persona],
        )
    audit.none()


@pytest.mark.parametrize(
    ("parent", "kind", "area", "error"),
    [
        ("奉中社区党委", PartyOrganisationKind.GROUP, 0, "bad_parent"),  # groups sit in branches
        ("奉中社区党委", PartyOrganisationKind.TOWN_COMMITTEE, 0, "bad_parent"),
        ("奉中社区党委", PartyOrganisationKind.BRANCH, 1, "bad_place"),  # leads another community
        ("锦屏街道党工委", PartyOrganisationKind.BRANCH, 2, "bad_place"),
        ("奉中社区党委", "politburo", 0, "bad_kind"),
        (
            None,
            PartyOrganisationKind.BRANCH,
            0,
            "bad_parent",
        ),  # only a district committee is a root
    ],
)
def test_party_organisation_create_keeps_the_tree_coherent(
    district, p, audit, parent, kind, area, error
):
    with pytest.raises(Invalid) as exc:
        actions.party_organisation_create(
            parent=party(district, parent) if parent else None,
            name="党支部",
            kind=kind,
            area=district.communities[area],
            actor=p["district_admin"],
        )
    assert exc.value.code == error
    audit.none()


def test_party_organisation_needs_an_area_or_a_unit(district, p):
    with pytest.raises(Invalid) as exc:
        actions.party_organisation_create(
            parent=party(district, "锦屏街道党工委"),
            name="党支部",
            kind=PartyOrganisationKind.BRANCH,
            actor=p["district_admin"],
        )
    assert exc.value.code == "no_place"


def test_party_organisation_rename(district, p, audit):
    org = party(district, "奉中社区党委")

    renamed = actions.party_organisation_rename(
        organisation=org, name="中共奉中社区委员会", actor=p["community_admin_a1"]
    )

    assert renamed.name == "中共奉中社区委员会"
    event = audit.one("organisations.party_organisation.renamed")
    assert event.changes == {
        "name": ["奉中社区党委", "中共奉中社区委员会"],
        "name_initials": ["fzsqdw", "zgfzsqwyh"],
    }
    with pytest.raises(Forbidden):
        actions.party_organisation_rename(
            organisation=party(district, "民主社区党委"), name="x", actor=p["community_admin_a1"]
        )


def test_party_organisation_move_within_the_town(district, p, audit):
    """A unit's branch moves from the community committee up to the town committee."""
    branch = actions.party_organisation_create(
        parent=party(district, "奉中社区党委"),
        name="驻区单位党支部",
        kind=PartyOrganisationKind.BRANCH,
        unit=district.units[0],
        actor=p["town_admin_a"],
    )
    audit = Audit()

    moved = actions.party_organisation_move(
        organisation=branch, new_parent=party(district, "锦屏街道党工委"), actor=p["town_admin_a"]
    )

    assert moved.get_parent() == party(district, "锦屏街道党工委")
    assert moved.scope_path == district.units[0].scope_path  # its place did not change
    event = audit.one("organisations.party_organisation.moved")
    assert event.changes == {
        "parent": [party(district, "奉中社区党委").pk, party(district, "锦屏街道党工委").pk],
        "path": [branch.path, moved.path],
        "depth": [branch.depth, moved.depth],
    }
    assert PartyOrganisation.find_problems() == ([], [], [], [], [])


def test_party_organisation_move_refusals(district, p, audit):
    committee = party(district, "奉中社区党委")

    with pytest.raises(Forbidden):  # town B is not town A's
        actions.party_organisation_move(
            organisation=committee,
            new_parent=party(district, "岳林街道党工委"),
            actor=p["town_admin_a"],
        )
    with pytest.raises(Invalid) as exc:  # its community lies in town A
        actions.party_organisation_move(
            organisation=committee,
            new_parent=party(district, "岳林街道党工委"),
            actor=p["district_admin"],
        )
    assert exc.value.code == "bad_place"
    with pytest.raises(Invalid) as exc:  # a town committee under a community committee
        actions.party_organisation_move(
            organisation=party(district, "锦屏街道党工委"),
            new_parent=committee,
            actor=p["district_admin"],
        )
    assert exc.value.code == "bad_parent"
    with pytest.raises(Invalid) as exc:
        actions.party_organisation_move(
            organisation=committee,
            new_parent=party(district, "锦屏街道党工委"),
            actor=p["district_admin"],
        )
    assert exc.value.code == "same_parent"
    audit.none()


# --- units and bodies --------------------------------------------------------------------------


def test_unit_create_with_a_valid_credit_code(district, p, audit):
    unit = actions.unit_create(
        area=district.communities[0],
        name="奉化区人民医院",
        kind=UnitKind.PUBLIC_INSTITUTION,
        credit_code=" 91350100m000100y43 ",
        actor=p["community_admin_a1"],
    )

    assert unit.credit_code == "91350100M000100Y43"
    assert unit.scope_path == district.communities[0].scope_path
    assert unit.name_initials == "fhqrmyy"
    event = audit.one("organisations.unit.created")
    assert event.changes == {"name": [None, "奉化区人民医院"], "kind": [None, "public_institution"]}


def test_unit_create_refuses_a_bad_credit_code(district, p, audit):
    with pytest.raises(Invalid) as exc:
        actions.unit_create(
            area=district.communities[0],
            name="某公司",
            kind=UnitKind.NON_PUBLIC_ENTERPRISE,
            credit_code="91310115MA1H8R7C6D",
            actor=p["community_admin_a1"],
        )
    assert exc.value.code == "bad_credit_code"
    assert not Unit.objects.filter(name="某公司").exists()
    audit.none()


def test_unit_create_refusals(district, p, audit):
    with pytest.raises(Forbidden):
        actions.unit_create(
            area=district.communities[1],
            name="某公司",
            kind=UnitKind.OTHER,
            actor=p["community_admin_a1"],
        )
    with pytest.raises(Invalid) as exc:
        actions.unit_create(
            area=district.communities[0],
            name="某公司",
            kind="spaceship",
            actor=p["community_admin_a1"],
        )
    assert exc.value.code == "bad_kind"
    audit.none()


def test_body_create(district, p, audit):
    a1 = district.communities[0]

    body = actions.body_create(
        area=a1,
        name="奉中社区议事会",
        kind=BodyKind.COUNCIL,
        party_organisation=party(district, "奉中社区党委"),
        actor=p["community_admin_a1"],
    )

    assert body.scope_path == a1.scope_path
    event = audit.one("organisations.body.created")
    assert event.changes == {"name": [None, "奉中社区议事会"], "kind": [None, "council"]}


def test_body_create_refusals(district, p, audit):
    a1 = district.communities[0]
    with pytest.raises(Forbidden):
        actions.body_create(
            area=district.communities[1],
            name="议事会",
            kind=BodyKind.COUNCIL,
            actor=p["community_admin_a1"],
        )
    with pytest.raises(Invalid) as exc:  # led by another community's committee
        actions.body_create(
            area=a1,
            name="议事会",
            kind=BodyKind.COUNCIL,
            party_organisation=party(district, "民主社区党委"),
            actor=p["district_admin"],
        )
    assert exc.value.code == "bad_party_organisation"
    audit.none()


# --- memberships -------------------------------------------------------------------------------


def test_part_time_member_comes_from_a_unit(district, p, audit):
    body, unit = district.bodies[0], district.units[0]

    seat = actions.membership_add(
        body=body,
        member_name="李*",
        role=MemberRole.PART_TIME_MEMBER,
        source_unit=unit,
        title="院长",
        term_start=JAN_1,
        actor=p["community_admin_a1"],
    )

    assert seat.source_unit == unit and seat.scope_path == body.scope_path
    event = audit.one("organisations.membership.added")
    assert event.changes == {"member_name": [None, "李*"], "role": [None, "part_time_member"]}


def test_part_time_member_without_a_unit_is_refused_by_the_action(district, p, audit):
    with pytest.raises(Invalid) as exc:
        actions.membership_add(
            body=district.bodies[0],
            member_name="李*",
            role=MemberRole.PART_TIME_MEMBER,
            term_start=JAN_1,
            actor=p["community_admin_a1"],
        )
    assert exc.value.code == "source_unit_required"
    audit.none()


def test_part_time_member_without_a_unit_is_refused_by_the_database(district):
    body = district.bodies[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyMembership.objects.create(
            body=body,
            member_name="李*",
            role=MemberRole.PART_TIME_MEMBER,
            term_start=JAN_1,
            scope_path=body.scope_path,
            district_code=body.district_code,
        )


def test_a_term_cannot_end_before_it_starts(district, p):
    with pytest.raises(Invalid) as exc:
        actions.membership_add(
            body=district.bodies[0],
            member_name="李*",
            role=MemberRole.MEMBER,
            term_start=JAN_1,
            term_end=datetime.date(2020, 1, 1),
            actor=p["district_admin"],
        )
    assert exc.value.code == "bad_term"
    body = district.bodies[0]
    with pytest.raises(IntegrityError), transaction.atomic():
        BodyMembership.objects.create(
            body=body,
            member_name="李*",
            role=MemberRole.MEMBER,
            term_start=JAN_1,
            term_end=datetime.date(2020, 1, 1),
            scope_path=body.scope_path,
            district_code=body.district_code,
        )


def test_membership_add_is_refused_outside_ones_subtree(district, p, audit):
    with pytest.raises(Forbidden):
        actions.membership_add(
            body=district.bodies[1],
            member_name="李*",
            role=MemberRole.MEMBER,
            term_start=JAN_1,
            actor=p["community_admin_a1"],
        )
    with pytest.raises(Forbidden):
        actions.membership_add(
            body=district.bodies[0],
            member_name="李*",
            role=MemberRole.MEMBER,
            term_start=JAN_1,
            actor=p["grid_worker_a1"],
        )
    audit.none()


def test_membership_end(district, p, audit):
    seat = BodyMembership.objects.get(body=district.bodies[0])
    end = datetime.date(2023, 12, 31)

    ended = actions.membership_end(membership=seat, term_end=end, actor=p["community_admin_a1"])

    assert ended.term_end == end
    event = audit.one("organisations.membership.ended")
    assert event.changes == {"term_end": [None, "2023-12-31"]}


def test_membership_end_refusals(district, p, audit):
    seat = BodyMembership.objects.get(body=district.bodies[0])
    with pytest.raises(Invalid) as exc:
        actions.membership_end(
            membership=seat, term_end=datetime.date(2020, 12, 31), actor=p["district_admin"]
        )
    assert exc.value.code == "bad_term"
    with pytest.raises(Forbidden):
        actions.membership_end(
            membership=seat, term_end=datetime.date(2023, 12, 31), actor=p["community_admin_b1"]
        )
    audit.none()


# --- role grants -------------------------------------------------------------------------------


def test_system_admin_grants_a_role(district, p, audit):
    user = new_user("secretary_a1")
    audit = Audit()

    grant = actions.role_grant_create(
        user=user, role=Role.COMMUNITY_ADMIN, area=district.communities[0], actor=p["system_admin"]
    )

    assert grant.scope_path == district.communities[0].scope_path
    event = audit.one("organisations.role_grant.created")
    assert event.changes == {
        "user": [None, user.pk],
        "role": [None, "community_admin"],
        "area": [None, district.communities[0].pk],
    }


@pytest.mark.parametrize(
    "persona", ["district_admin", "town_admin_a", "security_admin", "audit_admin", "no_role"]
)
def test_only_the_system_admin_grants_roles(district, p, persona):
    user = new_user("secretary_a1")
    with pytest.raises(Forbidden):
        actions.role_grant_create(
            user=user, role=Role.COMMUNITY_ADMIN, area=district.communities[0], actor=p[persona]
        )
    assert not RoleGrant.objects.filter(user=user).exists()


def test_the_system_admin_cannot_grant_to_themselves(district, p, audit):
    with pytest.raises(Forbidden):
        actions.role_grant_create(
            user=p["system_admin"],
            role=Role.DISTRICT_ADMIN,
            area=district.district,
            actor=p["system_admin"],
        )
    audit.none()


@pytest.mark.parametrize(
    ("role", "area"),
    [
        (Role.COMMUNITY_ADMIN, ("towns", 0)),
        (Role.TOWN_ADMIN, ("communities", 0)),
        (Role.DISTRICT_ADMIN, ("towns", 0)),
        (Role.GRID_WORKER, ("towns", 0)),
        (Role.SECURITY_ADMIN, ("towns", 0)),
        ("emperor", ("towns", 0)),
    ],
)
def test_a_role_must_match_the_area_level(district, p, audit, role, area):
    user = new_user("someone")
    audit = Audit()
    with pytest.raises(Invalid) as exc:
        actions.role_grant_create(
            user=user,
            role=role,
            area=getattr(district, area[0])[area[1]],
            actor=p["system_admin"],
        )
    assert exc.value.code == "bad_role_level"
    audit.none()


SEPARATED = [Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN]


@pytest.mark.parametrize(("held", "second"), list(itertools.permutations(SEPARATED, 2)))
def test_separated_admin_roles_never_meet_in_one_person(district, p, held, second):
    """三员分立 (R-ID-10): every pair of the three admin roles is refused, in either order."""
    user = new_user("admin_candidate")
    actions.role_grant_create(user=user, role=held, area=district.district, actor=p["system_admin"])
    audit = Audit()

    with pytest.raises(Conflict) as exc:
        actions.role_grant_create(
            user=user, role=second, area=district.district, actor=p["system_admin"]
        )

    assert exc.value.code == "separated_roles"
    assert set(RoleGrant.objects.filter(user=user).values_list("role", flat=True)) == {held}
    audit.none()


def test_a_duplicate_grant_is_a_conflict(district, p):
    with pytest.raises(Conflict) as exc:
        actions.role_grant_create(
            user=p["community_admin_a1"],
            role=Role.COMMUNITY_ADMIN,
            area=district.communities[0],
            actor=p["system_admin"],
        )
    assert exc.value.code == "duplicate_grant"


def test_system_admin_revokes_a_grant(district, p, audit):
    grant = RoleGrant.objects.get(user=p["community_admin_a1"])

    actions.role_grant_revoke(grant=grant, actor=p["system_admin"])

    assert not RoleGrant.objects.filter(pk=grant.pk).exists()
    event = audit.one("organisations.role_grant.revoked")
    assert event.target_id == str(grant.pk)
    assert event.changes["role"] == ["community_admin", None]
    assert not Area.objects.for_user(p["community_admin_a1"]).exists()


def test_revocation_refusals(district, p, audit):
    with pytest.raises(Forbidden):  # not their own
        actions.role_grant_revoke(
            grant=RoleGrant.objects.get(user=p["system_admin"]), actor=p["system_admin"]
        )
    with pytest.raises(Forbidden):  # only the system admin
        actions.role_grant_revoke(
            grant=RoleGrant.objects.get(user=p["community_admin_a1"]), actor=p["district_admin"]
        )
    audit.none()


def test_membership_role_must_be_known(district, p, audit):
    with pytest.raises(Invalid) as exc:
        actions.membership_add(
            body=district.bodies[0],
            member_name="李*",
            role="chancellor",
            term_start=JAN_1,
            actor=p["community_admin_a1"],
        )
    assert exc.value.code == "bad_role"
    audit.none()
