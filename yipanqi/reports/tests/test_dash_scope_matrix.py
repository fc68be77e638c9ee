"""The scope matrix of the dashboards and the big screen: every page × every persona.

The oracle is written from the factory's layout (which area each persona's grant is at), never
from the access code: readers (area admins and auditors) see their own node and those below it,
any other node is 404; everyone else is refused (403) on every page."""

import pytest
from django.core.cache import cache

pytestmark = pytest.mark.django_db

# persona → the nodes (by factory name) their dashboards may open
READERS = {
    "district_admin": {"district", "town_a", "town_b", "a1", "a2", "b1", "grid_a1"},
    "town_admin_a": {"town_a", "a1", "a2", "grid_a1"},
    "auditor_a": {"town_a", "a1", "a2", "grid_a1"},
    "community_admin_a1": {"a1", "grid_a1"},
    "community_admin_a2": {"a2"},
    "community_admin_b1": {"b1"},
}
HOME = {  # where 仪表盘 in the menu lands
    "district_admin": "district",
    "town_admin_a": "town_a",
    "auditor_a": "town_a",
    "community_admin_a1": "a1",
    "community_admin_a2": "a2",
    "community_admin_b1": "b1",
}
REFUSED = ("grid_worker_a1", "party_member_a1", "resident_a1", "system_admin", "security_admin",
           "audit_admin", "no_role")  # fmt: skip
PAGES = ("/reports/dashboards/{}/", "/reports/dashboards/screen/{}/",
         "/reports/dashboards/screen/{}/data/")  # fmt: skip


@pytest.fixture
def nodes(district):
    cache.clear()
    return {
        "district": district.district,
        "town_a": district.towns[0],
        "town_b": district.towns[1],
        "a1": district.communities[0],
        "a2": district.communities[1],
        "b1": district.communities[2],
        "grid_a1": district.grids[0],
    }


@pytest.mark.parametrize("persona", sorted(READERS))
def test_readers_see_their_nodes_and_nothing_else(client_as, nodes, persona):
    client = client_as(persona)
    for name, area in nodes.items():
        allowed = name in READERS[persona]
        for page in PAGES:
            response = client.get(page.format(area.code))
            assert response.status_code == (200 if allowed else 404), (persona, name, page)
    home = client.get("/reports/dashboards/")
    assert home.status_code == 302
    assert home["Location"] == f"/reports/dashboards/{nodes[HOME[persona]].code}/"
    screen = client.get("/reports/dashboards/screen/")
    assert screen["Location"] == f"/reports/dashboards/screen/{nodes[HOME[persona]].code}/"


@pytest.mark.parametrize("persona", REFUSED)
def test_other_roles_are_refused(client_as, nodes, persona):
    client = client_as(persona)
    assert client.get("/reports/dashboards/").status_code == 403
    assert client.get("/reports/dashboards/screen/").status_code == 403
    for area in nodes.values():
        for page in PAGES:
            assert client.get(page.format(area.code)).status_code == 403, (persona, page)


def test_anonymous_is_sent_to_sign_in(client, nodes):
    response = client.get(f"/reports/dashboards/{nodes['district'].code}/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_unknown_code_and_bad_year(client_as, nodes):
    client = client_as("district_admin")
    assert client.get("/reports/dashboards/999999999/").status_code == 404
    response = client.get(f"/reports/dashboards/{nodes['district'].code}/?year=abc")
    assert response.status_code == 400


def test_menu_entries_for_readers_only(client_as, nodes):
    page = client_as("town_admin_a").get("/").content.decode()
    assert 'href="/reports/dashboards/"' in page
    assert 'href="/reports/dashboards/screen/"' in page
    page = client_as("resident_a1").get("/").content.decode()
    assert "/reports/dashboards/" not in page
