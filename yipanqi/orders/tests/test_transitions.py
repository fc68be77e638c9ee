"""The transition matrix of a service order (R-AC-5): every (state, action, persona) triple.

Given an order in each state (factories.STATES) and the personas below, each action either succeeds
— writing exactly its event row(s) and one audit event — or is refused without a trace:

- Forbidden: the persona has no right to this action on this order, whatever its state;
- Conflict `illegal_transition`: the persona has the right, but not in this state;
- Conflict `already_taken` / `already_rated`: the step was already done (a second take, a second
  rating), so the person entitled to it is told so.

The rules (issue 4, DESIGN §3 三单制, the actions' docstrings):
- the community party organisation (community admin, and the town and district admins above it)
  accepts or declines a placed order, dispatches an accepted one, reassigns a dispatched or taken
  one, and cancels any order that is still open;
- the resident may withdraw their own order while it is only placed, and rates it once done;
- whoever the order was sent to takes it (a named member; a member registered with the community
  inside the claim area; the unit's liaison); only the taker completes it;
- nobody else — other residents, the grid worker, another community's admin, members the order was
  not sent to, accounts without a role — moves it.
"""

import pytest
from django.db import IntegrityError, connection, transaction

from yipanqi.core.audit import verify_chain
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.models import AuditEvent, Notification
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.models import OrderEvent, ServiceOrder
from yipanqi.orders.tests.factories import STATES, STATUS_OF

# persona in the matrix → account in the test world (see factories)
PERSONAS = {
    "resident": "resident_a1",  # the order's own resident (placed it)
    "other_resident": "resident_a1_other",
    "grid_worker": "grid_worker_a1_g2",  # grid worker of the order's grid
    "community_admin": "community_admin_a1",
    "other_community_admin": "community_admin_a2",
    "town_admin": "town_admin_a",  # the town above the community
    "district_admin": "district_admin",
    "member_candidate": "party_member_a1",  # named candidate; serves the claim grid
    "member_not_candidate": "party_member_a1b",  # registered with A1, in another grid
    "member_other_community": "party_member_b1",  # registered with B1
    "unit_liaison": "unit_liaison_a1",
    "no_role": "no_role",
}
ACTIONS = ("accept", "decline", "dispatch", "take", "complete", "rate", "cancel", "reassign")

ADMINS = frozenset({"community_admin", "town_admin", "district_admin"})
RESIDENT = frozenset({"resident"})
CANDIDATE = frozenset({"member_candidate"})
LIAISON = frozenset({"unit_liaison"})

# (state, action) → the personas for whom it succeeds. Every triple not listed is refused.
ALLOWED: dict[tuple[str, str], frozenset[str]] = {
    ("placed", "accept"): ADMINS,
    ("placed", "decline"): ADMINS,
    ("placed", "cancel"): ADMINS | RESIDENT,  # the resident withdraws a new order
    ("accepted", "dispatch"): ADMINS,
    ("accepted", "cancel"): ADMINS,
    ("reopened", "dispatch"): ADMINS,
    ("reopened", "cancel"): ADMINS,
    ("dispatched_members", "take"): CANDIDATE,
    ("dispatched_members", "cancel"): ADMINS,
    ("dispatched_members", "reassign"): ADMINS,
    ("dispatched_open", "take"): CANDIDATE,  # claim area grid 1: only members placed there
    ("dispatched_open", "cancel"): ADMINS,
    ("dispatched_open", "reassign"): ADMINS,
    ("dispatched_unit", "take"): LIAISON,
    ("dispatched_unit", "cancel"): ADMINS,
    ("dispatched_unit", "reassign"): ADMINS,
    ("taken", "complete"): CANDIDATE,  # the taker
    ("taken", "cancel"): ADMINS,
    ("taken", "reassign"): ADMINS,
    ("taken_unit", "complete"): LIAISON,  # the taker
    ("taken_unit", "cancel"): ADMINS,
    ("taken_unit", "reassign"): ADMINS,
    ("done", "rate"): RESIDENT,
}

# Whom each order was sent to (they may take it) and who took it (they may complete it); both stay
# recorded after the order moves on, so these people get a Conflict rather than Forbidden there.
SENT_TO = {
    "dispatched_members": CANDIDATE,
    "dispatched_open": CANDIDATE,
    "dispatched_unit": LIAISON,
    "taken": CANDIDATE,
    "taken_unit": LIAISON,
    "done": CANDIDATE,
    "closed": CANDIDATE,
    "reopened": CANDIDATE,
}
TAKER = {
    "taken": CANDIDATE,
    "taken_unit": LIAISON,
    "done": CANDIDATE,
    "closed": CANDIDATE,
    "reopened": CANDIDATE,
}


def entitled(state: str, action: str) -> frozenset[str]:
    """Who holds the right to this action on this order (the state aside)."""
    if action in ("accept", "decline", "dispatch", "reassign"):
        return ADMINS
    if action == "cancel":
        return ADMINS | (RESIDENT if state == "placed" else frozenset())
    if action == "rate":
        return RESIDENT
    if action == "take":
        return SENT_TO.get(state, frozenset())
    return TAKER.get(state, frozenset())  # complete


CONFLICT_CODE = {  # otherwise illegal_transition
    ("taken", "take"): "already_taken",
    ("taken_unit", "take"): "already_taken",
    ("done", "take"): "already_taken",
    ("closed", "take"): "already_taken",
    ("closed", "rate"): "already_rated",
}


def expected(state: str, action: str, persona: str) -> str:
    if persona in ALLOWED.get((state, action), frozenset()):
        return "ok"
    if persona in entitled(state, action):
        return CONFLICT_CODE.get((state, action), "illegal_transition")
    return "forbidden"


# Event rows a successful action writes, in order; a rating also closes (or reopens) the order.
EVENTS = {
    "accept": ["accepted"],
    "decline": ["declined"],
    "dispatch": ["dispatched"],
    "take": ["taken"],
    "complete": ["completed"],
    "rate": ["rated", "closed"],
    "cancel": ["cancelled"],
    "reassign": ["reassigned"],
}
AUDIT = {
    "accept": "accepted",
    "decline": "declined",
    "dispatch": "dispatched",
    "take": "taken",
    "complete": "completed",
    "rate": "rated",
    "cancel": "cancelled",
    "reassign": "reassigned",
}
STATUS_AFTER = {
    "accept": OrderStatus.ACCEPTED,
    "decline": OrderStatus.DECLINED,
    "dispatch": OrderStatus.DISPATCHED,
    "take": OrderStatus.TAKEN,
    "complete": OrderStatus.DONE,
    "rate": OrderStatus.CLOSED,
    "cancel": OrderStatus.CANCELLED,
    "reassign": OrderStatus.DISPATCHED,
}


def perform(world, action: str, order: ServiceOrder, actor) -> ServiceOrder:
    """Call the action with valid arguments, so only the state and the actor decide."""
    members = world.members
    if action == "accept":
        return actions.order_accept(order=order, actor=actor)
    if action == "decline":
        return actions.order_decline(order=order, reason="不属于服务范围", actor=actor)
    if action == "dispatch":
        return actions.order_dispatch(
            order=order,
            kind=DispatchKind.MEMBERS,
            members=[members["party_member_a1"]],
            actor=actor,
        )
    if action == "take":
        return actions.order_take(order=order, actor=actor)
    if action == "complete":
        return actions.order_complete(order=order, note="已处理", actor=actor)
    if action == "rate":
        return actions.order_rate(order=order, score=5, solved=True, comment="满意", actor=actor)
    if action == "cancel":
        return actions.order_cancel(order=order, reason="居民撤回", actor=actor)
    return actions.order_reassign(
        order=order,
        kind=DispatchKind.MEMBERS,
        members=[members["party_member_a1b"]],
        reason="原党员无法到场",
        actor=actor,
    )


def _traces(order: ServiceOrder) -> tuple[list[str], list[str], int]:
    events = list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True))
    audits = list(
        AuditEvent.objects.filter(target_type="orders.serviceorder", target_id=str(order.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    return events, audits, Notification.objects.count()


def test_the_table_covers_every_resting_state(shared_world):
    assert set(STATES) == set(shared_world.orders)
    # `rated` is passed through inside order_rate (to closed or back to accepted), never stored.
    assert {STATUS_OF[s] for s in STATES} == set(OrderStatus) - {OrderStatus.RATED}
    assert {state for state, _action in ALLOWED} <= set(STATES)


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("state", STATES)
def test_transition(shared_world, state, action, persona):
    # given: an order resting in `state`
    order = shared_world.orders[state]
    actor = shared_world.personas[PERSONAS[persona]]
    events_before, audits_before, notes_before = _traces(order)
    outcome = expected(state, action, persona)

    # when
    if outcome == "ok":
        result = perform(shared_world, action, order, actor)
    else:
        error = Forbidden if outcome == "forbidden" else Conflict
        with pytest.raises(error) as refused:
            with transaction.atomic():
                perform(shared_world, action, order, actor)

    # then
    events, audits, notes = _traces(order)
    if outcome == "ok":
        assert result.status == STATUS_AFTER[action]
        assert ServiceOrder.objects.get(pk=order.pk).status == STATUS_AFTER[action]
        assert events[len(events_before) :] == EVENTS[action]
        assert audits[len(audits_before) :] == [f"orders.order.{AUDIT[action]}"]
        assert verify_chain().ok
    else:
        if outcome != "forbidden":
            assert refused.value.code == outcome
        assert ServiceOrder.objects.get(pk=order.pk).status == order.status
        assert (events, audits, notes) == (events_before, audits_before, notes_before)


def test_a_poor_rating_writes_rated_and_reopened(shared_world):
    order = shared_world.orders["done"]
    before = OrderEvent.objects.filter(order=order).count()
    audits = AuditEvent.objects.filter(
        target_type="orders.serviceorder", target_id=str(order.pk)
    ).order_by("id")
    audit_count = audits.count()

    order = actions.order_rate(
        order=order, score=1, solved=False, actor=shared_world.personas["resident_a1"]
    )

    assert order.status == OrderStatus.ACCEPTED and order.reopen_count == 1
    kinds = list(OrderEvent.objects.filter(order=order).values_list("kind", flat=True))  # by time
    assert kinds[before:] == ["rated", "reopened"]
    assert list(audits.values_list("action", flat=True))[audit_count:] == ["orders.order.reopened"]
    assert verify_chain().ok


def test_reassign_from_taken_clears_the_taker(shared_world):
    order = actions.order_reassign(
        order=shared_world.orders["taken"],
        kind=DispatchKind.OPEN,
        reason="原党员生病",
        actor=shared_world.personas["community_admin_a1"],
    )
    assert order.status == OrderStatus.DISPATCHED
    assert order.taker is None and order.taker_user is None
    assert order.dispatch_kind == DispatchKind.OPEN and not order.candidates.exists()


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        (OrderStatus.PLACED, OrderStatus.ACCEPTED, True),
        (OrderStatus.PLACED, OrderStatus.CLOSED, False),
        (OrderStatus.PLACED, OrderStatus.TAKEN, False),
        (OrderStatus.CLOSED, OrderStatus.ACCEPTED, False),
        (OrderStatus.CANCELLED, OrderStatus.PLACED, False),
        (OrderStatus.DONE, OrderStatus.RATED, True),
        (OrderStatus.DONE, OrderStatus.CLOSED, False),  # a rating's step writes `rated` on the way
    ],
)
def test_the_database_refuses_illegal_transitions_too(shared_world, old, new, allowed):
    """R-AC-5: a raw UPDATE that skips the actions still cannot make an illegal move."""
    state = {v: k for k, v in reversed(STATUS_OF.items())}[old]
    order = shared_world.orders[state]
    table = ServiceOrder._meta.db_table
    sql = f"UPDATE {table} SET status = %s WHERE id = %s"  # noqa: S608 (constant table name)

    def run():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [new, order.pk])

    if allowed:
        run()
        assert ServiceOrder.objects.get(pk=order.pk).status == new
    else:
        with pytest.raises(IntegrityError, match="illegal status transition"):
            run()
        assert ServiceOrder.objects.get(pk=order.pk).status == old
