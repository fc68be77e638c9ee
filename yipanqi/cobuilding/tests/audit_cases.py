"""Co-building's cases for core/tests/test_audit_changes.py (each action records before/after of
every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from functools import partial
from typing import Any

from yipanqi.cobuilding import actions
from yipanqi.cobuilding.models import Project
from yipanqi.core.actors import system

TEST = system("test")
DUE = datetime.date(2099, 1, 1)


def _world(w: Any) -> Any:
    if not hasattr(w, "_cobuilding"):
        from yipanqi.cobuilding.tests.factories import build_world

        w._cobuilding = build_world(w.d)
    return w._cobuilding


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _claim(w: Any) -> Any:
    c = _world(w)
    return actions.need_claim(need=c.need, unit=w.d.units[0], actor=c.personas["liaison_a1"])


def _project(w: Any, status: str = "") -> Any:
    c = _world(w)
    claim = _claim(w)
    actions.claim_accept(claim=claim, actor=c.personas["community_admin_a1"])
    project = Project.objects.get(claim=claim)
    if status in ("in_progress", "completed"):
        actions.project_begin(project=project, actor=TEST)
    if status == "completed":
        actions.project_complete(project=project, actor=TEST)
    return project


def _problem(w: Any, on_session: bool = True) -> Any:
    from yipanqi.deliberation.actions import meeting_schedule

    c = _world(w)
    council = c.councils[0]
    problem = actions.problem_raise(
        council=council, community=w.d.communities[0], title="难题", description="说明", actor=TEST
    )
    if on_session:
        session = meeting_schedule(
            body=council, kind="problem_solving", title="会办",
            starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=TEST,
        )  # fmt: skip
        actions.problem_to_session(problem=problem, session=session, actor=TEST)
    return problem


def _commitment(w: Any, due: datetime.date = DUE) -> Any:
    c = _world(w)
    return actions.commitment_add(
        problem=_problem(w), member=c.seats["unit_a1"], what="承诺", due_on=due, actor=TEST
    )


def _publish(w: Any) -> Any:
    c = _world(w)
    run = partial(
        actions.resource_publish, unit=w.d.units[0], title="场地", kind="venue", capacity="30人",
        area=w.d.towns[0], available_from=DUE, available_to=DUE, actor=c.personas["liaison_a1"],
    )  # fmt: skip
    return _step("cobuilding.resource.published", run)


def _need_claim(w: Any) -> Any:
    c = _world(w)
    run = partial(
        actions.need_claim, need=c.need, unit=w.d.units[0], actor=c.personas["liaison_a1"]
    )
    return _step("cobuilding.claim.claimed", run)


def _resource_claim(w: Any) -> Any:
    c = _world(w)
    run = partial(
        actions.resource_claim, resource=c.resource, community=w.d.communities[0],
        actor=c.personas["community_admin_a1"],
    )  # fmt: skip
    return _step("cobuilding.claim.claimed", run)


def _accept(w: Any) -> Any:
    claim = _claim(w)
    admin = _world(w).personas["community_admin_a1"]
    return _step(
        "cobuilding.claim.accepted", partial(actions.claim_accept, claim=claim, actor=admin), claim
    )


def _decline(w: Any) -> Any:
    claim = _claim(w)
    admin = _world(w).personas["community_admin_a1"]
    run = partial(actions.claim_decline, claim=claim, reason="时间不合", actor=admin)
    return _step("cobuilding.claim.declined", run, claim)


def _withdraw(w: Any) -> Any:
    claim = _claim(w)
    run = partial(actions.claim_withdraw, claim=claim, actor=_world(w).personas["liaison_a1"])
    return _step("cobuilding.claim.withdrawn", run, claim)


def _move(action: Any, code: str, status: str = "") -> Any:
    def case(w: Any) -> Any:
        project = _project(w, status)
        return _step(code, partial(action, project=project, actor=TEST), project)

    return case


def _report(w: Any) -> Any:
    project = _project(w, "in_progress")
    run = partial(actions.project_report, project=project, note="进展顺利", actor=TEST)
    return _step("cobuilding.project.reported", run, project, also=("reported_on", "note"))


def _rate(w: Any) -> Any:
    project = _project(w, "completed")
    run = partial(actions.project_rate, project=project, rating=4, comment="好", actor=TEST)
    return _step("cobuilding.project.rated", run, project)


def _raise(w: Any) -> Any:
    c = _world(w)
    run = partial(
        actions.problem_raise, council=c.councils[0], community=w.d.communities[0], title="难题",
        description="说明", actor=c.personas["community_admin_a1"],
    )  # fmt: skip
    return _step("cobuilding.problem.raised", run)


def _escalate(w: Any) -> Any:
    from yipanqi.grid.actions import incident_report

    c = _world(w)
    incident = incident_report(
        grid=w.d.grids[0], category="environment", place="3幢", description="楼道堆物",
        actor=c.personas["community_admin_a1"],
    )  # fmt: skip
    run = partial(actions.problem_escalate, record=incident, actor=c.personas["community_admin_a1"])
    return _step("cobuilding.problem.raised", run)


def _to_session(w: Any) -> Any:
    from yipanqi.deliberation.actions import meeting_schedule

    problem = _problem(w, on_session=False)
    session = meeting_schedule(
        body=problem.council, kind="problem_solving", title="会办",
        starts_at=datetime.datetime(2021, 5, 1, 9, tzinfo=datetime.UTC), actor=TEST,
    )  # fmt: skip
    run = partial(actions.problem_to_session, problem=problem, session=session, actor=TEST)
    return _step("cobuilding.problem.on_agenda", run, problem)


def _commit(w: Any) -> Any:
    problem, seat = _problem(w), _world(w).seats["unit_a1"]
    run = partial(
        actions.commitment_add, problem=problem, member=seat, what="承诺", due_on=DUE, actor=TEST
    )
    return _step("cobuilding.commitment.made", run)


def _done(w: Any) -> Any:
    commitment = _commitment(w)
    run = partial(actions.commitment_done, commitment=commitment, evidence="照片", actor=TEST)
    return _step("cobuilding.commitment.done", run, commitment)


def _confirm(w: Any) -> Any:
    commitment = _commitment(w)
    actions.commitment_done(commitment=commitment, evidence="照片", actor=TEST)
    problem = commitment.problem
    admin = _world(w).personas["community_admin_a1"]
    run = partial(actions.problem_confirm, problem=problem, result="已解决", actor=admin)
    return _step("cobuilding.problem.closed", run, problem)


def _escalate(w: Any) -> Any:
    commitment = _commitment(w, datetime.date(2021, 1, 1))
    run = partial(actions.commitment_escalate, commitment=commitment, actor=TEST)
    return _step("cobuilding.commitment.escalated", run, commitment)


def _evaluate(w: Any) -> Any:
    _world(w)
    run = partial(
        actions.evaluation_record, community=w.d.communities[0], unit=w.d.units[0], year=2021,
        grade="good", actor=w.p["community_admin_a1"], today=datetime.date(2021, 12, 2),
    )  # fmt: skip
    return _step("cobuilding.evaluation.recorded", run)


CASES = [
    (actions.resource_publish, _publish),
    (actions.need_claim, _need_claim),
    (actions.resource_claim, _resource_claim),
    (actions.claim_accept, _accept),
    (actions.claim_decline, _decline),
    (actions.claim_withdraw, _withdraw),
    (actions.project_begin, _move(actions.project_begin, "cobuilding.project.begun")),
    (actions.project_report, _report),
    (
        actions.project_complete,
        _move(actions.project_complete, "cobuilding.project.completed", "in_progress"),
    ),
    (actions.project_rate, _rate),
    (actions.project_cancel, _move(actions.project_cancel, "cobuilding.project.cancelled")),
    (actions.problem_raise, _raise),
    (actions.problem_escalate, _escalate),
    (actions.problem_to_session, _to_session),
    (actions.commitment_add, _commit),
    (actions.commitment_done, _done),
    (actions.problem_confirm, _confirm),
    (actions.commitment_escalate, _escalate),
    (actions.evaluation_record, _evaluate),
]
NOT_WALKED = {
    # The periodic job: each overdue commitment goes through commitment_escalate (walked).
    "cobuilding.commitments_escalate_overdue",
}
