"""The phone visit list's tools: finding a household by building and room, "next unvisited", the
counts, and what the phone keeps for visiting without signal (the household list as JSON, the
household-less form, the service worker and the web manifest)."""

import json
import re

import pytest
from django.contrib.staticfiles import finders

from yipanqi.grid import selectors
from yipanqi.grid.households import AddressQuery, parse_address
from yipanqi.grid.tests.factories import HOUSEHOLDS


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3", AddressQuery(either="3")),
        ("301", AddressQuery(either="301")),
        ("3幢", AddressQuery(building="3")),
        ("3-301", AddressQuery(building="3", room="301")),
        ("3 301", AddressQuery(building="3", room="301")),
        ("3幢301", AddressQuery(building="3", room="301")),
        ("3幢2单元301", AddressQuery(building="3", unit="2", room="301")),
        ("3-2-301", AddressQuery(building="3", unit="2", room="301")),
        ("2单元301", AddressQuery(unit="2", room="301")),
        ("301室", AddressQuery(room="301")),
        ("3号楼1单元", AddressQuery(building="3", unit="1")),
        ("2组5号", AddressQuery(building="2", room="5")),
        ("金桂苑", None),
        ("1-2-3-4", None),
    ],
)
def test_a_typed_address_is_read_as_building_unit_and_room(text, expected):
    assert parse_address(text) == expected


def _rows(html: str) -> list[str]:
    return re.findall(r'<span class="addr">([^<]+)</span>', html)


def _grid0(*, building=None, unit=None, room=None) -> set[str]:
    """The oracle: grid 0's households (the factory's table) that match, as the page shows them."""
    return {
        f"{b}幢{u}{r}"
        for g, b, u, r in HOUSEHOLDS
        if g == 0
        and building in (None, b)
        and unit in (None, u.removesuffix("单元"))
        and room in (None, r)
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("2-101", _grid0(building="2", room="101")),
        ("3幢1单元102", _grid0(building="3", unit="1", room="102")),
        ("101", _grid0(room="101")),
        ("10", _grid0(building="10")),
        ("7幢", set()),  # grid 4's building: outside the worker's grid
        ("9幢", set()),
    ],
)
def test_the_worker_finds_households_of_their_grid_by_building_and_room(
    world, client_as, query, expected
):
    page = client_as("grid_worker_a1").get(
        f"/grid/campaigns/{world.sweep.pk}/visits/", {"q": query}
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert set(_rows(html)) == expected
    assert f'data-matches="{len(expected)}"' in html
    if not expected:  # the empty state names what was typed and what to do
        empty = re.search(r'<div class="p-3 sweep-empty">([^<]+)</div>', html)
        assert empty and f"“{query}”" in empty[1]


def test_a_search_never_leaves_the_users_scope(world):
    community_b1 = world.district.personas["community_admin_b1"]
    found = selectors.visit_list(user=community_b1, campaign=world.sweep, address="101")
    grids = {world.grid_of[t.household_id] for t in found}
    assert grids == {4}  # room 101 is in grids 0, 1, 2 and 4; B1 manages grids 4 and 5


def test_a_long_search_is_cut_not_refused(world, client_as):
    url = f"/grid/campaigns/{world.sweep.pk}/visits/"
    assert client_as("grid_worker_a1").get(url, {"q": "3" * 5000}).status_code == 200


def _visit(world, target, by="grid_worker_a1"):
    from yipanqi.grid import actions

    return actions.visit_record(
        target=target, outcome="refused", actor=world.personas[by], idempotency_key=f"k{target.pk}"
    )


def test_the_list_counts_visited_households_of_all_and_of_mine(world, client_as):
    worker = world.personas["grid_worker_a1"]
    targets = list(world.sweep.targets.filter(grid=world.district.grids[0]))
    mine = [t for t in targets if t.assignee_id == worker.pk]
    _visit(world, mine[0])
    _visit(world, next(t for t in targets if t.assignee_id != worker.pk))
    html = client_as("grid_worker_a1").get(f"/grid/campaigns/{world.sweep.pk}/visits/")
    html = html.content.decode()
    assert f'data-visited="2" data-total="{len(targets)}"' in html
    assert f'data-pending="{len(targets) - 2}"' in html
    assert 'data-mine-visited="1"' in html and f"1 / {len(mine)}" in html


def _walking(world) -> list[int]:
    """Oracle: grid 0's targets in walking order (building, unit and room read as numbers)."""
    targets = world.sweep.targets.filter(grid=world.district.grids[0]).select_related("household")

    def key(t):
        return int(t.household.building), t.household.unit_no, int(t.household.room)

    return [t.pk for t in sorted(targets, key=key)]


def _next(client, world, **params) -> str:
    response = client.get(f"/grid/campaigns/{world.sweep.pk}/visits/next/", params)
    assert response.status_code == 302
    return response["Location"]


def test_next_unvisited_walks_the_users_own_households_first(world, client_as):
    worker = world.personas["grid_worker_a1"]
    client = client_as("grid_worker_a1")
    order = _walking(world)
    mine = [pk for pk in order if world.sweep.targets.get(pk=pk).assignee_id == worker.pk]
    others = [pk for pk in order if pk not in mine]
    form = f"/grid/campaigns/{world.sweep.pk}/visits/{{}}/"
    assert _next(client, world) == form.format(mine[0])
    # skipping one goes on to the next in walking order, and round again at the end
    assert _next(client, world, after=mine[0]) == form.format(mine[1])
    assert _next(client, world, after=mine[-1]) == form.format(mine[0])
    for pk in mine:
        _visit(world, world.sweep.targets.get(pk=pk))
    # mine all done: the grid's other households still to visit
    assert _next(client, world) == form.format(others[0])
    for pk in others:
        _visit(world, world.sweep.targets.get(pk=pk), by="grid_worker_a1b")
    # nothing left: back to the list, which says so
    assert _next(client, world) == f"/grid/campaigns/{world.sweep.pk}/visits/"
    assert "都已走访" in client.get(_next(client, world)).content.decode()


def test_next_unvisited_answers_404_for_a_household_out_of_scope(world, client_as):
    elsewhere = world.target(grid=4)
    response = client_as("grid_worker_a1").get(
        f"/grid/campaigns/{world.sweep.pk}/visits/next/", {"after": elsewhere.pk}
    )
    assert response.status_code == 404


def test_the_phone_keeps_the_households_the_worker_may_visit(world, client_as):
    worker = world.personas["grid_worker_a1"]
    world_targets = world.sweep.targets.filter(grid=world.district.grids[0])
    _visit(world, world_targets.order_by("pk").first())
    response = client_as("grid_worker_a1").get(
        f"/grid/campaigns/{world.sweep.pk}/visits/offline.json"
    )
    data = response.json()
    assert response.status_code == 200 and data["campaign"] == world.sweep.pk
    assert {t["id"] for t in data["targets"]} == set(world_targets.values_list("pk", flat=True))
    kept = {t["id"]: t for t in data["targets"]}
    for target in world_targets.select_related("household"):
        row = kept[target.pk]
        assert row["mine"] == (target.assignee_id == worker.pk)
        assert row["pending"] == (target.outcome == "")
        assert set(row) == {"id", "address", "pending", "mine"}  # no names, no phone numbers
    assert [t["pending"] for t in data["targets"]] == sorted(
        (t["pending"] for t in data["targets"]), reverse=True
    )


@pytest.mark.parametrize("page", ["offline.json", "offline/", "next/"])
def test_offline_pages_of_a_sweep_out_of_scope_answer_404(world, client_as, page):
    # community A1's local sweep has no household in grid 4 (grid_worker_b1's grid)
    response = client_as("grid_worker_b1").get(f"/grid/campaigns/{world.local.pk}/visits/{page}")
    assert response.status_code == 404


def test_the_household_less_form_is_only_read(world, client_as):
    client = client_as("grid_worker_a1")
    url = f"/grid/campaigns/{world.sweep.pk}/visits/offline/"
    page = client.get(url).content.decode()
    assert 'data-shell="1"' in page and 'name="outcome"' in page
    assert page.count('data-required="1"') == sum(q.required for q in world.sweep.questions.all())
    assert client.post(url, {"outcome": "visited"}).status_code == 405


def test_the_service_worker_is_served_from_grid_with_its_scope(client):
    response = client.get("/grid/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/grid/"
    config = json.loads(re.match(r"self\.GRID_CONFIG = (.*?);\n", response.content.decode())[1])
    assert re.match(config["form"], "/grid/campaigns/12/visits/34/")
    assert not re.match(config["form"], "/grid/campaigns/12/visits/offline/")
    assert "VisitQueue" in response.content.decode()


def test_the_manifest_names_the_app_and_its_icons(client):
    response = client.get("/grid/manifest.webmanifest")
    data = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert data["name"] == "一盘棋" and data["start_url"].startswith(data["scope"])
    assert {i["sizes"] for i in data["icons"]} == {"192x192", "512x512"}
    for size in (192, 512):
        assert finders.find(f"icons/icon-{size}.png"), "the icon file exists"


def test_the_visit_pages_link_the_manifest_and_load_no_inline_script(world, client_as):
    client = client_as("grid_worker_a1")
    for url in (
        f"/grid/campaigns/{world.sweep.pk}/visits/",
        f"/grid/campaigns/{world.sweep.pk}/visits/{world.target().pk}/",
    ):
        html = client.get(url).content.decode()
        head = html.split("</head>")[0]
        assert 'rel="manifest" href="/grid/manifest.webmanifest"' in head
        assert "grid/offline.js" in html
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script"


def test_a_visit_sent_later_keeps_the_time_it_happened(world, api_as):
    import datetime

    from django.utils import timezone

    from yipanqi.grid.models import Visit

    api, url = api_as("grid_worker_a1"), f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/"
    earlier = timezone.now() - datetime.timedelta(hours=2)
    body = {"target_id": world.target().pk, "outcome": "refused"}
    response = api.post(url, {**body, "visited_at": earlier.isoformat()}, format="json")
    assert response.status_code == 201
    assert Visit.objects.get(pk=response.json()["id"]).visited_at == earlier
    for days in (1, -8):  # tomorrow, or longer ago than a phone keeps a visit
        when = (timezone.now() + datetime.timedelta(days=days)).isoformat()
        other = {"target_id": world.target(index=1).pk, "outcome": "refused", "visited_at": when}
        refused = api.post(url, other, format="json")
        assert (refused.status_code, refused.json()["code"]) == (400, "bad_visited_at")
