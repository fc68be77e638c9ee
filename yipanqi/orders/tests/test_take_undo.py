"""撤销接单: the taker may undo taking an order within the district's policy seconds (default 10),
checked on the server's clock; the order then waits for those it was sent to again."""

import pytest
from django.urls import reverse

from yipanqi.core.actions import policy_set
from yipanqi.core.errors import Conflict, Forbidden
from yipanqi.core.models import AuditEvent
from yipanqi.orders import actions, policies, selectors
from yipanqi.orders.choices import DispatchKind, EventKind, OrderStatus

POLICY = policies.TAKE_UNDO_SECONDS.key


@pytest.fixture
def taken(world, clock):
    """An order dispatched to 张三 and 赵四 by name, taken by 张三 just now (on the frozen clock)."""
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    members = [world.members["party_member_a1"], world.members["party_member_a1b"]]
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=members, actor=admin
    )
    return actions.order_take(order=order, actor=world.personas["party_member_a1"])


def test_the_taker_undoes_within_the_window(world, clock, taken):
    clock.advance(seconds=9)

    order = actions.order_take_undo(order=taken, actor=world.personas["party_member_a1"])

    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert order.taker is None and order.taker_user is None
    assert order.candidates.count() == 2  # still sent to the same two members
    assert order.events.order_by("-id").first().kind == EventKind.TAKE_UNDONE
    audit = AuditEvent.objects.get(action="orders.order.take_undone", target_id=str(order.pk))
    assert audit.changes["status"] == ["taken", "dispatched"]
    # and another of them may take it now
    actions.order_take(order=order, actor=world.personas["party_member_a1b"])


def test_after_the_window_the_undo_is_refused(world, clock, taken):
    clock.advance(seconds=11)

    with pytest.raises(Conflict) as refused:
        actions.order_take_undo(order=taken, actor=world.personas["party_member_a1"])

    assert refused.value.code == actions.UNDO_EXPIRED
    taken.refresh_from_db()
    assert taken.status == OrderStatus.TAKEN


def test_only_the_taker_may_undo(world, clock, taken):
    with pytest.raises(Forbidden):
        actions.order_take_undo(order=taken, actor=world.personas["party_member_a1b"])
    with pytest.raises(Forbidden):
        actions.order_take_undo(order=taken, actor=world.admin())


def test_a_completed_order_cannot_be_undone(world, clock, taken):
    taker = world.personas["party_member_a1"]
    order = actions.order_complete(order=taken, note="已修好", actor=taker)

    with pytest.raises(Conflict):
        actions.order_take_undo(order=order, actor=taker)


@pytest.mark.parametrize(
    ("setting", "elapsed", "allowed"),
    [
        (30, 25, True),  # a district may allow longer
        (0, 0, False),  # or turn undo off
        ("ten", 9, True),  # a stored value that is not a number: the default (10 s)
        ("ten", 11, False),
        (100000, 121, False),  # never more than two minutes
        (100000, 119, True),
    ],
)
def test_the_window_is_a_district_policy(world, clock, taken, setting, elapsed, allowed):
    policy_set(key=POLICY, district_code=taken.district_code, value=setting, actor=None)
    clock.advance(seconds=elapsed)
    taker = world.personas["party_member_a1"]

    assert ("untake" in selectors.order_steps(user=taker, order=taken)) is allowed
    if allowed:
        actions.order_take_undo(order=taken, actor=taker)
    else:
        with pytest.raises(Conflict):
            actions.order_take_undo(order=taken, actor=taker)


def test_the_order_page_offers_the_undo_with_its_seconds(client, world, clock, taken):
    client.force_login(world.personas["party_member_a1"])
    clock.advance(seconds=4)

    html = client.get(taken.get_absolute_url()).content.decode()

    assert 'data-undo-seconds="6"' in html
    assert reverse("orders:untake", args=[taken.pk]) in html

    clock.advance(seconds=7)
    html = client.get(taken.get_absolute_url()).content.decode()
    assert "data-undo-seconds" not in html


def test_taking_in_the_claim_list_offers_undo_in_the_card(client, world, clock):
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    members = [world.members["party_member_a1"]]
    actions.order_dispatch(order=order, kind=DispatchKind.MEMBERS, members=members, actor=admin)
    client.force_login(world.personas["party_member_a1"])

    card = client.post(reverse("orders:take", args=[order.pk]), headers={"HX-Request": "true"})

    html = card.content.decode()
    assert 'data-undo-seconds="10"' in html
    assert f'hx-post="{reverse("orders:untake", args=[order.pk])}"' in html

    undone = client.post(reverse("orders:untake", args=[order.pk]), headers={"HX-Request": "true"})

    html = undone.content.decode()
    order.refresh_from_db()
    assert order.status == OrderStatus.DISPATCHED
    assert 'data-status="dispatched"' in html and reverse("orders:take", args=[order.pk]) in html


def test_undo_by_form_post_returns_to_the_claim_list(client, world, clock, taken):
    client.force_login(world.personas["party_member_a1"])

    response = client.post(reverse("orders:untake", args=[taken.pk]))

    taken.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == reverse("orders:claim")
    assert taken.status == OrderStatus.DISPATCHED


def test_a_late_undo_by_form_post_says_so_on_the_order(client, world, clock, taken):
    client.force_login(world.personas["party_member_a1"])
    clock.advance(seconds=30)

    response = client.post(reverse("orders:untake", args=[taken.pk]), follow=True)

    taken.refresh_from_db()
    assert taken.status == OrderStatus.TAKEN
    assert "已过可撤销的时间" in response.content.decode()
