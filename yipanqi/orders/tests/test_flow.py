import datetime
from decimal import Decimal

import pytest

from yipanqi.core.actors import system
from yipanqi.core.audit import verify_chain
from yipanqi.core.errors import Conflict
from yipanqi.core.models import AuditEvent
from yipanqi.orders import actions, ledger
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.models import OrderCategory
from yipanqi.orders.tests.factories import agree
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
    cat, _new = OrderCategory.objects.update_or_create(
        district_code="330213", code="repairs", defaults={"name": "维修"}
    )
    branch = org_actions.party_organisation_create(
        parent=district.party[community.name],
        name="支部",
        kind=PartyOrganisationKind.BRANCH,
        area=grid,
        actor=system("test"),
    )
    person = people.person_create(
        area=grid,
        name="张三丰",
        id_number=idn("33028319800101001"),
        actor=system("test"),
    )
    person.user = p["party_member_a1"]
    person.save()
    member = people.member_create(
        person=person,
        kind="full",
        joined_on=datetime.date(2000, 1, 1),
        branch=branch,
        actor=system("test"),
        in_service=True,
    )
    reg = people.registration_submit(community=community, member=member, actor=system("test"))
    people.registration_confirm(registration=reg, actor=p["community_admin_a1"])
    resident = people.person_create(
        area=district.grids[1],
        name="李四",
        id_number=idn("33028319500101002"),
        actor=system("test"),
    )
    resident.user = p["resident_a1"]
    resident.save()
    agree(p["resident_a1"])  # R-PI-6: the service-order notice, agreed on the order page
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
    _assert_transitions_audited(order)


# Fields each step must show with before/after in its audit row (DESIGN §2.3), besides the status.
STEP_FIELDS = {
    "orders.order.accepted": {"status", "version", "due_at"},
    "orders.order.dispatched": {"status", "version", "dispatch_kind"},
    "orders.order.taken": {"status", "version", "taker", "taker_user"},
    "orders.order.completed": {"status", "version", "done_at"},
    "orders.order.reopened": {"status", "version", "reopen_count"},
    "orders.order.rated": {"status", "version", "closed_at", "solved", "due_at"},
}


def _assert_transitions_audited(order):
    events = AuditEvent.objects.filter(target_id=str(order.pk), action__in=STEP_FIELDS)
    assert {e.action for e in events} == set(STEP_FIELDS)
    for event in events:
        assert STEP_FIELDS[event.action] <= set(event.changes), event.action
        assert all(old != new for old, new in event.changes.values())
    registration = AuditEvent.objects.get(action="people.registration.confirmed")
    assert registration.changes["status"] == ["submitted", "confirmed"]
    assert registration.changes["confirmed_at"][0] is None
