"""A node's page in the tree offers its dashboard and its one-click report (core.registry
NodeLink), only to those whose grants reach the node, and the links lead somewhere (not 404)."""

import pytest

pytestmark = pytest.mark.django_db


def _links(client, user, area) -> str:
    client.force_login(user)
    page = client.get(f"/org/areas/{area.pk}/")
    assert page.status_code == 200
    return page.content.decode()


def test_the_town_admin_gets_the_towns_dashboard_and_report_and_both_open(district, client):
    town, admin = district.towns[0], district.personas["town_admin_a"]
    page = _links(client, admin, town)
    dashboard = f"/reports/dashboards/{town.code}/"
    report = f"/reports/?area={town.code}&amp;year="
    assert dashboard in page and report in page
    assert client.get(dashboard).status_code == 200
    assert client.get(report.replace("&amp;", "&") + "2021").status_code == 200


def test_a_grid_offers_its_dashboard_but_no_report(district, client):
    grid = district.grids[0]
    page = _links(client, district.personas["community_admin_a1"], grid)
    assert f"/reports/dashboards/{grid.code}/" in page
    assert f"/reports/?area={grid.code}" not in page


def test_a_grid_worker_sees_the_node_but_no_link_to_figures(district, client):
    grid = district.grids[0]
    page = _links(client, district.personas["grid_worker_a1"], grid)
    assert "/reports/" not in page


def test_a_community_admin_gets_no_link_for_the_town_above(district, client):
    town = district.towns[0]
    client.force_login(district.personas["community_admin_a1"])
    page = client.get(f"/org/areas/{town.pk}/")
    if page.status_code == 200:  # the tree may show the town above; its figures are not theirs
        assert f"/reports/dashboards/{town.code}/" not in page.content.decode()
    else:
        assert page.status_code == 404


def test_a_party_organisation_leading_an_area_offers_that_areas_links(district, client):
    town = district.towns[0]
    org = town.party_organisations.first()
    assert org is not None
    client.force_login(district.personas["town_admin_a"])
    page = client.get(f"/org/party/{org.pk}/").content.decode()
    assert f"/reports/dashboards/{town.code}/" in page and f"/reports/?area={town.code}" in page
