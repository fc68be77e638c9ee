"""The organisations' bulk paths (the demo): the single-row actions' rules and events, per batch."""

import datetime

import pytest

from yipanqi.core.actors import system
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.organisations import actions
from yipanqi.organisations.actions import NewArea, NewPartyOrganisation
from yipanqi.organisations.choices import AreaKind, BodyKind, MemberRole, UnitKind
from yipanqi.organisations.choices import PartyOrganisationKind as P
from yipanqi.organisations.models import Area

pytestmark = pytest.mark.django_db
DEMO = system("demo")


def _tree() -> list[Area]:
    district = NewArea("测试区", "339901", AreaKind.DISTRICT)
    town = NewArea("测试街道", "339901001000", AreaKind.TOWN, district)
    community = NewArea("测试社区", "339901001001", AreaKind.COMMUNITY, town)
    return actions.areas_create_bulk(areas=[district, town, community], actor=DEMO)


def test_areas_create_bulk_builds_a_valid_tree_audited_per_row():
    district, town, community = _tree()
    assert community.get_parent() == town and town.get_parent() == district
    assert district.pk < town.pk < community.pk and community.scope_path == community.path
    created = AuditEvent.objects.filter(action="organisations.area.created")
    assert created.count() == 3 and {e.actor_username for e in created} == {"system:demo"}
    assert all(not problems for problems in Area.find_problems())


def test_areas_create_bulk_refuses_a_parent_given_after_its_child():
    district = NewArea("测试区", "339901", AreaKind.DISTRICT)
    town = NewArea("测试街道", "339901001000", AreaKind.TOWN, district)
    with pytest.raises(Invalid):
        actions.areas_create_bulk(areas=[town, district], actor=DEMO)


def test_party_units_bodies_and_seats_in_bulk():
    district, town, community = _tree()
    root = NewPartyOrganisation("测试区委", P.DISTRICT_COMMITTEE, area=district)
    town_org = NewPartyOrganisation("测试街道党工委", P.TOWN_COMMITTEE, root, area=town)
    orgs = actions.party_organisations_create_bulk(organisations=[root, town_org], actor=DEMO)
    assert orgs[1].get_parent() == orgs[0]
    with pytest.raises(Invalid):  # a town committee cannot stand at the top
        actions.party_organisations_create_bulk(
            organisations=[NewPartyOrganisation("错", P.TOWN_COMMITTEE, area=town)], actor=DEMO
        )
    (unit,) = actions.units_create_bulk(
        units=[actions.NewUnit(community, "测试公司", UnitKind.NON_PUBLIC_ENTERPRISE)], actor=DEMO
    )
    assert unit.pk and unit.scope_path == community.path
    (body,) = actions.bodies_create_bulk(
        bodies=[actions.NewBody(town, "测试大党工委", BodyKind.BIG_COMMITTEE, orgs[1])], actor=DEMO
    )
    seat = actions.NewMembership(
        body=body, member_name="王伟", role=MemberRole.PART_TIME_MEMBER,
        term_start=datetime.date(2021, 1, 1), source_unit=unit,
    )  # fmt: skip
    (membership,) = actions.memberships_add_bulk(memberships=[seat], actor=DEMO)
    assert membership.scope_path == body.scope_path
    with pytest.raises(Invalid):  # a part-time member comes from a unit
        actions.memberships_add_bulk(
            memberships=[actions.NewMembership(body, "李明", seat.role, seat.term_start)],
            actor=DEMO,
        )
    for action in ("party_organisation.created", "unit.created", "body.created"):
        assert AuditEvent.objects.filter(action=f"organisations.{action}").exists()
    assert AuditEvent.objects.filter(action="organisations.membership.added").count() == 1
