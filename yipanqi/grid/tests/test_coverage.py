"""Coverage figures (per grid, community, street, district) and the report figures equal an
independent count: visits walked in Python from the records, not the grouped queries."""

import datetime
from collections import Counter

from yipanqi.grid import actions, selectors
from yipanqi.grid.actions import FollowUp
from yipanqi.grid.dashboard import figures
from yipanqi.grid.models import Visit


def _sweep_some(world) -> None:
    p, grids = world.personas, world.district.grids
    worker, admin = p["grid_worker_a1"], p["district_admin"]
    outcomes = ["visited", "nobody_home", "refused", "follow_up", "visited"]
    for index, outcome in enumerate(outcomes):
        follow = FollowUp("order", "需要帮助") if outcome == "follow_up" else None
        actions.visit_record(
            target=world.target(grid=0, index=index), outcome=outcome, answers=world.answers(),
            actor=worker, follow_up=follow,
        )  # fmt: skip
    actions.visit_record(
        target=world.target(grid=4),
        outcome="visited",
        answers=world.answers(),
        actor=p["grid_worker_b1"],
    )
    actions.campaign_next_round(campaign=world.sweep, actor=admin)
    actions.visit_record(
        target=world.target(grid=0, index=1),
        outcome="visited",
        answers=world.answers(),
        actor=worker,
    )
    assert grids  # the world has its grids


def _independent(world, grid_indexes: set[int]) -> Counter:
    """Per household the latest visit, counted by hand."""
    latest: dict[int, str] = {}
    for visit in Visit.objects.filter(campaign=world.sweep).order_by("round", "id"):
        latest[visit.household_id] = visit.outcome
    counts: Counter = Counter()
    for household in world.households:
        if world.grid_of[household.pk] not in grid_indexes:
            continue
        outcome = latest.get(household.pk, "")
        counts["targeted"] += 1
        counts["visited"] += outcome in ("visited", "follow_up")
        counts["follow_ups"] += outcome == "follow_up"
        counts["pending"] += outcome in ("", "nobody_home")
        counts["refused"] += outcome == "refused"
    return counts


def test_coverage_per_level_equals_an_independent_count(world):
    _sweep_some(world)
    d, admin = world.district, world.personas["district_admin"]
    levels = {
        d.district: set(range(8)),
        d.towns[0]: {0, 1, 2, 3},
        d.communities[0]: {0, 1},
        d.grids[0]: {0},
    }
    for node, grid_indexes in levels.items():
        result = selectors.coverage(user=admin, campaign=world.sweep, node=node)
        expected = _independent(world, grid_indexes)
        for key in ("targeted", "visited", "follow_ups", "pending", "refused"):
            assert result.totals[key] == expected[key], (node.name, key)
        assert sum(r["targeted"] for r in result.rows) == expected["targeted"]
    by_grid = selectors.coverage(user=admin, campaign=world.sweep, node=d.communities[0])
    rows = {r["area"].pk: r for r in by_grid.rows}
    assert rows[d.grids[0].pk]["visited"] == _independent(world, {0})["visited"] == 4


def test_a_grid_worker_sees_only_their_grid(world):
    _sweep_some(world)
    worker = world.personas["grid_worker_a1"]
    node = selectors.default_node(user=worker, campaign=world.sweep)
    assert node == world.district.grids[0]
    result = selectors.coverage(user=worker, campaign=world.sweep, node=world.district.district)
    assert result.totals["targeted"] == _independent(world, {0})["targeted"]


def test_households_screened_counts_distinct_screened_households_in_the_period(world):
    _sweep_some(world)
    d = world.district
    screened = {
        v.household_id for v in Visit.objects.all() if v.outcome in ("visited", "follow_up")
    }
    result = figures(
        path=d.district.scope_path, start=datetime.date(2021, 1, 1), end=datetime.date(2021, 12, 31)
    )
    assert result["households_screened"] == len(screened) == 5
    assert result["sweep_households_targeted"] == len(world.households)
    assert result["sweep_follow_ups"] == 1
    only_a1 = figures(
        path=d.communities[0].scope_path,
        start=datetime.date(2021, 1, 1),
        end=datetime.date(2021, 12, 31),
    )
    assert only_a1["households_screened"] == 4
    before = figures(
        path=d.district.scope_path, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 12, 31)
    )
    assert before["households_screened"] == 0


def test_incident_figures(world):
    p = world.personas
    closed, escalated = world.report(), world.report(grid=1, by="community_admin_a1")
    world.report(grid=4, by="community_admin_b1")
    actions.incident_accept(incident=closed, actor=p["community_admin_a1"])
    actions.incident_handle(incident=closed, note="好了", actor=p["community_admin_a1"])
    actions.incident_close(incident=closed, result="好了", actor=p["grid_worker_a1"])
    actions.incident_escalate(incident=escalated, reason="需要街道", actor=p["community_admin_a1"])
    from django.utils import timezone

    today = timezone.localdate()
    result = figures(path=world.district.district.scope_path, start=today, end=today)
    assert (
        result["incidents_reported"],
        result["incidents_closed"],
        result["incidents_escalated"],
    ) == (3, 1, 1)
