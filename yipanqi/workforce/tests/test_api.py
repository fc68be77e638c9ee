"""The workforce API: compute a run (four eyes on approval, errors with their codes), a worker
signs in to a course (and not to one they are not on), pay lines are one's own."""

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.workforce.actions._common import sign_in_code
from yipanqi.workforce.models import PayRun

pytestmark = pytest.mark.django_db


def as_(w, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(w.personas[persona])
    return client


def test_compute_then_approve_by_a_second_administrator(world):
    town_b = world.district.towns[1]
    PayRun.objects.filter(pk=world.runs["B"].pk).delete()
    computer, approver = as_(world, "district_admin"), as_(world, "district_admin")
    response = computer.post(
        "/api/v1/workforce/runs/compute/", {"area_id": town_b.pk, "year": 2021}, format="json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["workers"] == 2
    assert {a["post"] for a in body["averages"]} == {"head", "other"}
    url = f"/api/v1/workforce/runs/{body['id']}/approve/"
    refused = approver.post(url, {}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "four_eyes"
    done = as_(world, "town_admin_a").post(url, {}, format="json")
    assert done.status_code == 404  # town B is not town A's
    again = computer.post(
        "/api/v1/workforce/runs/compute/", {"area_id": town_b.pk, "year": 2021}, format="json"
    )
    assert again.status_code == 409 and again.json()["code"] == "draft_exists"


def test_compute_errors_have_codes(world):
    client = as_(world, "town_admin_a")
    town_a = world.district.towns[0]
    no_table = client.post(
        "/api/v1/workforce/runs/compute/", {"area_id": town_a.pk, "year": 2019}, format="json"
    )
    assert no_table.status_code == 409 and no_table.json()["code"] == "no_pay_table"
    no_reason = client.post(
        "/api/v1/workforce/runs/compute/", {"area_id": town_a.pk, "year": 2021}, format="json"
    )
    assert no_reason.status_code == 400 and no_reason.json()["code"] == "reason_required"
    other_town = client.post(
        "/api/v1/workforce/runs/compute/",
        {"area_id": world.district.towns[1].pk, "year": 2021},
        format="json",
    )
    assert other_town.status_code == 404
    bad = client.post("/api/v1/workforce/runs/compute/", {"area_id": "x"}, format="json")
    assert bad.status_code == 400


def test_a_worker_signs_in_on_the_phone(world):
    course = world.courses["town_a"]
    client = as_(world, "grid_worker_a1")
    url = f"/api/v1/workforce/courses/{course.pk}/sign-in/"
    refused = client.post(url, {}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "bad_code"
    code = sign_in_code(course, timezone.localdate())
    assert client.post(url, {"code": code}, format="json").status_code == 200
    enrolment = course.enrolments.get(worker=world.workers["a1_other"])
    assert enrolment.attended and enrolment.method == "qr"
    admin = as_(world, "town_admin_a")
    outsider = admin.post(url, {"worker_id": world.workers["a2_deputy"].pk}, format="json")
    assert outsider.status_code == 404  # not on the course's list


def test_not_enrolled_is_a_clear_error(world):
    district_course = world.courses["district"]
    client = as_(world, "district_admin")
    url = f"/api/v1/workforce/courses/{district_course.pk}/sign-in/"
    response = client.post(url, {}, format="json")
    assert response.status_code == 404  # the district admin is no worker on it


def test_worker_detail_is_masked_and_has_the_grade(world):
    worker = world.workers["a1_head"]
    body = as_(world, "community_admin_a1").get(f"/api/v1/workforce/workers/{worker.pk}/").json()
    assert "*" in body["id_number"] and "*" in body["phone"]
    assert body["grade"] == world.runs["A"].lines.get(worker=worker).grade
