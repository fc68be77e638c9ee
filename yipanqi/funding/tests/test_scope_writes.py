"""The funding writes × every persona (the read side is test_scope_matrix): the forms and steps
of pages and API answer 404 for what lies outside the persona's administrator grant, 403 for what
they see but may not do, and work inside — the oracle is where each grant sits, not the
permission code. Finance (rules, runs, projects) is the district's and the towns'; the rules and
runs the district's alone."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from yipanqi.funding.models import Expense, Project
from yipanqi.funding.tests.test_scope_matrix import ADMIN_AT, PERSONAS, _root

pytestmark = pytest.mark.django_db
DISTRICT = {"district_admin"}
FINANCE = {"district_admin", "town_admin_a"}


def _inside(d, persona, path: str) -> bool:
    root = _root(d, persona)
    return root is not None and path.startswith(root)


@pytest.mark.parametrize("persona", PERSONAS)
def test_form_pages(world, client, persona):
    d = world.district
    client.force_login(d.personas[persona])
    for community in d.communities:
        inside = _inside(d, persona, community.path)
        for name in ("funding:expense_new", "funding:income_new"):
            status = client.get(reverse(name, args=[community.pk])).status_code
            assert status == (200 if inside else 404), (name, community.name)
    assert client.get(reverse("funding:rule_new")).status_code == (
        200 if persona in DISTRICT else 403
    )
    assert client.get(reverse("funding:project_new")).status_code == (
        200 if persona in FINANCE else 403
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_steps(world, client, persona):
    d = world.district
    client.force_login(d.personas[persona])
    approve = client.post(reverse("funding:run_approve", args=[world.run.pk]))
    admin = ADMIN_AT[persona] is not None
    # an approved run: the district's finance is told it cannot move (a message on the page)
    assert approve.status_code == (404 if not admin else 302 if persona in DISTRICT else 403)
    for expense in Expense.objects.all():
        inside = _inside(d, persona, expense.scope_path)
        url = reverse("funding:evidence_new", args=[expense.pk])
        assert client.post(url).status_code == (302 if inside else 404)
        if not inside:
            for name in ("approve", "reject"):
                url = reverse("funding:expense_step", args=[expense.pk, name])
                assert client.post(url, {"note": "x"}).status_code == 404
    for project in Project.objects.all():
        if not _inside(d, persona, project.scope_path):
            for name in ("progress", "complete"):
                url = reverse("funding:project_step", args=[project.pk, name])
                assert client.post(url, {"progress": 5}).status_code == 404


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_writes(world, persona):
    d = world.district
    api = APIClient()
    api.force_authenticate(d.personas[persona])
    a2 = d.communities[1]
    body = {"community_id": a2.pk, "fund": "service", "spent_on": "2021-06-01",
            "payee": "锦屏文体用品店", "purpose": "活动物资", "amount_fen": 100}  # fmt: skip
    made = api.post("/api/v1/funding/expenses/", body, format="json")
    assert made.status_code == (201 if _inside(d, persona, a2.path) else 404), made.content
    run = {"district_id": d.district.pk, "year": 2021}
    computed = api.post("/api/v1/funding/runs/compute/", run, format="json")
    if persona in DISTRICT:  # the year's run is approved: a correction needs a reason
        assert (computed.status_code, computed.json()["code"]) == (400, "reason_required")
    else:
        assert computed.status_code == 404
    for expense in Expense.objects.all():
        url = f"/api/v1/funding/expenses/{expense.pk}/evidence/"
        inside = _inside(d, persona, expense.scope_path)
        status = api.post(url, {}).status_code
        assert status == (400 if inside else 404), (persona, expense.pk)
