"""The bulk paths (the demo, imports): the rules of the single-row actions for many rows at once,
one audit event per row appended in one batch (docs/decisions/005)."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict
from yipanqi.core.inputs import require_kind
from yipanqi.core.workflow import Actor, created, require_permission, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people.models import Person
from yipanqi.workforce import permissions as perms
from yipanqi.workforce import policies
from yipanqi.workforce.actions._common import require_choice, require_community
from yipanqi.workforce.actions.training import LEVEL_OF_AREA
from yipanqi.workforce.actions.workers import WORKER_FIELDS, _check_facts
from yipanqi.workforce.choices import AppraisalResult, SignInMethod
from yipanqi.workforce.models import Appointment, Appraisal, Course, Enrolment, Worker

BATCH = 500


@dataclass(frozen=True)
class NewWorker:
    person_id: int
    community: Area
    post: str
    started_on: datetime.date
    education: str
    qualification: str
    prior_years: int = 0


@transaction.atomic
def workers_appoint_bulk(*, rows: Sequence[NewWorker], actor: Actor) -> list[Worker]:
    """`worker_appoint` for many people who hold no post yet (a person appears once)."""
    persons = [r.person_id for r in rows]
    if (
        len(set(persons)) != len(persons)
        or Appointment.objects.filter(person_id__in=persons).exists()
    ):
        raise Conflict(
            _("This person already holds a community post in that period."),
            code="overlapping_appointment",
        )
    for r in rows:
        require_permission(actor, perms.can_manage_workers_in, r.community)
        require_community(r.community)
        _check_facts(r.post, r.education, r.qualification, r.prior_years)
    people = Person.objects.only("pk", "name").in_bulk(persons)
    workers = [
        Worker(
            person=people[r.person_id],
            community=r.community,
            post=r.post,
            started_on=r.started_on,
            prior_years=r.prior_years,
            education=r.education,
            qualification=r.qualification,
            scope_path=r.community.scope_path,
            district_code=r.community.district_code,
        )
        for r in rows
    ]
    Worker.objects.bulk_create(workers, batch_size=BATCH)
    Appointment.objects.bulk_create(
        (
            Appointment(
                worker=w,
                person_id=w.person_id,
                community=w.community,
                post=w.post,
                start=w.started_on,
            )
            for w in workers
        ),
        batch_size=BATCH,
    )
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="workforce.worker.appointed",
            target=w,
            changes=created(w, *WORKER_FIELDS),
        )
        for w in workers
    )
    return workers


@transaction.atomic
def appraisals_record_bulk(*, rows: Sequence[tuple[Worker, int, str, str]], actor: Actor) -> int:
    """`appraisal_record` for many (worker, year, result, comment), years in order: consecutive
    不合格 (policy) flag the worker for review, as one by one."""
    appraiser = user_of(actor)
    appraisals = []
    for worker, year, result, comment in rows:
        require_permission(actor, perms.can_manage_worker, worker)
        require_choice(result, AppraisalResult, "result")
        appraisals.append(
            Appraisal(
                worker=worker, year=year, result=result, appraiser=appraiser, comment=comment,
                scope_path=worker.scope_path, district_code=worker.district_code,
            )
        )  # fmt: skip
    Appraisal.objects.bulk_create(appraisals, batch_size=BATCH)
    flagged = _flag_for_review(appraisals)
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="workforce.appraisal.recorded",
            target=a,
            changes={
                **created(a, "worker", "year", "result", "comment"),
                **(
                    {"worker.review_flag": [False, True]}
                    if (a.worker_id, a.year) in flagged
                    else {}
                ),
            },
        )
        for a in appraisals
    )
    return len(appraisals)


def _flag_for_review(appraisals: list[Appraisal]) -> set[tuple[int, int]]:
    """(worker, year) of the appraisals that completed a run of 不合格 long enough for review."""
    if not appraisals:
        return set()
    n = int(policies.REVIEW_AFTER_UNQUALIFIED.value(appraisals[0].district_code))
    ids = {a.worker_id for a in appraisals}
    results = {
        (w, y): r
        for w, y, r in Appraisal.objects.filter(worker__in=ids).values_list(
            "worker_id", "year", "result"
        )
    }
    flagged, workers = set(), {}
    for a in appraisals:
        if a.worker_id in workers:
            continue
        if all(
            results.get((a.worker_id, y)) == AppraisalResult.UNQUALIFIED
            for y in range(a.year - n + 1, a.year + 1)
        ):
            flagged.add((a.worker_id, a.year))
            workers[a.worker_id] = a.worker
    for worker in workers.values():
        worker.review_flag, worker.updated_at = True, timezone.now()
    Worker.objects.bulk_update(
        list(workers.values()), ["review_flag", "updated_at"], batch_size=BATCH
    )
    return flagged


@dataclass(frozen=True)
class NewCourse:
    """One course of `training_record_bulk`, with its attendance list."""

    area: Area
    title: str
    theme: str
    start: datetime.date
    end: datetime.date
    days: Decimal
    class_size: int
    attended: Sequence[Worker]
    absent: Sequence[Worker] = ()
    place: str = ""


def _course_row(c: NewCourse, actor: Actor) -> Course:
    require_permission(actor, perms.can_plan_course_in, c.area)
    require_kind(c.area, AreaKind.DISTRICT, AreaKind.TOWN)
    if c.end < c.start or len(c.attended) + len(c.absent) > c.class_size:
        raise Conflict(_("The class is full."), code="class_full")
    course = Course(
        level=LEVEL_OF_AREA[c.area.kind], title=c.title, theme=c.theme, start=c.start, end=c.end,
        days=c.days.quantize(Decimal("0.1")), class_size=c.class_size, place=c.place,
    )  # fmt: skip
    course.place_in(c.area)
    return course


@transaction.atomic
def training_record_bulk(*, courses: Sequence[NewCourse], actor: Actor) -> int:
    """A year's courses with their attendance lists at once (`course_create`, `course_enrol` and
    the list sign-in): the attended are signed in at the course's start. The same events as one
    by one (created, enrolled), appended in one batch. Returns how many enrolments."""
    rows = [_course_row(c, actor) for c in courses]
    Course.objects.bulk_create(rows, batch_size=BATCH)
    enrolments, events = [], []
    for course, c in zip(rows, courses, strict=True):
        present = {w.pk for w in c.attended}
        at = datetime.datetime.combine(
            c.start, datetime.time(9), tzinfo=timezone.get_current_timezone()
        )
        for w in [*c.attended, *c.absent]:
            require_permission(actor, perms.can_enrol, course, w)
            enrolments.append(
                Enrolment(
                    course=course, worker=w, attended=w.pk in present,
                    signed_in_at=at if w.pk in present else None,
                    method=SignInMethod.LIST if w.pk in present else "",
                    scope_path=w.scope_path, district_code=w.district_code,
                )
            )  # fmt: skip
        fields = ("level", "title", "theme", "start", "end", "days", "class_size")
        events.append(
            audit.new_event(
                actor=actor,
                action="workforce.course.created",
                target=course,
                changes=created(course, *fields),
            )
        )
        enrolled = sorted(w.pk for w in [*c.attended, *c.absent])
        events.append(
            audit.new_event(
                actor=actor, action="workforce.course.enrolled", target=course,
                changes={"enrolled": [[], enrolled]}, data={"attended": len(present)},
            )
        )  # fmt: skip
    Enrolment.objects.bulk_create(enrolments, batch_size=BATCH)
    audit.record_many(events)
    return len(enrolments)
