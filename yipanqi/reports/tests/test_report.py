"""`yipanqi report` prints figures computed from records (never typed in)."""

import datetime
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from yipanqi.core.actors import system
from yipanqi.orders import actions as orders
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.models import OrderCategory
from yipanqi.orders.tests.factories import agree
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.people import actions as people
from yipanqi.people.choices import ParticipationKind
from yipanqi.people.validators import check_character


def _report(*args, year: int | None = None):
    """The figures of this year (records made by the test are dated today)."""
    out = StringIO()
    year = year or timezone.localdate().year
    call_command("report", "--year", str(year), "--format", "json", *args, stdout=out)
    return json.loads(out.getvalue())


def _id(body: str) -> str:
    return body + check_character(body)


def _registered_member(district):
    grid, community = district.grids[0], district.communities[0]
    branch = org_actions.party_organisation_create(
        parent=district.party[community.name],
        name="第一网格党支部",
        kind=PartyOrganisationKind.BRANCH,
        area=grid,
        actor=system("test"),
    )
    person = people.person_create(
        area=grid,
        name="周志明",
        id_number=_id("33028319800101001"),
        actor=system("test"),
    )
    person.user = district.personas["party_member_a1"]
    person.save(update_fields=["user"])
    member = people.member_create(
        person=person,
        kind="full",
        joined_on=datetime.date(2001, 7, 1),
        branch=branch,
        in_service=True,
        actor=system("test"),
    )
    registration = people.registration_submit(
        community=community, member=member, actor=system("test")
    )
    people.registration_confirm(
        registration=registration, actor=district.personas["community_admin_a1"]
    )
    return member, registration


def _solved_order(district, member):
    p = district.personas
    category, _new = OrderCategory.objects.update_or_create(
        district_code="330213", code="repairs", defaults={"name": "维修维护"}
    )
    agree(p["resident_a1"])  # R-PI-6: the resident agreed to the service-order notice
    order = orders.order_place(
        grid=district.grids[1],
        category=category,
        title="楼道灯坏了",
        description="三楼",
        actor=p["resident_a1"],
    )
    order = orders.order_accept(order=order, actor=p["community_admin_a1"])
    order = orders.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=p["community_admin_a1"]
    )
    order = orders.order_take(order=order, actor=p["party_member_a1"])
    order = orders.order_complete(
        order=order, note="已更换灯泡", hours={member: Decimal("1")}, actor=p["party_member_a1"]
    )
    return orders.order_rate(order=order, score=5, solved=True, actor=p["resident_a1"])


def test_report_has_the_seed_keys_and_counts_records(district):
    before = _report()
    member, registration = _registered_member(district)
    people.participation_record(
        registration=registration,
        kind=ParticipationKind.VOLUNTEER,
        occurred_on=timezone.localdate(),
        hours=2,
        actor=system("test"),
    )
    assert _report()["registered_members"] == before["registered_members"] + 1
    assert _report()["participations"] == before["participations"] + 1


def test_a_solved_order_counts_as_a_problem_solved_in_the_year_it_closed(district):
    member, _registration = _registered_member(district)
    order = _solved_order(district, member)
    figures = _report(year=order.closed_at.year)
    assert figures["problems_solved"] == 1
    assert figures["participations"] == 1  # the order's participation on the member's registration


def test_report_for_a_community_is_limited_to_its_subtree(district):
    member, _registration = _registered_member(district)
    other = _report("--area", district.communities[2].code)
    mine = _report("--area", district.communities[0].code)
    assert other["registered_members"] == 0 and mine["registered_members"] == 1


def test_report_for_an_unknown_area_fails_clearly(district):
    with pytest.raises(CommandError, match="no area with code"):
        _report("--area", "999999999999")
