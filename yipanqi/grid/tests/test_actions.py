"""Sweeps, visits and follow-ups through the actions: targets and the automatic split, idempotent
visit recording, rounds, checklist answers, follow-up → service order."""

import pytest

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.grid import actions
from yipanqi.grid.actions import FollowUp
from yipanqi.grid.models import Target, Visit
from yipanqi.grid.tests.factories import HOUSEHOLDS
from yipanqi.orders.models import ServiceOrder


def test_a_sweep_targets_every_household_of_its_areas(world):
    assert world.sweep.targets.count() == len(HOUSEHOLDS)
    assert world.local.targets.count() == sum(1 for h in HOUSEHOLDS if h[0] in (0, 1))
    # each target is scoped to its household's grid
    for target in world.sweep.targets.select_related("household"):
        assert target.scope_path == target.household.scope_path


def test_households_are_split_among_the_grid_workers_in_walking_runs(world):
    p, grids = world.personas, world.district.grids
    grid0 = list(world.sweep.targets.filter(grid=grids[0]).values_list("assignee_id", flat=True))
    assert sorted(set(grid0)) == sorted([p["grid_worker_a1"].pk, p["grid_worker_a1b"].pk])
    assert grid0.count(p["grid_worker_a1"].pk) == 3
    # no worker in grid 1: its households stay with the grid
    assert set(world.sweep.targets.filter(grid=grids[1]).values_list("assignee_id", flat=True)) == {
        None
    }


def test_a_grid_worker_cannot_run_a_sweep(world):
    with pytest.raises(Forbidden):
        actions.campaign_create(
            area=world.district.communities[0],
            title="x",
            starts_on=world.sweep.starts_on,
            ends_on=world.sweep.ends_on,
            actor=world.personas["grid_worker_a1"],
        )


def test_the_same_visit_sent_twice_is_stored_once_with_one_audit_event(world):
    target, worker = world.target(), world.personas["grid_worker_a1"]
    kwargs = {"target": target, "outcome": "visited", "answers": world.answers(), "actor": worker}

    first = actions.visit_record(idempotency_key="k-1", **kwargs)
    again = actions.visit_record(idempotency_key="k-1", **kwargs)

    assert again.pk == first.pk
    assert Visit.objects.filter(target=target).count() == 1
    assert (
        AuditEvent.objects.filter(action="grid.visit.recorded", target_id=str(first.pk)).count()
        == 1
    )
    target.refresh_from_db()
    assert (target.outcome, target.last_round) == ("visited", 1)


def test_another_record_of_the_same_round_is_a_conflict(world):
    target, worker = world.target(), world.personas["grid_worker_a1"]
    actions.visit_record(target=target, outcome="nobody_home", actor=worker, idempotency_key="a")
    with pytest.raises(Conflict) as caught:
        actions.visit_record(
            target=target,
            outcome="visited",
            answers=world.answers(),
            actor=worker,
            idempotency_key="b",
        )
    assert caught.value.code == "already_visited"


def test_the_database_refuses_two_visits_of_one_household_in_one_round(world):
    from django.db import IntegrityError, transaction

    visit = actions.visit_record(
        target=world.target(), outcome="refused", actor=world.personas["grid_worker_a1"]
    )
    twin = Visit(
        campaign=visit.campaign, target=visit.target, household=visit.household, round=1,
        outcome="visited", visited_at=visit.visited_at, scope_path=visit.scope_path,
        district_code=visit.district_code,
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_nobody_home_is_visited_again_in_the_next_round(world):
    target, worker = world.target(), world.personas["grid_worker_a1"]
    actions.visit_record(target=target, outcome="nobody_home", actor=worker)
    actions.campaign_next_round(campaign=world.sweep, actor=world.personas["district_admin"])
    visit = actions.visit_record(
        target=target, outcome="visited", answers=world.answers(), actor=worker
    )
    assert visit.round == 2
    assert list(
        Visit.objects.filter(target=target).order_by("round").values_list("outcome", flat=True)
    ) == [
        "nobody_home",
        "visited",
    ]


def test_required_answers_and_answer_shapes_are_checked(world):
    target, worker = world.target(), world.personas["grid_worker_a1"]
    ids = world.question_ids()
    with pytest.raises(Invalid) as missing:
        actions.visit_record(target=target, outcome="visited", answers={}, actor=worker)
    assert missing.value.code == "answer_required"
    with pytest.raises(Invalid) as bad:
        actions.visit_record(
            target=target,
            outcome="visited",
            answers={str(ids[0]): "no", str(ids[1]): "maybe"},
            actor=worker,
        )
    assert bad.value.code == "bad_answer"
    visit = actions.visit_record(
        target=target,
        outcome="visited",
        answers={str(ids[0]): "yes", str(ids[2]): "4"},
        actor=worker,
    )
    assert visit.answers == {str(ids[0]): True, str(ids[2]): 4.0}
    # nobody home: no answers are kept
    other = actions.visit_record(
        target=world.target(index=1),
        outcome="nobody_home",
        answers={str(ids[0]): "yes"},
        actor=worker,
    )
    assert other.answers == {}


def test_a_grid_worker_records_only_in_their_own_grid(world):
    with pytest.raises(Forbidden):
        actions.visit_record(
            target=world.target(grid=2), outcome="refused", actor=world.personas["grid_worker_a1"]
        )


def test_a_follow_up_opens_a_service_order_in_the_visits_grid_in_one_action(world):
    target, worker = world.target(), world.personas["grid_worker_a1"]
    visit = actions.visit_record(
        target=target,
        outcome="follow_up",
        answers=world.answers(),
        actor=worker,
        idempotency_key="fu-1",
        follow_up=FollowUp(kind="order", description="独居老人需要代购药品"),
    )
    order = ServiceOrder.objects.get(pk=visit.order_id)
    assert order.grid == world.district.grids[0] and order.household_id == target.household_id
    assert order.channel == "assisted" and order.category.code == "epidemic"
    # sent again: the same visit, still one order
    again = actions.visit_record(
        target=target, outcome="follow_up", answers=world.answers(), actor=worker, idempotency_key="fu-1",
        follow_up=FollowUp(kind="order", description="独居老人需要代购药品"),
    )  # fmt: skip
    assert again.order_id == order.pk and ServiceOrder.objects.count() == 1


def test_a_follow_up_can_open_an_incident(world):
    visit = actions.visit_record(
        target=world.target(),
        outcome="follow_up",
        answers=world.answers(),
        actor=world.personas["grid_worker_a1"],
        follow_up=FollowUp(kind="incident", category="safety", description="楼道堆放杂物"),
    )
    assert visit.incident.category == "safety" and visit.incident.place == visit.household.address


def test_a_failed_follow_up_leaves_no_visit(world):
    target = world.target()
    with pytest.raises(Invalid):
        actions.visit_record(
            target=target, outcome="follow_up", answers=world.answers(), actor=world.personas["grid_worker_a1"],
            follow_up=FollowUp(kind="order", description=""),
        )  # fmt: skip
    assert not Visit.objects.filter(target=target).exists()
    assert Target.objects.get(pk=target.pk).outcome == ""


def test_reassigning_households_within_the_grid(world):
    p = world.personas
    targets = list(world.sweep.targets.filter(assignee=p["grid_worker_a1"]))
    changed = actions.target_assign(
        targets=targets, assignee=p["grid_worker_a1b"], actor=p["community_admin_a1"]
    )
    assert changed == 3
    assert not world.sweep.targets.filter(assignee=p["grid_worker_a1"]).exists()
    with pytest.raises(Invalid):  # a worker of another grid
        actions.target_assign(
            targets=targets, assignee=p["grid_worker_b1"], actor=p["community_admin_a1"]
        )


def test_an_assigned_member_records_their_households(world):
    from yipanqi.grid.tests.factories import make_user

    helper = make_user(world.district, "helper", "party_member", world.district.grids[1])
    target = world.target(grid=1)
    Target.objects.filter(pk=target.pk).update(assignee=helper)
    visit = actions.visit_record(
        target=Target.objects.get(pk=target.pk), outcome="refused", actor=helper
    )
    assert visit.visited_by == helper
    with pytest.raises(Forbidden):
        actions.visit_record(target=world.target(grid=1, index=1), outcome="refused", actor=helper)
