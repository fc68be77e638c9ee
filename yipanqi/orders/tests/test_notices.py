"""The resident hears of every step of their order (issue 21): accepted, dispatched (to whom, names
masked), taken (by whom), done, and asked to rate — each notice written by the step's action, in its
transaction, and sent to the outside channels only once it commits."""

from unittest import mock

import pytest
from django.urls import reverse

from yipanqi.core import notify
from yipanqi.core.errors import Invalid
from yipanqi.core.models import Notification
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind

STEPS = ("accepted", "dispatched-resident", "taken", "done", "rate")


def notices(user, order) -> dict[str, Notification]:
    """The user's notices about `order`, by step (the topic's third part)."""
    rows = Notification.objects.filter(
        user=user, topic__startswith=f"orders.serviceorder:{order.pk}:"
    )
    return {n.topic.split(":")[2]: n for n in rows}


def _to_done(world, order, *, kind=DispatchKind.MEMBERS, taker="party_member_a1"):
    admin = world.admin()
    order = actions.order_accept(order=order, actor=admin)
    if kind == DispatchKind.MEMBERS:
        members = [world.members["party_member_a1"]]
        order = actions.order_dispatch(order=order, kind=kind, members=members, actor=admin)
    else:
        order = actions.order_dispatch(order=order, kind=kind, unit=world.unit, actor=admin)
    taker_user = world.personas[taker]
    order = actions.order_take(order=order, actor=taker_user)
    return actions.order_complete(order=order, note="已修好", actor=taker_user)


def test_the_resident_is_told_of_every_step(world):
    order = _to_done(world, world.place())

    told = notices(world.personas["resident_a1"], order)

    assert set(STEPS) <= set(told)
    assert told["accepted"].title == "您的服务单已受理"
    assert told["dispatched-resident"].title == "您的服务单已派给党员张*"  # 张三, masked
    assert told["taken"].title == "党员张*已接下您的服务单"
    assert told["done"].title == "您的服务单已办结"
    assert told["rate"].title == "请评价您的服务单"
    # the rating request opens the rating form; the others the order
    assert told["rate"].url == reverse("orders:rate", args=[order.pk])
    assert told["done"].url == order.get_absolute_url()
    assert all(n.body == order.title for n in told.values())


def test_an_order_placed_for_a_resident_tells_both_and_asks_only_the_resident_to_rate(world):
    order = _to_done(world, world.place(by="grid_worker_a1_g2"))

    resident = notices(world.personas["resident_a1"], order)
    placer = notices(world.personas["grid_worker_a1_g2"], order)

    assert set(STEPS) <= set(resident)
    assert {"accepted", "dispatched-resident", "taken", "done"} <= set(placer)
    assert "rate" not in placer  # the resident rates, not the grid worker who placed it


def test_an_order_sent_to_a_unit_names_the_unit(world):
    order = _to_done(world, world.place(), kind=DispatchKind.UNIT, taker="unit_liaison_a1")

    told = notices(world.personas["resident_a1"], order)

    assert world.unit.name in told["dispatched-resident"].title
    assert told["taken"].title == f"{world.unit.name}已接下您的服务单"


def test_an_order_opened_for_claiming_says_so(world):
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    actions.order_dispatch(order=order, kind=DispatchKind.OPEN, actor=admin)

    told = notices(world.personas["resident_a1"], order)

    assert told["dispatched-resident"].title == "您的服务单已派给附近的党员（先接先得）"


def test_a_reassigned_order_tells_the_resident_the_new_recipient(world):
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    members = [world.members["party_member_a1"]]
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=members, actor=admin
    )
    actions.order_reassign(
        order=order,
        kind=DispatchKind.MEMBERS,
        members=[world.members["party_member_a1b"]],
        reason="原党员外出",
        actor=admin,
    )

    told = notices(world.personas["resident_a1"], order)

    assert told["reassigned-resident"].title == "您的服务单已派给党员赵*"


def test_a_step_that_fails_tells_nobody(world):
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    stranger = world.members["party_member_b1"]  # registered with another community

    with pytest.raises(Invalid):
        actions.order_dispatch(
            order=order, kind=DispatchKind.MEMBERS, members=[stranger], actor=admin
        )

    assert "dispatched-resident" not in notices(world.personas["resident_a1"], order)


def test_outside_channels_deliver_only_after_the_step_commits(
    world, django_capture_on_commit_callbacks
):
    order = world.place()
    with mock.patch.object(notify, "deliver") as deliver:
        with django_capture_on_commit_callbacks() as callbacks:
            actions.order_accept(order=order, actor=world.admin())
        assert deliver.call_count == 0  # in the inbox already, not yet sent outside
        for callback in callbacks:
            callback()
    sent = [n for call in deliver.call_args_list for n in call.args[0]]
    assert [n.user for n in sent] == [world.personas["resident_a1"]]
    assert sent[0].topic.split(":")[2] == "accepted"
