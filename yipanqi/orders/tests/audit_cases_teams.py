"""Service teams' cases for core/tests/test_audit_changes.py (each action records before/after of
every field it changed). Each case takes that test's `World` and returns its `Step`."""

from functools import partial
from typing import Any

from yipanqi.orders import actions
from yipanqi.orders.tests.team_factories import build_team_world


def _teams(w: Any) -> Any:
    if not hasattr(w, "_teams"):
        w._teams = build_team_world(w.orders)
    return w._teams


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _create(w: Any) -> Any:
    tw = _teams(w)
    run = partial(
        actions.team_create,
        lead_organisation=w.d.party[tw.world.a1.name],
        name="二号服务团",
        coverage=[w.d.grids[0], w.d.grids[1]],
        leader=tw.world.members["party_member_a1c"],
        actor=w.admin(),
    )
    return _step("orders.team.created", run, also=("coverage",))


def _edit(w: Any) -> Any:
    tw = _teams(w)
    run = partial(
        actions.team_edit,
        team=tw.team,
        name="锦屏一号服务团",
        coverage=[w.d.grids[1]],
        leader=tw.world.members["party_member_a1b"],
        actor=w.admin(),
    )
    return _step("orders.team.edited", run, tw.team, also=("coverage",))


def _add(w: Any) -> Any:
    tw = _teams(w)
    run = partial(
        actions.team_member_add,
        team=tw.team,
        member=tw.world.members["party_member_a1c"],
        actor=w.admin(),
    )
    return _step("orders.team_member.added", run)


def _remove(w: Any) -> Any:
    tw = _teams(w)
    row = tw.team.memberships.get(member=tw.world.members["party_member_a1b"])
    run = partial(actions.team_member_remove, membership=row, actor=w.admin())
    return _step("orders.team_member.removed", run, row)


CASES = [
    (actions.team_create, _create),
    (actions.team_edit, _edit),
    (actions.team_member_add, _add),
    (actions.team_member_remove, _remove),
]
NOT_WALKED: set[str] = set()
