"""The API's stable codes (400 for a missing resource or a late start, 409 for a step out of
turn, 404 out of scope) and the filing page keeping what was typed when refused."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.duties.models import AccessRequest
from yipanqi.duties.tests.factories import later

pytestmark = pytest.mark.django_db


def _body(world, **change):
    body = {"area": world.district.district.pk, "level": "community", "list_kind": "assist_service",
            "department": "区民政局", "title": "助餐点登记", "basis": "《条例》", "authority": "登记权",
            "staff_count": 1, "staff_note": "社工1名", "money_fen": 500_000,
            "starts_on": later().isoformat()}  # fmt: skip
    return body | change


def test_api_codes(world):
    client = APIClient()
    client.force_authenticate(world.personas["district_admin"])
    for change, code in (({"money_fen": 0}, "money_required"), ({"authority": ""}, "authority_required"),
                         ({"staff_count": 0}, "staff_required"),
                         ({"starts_on": later(3).isoformat()}, "too_late")):  # fmt: skip
        response = client.post("/api/v1/duties/requests/", _body(world, **change), format="json")
        assert response.status_code == 400 and response.json()["code"] == code, response.json()
    town_b = world.district.towns[1].pk
    response = client.post("/api/v1/duties/requests/", _body(world, area=town_b), format="json")
    assert response.status_code == 400 and response.json()["code"] == "bad_area"
    created = client.post("/api/v1/duties/requests/", _body(world), format="json")
    assert created.status_code == 201
    own = created.json()["id"]
    response = client.post(f"/api/v1/duties/requests/{own}/approve/", {}, format="json")
    assert response.status_code == 403  # the filer never decides
    a_open = world.requests["a_open"].pk
    response = client.post(f"/api/v1/duties/requests/{a_open}/approve/", {}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "approved"
    response = client.post(
        f"/api/v1/duties/requests/{a_open}/refuse/", {"reason": "x"}, format="json"
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


def test_the_filing_page_keeps_what_was_typed(world):
    client = Client()
    client.force_login(world.personas["town_admin_a"])
    before = AccessRequest.objects.count()
    form = {"area": world.district.towns[0].pk, "level": "community", "list_kind": "assist_service",
            "department": "街道城管科", "title": "文明养犬督导", "basis": "《条例》", "authority": "劝导权",
            "staff_count": "1", "staff_note": "协管员1名", "money_yuan": "",
            "starts_on": later().isoformat()}  # fmt: skip
    response = client.post("/duties/requests/new/", form)
    assert response.status_code == 200 and AccessRequest.objects.count() == before
    assert "费随事转" in response.content.decode() and "街道城管科" in response.content.decode()
    response = client.post("/duties/requests/new/", form | {"money_yuan": "6000.50"})
    assert response.status_code == 302
    assert AccessRequest.objects.latest("id").money_fen == 600_050
