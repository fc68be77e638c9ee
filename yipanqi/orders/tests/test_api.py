"""/api/v1/orders/: list and place (idempotent), one order, one POST per step — with the error codes
(409 already_taken / illegal_transition, 400 validation, 403 not yours to do, 404 out of scope)."""

import pytest
from rest_framework.test import APIClient

from yipanqi.orders.choices import DEFAULT_CATEGORIES, DispatchKind, EventKind, OrderStatus
from yipanqi.orders.models import ServiceOrder

URL = "/api/v1/orders/"


@pytest.fixture
def api(shared_world):
    def make(name: str):
        client = APIClient()
        client.force_authenticate(shared_world.personas[name])
        return client

    return make


def step(client, order, name, data=None):
    return client.post(f"{URL}{order.pk}/{name}/", data or {}, format="json")


def _place(w, **extra):
    return {
        "category_id": w.category.pk,
        "grid_id": w.grid.pk,
        "description": "门口路灯不亮",
    } | extra


# --- list, detail, categories -------------------------------------------------------------------


def test_list_is_in_scope(api, shared_world):
    admin = api("community_admin_a1").get(URL).json()
    assert admin["count"] == len(shared_world.orders)
    assert api("community_admin_b1").get(URL).json()["count"] == 0
    other = api("resident_a1_other").get(URL).json()
    assert other["count"] == 0  # not theirs


def test_list_filters(api, shared_world):
    client = api("community_admin_a1")
    taken = client.get(URL, {"status": "taken"}).json()["results"]
    assert {o["title"] for o in taken} == {"工单 taken", "工单 taken_unit"}
    assert client.get(URL, {"category": shared_world.category.pk}).json()["count"] == 12
    assert client.get(URL, {"grid": shared_world.district.grids[0].pk}).json()["count"] == 0
    assert client.get(URL, {"overdue": "true"}).json()["count"] == 0
    assert client.get(URL, {"escalated": "false"}).json()["count"] == 12


def test_detail_has_history_and_the_callers_steps(api, shared_world):
    order = shared_world.orders["placed"]
    body = api("community_admin_a1").get(f"{URL}{order.pk}/").json()
    assert body["status"] == "placed" and body["category"]["code"] == "repairs"
    assert [e["kind"] for e in body["events"]] == ["placed"]
    assert body["steps"] == ["accept", "cancel", "decline"]


def test_another_communitys_admin_gets_404(api, shared_world):
    order = shared_world.orders["placed"]
    response = api("community_admin_b1").get(f"{URL}{order.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_categories(api, shared_world):
    body = api("resident_a1").get(f"{URL}categories/").json()
    # the district's default list, given when it was set up (DEFAULT_CATEGORIES, in their order)
    assert [c["code"] for c in body] == [code for code, _name in DEFAULT_CATEGORIES]
    assert api("resident_a1").get(f"{URL}categories/", {"district": "110101"}).json() == []


def test_taker_names_are_masked_for_the_resident(api, shared_world):
    order = shared_world.orders["taken"]
    assert api("resident_a1").get(f"{URL}{order.pk}/").json()["taker_name"] == "张*"
    assert api("community_admin_a1").get(f"{URL}{order.pk}/").json()["taker_name"] == "张三"


# --- place --------------------------------------------------------------------------------------


def test_place(api, shared_world):
    response = api("resident_a1").post(URL, _place(shared_world), format="json")

    body = response.json()
    assert response.status_code == 201
    assert (body["status"], body["channel"], body["title"]) == (
        "placed",
        "resident",
        "门口路灯不亮",
    )
    assert ServiceOrder.objects.get(pk=body["id"]).resident == shared_world.residents["resident_a1"]


def test_place_with_the_same_idempotency_key_returns_the_first_order(api, shared_world):
    client = api("resident_a1")
    headers = {"Idempotency-Key": "a1b2c3-retry"}
    first = client.post(URL, _place(shared_world), format="json", headers=headers)
    again = client.post(URL, _place(shared_world), format="json", headers=headers)

    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    assert again["Idempotent-Replayed"] == "true" and not first.has_header("Idempotent-Replayed")
    assert ServiceOrder.objects.filter(idempotency_key="a1b2c3-retry").count() == 1


def test_the_same_key_from_another_user_is_another_order(api, shared_world):
    headers = {"Idempotency-Key": "shared-key"}
    mine = api("resident_a1").post(URL, _place(shared_world), format="json", headers=headers)
    theirs = api("grid_worker_a1_g2").post(
        URL, _place(shared_world), format="json", headers=headers
    )
    assert mine.json()["id"] != theirs.json()["id"]
    assert theirs.json()["channel"] == "assisted"


def test_a_malformed_idempotency_key_is_400(api, shared_world):
    response = api("resident_a1").post(
        URL, _place(shared_world), format="json", headers={"Idempotency-Key": "x" * 65}
    )
    assert response.status_code == 400 and response.json()["code"] == "bad_idempotency_key"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"description": ""}, 400, "validation_error"),
        ({"category_id": 999999}, 400, "bad_category"),
        ({"urgency": "panic"}, 400, "validation_error"),
    ],
)
def test_place_validation(api, shared_world, change, status, code):
    response = api("resident_a1").post(URL, _place(shared_world, **change), format="json")
    assert response.status_code == status and response.json()["code"] == code


def test_placing_in_a_grid_outside_ones_area_is_404(api, shared_world):
    far = shared_world.district.grids[5]
    response = api("resident_a1").post(URL, _place(shared_world, grid_id=far.pk), format="json")
    assert response.status_code == 404


# --- the steps ----------------------------------------------------------------------------------


def test_accept_then_again_is_409_illegal_transition(api, shared_world):
    order = shared_world.orders["placed"]
    client = api("community_admin_a1")

    first = step(client, order, "accept")
    again = step(client, order, "accept")

    assert first.status_code == 200 and first.json()["status"] == "accepted"
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


def test_decline_needs_a_reason(api, shared_world):
    order = shared_world.orders["placed"]
    client = api("community_admin_a1")
    missing = step(client, order, "decline", {"reason": ""})
    assert missing.status_code == 400 and "reason" in missing.json()["fields"]

    declined = step(client, order, "decline", {"reason": "不属于服务范围"})
    assert declined.status_code == 200 and declined.json()["status"] == "declined"


def test_dispatch_to_named_members(api, shared_world):
    order = shared_world.orders["accepted"]
    member = shared_world.members["party_member_a1b"]
    response = step(
        api("community_admin_a1"),
        order,
        "dispatch",
        {"dispatch_kind": "members", "member_ids": [member.pk]},
    )
    assert response.status_code == 200
    assert (response.json()["status"], response.json()["dispatch_kind"]) == (
        "dispatched",
        "members",
    )


def test_dispatch_to_a_member_of_another_community_is_400(api, shared_world):
    order = shared_world.orders["accepted"]
    stranger = shared_world.members["party_member_b1"]
    response = step(
        api("community_admin_a1"),
        order,
        "dispatch",
        {"dispatch_kind": "members", "member_ids": [stranger.pk]},
    )
    body = response.json()
    assert response.status_code == 400 and body["code"] == "member_not_registered"
    assert "孙六" not in body["message"]  # ids outside the community reveal no names


def test_dispatch_open_and_to_a_unit(api, shared_world):
    client = api("community_admin_a1")
    opened = step(
        client,
        shared_world.order_in("accepted"),
        "dispatch",
        {"dispatch_kind": "open", "claim_area_id": shared_world.grid.pk},
    )
    assert opened.json()["claim_area_id"] == shared_world.grid.pk
    unit = step(
        client,
        shared_world.orders["accepted"],
        "dispatch",
        {"dispatch_kind": "unit", "unit_id": shared_world.unit.pk},
    )
    assert unit.status_code == 200 and unit.json()["dispatched_unit_id"] == shared_world.unit.pk


def test_dispatch_with_an_area_outside_the_community_is_400(api, shared_world):
    far = shared_world.district.grids[5]
    response = step(
        api("community_admin_a1"),
        shared_world.orders["accepted"],
        "dispatch",
        {"dispatch_kind": "open", "claim_area_id": far.pk},
    )
    assert response.status_code == 400 and response.json()["code"] == "claim_area_outside"


def test_dispatch_of_a_placed_order_is_409(api, shared_world):
    response = step(
        api("community_admin_a1"),
        shared_world.orders["placed"],
        "dispatch",
        {"dispatch_kind": "open"},
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_a_resident_may_not_dispatch(api, shared_world):
    response = step(
        api("resident_a1"), shared_world.orders["accepted"], "dispatch", {"dispatch_kind": "open"}
    )
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_take_and_a_second_take_is_409_already_taken(api, shared_world):
    order = shared_world.orders["dispatched_open"]
    first = step(api("party_member_a1"), order, "take")
    second = step(api("party_member_a1c"), order, "take")  # also entitled, but late

    assert first.status_code == 200 and first.json()["status"] == "taken"
    assert second.status_code == 409 and second.json()["code"] == "already_taken"


def test_take_by_a_member_the_order_was_not_sent_to(api, shared_world):
    response = step(api("party_member_a1b"), shared_world.orders["dispatched_members"], "take")
    assert response.status_code == 404  # named candidacy: others do not even see it


def test_complete_with_hours_per_participant(api, shared_world):
    order = shared_world.orders["accepted"]
    member, helper = (
        shared_world.members["party_member_a1"],
        shared_world.members["party_member_a1b"],
    )
    ids = [member.pk, helper.pk]
    data = {"dispatch_kind": "members", "member_ids": ids}
    sent = step(api("community_admin_a1"), order, "dispatch", data)
    assert sent.status_code == 200, sent.json()
    assert step(api("party_member_a1"), order, "take", {}).status_code == 200
    response = step(
        api("party_member_a1"),
        order,
        "complete",
        {
            "note": "已修好",
            "hours": [
                {"member_id": member.pk, "hours": "2.0"},
                {"member_id": helper.pk, "hours": "1.5"},
            ],
        },
    )
    assert response.status_code == 200 and response.json()["status"] == "done"
    assert order.participants.count() == 2


def test_complete_over_the_hours_cap_is_400(api, shared_world):
    member = shared_world.members["party_member_a1"]
    response = step(
        api("party_member_a1"),
        shared_world.orders["taken"],
        "complete",
        {"note": "x", "hours": [{"member_id": member.pk, "hours": "9"}]},
    )
    assert response.status_code == 400 and response.json()["code"] == "hours_over_cap"
    assert not shared_world.orders["taken"].participants.exists()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        ({"note": ""}, "validation_error"),
        ({"note": "x", "hours": [{"member_id": 1, "hours": "25"}]}, "validation_error"),
    ],
)
def test_complete_validation(api, shared_world, data, code):
    response = step(api("party_member_a1"), shared_world.orders["taken"], "complete", data)
    assert response.status_code == 400 and response.json()["code"] == code


@pytest.mark.parametrize("member", ["party_member_b1", "party_member_a1b"])
def test_complete_crediting_a_member_who_took_no_part_is_400(api, shared_world, member):
    """Issue 23/9b: another community's member, or a member registered with this community who
    was not sent the order — both refused alike."""
    stranger = shared_world.members[member]
    response = step(
        api("party_member_a1"),
        shared_world.orders["taken"],
        "complete",
        {"note": "x", "hours": [{"member_id": stranger.pk, "hours": "1"}]},
    )
    assert response.status_code == 400 and response.json()["code"] == "member_not_participant"
    assert not shared_world.orders["taken"].participants.exists()


def test_only_the_taker_completes(api, shared_world):
    response = step(
        api("community_admin_a1"), shared_world.orders["taken"], "complete", {"note": "x"}
    )
    assert response.status_code == 403


def test_rate_good_closes_and_rate_poor_reopens(api, shared_world):
    client = api("resident_a1")
    good = step(client, shared_world.orders["done"], "rate", {"score": 5, "solved": True})
    assert good.status_code == 200 and good.json()["status"] == "closed" and good.json()["solved"]

    poor = step(client, shared_world.order_in("done"), "rate", {"score": 4, "solved": False})
    body = poor.json()
    assert body["status"] == "accepted" and body["reopen_count"] == 1
    assert [e["kind"] for e in body["events"]][-2:] == [EventKind.RATED, EventKind.REOPENED]


def test_rating_twice_is_409(api, shared_world):
    response = step(
        api("resident_a1"), shared_world.orders["closed"], "rate", {"score": 5, "solved": True}
    )
    assert response.status_code == 409 and response.json()["code"] == "already_rated"


def test_rate_validation(api, shared_world):
    response = step(
        api("resident_a1"), shared_world.orders["done"], "rate", {"score": 6, "solved": True}
    )
    assert response.status_code == 400 and "score" in response.json()["fields"]


def test_cancel_and_reassign(api, shared_world):
    client = api("community_admin_a1")
    cancelled = step(client, shared_world.orders["accepted"], "cancel", {"reason": "重复"})
    assert cancelled.json()["status"] == "cancelled"
    reassigned = step(
        client,
        shared_world.orders["taken"],
        "reassign",
        {"dispatch_kind": "open", "reason": "接单人生病"},
    )
    body = reassigned.json()
    assert reassigned.status_code == 200
    assert (body["status"], body["dispatch_kind"], body["taker_id"]) == ("dispatched", "open", None)


def test_reassign_needs_a_reason(api, shared_world):
    response = step(
        api("community_admin_a1"),
        shared_world.orders["taken"],
        "reassign",
        {"dispatch_kind": "open"},
    )
    assert response.status_code == 400 and "reason" in response.json()["fields"]


STEP_DATA = {
    "accept": {},
    "decline": {"reason": "x"},
    "dispatch": {"dispatch_kind": "open"},
    "take": {},
    "complete": {"note": "x"},
    "rate": {"score": 5, "solved": True},
    "cancel": {"reason": "x"},
    "reassign": {"dispatch_kind": "open", "reason": "x"},
}
STATE_FOR = {
    "accept": "placed",
    "decline": "placed",
    "dispatch": "accepted",
    "take": "dispatched_open",
    "complete": "taken",
    "rate": "done",
    "cancel": "accepted",
    "reassign": "taken",
}


@pytest.mark.parametrize("name", list(STEP_DATA))
def test_every_step_out_of_scope_is_404(api, shared_world, name):
    order = shared_world.orders[STATE_FOR[name]]
    response = step(api("community_admin_b1"), order, name, STEP_DATA[name])
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert ServiceOrder.objects.get(pk=order.pk).status == order.status


@pytest.mark.parametrize("name", list(STEP_DATA))
def test_every_step_unknown_id_is_404(api, name):
    assert (
        step(api("community_admin_a1"), ServiceOrder(pk=987654), name, STEP_DATA[name]).status_code
        == 404
    )


def test_anonymous_is_401(shared_world):
    response = APIClient().get(URL)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


def test_the_whole_loop_through_the_api(api, shared_world):
    resident, admin, member = api("resident_a1"), api("community_admin_a1"), api("party_member_a1")
    order = ServiceOrder(pk=resident.post(URL, _place(shared_world), format="json").json()["id"])
    assert step(admin, order, "accept").status_code == 200
    member_id = shared_world.members["party_member_a1"].pk
    dispatched = step(
        admin, order, "dispatch", {"dispatch_kind": DispatchKind.MEMBERS, "member_ids": [member_id]}
    )
    assert dispatched.json()["status"] == OrderStatus.DISPATCHED
    assert step(member, order, "take").json()["status"] == OrderStatus.TAKEN
    assert step(member, order, "complete", {"note": "好了"}).json()["status"] == OrderStatus.DONE
    final = step(resident, order, "rate", {"score": 5, "solved": True, "comment": "谢谢"}).json()
    assert final["status"] == OrderStatus.CLOSED
