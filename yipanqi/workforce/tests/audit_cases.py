"""The workforce app's cases for core/tests/test_audit_changes.py (each action records before/after
of every field it changed). Each case takes that test's `World` and returns its `Step`."""

import datetime
from decimal import Decimal
from functools import partial
from typing import Any

from django.utils import timezone

from yipanqi.workforce import actions as wf
from yipanqi.workforce.actions._common import sign_in_code
from yipanqi.workforce.tests.factories import TEST, build_workforce_world, make_person


def _world(w: Any) -> Any:
    if not hasattr(w, "_workforce"):
        w._workforce = build_workforce_world(w.d)
    return w._workforce


def _step(code: str, run: Any, row: Any = None, also: tuple[str, ...] = ()) -> Any:
    from yipanqi.core.tests.test_audit_changes import Step

    return Step(code, run, row, also=also)


def _appoint(w: Any) -> Any:
    _world(w)
    person = make_person(w.d, 1, "新聘社工")
    run = partial(
        wf.worker_appoint, person=person, community=w.d.communities[1], post="other",
        started_on=datetime.date(2021, 7, 1), education="bachelor", actor=TEST,
    )  # fmt: skip
    return _step("workforce.worker.appointed", run)


def _transfer(w: Any) -> Any:
    worker = _world(w).workers["a2_deputy"]
    run = partial(
        wf.worker_transfer, worker=worker, community=w.d.communities[0],
        on=datetime.date(2021, 9, 1), actor=w.p["town_admin_a"],
    )  # fmt: skip
    return _step("workforce.worker.transferred", run, worker, also=("appointment.",))


def _set_grade(w: Any) -> Any:
    worker = _world(w).workers["a2_deputy"]
    run = partial(wf.worker_set_grade, worker=worker, grade=9, actor=w.p["community_admin_a2"])
    return _step("workforce.worker.grade_set", run, worker)


def _exit(w: Any) -> Any:
    worker = _world(w).workers["b1_head"]
    run = partial(
        wf.worker_exit, worker=worker, on=datetime.date(2021, 10, 31), reason="退休",
        actor=w.p["community_admin_b1"],
    )  # fmt: skip
    return _step("workforce.worker.exited", run, worker)


def _move(w: Any) -> Any:
    worker = _world(w).workers["b1_head"]
    run = partial(
        wf.career_move_record, worker=worker, moved_on=datetime.date(2021, 10, 1),
        kind="public_institution", destination="奉化区社会治理中心", actor=TEST,
    )  # fmt: skip
    return _step("workforce.worker.moved", run, worker)


def _appraise(w: Any) -> Any:
    worker = _world(w).workers["b1_head"]
    run = partial(
        wf.appraisal_record, worker=worker, year=2021, result="qualified", comment="称职",
        actor=w.p["community_admin_b1"],
    )  # fmt: skip
    return _step("workforce.appraisal.recorded", run, also=("worker.",))


def _clear_review(w: Any) -> Any:
    worker = _world(w).workers["b1_head"]
    for year in (2020, 2021):
        wf.appraisal_record(worker=worker, year=year, result="unqualified", actor=TEST)
    run = partial(wf.worker_clear_review, worker=worker, actor=w.p["district_admin"])
    return _step("workforce.worker.reviewed", run, worker)


def _table(w: Any) -> Any:
    _world(w)
    run = partial(
        wf.pay_table_create, district=w.d.district, year=2022, base_amount=Decimal("63000"),
        actor=w.p["district_admin"],
    )  # fmt: skip
    return _step("workforce.pay_table.created", run)


def _table_edit(w: Any) -> Any:
    _world(w)
    table = wf.pay_table_create(
        district=w.d.district, year=2022, base_amount=Decimal("63000"), actor=TEST
    )
    run = partial(
        wf.pay_table_edit, table=table, base_amount=Decimal("64000"),
        overrides={"seniority_step_years": 2}, actor=w.p["district_admin"],
    )  # fmt: skip
    return _step("workforce.pay_table.changed", run, table)


def _compute(w: Any) -> Any:
    _world(w)
    run = partial(
        wf.pay_run_compute, area=w.d.towns[0], year=2021, reason="更正", actor=w.p["town_admin_a"]
    )
    return _step("workforce.run.computed", run)


def _approve(w: Any) -> Any:
    run_b = _world(w).runs["B"]
    run = partial(wf.pay_run_approve, run=run_b, actor=TEST)
    return _step("workforce.run.approved", run, run_b)


def _course(w: Any) -> Any:
    _world(w)
    run = partial(
        wf.course_create, area=w.d.towns[1], title="应急管理专题", theme="应急管理",
        start=datetime.date(2021, 9, 1), end=datetime.date(2021, 9, 2), days=2, class_size=20,
        actor=w.p["district_admin"],
    )  # fmt: skip
    return _step("workforce.course.created", run)


def _enrol(w: Any) -> Any:
    world = _world(w)
    course = world.courses["district"]
    run = partial(
        wf.course_enrol, course=course, workers=[world.workers["b1_head"]],
        actor=w.p["community_admin_b1"],
    )  # fmt: skip
    return _step("workforce.course.enrolled", run, course, also=("enrolled",))


def _sign_in(w: Any) -> Any:
    world = _world(w)
    course, worker = world.courses["town_a"], world.workers["a1_other"]
    enrolment = course.enrolments.get(worker=worker)
    code = sign_in_code(course, timezone.localdate())
    run = partial(
        wf.attendance_sign_in, course=course, worker=worker, method="qr", code=code,
        actor=w.p["grid_worker_a1"],
    )  # fmt: skip
    return _step("workforce.enrolment.signed_in", run, enrolment)


CASES = [
    (wf.worker_appoint, _appoint),
    (wf.worker_transfer, _transfer),
    (wf.worker_set_grade, _set_grade),
    (wf.worker_exit, _exit),
    (wf.career_move_record, _move),
    (wf.appraisal_record, _appraise),
    (wf.worker_clear_review, _clear_review),
    (wf.pay_table_create, _table),
    (wf.pay_table_edit, _table_edit),
    (wf.pay_run_compute, _compute),
    (wf.pay_run_approve, _approve),
    (wf.course_create, _course),
    (wf.course_enrol, _enrol),
    (wf.attendance_sign_in, _sign_in),
]
NOT_WALKED = {
    # Bulk twins of walked actions (the demo): the same events, checked by their own tests.
    "workforce.workers_appoint_bulk",
    "workforce.appraisals_record_bulk",
    "workforce.training_record_bulk",
    # Change no row: an export (audited with its purpose) and a reminder (audited with counts).
    "workforce.pay_run_export",
    "workforce.training_remind",
    "workforce.training_remind_due",  # the periodic twin: test_setup walks it as the system
}
