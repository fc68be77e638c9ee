import datetime
from decimal import Decimal

import pytest

from yipanqi.core.audit import verify_chain
from yipanqi.core.errors import Conflict
from yipanqi.orders import actions, ledger
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.models import OrderCategory
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.people import actions as people
from yipanqi.people.models import Participation
from yipanqi.people.validators import check_character


def idn(body):
    return body + check_character(body)


def test_full_loop_with_reopen_credits_points_and_participation(district):
    p = district.personas
    grid = district.grids[0]
    community = district.communities[0]
    cat = OrderCategory.objects.create(district_code="330213", code="repairs", name="维修")
    branch = org_actions.party_organisation_create(
        parent=district.party[community.name],
        name="支部",
        kind=PartyOrganisationKind.BRANCH,
        area=grid,
        actor=None,
        check_permission=False,
    )
    person = people.person_create(
        area=grid,
        name="张三丰",
        id_number=idn("33028319800101001"),
        actor=None,
        check_permission=False,
    )
    person.user = p["party_member_a1"]
    person.save()
    member = people.member_create(
        person=person,
        kind="full",
        joined_on=datetime.date(2000, 1, 1),
        branch=branch,
        actor=None,
        in_service=True,
        check_permission=False,
    )
    reg = people.registration_submit(
        community=community, member=member, actor=None, check_permission=False
    )
    people.registration_confirm(registration=reg, actor=p["community_admin_a1"])
    resident = people.person_create(
        area=district.grids[1],
        name="李四",
        id_number=idn("33028319500101002"),
        actor=None,
        check_permission=False,
    )
    resident.user = p["resident_a1"]
    resident.save()
    order = actions.order_place(
        grid=district.grids[1],
        category=cat,
        title="修水管",
        description="厨房漏水",
        actor=p["resident_a1"],
        resident=resident,
    )
    assert order.channel == "resident"
    order = actions.order_accept(order=order, actor=p["community_admin_a1"])
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=p["community_admin_a1"]
    )
    order = actions.order_take(order=order, actor=p["party_member_a1"])
    with pytest.raises(Conflict) as second:
        actions.order_take(order=order, actor=p["party_member_a1"])
    assert second.value.code == "already_taken"
    order = actions.order_complete(
        order=order, note="修好了", hours={member: Decimal("2")}, actor=p["party_member_a1"]
    )
    order = actions.order_rate(order=order, score=2, solved=False, actor=p["resident_a1"])
    assert order.status == OrderStatus.ACCEPTED and order.reopen_count == 1
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.OPEN, actor=p["community_admin_a1"]
    )
    order = actions.order_take(order=order, actor=p["party_member_a1"])
    order = actions.order_complete(order=order, note="again", actor=p["party_member_a1"])
    order = actions.order_rate(order=order, score=5, solved=True, actor=p["resident_a1"])
    assert order.status == OrderStatus.CLOSED and order.solved
    assert ledger.balance(member) == Decimal("20") + Decimal("15")
    assert Participation.objects.count() == 2
    assert verify_chain().ok
