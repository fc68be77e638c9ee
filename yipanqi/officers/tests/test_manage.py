"""Leaders' pages and API writes: posting an officer to a target (community, enterprise, street),
ending an assignment, the district's roles edited by the organisation department only."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.core.models import AuditEvent
from yipanqi.officers.models import Assignment, OfficerRole
from yipanqi.organisations.actions import unit_create

pytestmark = pytest.mark.django_db


def browser(world, persona: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.personas[persona])
    return client


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def test_a_town_posts_officers_to_a_community_an_enterprise_and_a_street(world):
    a1, a2, b1, _b2 = world.district.communities
    client = browser(world, "town_admin_a")
    form = client.get("/officers/assignments/new/").content.decode()
    assert "安排结对" in form and "officer_a" in form
    officer = world.personas["officer_a"].pk
    base = {"officer": officer, "starts_on": "2026-01-05", "visits_per_month": "2"}
    done = client.post("/officers/assignments/new/", base | {"role": world.role("community").pk,
                                                            "area": a2.pk})  # fmt: skip
    assert done.status_code == 302, done.content.decode()[:2000]
    row = Assignment.objects.get(area=a2, role__code="community")
    assert row.officer_id == officer and row.target_name == a2.name
    # a community is refused for the town helper's role (its target is a town); typed kept
    wrong = client.post("/officers/assignments/new/", base | {"role": world.role("helper").pk,
                                                             "area": a2.pk})  # fmt: skip
    assert wrong.status_code == 200 and "该角色的联系对象是另一类区域" in wrong.content.decode()
    street = client.post("/officers/assignments/new/", base | {
        "role": world.role("street").pk, "area": a1.pk, "target_name": "奉中社区南山路段"})  # fmt: skip
    assert street.status_code == 302
    # another town's community is not offered (an invalid choice, nothing saved)
    other = client.post("/officers/assignments/new/", base | {"role": world.role("community").pk,
                                                             "area": b1.pk})  # fmt: skip
    assert (
        other.status_code == 200
        and not Assignment.objects.filter(area=b1, officer_id=officer).exists()
    )
    listed = client.get("/officers/assignments/").content.decode()
    assert "奉中社区南山路段" in listed and "结对安排" in listed


def test_an_enterprise_target_over_the_api(world):
    a1 = world.district.communities[0]
    from yipanqi.core.actors import system

    unit = unit_create(
        area=a1, name="奉化某机械有限公司", kind="non_public_enterprise", actor=system("test")
    )
    admin = api(world, "district_admin")
    made = admin.post("/api/v1/officers/", {"officer": world.personas["officer_a"].pk,
                                            "role": "enterprise", "area": a1.pk, "unit": unit.pk},
                      format="json")  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["target_name"] == "奉化某机械有限公司" and made.json()["unit_id"] == unit.pk
    missing = admin.post("/api/v1/officers/", {"officer": world.personas["officer_a"].pk,
                                               "role": "enterprise", "area": a1.pk}, format="json")  # fmt: skip
    assert missing.status_code == 400 and missing.json()["code"] == "unit_required"


def test_ending_an_assignment_from_its_page(world):
    a = world.assignments["a1_guide"]
    assert browser(world, "officer_a").post(f"/officers/{a.pk}/end/").status_code == 403
    assert browser(world, "community_admin_b1").post(f"/officers/{a.pk}/end/").status_code == 404
    client = browser(world, "town_admin_a")
    assert "结束结对" in client.get(f"/officers/{a.pk}/").content.decode()
    assert client.post(f"/officers/{a.pk}/end/").status_code == 302
    a.refresh_from_db()
    assert a.status == "ended"
    assert client.post(f"/officers/{a.pk}/end/").status_code == 302  # refused: said on the page
    assert AuditEvent.objects.filter(action="officers.assignment.ended").count() == 1


def test_roles_are_edited_by_the_district_only(world):
    role = world.role("street")
    district = browser(world, "district_admin")
    listed = district.get("/officers/roles/").content.decode()
    assert "街巷跑长" in listed and f"/officers/roles/{role.pk}/" in listed
    town = browser(world, "town_admin_a")
    assert f"/officers/roles/{role.pk}/" not in town.get("/officers/roles/").content.decode()
    assert town.get(f"/officers/roles/{role.pk}/").status_code == 403
    assert browser(world, "resident_a1").get("/officers/roles/").status_code == 403
    empty = district.post(f"/officers/roles/{role.pk}/", {"name": "", "layer": "grassroots"})
    assert empty.status_code == 200
    saved = district.post(f"/officers/roles/{role.pk}/", {"name": "街巷长", "layer": "town",
                                                          "duties": "巡查街巷"})  # fmt: skip
    assert saved.status_code == 302
    role.refresh_from_db()
    assert (role.name, role.layer, role.duties) == ("街巷长", "town", "巡查街巷")
    client = api(world, "district_admin")
    assert {r["code"] for r in client.get("/api/v1/officers/roles/").json()["results"]} >= {
        "street"
    }
    edited = client.post(f"/api/v1/officers/roles/{role.pk}/edit/",
                         {"name": "街巷跑长", "layer": "grassroots"}, format="json")  # fmt: skip
    assert edited.status_code == 200 and edited.json()["name"] == "街巷跑长"
    refused = api(world, "town_admin_a").post(f"/api/v1/officers/roles/{role.pk}/edit/",
                                              {"name": "x", "layer": "town"}, format="json")  # fmt: skip
    assert refused.status_code == 403
    assert api(world, "resident_a1").get(f"/api/v1/officers/roles/{role.pk}/").status_code == 404
    other = OfficerRole.objects.create(district_code="999999", code="street", name="外区",
                                       layer="town", target_kind="street")  # fmt: skip
    assert client.get(f"/api/v1/officers/roles/{other.pk}/").status_code == 404
