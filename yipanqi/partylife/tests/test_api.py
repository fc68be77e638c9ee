"""The party-life API: sign in by code, a payment with an Idempotency-Key, a transfer and its
steps, refusals in the shared error shape."""

import datetime

import pytest

pytestmark = pytest.mark.django_db


def test_a_member_signs_in_and_the_secretary_confirms(world, api_as):
    meeting = world.meetings["a1_planned"]
    me = api_as("party_member_a1")
    url = f"/api/v1/partylife/meetings/{meeting.pk}/"
    bad = me.post(url + "sign_in/", {"code": "999999x"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_code"
    ok = me.post(url + "sign_in/", {"code": meeting.sign_in_code}, format="json")
    assert ok.status_code == 200
    assert [a["status"] for a in ok.json()["attendance"]] == ["present"]
    secretary = api_as("secretary_a1")
    recorded = secretary.post(url + "record/", {"minutes": "讲党课"}, format="json")
    assert recorded.status_code == 200 and recorded.json()["status"] == "recorded"
    assert me.post(url + "confirm/").status_code == 403
    confirmed = secretary.post(url + "confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "confirmed"
    again = secretary.post(url + "confirm/")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    marked = secretary.post(url + "mark/", {"member": world.members["a2"].pk, "status": "present"},
                            format="json")  # fmt: skip
    assert marked.status_code == 409 and marked.json()["code"] == "meeting_locked"


def test_marking_a_non_member_is_a_clear_400(world, api_as):
    meeting = world.meetings["a1_planned"]
    response = api_as("secretary_a1").post(
        f"/api/v1/partylife/meetings/{meeting.pk}/mark/",
        {"member": world.members["b1"].pk, "status": "present"},
        format="json",
    )
    assert response.status_code == 400 and response.json()["code"] == "not_a_member"


def test_a_payment_is_idempotent(world, api_as):
    me = api_as("party_member_a1")
    body = {"month": "2021-03-01", "channel": "alipay"}
    first = me.post(
        "/api/v1/partylife/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-3"
    )
    again = me.post(
        "/api/v1/partylife/payments/", body, format="json", HTTP_IDEMPOTENCY_KEY="pay-3"
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"] and first.json()["amount_fen"] == 4000
    far = (datetime.date.today() + datetime.timedelta(days=400)).isoformat()  # noqa: DTZ011
    ahead = me.post("/api/v1/partylife/payments/", {"month": far}, format="json")
    assert ahead.status_code == 400 and ahead.json()["code"] == "too_far_ahead"
    other = me.post("/api/v1/partylife/payments/", {"member": world.members["b1"].pk,
                    "month": "2021-03-01"}, format="json")  # fmt: skip
    assert other.status_code == 404


def test_a_transfer_through_the_api(world, api_as):
    me = api_as("party_member_a1")
    same = me.post("/api/v1/partylife/transfers/",
                   {"to_org": world.branches["a1"].pk, "reason": "x"}, format="json")  # fmt: skip
    assert same.status_code == 400 and same.json()["code"] == "same_organisation"
    made = me.post("/api/v1/partylife/transfers/",
                   {"to_org": world.branches["b1"].pk, "reason": "搬家"}, format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    second = me.post("/api/v1/partylife/transfers/",
                     {"to_org": world.branches["a2"].pk, "reason": "再来"}, format="json")  # fmt: skip
    assert second.status_code == 409 and second.json()["code"] == "transfer_open"
    pk = made.json()["id"]
    url = f"/api/v1/partylife/transfers/{pk}/"
    assert api_as("secretary_b1").post(url + "approve/").status_code == 403
    assert api_as("secretary_a1").post(url + "approve/").status_code == 200
    accepted = api_as("secretary_b1").post(url + "accept/", {}, format="json")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    world.members["self"].refresh_from_db()
    assert world.members["self"].branch == world.branches["b1"]
    assert me.get(url).status_code == 200  # the member follows their transfer


def test_compliance_lists_branches_with_a_secretary(world, api_as):
    rows = api_as("district_admin").get("/api/v1/partylife/compliance/?year=2021").json()
    assert {r["branch"] for r in rows} == {world.branches["a1"].pk, world.branches["b1"].pk}
    a1 = next(r for r in rows if r["branch"] == world.branches["a1"].pk)
    assert a1["held"] == 1 and a1["missed"] == 31 and a1["due"] == 0
