"""The API's answers: one POST per step, stable codes for refusals (409 `already_claimed`,
`illegal_transition`, `commitments_open`; 400 `validation_error`, `window_closed`; 403)."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.cobuilding.models import Claim, Evaluation, HardProblem

pytestmark = pytest.mark.django_db
BASE = "/api/v1/cobuilding"


def _as(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def test_claim_accept_project_rate_over_the_api(world):
    liaison, admin = _as(world, "liaison_a1"), _as(world, "community_admin_a1")
    unit = world.d.units[0].pk
    response = liaison.post(f"{BASE}/needs/{world.need.pk}/claim/", {"unit": unit}, format="json")
    assert response.status_code == 201, response.content
    claim_id = response.json()["id"]
    again = liaison.post(f"{BASE}/needs/{world.need.pk}/claim/", {"unit": unit}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "already_claimed"
    assert liaison.post(f"{BASE}/claims/{claim_id}/accept/").status_code == 403
    assert admin.post(f"{BASE}/claims/{claim_id}/decline/", {}, format="json").status_code == 400
    assert admin.post(f"{BASE}/claims/{claim_id}/accept/").json()["status"] == "accepted"
    repeat = admin.post(f"{BASE}/claims/{claim_id}/accept/")
    assert repeat.status_code == 409 and repeat.json()["code"] == "illegal_transition"
    project = Claim.objects.get(pk=claim_id).project
    for step in ("begin", "complete"):
        assert liaison.post(f"{BASE}/projects/{project.pk}/{step}/").status_code == 200
    rated = admin.post(f"{BASE}/projects/{project.pk}/rate/", {"rating": 5}, format="json")
    assert rated.status_code == 200 and rated.json()["rating"] == 5


def test_problem_commitments_and_confirmation_over_the_api(world):
    from yipanqi.deliberation.actions import meeting_schedule

    admin, town = _as(world, "community_admin_a1"), _as(world, "town_admin_a")
    body = {"community": world.d.communities[0].pk, "title": "积水", "description": "雨天积水"}
    created = admin.post(f"{BASE}/problems/new/", body, format="json")
    assert created.status_code == 201, created.content
    problem = HardProblem.objects.get(pk=created.json()["id"])
    session = meeting_schedule(
        body=problem.council, kind="problem_solving", title="会办",
        starts_at=timezone.now() + datetime.timedelta(days=2), actor=world.personas["town_admin_a"],
    )  # fmt: skip
    url = f"{BASE}/problems/{problem.pk}"
    assert town.post(f"{url}/session/", {"session": session.pk}, format="json").status_code == 200
    no_owner = {"member": 10**9, "what": "疏通", "due_on": "2099-01-01"}
    refused = town.post(f"{url}/commit/", no_owner, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "owner_required"
    seat = world.seats["unit_a1"].pk
    answer = town.post(
        f"{url}/commit/", {"member": seat, "what": "疏通", "due_on": "2099-01-01"}, format="json"
    )
    assert answer.status_code == 200
    commitment = answer.json()["commitments"][0]["id"]
    early = admin.post(f"{url}/confirm/", {}, format="json")
    assert early.status_code == 409 and early.json()["code"] == "commitments_open"
    done = _as(world, "liaison_a1").post(
        f"{BASE}/commitments/{commitment}/done/", {"evidence": "照片"}, format="json"
    )
    assert done.status_code == 200
    assert admin.post(f"{url}/confirm/", {}, format="json").json()["status"] == "closed"


def test_evaluation_over_the_api_in_and_out_of_its_window(world):
    admin = _as(world, "community_admin_a1")
    body = {"community": world.d.communities[0].pk, "unit": world.d.units[0].pk, "grade": "good"}
    today = timezone.localdate()
    open_year = today.year if today.month == 12 else today.year - 1 if today.month == 1 else None
    closed = admin.post(f"{BASE}/evaluations/new/", {**body, "year": 2015}, format="json")
    assert closed.status_code == 400 and closed.json()["code"] == "window_closed"
    if open_year is not None:
        made = admin.post(f"{BASE}/evaluations/new/", {**body, "year": open_year}, format="json")
        assert made.status_code == 201 and Evaluation.objects.filter(year=open_year).count() == 1
