"""Deadlines and escalation (超时督办) with a frozen clock.

Policy orders.due_hours gives each waiting state its time (placed: 24 h by default); an order still
waiting past it is marked overdue and climbs one level of the area tree per missed window — grid →
community (1) → street (2) → district (3) — and each level's administrators hear of it once.
"""

import datetime

import pytest
from django.core.management import call_command

from yipanqi.core.actions import policy_set
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.orders import actions, policies
from yipanqi.orders.choices import EscalationLevel, EventKind, OrderStatus, Urgency
from yipanqi.orders.escalation import escalate_overdue
from yipanqi.orders.models import OrderEvent
from yipanqi.orders.tests.factories import STATUS_OF

HOUR = datetime.timedelta(hours=1)


def inbox(user, order) -> list[str]:
    """Escalation notifications about `order` in the user's inbox."""
    return list(
        Notification.objects.filter(
            user=user, topic__startswith=f"orders.serviceorder:{order.pk}:escalated:"
        ).values_list("topic", flat=True)
    )


def escalation_events(order) -> list[tuple[str, int]]:
    kinds = [EventKind.OVERDUE, EventKind.ESCALATED]
    return [
        (e.kind, e.data["level"])
        for e in OrderEvent.objects.filter(order=order, kind__in=kinds).order_by("id")
    ]


def test_the_default_deadline_is_documented_policy():
    assert policies.DUE_HOURS.default["placed"] == 24
    assert 0 < policies.URGENT_FACTOR.default < 1


def test_an_order_left_placed_reaches_the_street_after_the_configured_times(world, clock):
    p = world.personas
    admin_a1, town_a, district = (
        p["community_admin_a1"],
        p["town_admin_a"],
        p["district_admin"],
    )
    placed_at = clock.now
    order = world.place()
    assert order.due_at == placed_at + 24 * HOUR
    assert order.escalation_level == EscalationLevel.GRID and not order.overdue

    # not yet due: nothing happens
    assert escalate_overdue(now=placed_at + 24 * HOUR - datetime.timedelta(seconds=1)) == 0

    # due: overdue, escalated to the community, whose admins hear of it
    first = placed_at + 24 * HOUR
    assert escalate_overdue(now=first) == 1
    order.refresh_from_db()
    assert order.overdue and order.escalation_level == EscalationLevel.COMMUNITY
    assert order.status == OrderStatus.PLACED  # escalation does not move the order
    assert order.due_at == first + 24 * HOUR
    assert escalation_events(order) == [("overdue", 1), ("escalated", 1)]
    assert len(inbox(admin_a1, order)) == 1 and inbox(town_a, order) == []

    # running again at the same moment sends nothing new
    notifications = Notification.objects.count()
    assert escalate_overdue(now=first) == 0
    assert Notification.objects.count() == notifications

    # another window: the street (town admin)
    assert escalate_overdue(now=first + 24 * HOUR) == 1
    order.refresh_from_db()
    assert order.escalation_level == EscalationLevel.TOWN
    assert escalation_events(order)[-1] == ("escalated", 2)
    assert len(inbox(town_a, order)) == 1
    assert len(inbox(admin_a1, order)) == 1  # not told twice
    assert inbox(p["community_admin_a2"], order) == []

    # and one more: the district, after which it stops climbing
    assert escalate_overdue(now=first + 48 * HOUR) == 1
    order.refresh_from_db()
    assert order.escalation_level == EscalationLevel.DISTRICT and order.due_at is None
    assert len(inbox(district, order)) == 1
    assert escalate_overdue(now=first + 480 * HOUR) == 0
    assert [len(inbox(u, order)) for u in (admin_a1, town_a, district)] == [1, 1, 1]
    audits = AuditEvent.objects.filter(action="orders.order.escalated", target_id=str(order.pk))
    assert audits.count() == 3


def test_one_level_per_run_even_when_long_overdue(world, clock):
    order = world.place()
    assert escalate_overdue(now=clock.now + 1000 * HOUR) == 1
    order.refresh_from_db()
    assert order.escalation_level == EscalationLevel.COMMUNITY


def test_urgent_orders_use_the_urgent_factor(world, clock):
    order = world.place(urgency=Urgency.URGENT)
    assert order.due_at == clock.now + 12 * HOUR  # 24 h × 0.5

    assert escalate_overdue(now=clock.now + 12 * HOUR) == 1
    order.refresh_from_db()
    assert order.escalation_level == EscalationLevel.COMMUNITY
    assert order.due_at == clock.now + 24 * HOUR  # the next window is urgent too


def test_a_district_policy_override_changes_the_times(world, clock):
    code = world.district.district.district_code
    policy_set(key="orders.due_hours", district_code=code, value={"placed": 2}, actor=None)
    policy_set(key="orders.urgent_factor", district_code=code, value=0.25, actor=None)

    normal = world.place()
    urgent = world.place(urgency=Urgency.URGENT)
    assert normal.due_at == clock.now + 2 * HOUR
    assert urgent.due_at == clock.now + datetime.timedelta(minutes=30)
    # states the override does not name keep their documented default
    accepted = actions.order_accept(order=normal, actor=world.admin())
    assert accepted.due_at == clock.now + 24 * HOUR

    assert escalate_overdue(now=clock.now + datetime.timedelta(minutes=31)) == 1
    urgent.refresh_from_db()
    assert urgent.escalation_level == EscalationLevel.COMMUNITY


def test_other_districts_keep_the_default(world, clock):
    policy_set(key="orders.due_hours", district_code="330299", value={"placed": 1}, actor=None)
    order = world.place()
    assert order.due_at == clock.now + 24 * HOUR


def test_orders_that_moved_on_are_not_escalated(world, clock):
    stays = world.place(title="无人受理")
    moves = world.place(title="及时受理")
    clock.advance(hours=23)
    moves = actions.order_accept(order=moves, actor=world.admin())  # new window: accepted, 24 h
    declined = actions.order_decline(
        order=world.place(title="不予受理"), reason="重复工单", actor=world.admin()
    )

    assert escalate_overdue(now=clock.now + 2 * HOUR) == 1  # 25 h after placing
    stays.refresh_from_db()
    moves.refresh_from_db()
    declined.refresh_from_db()
    assert stays.overdue and stays.escalation_level == EscalationLevel.COMMUNITY
    assert not moves.overdue and moves.escalation_level == EscalationLevel.GRID
    assert declined.due_at is None and not declined.overdue
    assert escalation_events(moves) == [] and escalation_events(declined) == []


def test_every_waiting_state_has_a_deadline_and_finished_ones_none(world, clock):
    order = world.order_in("done")
    assert order.due_at == clock.now + 72 * HOUR
    for state in ("closed", "declined", "cancelled"):
        assert world.order_in(state).due_at is None


def test_an_order_moving_on_clears_overdue(world, clock):
    order = world.place()
    escalate_overdue(now=clock.advance(hours=25))
    order = actions.order_accept(order=order, actor=world.admin())
    assert not order.overdue and order.due_at == clock.now + 24 * HOUR
    # the escalation stays in its history
    assert escalation_events(order) == [("overdue", 1), ("escalated", 1)]


def test_an_order_overdue_again_in_a_later_state_is_announced_again(world, clock):
    district = world.personas["district_admin"]
    order = world.place()
    for _ in range(3):  # placed and ignored: community, street, district
        escalate_overdue(now=clock.advance(hours=24))
    order = actions.order_accept(order=order, actor=world.admin())
    assert len(inbox(district, order)) == 1

    escalate_overdue(now=clock.advance(hours=24))  # overdue again, now in `accepted`

    order.refresh_from_db()
    assert order.escalation_level == EscalationLevel.DISTRICT
    assert len(inbox(district, order)) == 2  # once per level and waiting state
    escalate_overdue(now=clock.advance(hours=24))
    assert len(inbox(district, order)) == 2


def test_run_periodic_escalates_overdue_orders(world, clock, capsys):
    order = world.place()
    clock.advance(hours=25)

    call_command("run_periodic")

    order.refresh_from_db()
    assert order.overdue and order.escalation_level == EscalationLevel.COMMUNITY
    assert "orders.escalate_overdue: 1" in capsys.readouterr().out
    call_command("run_periodic")  # nothing more due: nothing more sent
    assert len(inbox(world.admin(), order)) == 1


@pytest.mark.parametrize(
    ("state", "hours"),
    [("accepted", 24), ("dispatched_members", 48), ("taken", 72), ("done", 72)],
)
def test_overdue_in_each_waiting_state_escalates(world, clock, state, hours):
    order = world.order_in(state)
    assert escalate_overdue(now=clock.now + (hours - 1) * HOUR) == 0
    assert escalate_overdue(now=clock.now + hours * HOUR) == 1
    order.refresh_from_db()
    assert order.overdue and order.status == STATUS_OF[state]
