"""The officers app's cases for core/tests/test_audit_changes.py."""

from functools import partial
from typing import Any

from yipanqi.core.actors import system
from yipanqi.officers import actions as officers
from yipanqi.officers.tests.factories import a_week_ago, build_officer_world

TEST = system("test")


def _world(w: Any) -> Any:
    if not hasattr(w, "_officers"):
        w._officers = build_officer_world(w.d)
    return w._officers


def _step(code: str, run: Any, row: Any = None) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row)


def _assign(w: Any) -> Any:
    o = _world(w)
    run = partial(officers.assignment_create, officer=w.p["officer_a"], role=o.role("community"),
                  area=w.d.communities[1], actor=w.p["town_admin_a"])  # fmt: skip
    return _step("officers.assignment.created", run)


def _end(w: Any) -> Any:
    a = _world(w).assignments["a1_guide"]
    return _step("officers.assignment.ended",
                 partial(officers.assignment_end, assignment=a, actor=w.p["town_admin_a"]), a)  # fmt: skip


def _log(w: Any) -> Any:
    a = _world(w).assignments["a_street"]
    run = partial(officers.worklog_record, assignment=a, kind="visit", occurred_on=a_week_ago(),
                  summary="巡查", actor=w.p["officer_a"])  # fmt: skip
    return _step("officers.worklog.recorded", run)


def _role(w: Any) -> Any:
    role = _world(w).role("street")
    run = partial(officers.role_update, role=role, name="街巷长", duties="巡查", layer="grassroots",
                  actor=w.p["district_admin"])  # fmt: skip
    return _step("officers.role.updated", run, role)


CASES = [
    (officers.assignment_create, _assign),
    (officers.assignment_end, _end),
    (officers.worklog_record, _log),
    (officers.role_update, _role),
]
NOT_WALKED = {
    # A district's default role list: one event naming the codes created (like orders' categories).
    "officers.roles_ensure_defaults",
}
