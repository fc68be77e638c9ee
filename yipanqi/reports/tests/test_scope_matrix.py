"""The scope matrix for one-click reports: every persona × every page and API endpoint.

The oracle is written from the factory's layout (which admin or auditor holds which area), never
from the scope code: a report of community A1 is seen by the admins above it and town A's
auditor, one of town B and one of the district by the district admin alone.
"""

import pytest
from django.urls import reverse

from yipanqi.reports.tests.factories import ready_report

pytestmark = pytest.mark.django_db

PERSONAS = (
    "district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
    "community_admin_b1", "grid_worker_a1", "party_member_a1", "resident_a1", "auditor_a",
    "system_admin", "security_admin", "audit_admin",
)  # fmt: skip
REPORTERS = {"district_admin", "town_admin_a", "community_admin_a1", "community_admin_a2",
             "community_admin_b1", "auditor_a"}  # fmt: skip
SEES = {
    "a1": {"district_admin", "town_admin_a", "community_admin_a1", "auditor_a"},
    "town_b": {"district_admin"},
    "district": {"district_admin"},
}


@pytest.fixture
def reports(district):
    admin = district.personas["district_admin"]
    return {
        "a1": ready_report(district.communities[0], district.personas["community_admin_a1"]),
        "town_b": ready_report(district.towns[1], admin),
        "district": ready_report(district.district, admin),
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_and_api_answer_each_persona_its_own_scope(persona, reports, client_as, api_as):
    client, api = client_as(persona), api_as(persona)
    listed = client.get(reverse("reports:report_list"))
    assert listed.status_code == (200 if persona in REPORTERS else 403)
    expected = {reports[k].pk for k, who in SEES.items() if persona in who}
    ids = {r["id"] for r in api.get("/api/v1/reports/").json()["results"]}
    assert ids == expected
    for key, report in reports.items():
        ok = persona in SEES[key]
        for name in ("report_detail", "report_progress", "report_download"):
            status = client.get(reverse(f"reports:{name}", args=[report.pk])).status_code
            assert status == (286 if ok and name == "report_progress" else 200 if ok else 404)
        for tail in ("", "download/"):
            answer = api.get(f"/api/v1/reports/{report.pk}/{tail}")
            assert answer.status_code == (200 if ok else 404), (key, tail)


CREATE_A1 = {"district_admin", "town_admin_a", "community_admin_a1", "auditor_a"}


@pytest.mark.parametrize("persona", PERSONAS)
def test_asking_for_a_report_of_a1_page_and_api(persona, district, client_as, api_as):
    code = district.communities[0].code
    page = client_as(persona).post(
        reverse("reports:report_list"),
        {"area": code, "period_kind": "year", "year": 2021, "format": "xlsx"},
    )
    made = api_as(persona).post(
        "/api/v1/reports/", {"area": code, "year": 2021, "format": "xlsx"}, format="json"
    )
    if persona in CREATE_A1:
        assert page.status_code == 302 and made.status_code == 201
    else:
        assert page.status_code == (404 if persona in REPORTERS else 403)
        assert made.status_code == 404
