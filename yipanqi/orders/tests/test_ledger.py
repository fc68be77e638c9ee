"""Points and hours (积分台账) and the participation they add to a member's 双报到 registration.

Rated orders credit each participant once per completion round: hours, and points = hours × policy
orders.points_per_hour, plus orders.solved_bonus_points when the rating closes the order as solved.
Every credit names its source; a balance is only ever the sum of entries.
"""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Sum

from yipanqi.core.actions import policy_set
from yipanqi.core.errors import Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.orders import actions, ledger
from yipanqi.orders.choices import DispatchKind, EventKind, LedgerKind, OrderStatus
from yipanqi.orders.models import LedgerEntry, OrderParticipant
from yipanqi.orders.tests.factories import make_member
from yipanqi.people.choices import ParticipationKind
from yipanqi.people.models import Participation


def _taken(world, **place_kw):
    return world.order_in("taken", **place_kw)


def _complete(world, order, hours=None, taker="party_member_a1"):
    return actions.order_complete(
        order=order, note="已完成", hours=hours, actor=world.personas[taker]
    )


def _taken_by_team(world, *members: str):
    """An order sent by name to the given members (the first takes it)."""
    order = world.order_in("accepted")
    order = actions.order_dispatch(
        order=order,
        kind=DispatchKind.MEMBERS,
        members=[world.members[m] for m in members],
        actor=world.admin(),
    )
    return actions.order_take(order=order, actor=world.personas[members[0]])


def _rate(world, order, score=5, solved=True):
    return actions.order_rate(
        order=order, score=score, solved=solved, actor=world.personas["resident_a1"]
    )


def entries(member) -> dict[tuple[str, str], Decimal]:
    return {(e.kind, e.source): e.amount for e in LedgerEntry.objects.filter(member=member)}


def test_a_closed_order_credits_hours_points_and_the_solved_bonus_once(world):
    m, m2 = world.members["party_member_a1"], world.members["party_member_a1b"]
    order = _taken_by_team(world, "party_member_a1", "party_member_a1b")
    order = _complete(world, order, hours={m: Decimal("2"), m2: Decimal("1.5")})

    order = _rate(world, order, score=5, solved=True)

    source = f"orders.serviceorder:{order.pk}:0"
    assert entries(m) == {("hours", source): Decimal("2"), ("points", source): Decimal("25")}
    assert entries(m2) == {("hours", source): Decimal("1.5"), ("points", source): Decimal("20")}
    assert ledger.balance(m) == Decimal("25")
    assert ledger.balance(m, LedgerKind.HOURS) == Decimal("2")
    # crediting the same round again adds nothing (idempotent by source)
    assert actions.ledger_credit_participants(order=order, solved=True) == 2
    assert LedgerEntry.objects.filter(member__in=[m, m2]).count() == 4
    assert Participation.objects.filter(source=source).count() == 2


def test_the_balance_is_the_sum_of_entries(world):
    member = world.members["party_member_a1"]
    for score in (5, 4, 5):
        order = _complete(world, _taken(world))
        _rate(world, order, score=score, solved=True)
    total = LedgerEntry.objects.filter(member=member, kind=LedgerKind.POINTS).aggregate(
        s=Sum("amount")
    )["s"]
    assert ledger.balance(member) == total == Decimal("45")  # 3 × (1 h × 10 + 5)
    assert ledger.balance(world.members["party_member_b1"]) == Decimal("0")


def test_participation_appears_on_the_members_registration(world, clock):
    member = world.members["party_member_a1"]
    order = _complete(world, _taken(world), hours={member: Decimal("3")})
    _rate(world, order, score=4, solved=True)

    (row,) = world.registrations["party_member_a1"].participations.all()
    assert row.kind == ParticipationKind.SERVICE_ORDER
    assert row.hours == Decimal("3") and row.problem_solved is True
    assert row.source == f"orders.serviceorder:{order.pk}:0"
    assert row.occurred_on == datetime.date(2021, 6, 1)
    assert row.note == order.title


def test_a_reopened_order_keeps_its_history_and_the_next_round_credits_again(world):
    member = world.members["party_member_a1"]
    admin = world.admin()
    order = _complete(world, _taken(world), hours={member: Decimal("2")})
    order = _rate(world, order, score=2, solved=False)  # round 0: not solved → reopened
    assert order.status == OrderStatus.ACCEPTED and order.reopen_count == 1
    assert ledger.balance(member) == Decimal("20")  # the work is credited, no bonus

    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=admin
    )
    order = actions.order_take(order=order, actor=world.personas["party_member_a1"])
    order = _complete(world, order, hours={member: Decimal("1")})
    order = _rate(world, order, score=5, solved=True)  # round 1: solved → closed

    assert order.status == OrderStatus.CLOSED and order.solved is True
    assert ledger.balance(member) == Decimal("20") + Decimal("15")
    assert ledger.balance(member, LedgerKind.HOURS) == Decimal("3")
    sources = {source for _kind, source in entries(member)}
    assert sources == {f"orders.serviceorder:{order.pk}:0", f"orders.serviceorder:{order.pk}:1"}
    kinds = list(order.events.values_list("kind", flat=True))
    assert kinds == [
        EventKind.PLACED,
        EventKind.ACCEPTED,
        EventKind.DISPATCHED,
        EventKind.TAKEN,
        EventKind.COMPLETED,
        EventKind.RATED,
        EventKind.REOPENED,
        EventKind.DISPATCHED,
        EventKind.TAKEN,
        EventKind.COMPLETED,
        EventKind.RATED,
        EventKind.CLOSED,
    ]
    assert list(order.ratings.order_by("round").values_list("round", "score")) == [(0, 2), (1, 5)]
    assert OrderParticipant.objects.filter(order=order).count() == 2
    solved = Participation.objects.filter(registration__member=member).order_by("source")
    assert list(solved.values_list("problem_solved", flat=True)) == [False, True]


def test_a_solved_tick_with_a_reopening_score_is_not_a_problem_solved(world):
    """Score ≤ 2 reopens even when "solved" is ticked: no bonus, and not counted as solved, so
    the round that finally closes it is the only one that counts."""
    member = world.members["party_member_a1"]
    order = _complete(world, _taken(world), hours={member: Decimal("1")})

    order = _rate(world, order, score=1, solved=True)

    assert order.status == OrderStatus.ACCEPTED and order.solved is None
    assert ledger.balance(member) == Decimal("10")
    assert not Participation.objects.filter(registration__member=member, problem_solved=True)


def test_points_follow_the_district_policy(world):
    code = world.district.district.district_code
    policy_set(key="orders.points_per_hour", district_code=code, value=4, actor=None)
    policy_set(key="orders.solved_bonus_points", district_code=code, value=0, actor=None)
    member = world.members["party_member_a1"]
    order = _complete(world, _taken(world), hours={member: Decimal("2.5")})
    _rate(world, order)
    assert ledger.balance(member) == Decimal("10")


def test_the_credit_day_is_the_local_day(world, clock):
    """07:30 on 1 January in Beijing is still 31 December in UTC; the yearly summary must count the
    work in the new year."""
    member = world.members["party_member_a1"]
    order = _taken(world)
    clock.set(datetime.datetime(2021, 12, 31, 23, 30, tzinfo=datetime.UTC))
    order = _complete(world, order)
    _rate(world, order)
    assert {e.occurred_on for e in LedgerEntry.objects.filter(member=member)} == {
        datetime.date(2022, 1, 1)
    }
    (row,) = Participation.objects.filter(registration__member=member)
    assert row.occurred_on == datetime.date(2022, 1, 1)


@pytest.mark.parametrize(
    "member",
    [
        "party_member_b1",  # serves another community
        "party_member_a1b",  # registered with the community, but took no part
        "party_member_a1c",  # registered, in no grid yet, took no part
    ],
)
def test_hours_go_only_to_the_orders_participants(world, member):
    """Issue 23/9b: the taker cannot credit any member of the community, only those who took part
    (the taker, the members the order was sent to, the staff of the unit it was sent to)."""
    order = _taken(world)
    taker = world.members["party_member_a1"]
    with pytest.raises(Invalid) as refused:
        _complete(world, order, hours={taker: Decimal("1"), world.members[member]: Decimal("1")})
    assert refused.value.code == "member_not_participant"
    order.refresh_from_db()
    assert order.status == OrderStatus.TAKEN
    assert not OrderParticipant.objects.filter(order=order).exists()


def test_hours_must_be_a_number_from_0_to_24(world):
    order = _taken(world)
    with pytest.raises(Invalid) as bad:
        _complete(world, order, hours={world.members["party_member_a1"]: Decimal("-1")})
    assert bad.value.code == "bad_hours"
    with pytest.raises(Invalid):
        _complete(world, order, hours={world.members["party_member_a1"]: "NaN"})
    assert not OrderParticipant.objects.filter(order=order).exists()


def test_a_member_is_credited_at_most_the_policy_cap_per_order(world):
    m, m2 = world.members["party_member_a1"], world.members["party_member_a1b"]
    order = _taken_by_team(world, "party_member_a1", "party_member_a1b")
    with pytest.raises(Invalid) as over:  # the default cap is 8 hours
        _complete(world, order, hours={m: Decimal("8.5"), m2: Decimal("1")})
    assert over.value.code == "hours_over_cap" and "8" in str(over.value.message)
    with pytest.raises(Invalid) as over24:
        _complete(world, order, hours={m: Decimal("24")})
    assert over24.value.code == "hours_over_cap"
    order = _complete(world, order, hours={m: Decimal("8"), m2: Decimal("1")})
    assert dict(order.participants.values_list("member_id", "hours")) == {
        m.pk: Decimal("8"),
        m2.pk: Decimal("1"),
    }
    event = AuditEvent.objects.filter(action="orders.order.completed", target_id=str(order.pk))
    assert event.get().data["hours"] == {str(m.pk): "8", str(m2.pk): "1"}


def test_the_cap_counts_every_completion_round_of_the_order(world):
    member = world.members["party_member_a1"]
    order = _complete(world, _taken(world), hours={member: Decimal("6")})
    order = _rate(world, order, score=1, solved=False)  # reopened: round 1
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=world.admin()
    )
    order = actions.order_take(order=order, actor=world.personas["party_member_a1"])
    with pytest.raises(Invalid) as over:
        _complete(world, order, hours={member: Decimal("3")})
    assert over.value.code == "hours_over_cap"
    assert _complete(world, order, hours={member: Decimal("2")}).status == OrderStatus.DONE


def test_the_cap_is_a_district_policy(world):
    code = world.district.district.district_code
    policy_set(key="orders.max_hours_per_member", district_code=code, value=3, actor=None)
    member = world.members["party_member_a1"]
    order = _taken(world)
    with pytest.raises(Invalid) as over:
        _complete(world, order, hours={member: Decimal("3.5")})
    assert over.value.code == "hours_over_cap"
    policy_set(key="orders.max_hours_per_member", district_code=code, value=12, actor=None)
    assert _complete(world, order, hours={member: Decimal("12")}).status == OrderStatus.DONE


def test_a_unit_order_does_not_credit_members_outside_the_unit(world):
    registered = world.members["party_member_a1b"]  # registered with A1, not the unit's staff
    order = world.order_in("taken_unit")
    with pytest.raises(Invalid) as refused:
        _complete(world, order, hours={registered: Decimal("1")}, taker="unit_liaison_a1")
    assert refused.value.code == "member_not_participant"


def test_a_unit_order_credits_the_units_own_members(world):
    staff = make_member(
        world,
        "unit_member",
        home=world.district.grids[4],
        community=world.b1,
        name="周七",
        work_unit=world.unit,
    )
    order = world.order_in("taken_unit")
    order = _complete(world, order, hours={staff: Decimal("2")}, taker="unit_liaison_a1")
    order = _rate(world, order)
    assert order.taker is None and order.taker_user == world.personas["unit_liaison_a1"]
    assert ledger.balance(staff) == Decimal("25")
    # not registered with A1: points, but no participation on a registration there
    assert not Participation.objects.filter(registration__community=world.a1).exists()


def test_a_unit_order_with_no_named_participants_credits_nobody(world):
    order = _complete(world, world.order_in("taken_unit"), taker="unit_liaison_a1")
    _rate(world, order)
    assert not LedgerEntry.objects.exists()
