"""The workforce actions: appointments (no overlap), grades by hand (in range), pay runs (no table,
four eyes, approved is immutable, corrections), the transition tables walked, training
(enrolment, sign-in only when enrolled, class size), appraisals (review flag), career moves."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.workforce import actions, pay, selectors
from yipanqi.workforce.actions._common import sign_in_code
from yipanqi.workforce.choices import (
    QUALIFICATION_ORDER,
    RUN_TRANSITIONS,
    WORKER_TRANSITIONS,
    AppraisalResult,
    MoveKind,
    Post,
    RunStatus,
    WorkerStatus,
)
from yipanqi.workforce.models import Appointment, Course, PayLine, PayRun, Worker
from yipanqi.workforce.tests.factories import TEST, appoint, make_person

pytestmark = pytest.mark.django_db


def test_an_overlapping_appointment_is_refused_and_nothing_is_saved(world):
    d, worker = world.district, world.workers["a1_other"]
    before = (Worker.objects.count(), Appointment.objects.count())
    with pytest.raises(Conflict) as e:
        actions.worker_appoint(
            person=worker.person, community=d.communities[1], post=Post.OTHER,
            started_on=datetime.date(2021, 1, 1), education="college", actor=TEST,
        )  # fmt: skip
    assert e.value.code == "overlapping_appointment"
    assert (Worker.objects.count(), Appointment.objects.count()) == before


def test_appointing_needs_a_community_admin_of_the_area(world):
    d = world.district
    person = make_person(d, 1, "新社工")
    with pytest.raises(Forbidden):
        actions.worker_appoint(
            person=person, community=d.communities[1], post=Post.OTHER,
            started_on=datetime.date(2021, 1, 1), education="college",
            actor=d.personas["community_admin_a1"],
        )  # fmt: skip
    with pytest.raises(Invalid) as e:
        actions.worker_appoint(
            person=person, community=d.communities[1], post="boss",
            started_on=datetime.date(2021, 1, 1), education="college",
            actor=d.personas["community_admin_a2"],
        )  # fmt: skip
    assert e.value.code == "bad_post"


def test_a_grade_outside_the_posts_range_is_refused(world):
    worker = world.workers["a2_deputy"]  # 副职 4–15
    for bad in (3, 16):
        with pytest.raises(Invalid) as e:
            actions.worker_set_grade(worker=worker, grade=bad, actor=TEST)
        assert e.value.code == "grade_out_of_range"
    worker.refresh_from_db()
    assert worker.grade_set is None
    actions.worker_set_grade(worker=worker, grade=15, actor=TEST)
    worker.refresh_from_db()
    assert worker.grade_set == 15


def test_a_pay_run_for_a_year_without_a_table_is_refused(world):
    with pytest.raises(Conflict) as e:
        actions.pay_run_compute(area=world.district.towns[0], year=2019, actor=TEST)
    assert e.value.code == "no_pay_table"
    assert not PayRun.objects.filter(year=2019).exists()


def test_four_eyes_who_computes_does_not_approve(world):
    run, admin = world.runs["B"], world.personas["district_admin"]
    with pytest.raises(Conflict) as e:
        actions.pay_run_approve(run=run, actor=admin)
    assert e.value.code == "four_eyes"
    run.refresh_from_db()
    assert run.status == RunStatus.DRAFT
    with pytest.raises(Forbidden):  # a community administrator is no workforce administrator
        actions.pay_run_approve(run=run, actor=world.personas["community_admin_b1"])


def test_an_approved_run_cannot_change_a_correction_is_a_new_run(world):
    run, town = world.runs["A"], world.district.towns[0]
    lines = list(run.lines.values_list("worker_id", "total"))
    with pytest.raises(Conflict) as e:
        actions.pay_run_approve(run=run, actor=TEST)
    assert e.value.code == "illegal_transition"
    with pytest.raises(Invalid) as e:
        actions.pay_run_compute(area=town, year=2021, actor=world.personas["town_admin_a"])
    assert e.value.code == "reason_required"
    actions.worker_set_grade(worker=world.workers["a1_other"], grade=12, actor=TEST)
    correction = actions.pay_run_compute(
        area=town, year=2021, reason="补录手工定级", actor=world.personas["town_admin_a"]
    )
    assert correction.corrects_id == run.pk
    assert list(run.lines.values_list("worker_id", "total")) == lines  # untouched
    actions.pay_run_approve(run=correction, actor=world.personas["district_admin"])
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED
    line = correction.lines.get(worker=world.workers["a1_other"])
    assert line.grade == 12 and line.grade_set_by_hand


def test_a_town_run_and_its_districts_run_do_not_overlap(world):
    with pytest.raises(Conflict) as e:
        actions.pay_run_compute(area=world.district.district, year=2021, actor=TEST)
    assert e.value.code == "overlapping_run"


def test_run_lines_equal_an_independent_computation(world):
    run = world.runs["A"]
    rules = pay.Rules.of(world.table.rules)
    assert run.workers == 3  # A1 head, A1 other, A2 deputy
    for line in run.lines.select_related("worker"):
        w = line.worker
        f = pay.Facts(
            w.post, 2021 - w.started_on.year, 0, w.education, w.qualification,
            "excellent" if w.pk == world.workers["a1_head"].pk else "none",
        )  # fmt: skip
        expected = pay.compute(rules, f, world.table.base_amount, QUALIFICATION_ORDER)
        assert (line.grade, line.total) == (expected.grade, expected.total)
    head = run.lines.get(worker=world.workers["a1_head"])
    # by hand: 15 years + 3 (bachelor) = 18 → 6 steps; +2 (intermediate) → 7 + 8 = 15;
    # 60000 × 1.70 = 102000; basic 81600 + performance 20400 × 1.2 = 24480
    assert head.grade == 15 and head.total == Decimal("106080.00")


def test_export_is_formula_safe_and_audited_like_unmasking(world):
    run = world.runs["A"]
    worker = world.workers["a1_other"]
    worker.person.name = "=HYPERLINK(1)"
    worker.person.save(update_fields=["name"])
    with pytest.raises(Invalid):
        actions.pay_run_export(run=run, purpose=" ", actor=world.personas["town_admin_a"])
    with pytest.raises(Forbidden):
        actions.pay_run_export(run=run, purpose="核对", actor=world.personas["community_admin_a1"])
    data = actions.pay_run_export(run=run, purpose="发放核对", actor=world.personas["town_admin_a"])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=2)]
    assert "'=HYPERLINK(1)" in names and len(names) == 3
    event = AuditEvent.objects.filter(action="workforce.run.exported").latest("id")
    assert event.data == {"lines": 3, "purpose": "发放核对"}


def test_the_run_transition_table_walked():
    for old, allowed in RUN_TRANSITIONS.items():
        for new in RunStatus.values:
            assert (new in allowed) == (
                (old, new) in {("draft", "approved"), ("approved", "superseded")}
            )
    for old, allowed in WORKER_TRANSITIONS.items():
        assert allowed == ({"exited", "moved"} if old == "active" else set())


def test_a_moved_worker_cannot_leave_or_move_again(world):
    moved = world.workers["b2_moved"]
    moved.refresh_from_db()
    assert moved.status == WorkerStatus.MOVED
    with pytest.raises((Conflict, Invalid)):
        actions.worker_exit(worker=moved, on=datetime.date(2021, 1, 1), reason="x", actor=TEST)
    with pytest.raises((Conflict, Invalid)):
        actions.career_move_record(
            worker=moved, moved_on=datetime.date(2021, 1, 1), kind=MoveKind.CIVIL_SERVICE,
            destination="x", actor=TEST,
        )  # fmt: skip


def test_exit_and_transfer_keep_the_post_history(world):
    d, worker = world.district, world.workers["b2_other"]
    actions.worker_transfer(
        worker=worker, community=d.communities[2], on=datetime.date(2021, 5, 1), actor=TEST
    )
    worker.refresh_from_db()
    assert worker.community_id == d.communities[2].pk
    assert worker.scope_path == d.communities[2].scope_path
    actions.worker_exit(worker=worker, on=datetime.date(2021, 8, 31), reason="辞职", actor=TEST)
    rows = list(worker.appointments.order_by("start").values_list("end_kind", "end"))
    assert rows == [("transfer", datetime.date(2021, 4, 30)), ("exit", datetime.date(2021, 8, 31))]


def test_attendance_for_a_course_the_worker_is_not_on_is_refused(world):
    course, outsider = world.courses["town_a"], world.workers["a2_deputy"]
    with pytest.raises(Invalid) as e:
        actions.attendance_sign_in(course=course, worker=outsider, actor=TEST)
    assert e.value.code == "not_enrolled"
    worker = world.workers["a1_other"]
    own = world.personas["grid_worker_a1"]
    with pytest.raises(Forbidden):  # someone else's sign-in
        actions.attendance_sign_in(
            course=course, worker=world.workers["a1_head"], actor=world.personas["party_member_a1"]
        )
    with pytest.raises(Forbidden):  # the worker does not keep the list
        actions.attendance_sign_in(course=course, worker=worker, actor=own)
    with pytest.raises(Invalid) as e:  # yesterday's code, or none
        actions.attendance_sign_in(
            course=course, worker=worker, actor=own, method="qr",
            code=sign_in_code(course, timezone.localdate() - datetime.timedelta(days=1)),
        )  # fmt: skip
    assert e.value.code == "bad_code"
    today = sign_in_code(course, timezone.localdate())
    enrolment = actions.attendance_sign_in(
        course=course, worker=worker, actor=own, method="qr", code=today
    )
    assert enrolment.attended and enrolment.method == "qr"


def test_the_class_size_is_the_limit(world):
    d = world.district
    course = actions.course_create(
        area=d.towns[0], title="小班", theme="群众工作", start=datetime.date(2021, 6, 1),
        end=datetime.date(2021, 6, 1), days=1, class_size=1, actor=TEST,
    )  # fmt: skip
    with pytest.raises(Conflict) as e:
        actions.course_enrol(
            course=course, workers=[world.workers["a1_head"], world.workers["a1_other"]],
            actor=TEST,
        )  # fmt: skip
    assert e.value.code == "class_full"
    assert course.enrolments.count() == 0


def test_bad_course_input(world):
    d = world.district
    for days, code in ((Decimal("0.3"), "bad_days"), (9, "bad_days")):
        with pytest.raises(Invalid) as e:
            actions.course_create(
                area=d.towns[0], title="x", theme="y", start=datetime.date(2021, 6, 1),
                end=datetime.date(2021, 6, 2), days=days, class_size=10, actor=TEST,
            )  # fmt: skip
        assert e.value.code == code


@pytest.mark.parametrize(
    ("hours", "days"), [(1, "0.5"), (4, "0.5"), (6, "1.0"), (8, "1.0"), (12, "1.5"), (16, "2.0")]
)
def test_a_course_given_in_hours_counts_days_by_the_policy(world, hours, days):
    course = actions.course_create(
        area=world.district.towns[0], title="学时制课程", theme="社区治理",
        start=datetime.date(2021, 6, 1), end=datetime.date(2021, 6, 2), hours=hours,
        class_size=10, actor=TEST,
    )  # fmt: skip
    assert (course.hours, course.days) == (hours, Decimal(days))  # 8 hours a day, half days


def test_hours_are_checked_and_nothing_half_saved(world):
    base = {"area": world.district.towns[0], "title": "x", "theme": "y", "class_size": 10,
            "start": datetime.date(2021, 6, 1), "end": datetime.date(2021, 6, 1), "actor": TEST}  # fmt: skip
    count = Course.objects.count()
    for extra, code in (({"hours": 0}, "bad_hours"), ({"hours": "8"}, "bad_hours"),
                        ({"hours": 8, "days": 1}, "bad_hours"), ({"hours": 24}, "bad_days"),
                        ({}, "bad_days")):  # fmt: skip
        with pytest.raises(Invalid) as e:
            actions.course_create(**base, **extra)
        assert e.value.code == code, extra
    assert Course.objects.count() == count


def test_training_shortfall_is_flagged(world):
    admin = world.personas["town_admin_a"]
    short = selectors.shortfall(user=admin, area=world.district.towns[0], year=2021)
    # a1_head attended 4 days, a1_other enrolled only, a2_deputy none: all under 7
    assert {w.pk for w in short} == {
        world.workers[k].pk for k in ("a1_head", "a1_other", "a2_deputy")
    }
    course = world.courses["district"]
    actions.course_enrol(course=course, workers=[world.workers["a1_head"]], actor=TEST)
    actions.attendance_sign_in(course=course, worker=world.workers["a1_head"], actor=TEST)
    short = selectors.shortfall(user=admin, area=world.district.towns[0], year=2021)
    assert world.workers["a1_head"].pk not in {w.pk for w in short}  # 4 + 3 = 7
    sent = actions.training_remind(
        area=world.district.towns[0], year=2021, short=short, actor=admin
    )
    assert sent == 1  # a1_other has an account (grid_worker_a1); a2_deputy has none


def test_two_consecutive_unqualified_flag_the_worker_for_review(world):
    worker = world.workers["a2_deputy"]
    actions.appraisal_record(
        worker=worker, year=2020, result=AppraisalResult.UNQUALIFIED, actor=TEST
    )
    worker.refresh_from_db()
    assert not worker.review_flag
    actions.appraisal_record(
        worker=worker, year=2021, result=AppraisalResult.UNQUALIFIED, actor=TEST
    )
    worker.refresh_from_db()
    assert worker.review_flag
    with pytest.raises(Conflict) as e:
        actions.appraisal_record(worker=worker, year=2021, result="qualified", actor=TEST)
    assert e.value.code == "appraisal_exists"
    actions.worker_clear_review(worker=worker, actor=TEST)
    worker.refresh_from_db()
    assert not worker.review_flag


def test_bulk_appointment_refuses_a_person_in_post(world):
    d = world.district
    row = actions.NewWorker(
        person_id=world.workers["a1_head"].person_id, community=d.communities[0], post="other",
        started_on=datetime.date(2021, 1, 1), education="college", qualification="none",
    )  # fmt: skip
    with pytest.raises(Conflict):
        actions.workers_appoint_bulk(rows=[row], actor=TEST)
    fresh = appoint(d, "bulk", 1, Post.OTHER, 2020, "college", "none")
    assert fresh.status == "active"
    assert PayLine.objects.filter(worker=fresh).count() == 0
