"""Accepting and dispatching in few taps (issue 21): 受理 leads straight to 派单; the top suggestions
each have a 派给TA button with the reason shown; the order page names who has it; the dispatch page
of an order that cannot be dispatched says why instead of a 403."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind, OrderStatus
from yipanqi.orders.tests.factories import make_members


@pytest.fixture
def admin(client, world):
    client.force_login(world.admin())
    return client


def _said(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _dispatched(world, *usernames):
    admin = world.admin()
    order = actions.order_accept(order=world.place(), actor=admin)
    members = [world.members[u] for u in usernames]
    return actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=members, actor=admin
    )


def test_accepting_on_the_board_goes_on_to_dispatch_and_back(admin, world):
    order = world.place()
    board = reverse("orders:board") + "?tab=new"

    response = admin.post(reverse("orders:accept", args=[order.pk]), {"next": board})

    dispatch = reverse("orders:dispatch", args=[order.pk])
    assert response.status_code == 302
    assert response["Location"] == f"{dispatch}?next=%2Forders%2Fboard%2F%3Ftab%3Dnew"
    page = admin.get(response["Location"])
    assert page.context["next_url"] == board


def test_one_tap_on_a_suggestion_dispatches_to_that_member(admin, world):
    order = actions.order_accept(order=world.place(), actor=world.admin())
    page = admin.get(reverse("orders:dispatch", args=[order.pk]))
    first = page.context["picks"][0]
    html = page.content.decode()
    assert f'name="pick" value="{first.member_id}"' in html
    assert first.reason in html  # e.g. 同网格 · 当前 0 单

    response = admin.post(
        reverse("orders:dispatch", args=[order.pk]),
        {"pick": first.member_id, "next": reverse("orders:board")},
    )

    order.refresh_from_db()
    assert response.status_code == 302 and response["Location"] == reverse("orders:board")
    assert order.status == OrderStatus.DISPATCHED
    assert list(order.candidates.values_list("member", flat=True)) == [first.member_id]
    assert _said(response) == [f"已派给{first.member.person.name}。"]


def test_a_pick_from_another_community_is_refused(admin, world):
    order = actions.order_accept(order=world.place(), actor=world.admin())
    stranger = world.members["party_member_b1"]

    page = admin.post(reverse("orders:dispatch", args=[order.pk]), {"pick": stranger.pk})

    order.refresh_from_db()
    assert page.status_code == 200 and page.context["form"].errors["members"]
    assert order.status == OrderStatus.ACCEPTED


def test_a_pick_when_reassigning_needs_the_reason(admin, world):
    order = _dispatched(world, "party_member_a1")
    other = world.members["party_member_a1b"]
    url = reverse("orders:reassign", args=[order.pk])

    page = admin.post(url, {"pick": other.pk})
    assert page.status_code == 200 and page.context["form"].errors["reason"]

    admin.post(url, {"pick": other.pk, "reason": "原党员外出"})
    order.refresh_from_db()
    assert list(order.candidates.values_list("member", flat=True)) == [other.pk]


def test_reopening_the_dispatch_page_of_a_dispatched_order_says_to_whom(admin, world):
    order = _dispatched(world, "party_member_a1", "party_member_a1b")

    response = admin.get(reverse("orders:dispatch", args=[order.pk]))

    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert _said(response) == ["该服务单已派给张三、赵四。"]


def test_the_dispatch_page_of_a_taken_order_says_by_whom(admin, world):
    order = _dispatched(world, "party_member_a1")
    actions.order_take(order=order, actor=world.personas["party_member_a1"])

    response = admin.get(reverse("orders:dispatch", args=[order.pk]))

    assert _said(response) == ["该服务单已由张三接单。"]


def test_the_dispatch_page_of_a_new_order_asks_to_accept_it_first(admin, world):
    order = world.place()
    response = admin.get(reverse("orders:dispatch", args=[order.pk]))
    assert response.status_code == 302 and _said(response) == ["请先受理该服务单，再派单。"]


def test_a_resident_still_may_not_dispatch(client, world):
    order = _dispatched(world, "party_member_a1")
    client.force_login(world.personas["resident_a1"])
    assert client.get(reverse("orders:dispatch", args=[order.pk])).status_code == 403


def test_the_order_page_names_who_has_it_in_full_for_staff_masked_for_the_resident(client, world):
    order = _dispatched(world, "party_member_a1")

    client.force_login(world.admin())
    assert "张三" in client.get(order.get_absolute_url()).content.decode()

    client.force_login(world.personas["resident_a1"])
    html = client.get(order.get_absolute_url()).content.decode()
    assert "张*" in html and "张三" not in html


def test_the_board_names_who_has_each_order_in_progress(admin, world):
    _dispatched(world, "party_member_a1", "party_member_a1b")

    html = admin.get(reverse("orders:board"), {"tab": "progress"}).content.decode()

    assert "张三、赵四" in html


def test_the_dispatch_page_costs_the_same_queries_for_more_members(
    admin, world, django_assert_max_num_queries
):
    order = actions.order_accept(order=world.place(), actor=world.admin())
    url = reverse("orders:dispatch", args=[order.pk])
    admin.get(url)  # warm caches (content types, session)
    with django_assert_max_num_queries(100) as few:
        admin.get(url)

    make_members(world, 12)

    with django_assert_max_num_queries(len(few.captured_queries)):
        page = admin.get(url)
    assert len(page.context["suggestions"]) == 15
