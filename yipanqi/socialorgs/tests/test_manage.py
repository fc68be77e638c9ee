"""The administrators' pages and API steps: registering an organisation (a bad or duplicate
credit code stays on the form with what was typed; nothing saved), adding a staff account,
recording incubation steps, a government purchase, and opening a venture round whose form and
defaults come from the district's policies."""

import datetime

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from yipanqi.core import actions as core_actions
from yipanqi.core.actors import system
from yipanqi.socialorgs import policies
from yipanqi.socialorgs.choices import EngagementKind, IncubationStage, LegalForm
from yipanqi.socialorgs.models import Engagement, Incubation, OrgStaff, SocialOrganisation
from yipanqi.socialorgs.tests.factories import code

pytestmark = pytest.mark.django_db
BASE = "/api/v1/socialorgs"


def _page(client, world, persona):
    client.force_login(world.personas[persona])
    return client


def _api(world, persona) -> APIClient:
    c = APIClient()
    c.force_authenticate(world.personas[persona])
    return c


def _register_body(world, credit_code: str) -> dict:
    return {"name": "锦屏心理咨询服务社", "credit_code": credit_code,
            "legal_form": LegalForm.PRIVATE_NON_ENTERPRISE, "registered_on": "2020-05-01",
            "area": world.d.towns[0].pk, "hub": world.orgs["hub"].pk, "rating": "3A"}  # fmt: skip


# --- registering -------------------------------------------------------------------------------


def test_a_bad_then_duplicate_code_stays_on_the_form_with_what_was_typed(client, world):
    page = _page(client, world, "town_admin_a")
    url = reverse("socialorgs:org_new")
    before = SocialOrganisation.objects.count()

    bad = page.post(url, _register_body(world, "52330283MJ0000000X"))
    assert bad.status_code == 200 and bad.context["form"].errors["credit_code"]
    html = bad.content.decode()
    assert 'value="锦屏心理咨询服务社"' in html and "52330283MJ0000000X" in html

    taken = page.post(url, _register_body(world, world.orgs["a"].credit_code))
    assert taken.status_code == 200 and taken.context["form"].errors["credit_code"]
    assert SocialOrganisation.objects.count() == before

    done = page.post(url, _register_body(world, code("52")))
    org = SocialOrganisation.objects.get(name="锦屏心理咨询服务社")
    assert done.status_code == 302 and done.url == org.get_absolute_url()
    assert (org.hub, org.rating, org.area) == (world.orgs["hub"], "3A", world.d.towns[0])


def test_the_register_form_is_the_administrators(client, world):
    assert _page(client, world, "staff_a").get(reverse("socialorgs:org_new")).status_code == 403
    page = _page(client, world, "community_admin_a1").get(reverse("socialorgs:org_new"))
    assert page.status_code == 200
    assert [a.pk for a in page.context["form"].areas.values()] == [world.d.communities[0].pk]


def test_register_over_the_api_with_stable_codes(world):
    api = _api(world, "district_admin")
    body = {"name": "岳林社工服务社", "legal_form": "private_non_enterprise",
            "registered_on": "2021-01-05", "area_id": world.d.towns[1].pk}  # fmt: skip

    assert (
        api.post(f"{BASE}/register/", {**body, "credit_code": "123"}, format="json").json()["code"]
        == "bad_credit_code"
    )
    taken = api.post(f"{BASE}/register/", {**body, "credit_code": world.orgs["a"].credit_code},
                     format="json")  # fmt: skip
    assert (taken.status_code, taken.json()["code"]) == (400, "duplicate_credit_code")
    made = api.post(f"{BASE}/register/", {**body, "credit_code": code("52")}, format="json")
    assert made.status_code == 201 and made.json()["area"] == world.d.towns[1].name


def test_register_api_refuses_non_admins_and_hides_other_areas(world):
    body = {"name": "某组织", "legal_form": "community", "registered_on": "2021-01-05",
            "area_id": world.d.communities[2].pk}  # fmt: skip
    assert _api(world, "staff_a").post(f"{BASE}/register/", body, format="json").status_code == 403
    other = _api(world, "community_admin_a1").post(f"{BASE}/register/", body, format="json")
    assert other.status_code == 404


# --- staff -------------------------------------------------------------------------------------


def test_an_administrator_adds_a_staff_account_on_the_page(client, world):
    page = _page(client, world, "town_admin_a")
    url = reverse("socialorgs:org_staff", args=[world.orgs["a1"].pk])

    missing = page.post(url, {"username": "nobody_here"})
    assert missing.status_code == 200 and missing.context["form"].errors["username"]
    assert page.post(url, {"username": "staff_a"}).status_code == 302
    assert OrgStaff.objects.filter(organisation=world.orgs["a1"], user__username="staff_a").exists()
    rows = page.get(url).context["staff"]
    assert [(r["user"].username, r["has_role"]) for r in rows] == [("staff_a", True)]


def test_staff_add_api_codes(world):
    url = f"{BASE}/{world.orgs['a'].pk}/staff/"
    admin = _api(world, "town_admin_a")
    assert admin.post(url, {"username": "nobody_here"}, format="json").json()["code"] == (
        "unknown_user"
    )
    again = admin.post(url, {"username": "staff_a"}, format="json")
    assert (again.status_code, again.json()["code"]) == (409, "already_staff")
    made = admin.post(url, {"username": "staff_b"}, format="json")
    assert made.status_code == 201 and made.json()["username"] == "staff_b"
    # its own staff may not add colleagues (403); another town's administrator finds no such org
    assert _api(world, "staff_a").post(url, {"username": "x"}, format="json").status_code == 403
    other = _api(world, "community_admin_b1").post(url, {"username": "x"}, format="json")
    assert other.status_code == 404


# --- incubation --------------------------------------------------------------------------------


def test_incubation_steps_on_the_page(client, world):
    page = _page(client, world, "town_admin_a")
    url = reverse("socialorgs:org_incubation", args=[world.orgs["a1"].pk])
    street = world.d.towns[0]

    assert page.post(url, {"street": street.pk, "centre": "锦屏街道社会组织孵化中心",
                           "entered_on": "2021-03-01", "notes": "入驻评估"}).status_code == 302  # fmt: skip
    early = page.post(url, {"stage": "incubating", "on": "2021-02-01"})
    assert early.status_code == 200 and early.context["form"].errors["on"]
    page.post(url, {"stage": "incubating", "on": "2021-03-15", "notes": "导师：每月一次辅导"})
    wrong = page.post(url, {"stage": "incubating", "on": "2021-04-01"})
    assert wrong.status_code == 200 and wrong.context["form"].non_field_errors()
    page.post(url, {"stage": "graduated", "on": "2021-12-20", "notes": "顺利出壳"})
    row = Incubation.objects.get(organisation=world.orgs["a1"])
    assert row.status == IncubationStage.GRADUATED
    assert (row.started_on, row.ended_on) == (
        datetime.date(2021, 3, 15),
        datetime.date(2021, 12, 20),
    )
    assert "导师：每月一次辅导" in row.mentor_notes and "顺利出壳" in row.mentor_notes
    # graduated: the page offers entering again
    assert "street" in page.get(url).context["form"].fields


def test_incubation_api_steps(world):
    api = _api(world, "district_admin")
    base = f"{BASE}/{world.orgs['b'].pk}/incubation"
    none = api.post(f"{base}/start/", {"on": "2021-03-01"}, format="json")
    assert (none.status_code, none.json()["code"]) == (409, "not_incubating")
    entered = api.post(f"{base}/enter/", {"street_id": world.d.towns[1].pk, "centre": "岳林孵化中心",
                                          "entered_on": "2021-02-01"}, format="json")  # fmt: skip
    assert entered.status_code == 200 and entered.json()["status"] == "entered"
    skip = api.post(f"{base}/graduate/", {"on": "2021-05-01"}, format="json")
    assert (skip.status_code, skip.json()["code"]) == (409, "illegal_transition")
    out = api.post(f"{base}/exit/", {"on": "2021-05-01", "notes": "未通过评估"}, format="json")
    assert out.json()["status"] == "exited" and out.json()["ended_on"] == "2021-05-01"


def test_incubation_api_is_the_street_administrators(world):
    base = f"{BASE}/{world.orgs['a1'].pk}/incubation"
    body = {"street_id": world.d.towns[1].pk, "centre": "岳林孵化中心", "entered_on": "2021-02-01"}
    assert _api(world, "community_admin_a1").post(f"{base}/enter/", body, format="json").status_code == 404  # fmt: skip
    assert _api(world, "staff_b").post(f"{base}/enter/", body, format="json").status_code == 404
    assert _api(world, "auditor_a").post(f"{base}/enter/", body, format="json").status_code == 403


# --- government purchase -----------------------------------------------------------------------


def test_a_street_buys_a_service_on_the_page_and_over_the_api(client, world):
    page = _page(client, world, "town_admin_a")
    url = reverse("socialorgs:purchase_new")
    body = {"organisation": world.orgs["a"].pk, "community": world.d.communities[0].pk,
            "title": "智慧养老助餐", "price_class": "low_cost", "purchaser": "锦屏街道办事处",
            "contract": "0", "started_on": "2021-04-01"}  # fmt: skip
    zero = page.post(url, body)
    assert zero.status_code == 200 and not Engagement.objects.filter(kind="purchased").exists()
    assert page.post(url, {**body, "contract": "48000.50"}).status_code == 302
    bought = Engagement.objects.get(kind=EngagementKind.PURCHASED)
    assert (bought.contract_fen, bought.purchaser) == (4_800_050, "锦屏街道办事处")

    api_body = {"organisation_id": world.orgs["b"].pk, "community_id": world.d.communities[2].pk,
                "title": "纠纷调解", "price_class": "free", "purchaser": "奉化区民政局",
                "contract_fen": 1_000_000, "started_on": "2021-04-01"}  # fmt: skip
    made = _api(world, "district_admin").post(f"{BASE}/engagements/purchase/", api_body,
                                              format="json")  # fmt: skip
    assert made.status_code == 201 and made.json()["contract_fen"] == 1_000_000
    refused = _api(world, "community_admin_b1").post(
        f"{BASE}/engagements/purchase/", api_body, format="json"
    )
    assert refused.status_code == 403


# --- opening a round from the district's policies ------------------------------------------------


def test_the_call_form_is_filled_from_the_districts_policies(client, world):
    district = world.d.district
    core_actions.policy_set(key=policies.CAP_YUAN.key, district_code=district.district_code,
                            value=30_000, actor=system("test"))  # fmt: skip
    page = _page(client, world, "district_admin")
    form = page.get(reverse("socialorgs:round_new")).context["form"]
    assert form.initial["cap"] == 30_000 and form.initial["total"] == 200_000
    assert form.initial["objection_days"] == 7 and form.initial["first_share"] == 60
    assert (
        _page(client, world, "town_admin_a").get(reverse("socialorgs:round_new")).status_code == 403
    )


def test_opening_a_call_on_the_page(client, world):
    page = _page(client, world, "district_admin")
    body = {"title": "2022年度公益创投", "year": "2022", "funder": "奉化区民政局",
            "opens_on": "2022-03-01", "closes_on": "2022-04-15", "cap": "50000", "total": "200000",
            "themes": ["governance", "elderly"], "objection_days": "7", "first_share": "60",
            "pass_mark": "60", "midterm_due": "2022-09-01"}  # fmt: skip
    over = page.post(reverse("socialorgs:round_new"), {**body, "cap": "300000"})
    assert over.status_code == 200 and over.context["form"].non_field_errors()
    done = page.post(reverse("socialorgs:round_new"), body)
    assert done.status_code == 302
    round_ = world.round.__class__.objects.get(title="2022年度公益创投")
    assert (round_.cap_fen, round_.themes, round_.pass_mark) == (
        5_000_000,
        ["governance", "elderly"],
        60,
    )


def test_a_call_opened_over_the_api_without_amounts_takes_the_policies(world):
    district = world.d.district
    core_actions.policy_set(key=policies.OBJECTION_DAYS.key, district_code=district.district_code,
                            value=10, actor=system("test"))  # fmt: skip
    body = {"title": "2022年度公益创投", "year": 2022, "funder": "奉化区民政局",
            "opens_on": "2022-03-01", "closes_on": "2022-04-15", "themes": ["governance"]}  # fmt: skip
    made = _api(world, "district_admin").post(f"{BASE}/rounds/open/", body, format="json")
    assert made.status_code == 201, made.content
    assert (made.json()["cap_fen"], made.json()["total_fen"]) == (5_000_000, 20_000_000)
    round_ = world.round.__class__.objects.get(pk=made.json()["id"])
    assert (round_.objection_days, round_.first_share) == (10, 60)


def test_a_policy_value_out_of_bounds_is_refused():
    from yipanqi.core.errors import Invalid

    with pytest.raises(Invalid):
        core_actions.policy_set(key=policies.FIRST_SHARE.key, district_code="330283", value=0,
                                actor=system("test"))  # fmt: skip
