"""Every funding page and endpoint × every persona: the ids each returns equal an independent
oracle computed from where the persona's administrator grant sits (not from the permission code),
and every object outside answers 404 — pages and API alike."""

import datetime
import io
import zoneinfo

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from rest_framework.test import APIClient

from yipanqi.core.tests.matrix import api, api_ids
from yipanqi.duties import actions as duties
from yipanqi.duties.tests.factories import request_fields
from yipanqi.funding import actions
from yipanqi.funding.models import BudgetLine, DutyMoney, Expense, Income, Project
from yipanqi.funding.tests.factories import TEST

pytestmark = pytest.mark.django_db

# persona → index of the area their administrator grant sits on (None: no funding access)
ADMIN_AT = {
    "district_admin": "district",
    "town_admin_a": "town_a",
    "community_admin_a1": 0,
    "community_admin_a2": 1,
    "community_admin_b1": 2,
    "grid_worker_a1": None,
    "party_member_a1": None,
    "resident_a1": None,
    "auditor_a": None,
    "system_admin": None,
    "security_admin": None,
    "audit_admin": None,
    "no_role": None,
}
PERSONAS = list(ADMIN_AT)


def _root(d, persona):
    at = ADMIN_AT[persona]
    if at is None:
        return None
    if at == "district":
        return d.district.path
    if at == "town_a":
        return d.towns[0].path
    return d.communities[at].path


def _oracle(d, persona, model) -> set[int]:
    root = _root(d, persona)
    if root is None:
        return set()
    return {r.pk for r in model.objects.all() if r.scope_path.startswith(root)}


def _api(user) -> APIClient:
    api = APIClient()
    api.force_authenticate(user)
    return api


def _ids(response) -> set[int]:
    assert response.status_code == 200, response.content[:200]
    return {row["id"] for row in response.json()["results"]}


LISTS = {
    "/api/v1/funding/expenses/": Expense,
    "/api/v1/funding/projects/": Project,
    "/api/v1/funding/budget-lines/": BudgetLine,
    "/api/v1/funding/income/": Income,
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_lists_and_details_match_the_oracle(world, persona, client):
    d = world.district
    user = d.personas[persona]
    api = _api(user)
    for url, model in LISTS.items():
        assert _ids(api.get(url, {"page_size": 100})) == _oracle(d, persona, model), url
    client.force_login(user)
    for expense in Expense.objects.all():
        seen = expense.pk in _oracle(d, persona, Expense)
        assert client.get(expense.get_absolute_url()).status_code == (200 if seen else 404)
        assert api.get(f"/api/v1/funding/expenses/{expense.pk}/").status_code == (
            200 if seen else 404
        )
        for evidence in expense.evidence.all():
            url = reverse("funding:evidence_file", args=[evidence.pk])
            assert client.get(url).status_code == (200 if seen else 404)
    for project in Project.objects.all():
        seen = project.pk in _oracle(d, persona, Project)
        assert client.get(project.get_absolute_url()).status_code == (200 if seen else 404)
        assert api.get(f"/api/v1/funding/projects/{project.pk}/").status_code == (
            200 if seen else 404
        )
    root = _root(d, persona)
    for community in d.communities:
        seen = root is not None and community.path.startswith(root)
        url = reverse("funding:community_detail", args=[community.pk])
        assert client.get(url, {"year": 2021}).status_code == (200 if seen else 404), url


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_run_is_the_districts_and_each_sees_only_its_own_lines(world, persona, client):
    d = world.district
    user = d.personas[persona]
    api = _api(user)
    admin = ADMIN_AT[persona] is not None
    assert _ids(api.get("/api/v1/funding/runs/")) == ({world.run.pk} if admin else set())
    assert len(_ids(api.get("/api/v1/funding/rules/"))) == (1 if admin else 0)
    detail = api.get(f"/api/v1/funding/runs/{world.run.pk}/")
    assert detail.status_code == (200 if admin else 404)
    client.force_login(user)
    page = client.get(world.run.get_absolute_url())
    assert page.status_code == (200 if admin else 404)
    if admin:
        root = _root(d, persona)
        expected = {c.pk for c in d.communities if c.path.startswith(root)}
        assert {li["community_id"] for li in detail.json()["lines"]} == expected
        assert {li.community_id for li in page.context["page_obj"]} == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_overview_lists_the_communities_in_reach(world, persona, client):
    d = world.district
    client.force_login(d.personas[persona])
    page = client.get(reverse("funding:overview"), {"year": 2021})
    assert page.status_code == 200
    root = _root(d, persona)
    expected = {c.pk for c in d.communities if root is not None and c.path.startswith(root)}
    assert {r["id"] for r in page.context["rows"]} == expected
    for name in ("funding:run_list", "funding:project_list"):
        assert client.get(reverse(name)).status_code == 200


def _exported_communities(response) -> set[str]:
    """The community names in an overview export (its second column, subtotal rows aside)."""
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    return {row[1] for row in sheet.iter_rows(min_row=2, values_only=True)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_town_pages_and_exports_match_the_oracle(world, persona, client):
    d = world.district
    client.force_login(d.personas[persona])
    root = _root(d, persona)
    subtotals = {"小计", "Subtotal", "", None}  # the subtotal rows and the total row
    for town in d.towns:
        seen = root is not None and town.path.startswith(root)  # a community's admin: no town
        page = client.get(reverse("funding:town_overview", args=[town.pk]), {"year": 2021})
        assert page.status_code == (200 if seen else 404), (town, persona)
        export = client.get(reverse("funding:overview_export"), {"year": 2021, "town": town.pk})
        assert export.status_code == (200 if seen else 404), (town, persona)
        if seen:
            inside = {c.name for c in d.communities if c.path.startswith(town.path)}
            assert {r["id"] for r in page.context["rows"]} == {
                c.pk for c in d.communities if c.path.startswith(town.path)
            }
            assert _exported_communities(export) - subtotals == inside
    export = client.get(reverse("funding:overview_export"), {"year": 2021})
    assert export.status_code == (404 if root is None else 200)
    if root is not None:
        expected = {c.name for c in d.communities if c.path.startswith(root)}
        assert _exported_communities(export) - subtotals == expected
    for community in d.communities:
        seen = root is not None and community.path.startswith(root)
        url = reverse("funding:community_export", args=[community.pk])
        assert client.get(url, {"year": 2021}).status_code == (200 if seen else 404), url
    overview = client.get(reverse("funding:overview"), {"year": 2021})
    own = d.towns[0] if persona == "town_admin_a" else None  # a town admin's opens on the town
    assert overview.context["town"] == own


STEPS = [
    ("post", "/api/v1/funding/expenses/{e}/approve/"),
    ("post", "/api/v1/funding/expenses/{e}/reject/"),
    ("post", "/api/v1/funding/projects/{p}/progress/"),
    ("post", "/api/v1/funding/projects/{p}/complete/"),
]


@pytest.mark.parametrize("persona", ["community_admin_a1", "community_admin_b1", "resident_a1"])
def test_steps_on_objects_out_of_reach_answer_404(world, persona):
    d = world.district
    api = _api(d.personas[persona])
    outside_e = Expense.objects.exclude(pk__in=_oracle(d, persona, Expense)).first()
    outside_p = Project.objects.exclude(pk__in=_oracle(d, persona, Project)).first()
    for method, template in STEPS:
        url = template.format(e=outside_e.pk, p=outside_p.pk)
        assert (
            getattr(api, method)(url, {"note": "x", "progress": 5}, format="json").status_code
            == 404
        )


@pytest.fixture
def duty_money(world) -> None:
    """费随事转: an admitted district duty carried by the four communities, its money credited
    for 2021 and 2022 (eight rows, one per community and year)."""
    d = world.district
    paper = datetime.datetime(2021, 1, 4, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))
    fields = request_fields(level="community", starts_on=datetime.date(2021, 6, 1))
    request = duties.request_file(area=d.district, actor=TEST, at=paper, **fields)
    request = duties.request_approve(request=request, actor=TEST, at=paper)
    for year in (2021, 2022):
        actions.duty_money_credit(request=request, year=year, actor=d.personas["district_admin"])


def _duty_money_oracle(d, persona) -> set[int]:
    """The credits to a community under the persona's administrator grant (by the budget line's
    community, not the row's own scope column)."""
    root = _root(d, persona)
    rows = DutyMoney.objects.select_related("budget__community")
    return {r.pk for r in rows if root is not None and r.budget.community.path.startswith(root)}


@pytest.mark.parametrize("persona", PERSONAS)
def test_duty_money_matches_the_oracle(world, duty_money, persona):
    d = world.district
    expected = _duty_money_oracle(d, persona)
    assert api_ids(api(d, persona), "/api/v1/funding/duty-money/") == expected
    in_2021 = {r.pk for r in DutyMoney.objects.filter(budget__year=2021)}
    assert api_ids(api(d, persona), "/api/v1/funding/duty-money/?year=2021") == expected & in_2021


def test_the_duty_money_oracle_is_not_vacuous(world, duty_money):
    d = world.district
    assert len(_duty_money_oracle(d, "district_admin")) == 8
    assert len(_duty_money_oracle(d, "town_admin_a")) == 4
    assert len(_duty_money_oracle(d, "community_admin_a1")) == 2
    assert _duty_money_oracle(d, "auditor_a") == set()
