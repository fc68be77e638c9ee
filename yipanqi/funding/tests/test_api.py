"""The funding API's steps: one POST per step, stable 409/400 codes, and the views' forms keep
what was typed when an action refuses it."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from yipanqi.funding.models import AllocationRun, Expense
from yipanqi.funding.tests.factories import png

pytestmark = pytest.mark.django_db


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_compute_and_approve_a_run_over_the_api(world):
    d = world.district
    admin = _api(d.personas["district_admin"])
    body = {"district_id": d.district.pk, "year": 2021}
    assert admin.post("/api/v1/funding/runs/compute/", body, format="json").json()["code"] == (
        "reason_required"
    )
    none = admin.post("/api/v1/funding/runs/compute/", {**body, "year": 2030}, format="json")
    assert (none.status_code, none.json()["code"]) == (409, "no_rules")
    made = admin.post("/api/v1/funding/runs/compute/", {**body, "reason": "补录"}, format="json")
    assert made.status_code == 201 and made.json()["status"] == "draft"
    approve = admin.post(f"/api/v1/funding/runs/{made.json()['id']}/approve/", format="json")
    assert (approve.status_code, approve.json()["code"]) == (409, "four_eyes")
    town = _api(d.personas["town_admin_a"])
    refused = town.post("/api/v1/funding/runs/compute/", body, format="json")
    assert refused.status_code == 404  # not a district they may compute for
    assert AllocationRun.objects.filter(status="draft").count() == 1


def test_record_an_expense_with_evidence_and_approve_it(world):
    d = world.district
    keeper = _api(d.personas["community_admin_a2"])
    body = {
        "community_id": d.communities[1].pk, "fund": "service", "spent_on": "2021-06-01",
        "payee": "锦屏文体用品店", "purpose": "活动物资", "amount_fen": 12_345,
    }  # fmt: skip
    made = keeper.post("/api/v1/funding/expenses/", body, format="json")
    assert made.status_code == 201, made.content
    eid = made.json()["id"]
    over = keeper.post("/api/v1/funding/expenses/", {**body, "amount_fen": 10**12}, format="json")
    assert (over.status_code, over.json()["code"]) == (400, "over_balance")
    negative = keeper.post("/api/v1/funding/expenses/", {**body, "amount_fen": -1}, format="json")
    assert negative.status_code == 400
    town = _api(d.personas["town_admin_a"])
    early = town.post(f"/api/v1/funding/expenses/{eid}/approve/", {}, format="json")
    assert (early.status_code, early.json()["code"]) == (409, "evidence_missing")
    upload = keeper.post(f"/api/v1/funding/expenses/{eid}/evidence/", {"file": png()})
    assert upload.status_code == 200, upload.content
    own = keeper.post(f"/api/v1/funding/expenses/{eid}/approve/", {}, format="json")
    assert (own.status_code, own.json()["code"]) == (409, "four_eyes")
    done = town.post(f"/api/v1/funding/expenses/{eid}/approve/", {"note": "同意"}, format="json")
    assert done.status_code == 200 and done.json()["status"] == "approved"
    again = town.post(f"/api/v1/funding/expenses/{eid}/reject/", {"note": "x"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "illegal_transition")


@pytest.mark.parametrize(
    ("note", "code"), [(" ", "reason_required"), ("\u202e", "invisible_characters")]
)
def test_a_refused_rejection_names_the_field_that_was_sent(world, note, code):
    # The action's text is `reason`, the API's `note`: the refusal named a field the request did
    # not have. Found by the API fuzz (decision 016).
    d = world.district
    body = {
        "community_id": d.communities[1].pk, "fund": "service", "spent_on": "2021-06-01",
        "payee": "锦屏文体用品店", "purpose": "活动物资", "amount_fen": 12_345,
    }  # fmt: skip
    eid = (
        _api(d.personas["community_admin_a2"])
        .post("/api/v1/funding/expenses/", body, format="json")
        .json()["id"]
    )
    refused = _api(d.personas["town_admin_a"]).post(
        f"/api/v1/funding/expenses/{eid}/reject/", {"note": note}, format="json"
    )
    assert (refused.status_code, refused.json()["code"]) == (400, code)
    assert list(refused.json()["fields"]) == ["note"]


def test_the_expense_form_keeps_what_was_typed_when_refused(world, client):
    d = world.district
    client.force_login(d.personas["community_admin_a1"])
    url = reverse("funding:expense_new", args=[d.communities[0].pk])
    count = Expense.objects.count()
    response = client.post(url, {
        "fund": "service", "spent_on": "2021-06-01", "payee": "奉化印务有限公司",
        "purpose": "超支测试", "amount": "999999999", "evidence": png(),
    })  # fmt: skip
    assert response.status_code == 200 and Expense.objects.count() == count
    page = response.content.decode()
    assert "奉化印务有限公司" in page and "超支测试" in page
    ok = client.post(url, {
        "fund": "service", "spent_on": "2021-06-01", "payee": "奉化印务有限公司",
        "purpose": "宣传册", "amount": "123.45", "evidence": png(),
    })  # fmt: skip
    assert ok.status_code == 302
    made = Expense.objects.latest("pk")
    assert made.amount_fen == 12345 and made.evidence.count() == 1


def test_pages_render_for_the_district(world, client):
    d = world.district
    client.force_login(d.personas["district_admin"])
    for url in (
        reverse("funding:overview") + "?year=2021",
        reverse("funding:run_list"),
        reverse("funding:rule_new"),
        reverse("funding:project_list"),
        reverse("funding:project_new"),
        world.run.get_absolute_url(),
        world.projects["a1"].get_absolute_url(),
    ):
        assert client.get(url).status_code == 200, url
