"""The API steps: apply (201), bad input (400 with stable codes), conflicts (409), 403 for the
wrong persona, and the whole round run through the endpoints."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.socialorgs.models import Application, Tranche, VentureRound
from yipanqi.socialorgs.tests.factories import _end_notice

pytestmark = pytest.mark.django_db
BASE = "/api/v1/socialorgs"


def client(world, persona: str) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.personas[persona])
    return c


def _apply(world, fen: int = 1_200_000, title: str = "楼道议事会") -> dict:
    body = {"organisation_id": world.orgs["a"].pk, "title": title, "theme": "governance",
            "lines": [{"item": "活动经费", "amount_fen": fen}],
            "partner_ids": [world.orgs["b"].pk]}  # fmt: skip
    return client(world, "staff_a").post(
        f"{BASE}/rounds/{world.round.pk}/apply/", body, format="json"
    )


def test_staff_apply_and_the_budget_is_summed_in_fen(world):
    response = _apply(world)

    assert response.status_code == 201, response.content
    assert response.json()["budget_fen"] == 1_200_000
    app = Application.objects.get(pk=response.json()["id"])
    assert list(app.partners.all()) == [world.orgs["b"]]


def test_over_the_cap_is_400_over_cap(world):
    response = _apply(world, fen=2_000_001)

    assert response.status_code == 400
    assert response.json()["code"] == "over_cap"


def test_after_the_window_is_409_outside_window(world):
    VentureRound.objects.filter(pk=world.round.pk).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    response = _apply(world)

    assert response.status_code == 409
    assert response.json()["code"] == "outside_window"


def test_another_organisations_staff_cannot_apply_for_it(world):
    body = {"organisation_id": world.orgs["a"].pk, "title": "x", "theme": "governance",
            "lines": [{"item": "x", "amount_fen": 100}]}  # fmt: skip
    response = client(world, "staff_b").post(
        f"{BASE}/rounds/{world.round.pk}/apply/", body, format="json"
    )

    assert response.status_code == 404  # org a is out of staff_b's scope


def test_a_score_out_of_range_is_400_and_a_second_submission_409(world):
    app = world.app_in("eligible")
    funder = client(world, "district_admin")
    response = funder.post(f"{BASE}/applications/{app.pk}/reviewers/",
                           {"reviewer_ids": [world.reviewers[0].pk]}, format="json")  # fmt: skip
    assert response.status_code == 200, response.content
    review = app.reviews.get()
    first, second = world.round.criteria.all()
    reviewer = client(world, "reviewer_1")
    url = f"{BASE}/reviews/{review.pk}/score/"

    bad = reviewer.post(url, {"scores": {str(first.pk): 60, str(second.pk): 10}}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "score_out_of_range"
    good = reviewer.post(url, {"scores": {str(first.pk): 45, str(second.pk): 41}}, format="json")
    assert good.status_code == 200 and good.json()["total"] == "86.00"
    again = reviewer.post(url, {"scores": {str(first.pk): 45, str(second.pk): 41}}, format="json")
    assert again.status_code == 409
    assert client(world, "reviewer_2").post(url, {"scores": {}}, format="json").status_code == 404


def test_the_round_runs_through_the_api_and_gates_the_last_tranche(world):
    app = world.app_in("reviewed")
    funder = client(world, "district_admin")
    round_url = f"{BASE}/rounds/{world.round.pk}"

    assert funder.post(f"{round_url}/publicise/").json()["code"] == "illegal_transition"
    assert funder.post(f"{round_url}/close-call/").status_code == 200
    assert funder.post(f"{round_url}/publicise/").json()["status"] == "publicity"
    early = funder.post(f"{round_url}/approve/", {}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "objections_open"
    _end_notice(world.round)
    assert funder.post(f"{round_url}/approve/", {}, format="json").status_code == 200
    signed = funder.post(
        f"{BASE}/applications/{app.pk}/sign/", {"agreement_no": "FH-9"}, format="json"
    )
    assert signed.json()["status"] == "signed"
    first, last = Tranche.objects.filter(application=app).order_by("number")

    gated = funder.post(f"{BASE}/tranches/{last.pk}/pay/")
    assert gated.status_code == 409 and gated.json()["code"] in ("tranche_gated", "tranche_order")
    assert funder.post(f"{BASE}/tranches/{first.pk}/pay/").json()["status"] == "paid"
    failed = funder.post(f"{BASE}/applications/{app.pk}/midterm/",
                         {"passed": False, "note": "未按期开展"}, format="json")  # fmt: skip
    assert failed.json()["status"] == "stopped"
    assert [t["status"] for t in failed.json()["tranches"]] == ["paid", "stopped"]
    stopped = funder.post(f"{BASE}/tranches/{last.pk}/pay/")
    assert stopped.status_code == 409 and stopped.json()["code"] == "payment_stopped"
    assert client(world, "staff_a").post(f"{BASE}/tranches/{first.pk}/pay/").status_code == 403


@pytest.mark.parametrize("key", ["abc", "0", "", "99999999999999999999"])
def test_approving_with_a_withheld_key_that_is_not_an_application_id_is_400(world, key):
    # Was a 500 (int() of the key in the view), found by the API fuzz (decision 016).
    answer = client(world, "district_admin").post(
        f"{BASE}/rounds/{world.round.pk}/approve/", {"withheld": {key: "异议成立"}}, format="json"
    )
    assert answer.status_code == 400, answer.content
    assert answer.json()["code"] == "validation_error"
    assert list(answer.json()["fields"]["withheld"]) == [key]


def test_a_community_accepts_a_matched_offer(world):
    need = world.needs["a1"]
    admin = client(world, "community_admin_a1")
    detail = admin.get(f"{BASE}/needs/{need.pk}/").json()
    assert [o["id"] for o in detail["suggestions"]] == [world.offers["a"].pk]

    response = admin.post(f"{BASE}/needs/{need.pk}/accept/", {"offer_id": world.offers["a"].pk},
                          format="json")  # fmt: skip
    assert response.status_code == 200
    assert response.json()["organisation_id"] == world.orgs["a"].pk
    again = admin.post(f"{BASE}/needs/{need.pk}/accept/", {"offer_id": world.offers["a"].pk},
                       format="json")  # fmt: skip
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
    outside = admin.post(f"{BASE}/needs/{need.pk}/accept/", {"offer_id": world.offers["b"].pk},
                         format="json")  # fmt: skip
    assert outside.status_code == 404  # B1's offer is out of A1's scope


def test_engagement_steps_and_need_withdrawal(world):
    from yipanqi.socialorgs import actions
    from yipanqi.socialorgs.tests.factories import TEST

    engagement = actions.need_accept(need=world.needs["a1"], offer=world.offers["a"], actor=TEST)
    staff = client(world, "staff_a")
    url = f"{BASE}/engagements/{engagement.pk}"
    body = {"delivered_on": timezone.localdate().isoformat(), "note": "上门送餐", "people": 9}
    assert staff.post(f"{url}/log/", body, format="json").status_code == 200
    assert engagement.logs.get().people == 9
    assert staff.post(f"{url}/complete/").json()["status"] == "completed"
    late = staff.post(f"{url}/log/", body, format="json")
    assert late.status_code == 409 and late.json()["code"] == "engagement_ended"
    assert client(world, "staff_b").post(f"{url}/log/", body, format="json").status_code == 404
    b1 = client(world, "community_admin_b1").post(f"{BASE}/needs/{world.needs['b1'].pk}/withdraw/")
    assert b1.json()["status"] == "withdrawn"


def test_the_funder_opens_a_round_and_others_cannot(world):
    body = {"title": "2022年度公益创投", "year": 2022, "funder": "奉化区民政局",
            "opens_on": "2022-03-01", "closes_on": "2022-04-15", "cap_fen": 3_000_000,
            "total_fen": 30_000_000, "themes": ["governance", "elderly"]}  # fmt: skip
    response = client(world, "district_admin").post(f"{BASE}/rounds/open/", body, format="json")
    assert response.status_code == 201 and response.json()["status"] == "open"
    assert (
        client(world, "town_admin_a").post(f"{BASE}/rounds/open/", body, format="json").status_code
        == 403
    )
    body["cap_fen"] = 40_000_000
    bad = client(world, "district_admin").post(f"{BASE}/rounds/open/", body, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "cap_over_total"
