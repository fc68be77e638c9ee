"""Workers' records: appointment, transfer between communities, a grade set by hand, leaving,
a career move into a public post, and the yearly appraisal."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid, save_or_conflict
from yipanqi.core.inputs import require_year
from yipanqi.core.workflow import Actor, created, lock, require_permission, track, user_of
from yipanqi.organisations.models import Area
from yipanqi.people.models import Person
from yipanqi.workforce import permissions as perms
from yipanqi.workforce import policies
from yipanqi.workforce.actions._common import (
    WORKER_FLOW,
    require_active,
    require_choice,
    require_community,
    require_grade_in_range,
    require_no_overlap,
    rules_for,
)
from yipanqi.workforce.choices import (
    AppointmentEnd,
    AppraisalResult,
    Education,
    MoveKind,
    Post,
    Qualification,
    WorkerStatus,
)
from yipanqi.workforce.models import Appointment, Appraisal, CareerMove, Worker

WORKER_FIELDS = ("person", "community", "post", "started_on", "education", "qualification")


def _check_facts(post: str, education: str, qualification: str, prior_years: int) -> None:
    require_choice(post, Post, "post")
    require_choice(education, Education, "education")
    require_choice(qualification, Qualification, "qualification")
    if not 0 <= prior_years <= 50:
        raise Invalid(_("Earlier years run from 0 to 50."), code="bad_prior_years")


@transaction.atomic
def worker_appoint(
    *,
    person: Person,
    community: Area,
    post: str,
    started_on: datetime.date,
    education: str,
    actor: Actor,
    qualification: str = Qualification.NONE,
    prior_years: int = 0,
) -> Worker:
    """聘任: a person of the registry takes a post in a community (one post at a time)."""
    require_permission(actor, perms.can_manage_workers_in, community)
    require_community(community)
    _check_facts(post, education, qualification, prior_years)
    person = lock(person)
    require_no_overlap(person.pk, started_on)
    worker = Worker(
        person=person,
        community=community,
        post=post,
        started_on=started_on,
        prior_years=prior_years,
        education=education,
        qualification=qualification,
    )
    worker.place_in(community)
    save_or_conflict(worker, _("This person is already in post."), code="already_in_post")
    Appointment.objects.create(
        worker=worker, person=person, community=community, post=post, start=started_on
    )
    audit.record(
        actor=actor,
        action="workforce.worker.appointed",
        target=worker,
        changes=created(worker, *WORKER_FIELDS),
    )
    return worker


def _close_appointment(worker: Worker, end: datetime.date, kind: str, note: str) -> Appointment:
    current = worker.appointments.filter(end__isnull=True).order_by("-start").first()
    if current is None or end < current.start:
        raise Invalid(_("The date is before the current post began."), code="bad_date")
    current.end, current.end_kind, current.end_note = end, kind, note[:200]
    current.save(update_fields=["end", "end_kind", "end_note", "updated_at"])
    return current


@transaction.atomic
def worker_transfer(
    *, worker: Worker, community: Area, on: datetime.date, actor: Actor, post: str = ""
) -> Worker:
    """调动: the worker moves to another community (and possibly post) from `on`."""
    worker = lock(worker, "person", "community")
    require_permission(actor, perms.can_manage_worker, worker)
    require_permission(actor, perms.can_manage_workers_in, community)
    require_community(community)
    require_active(worker)
    post = require_choice(post or worker.post, Post, "post")
    if community.pk == worker.community_id and post == worker.post:
        raise Invalid(_("Nothing would change."), code="no_change")
    old = _close_appointment(worker, on - datetime.timedelta(days=1), AppointmentEnd.TRANSFER, "")
    require_no_overlap(worker.person_id, on, exclude=old.pk)
    Appointment.objects.create(
        worker=worker, person_id=worker.person_id, community=community, post=post, start=on
    )
    edit = track(worker, actor=actor)
    edit.set(community=community, post=post, version=worker.version + 1)
    if post != old.post:
        edit.set(grade_set=None)  # a grade set by hand belonged to the old post's range
    worker.place_in(community)
    edit.finish("workforce.worker.transferred", also={"appointment.end": [None, str(old.end)]})
    return worker


@transaction.atomic
def worker_set_grade(*, worker: Worker, grade: int | None, actor: Actor) -> Worker:
    """A grade set by hand (within the post's range) that pay runs use instead of the computed
    one; None returns the worker to the computation."""
    worker = lock(worker, "person")
    require_permission(actor, perms.can_manage_worker, worker)
    require_active(worker)
    if grade is not None:
        require_grade_in_range(rules_for(worker.district_code), worker.post, grade)
    edit = track(worker, actor=actor)
    edit.set(grade_set=grade, version=worker.version + 1)
    edit.finish("workforce.worker.grade_set")
    return worker


@transaction.atomic
def worker_exit(*, worker: Worker, on: datetime.date, reason: str, actor: Actor) -> Worker:
    """离职: the post ends on `on`, with the reason."""
    worker = lock(worker, "person")
    require_permission(actor, perms.can_manage_worker, worker)
    if not reason.strip():
        raise Invalid(_("Give the reason."), code="reason_required")
    _close_appointment(worker, on, AppointmentEnd.EXIT, reason.strip())
    step = WORKER_FLOW.begin(worker, actor=actor)
    step.move(WorkerStatus.EXITED)
    step.set(ended_on=on)
    step.finish("exited", reason=reason.strip()[:200])
    return worker


@transaction.atomic
def career_move_record(
    *, worker: Worker, moved_on: datetime.date, kind: str, destination: str, actor: Actor
) -> CareerMove:
    """进入公务员或事业编制: the move is recorded and ends the community post."""
    worker = lock(worker, "person")
    require_permission(actor, perms.can_manage_worker, worker)
    require_choice(kind, MoveKind, "kind")
    if not destination.strip():
        raise Invalid(_("Name the destination."), code="destination_required")
    _close_appointment(worker, moved_on, AppointmentEnd.MOVED, destination.strip())
    step = WORKER_FLOW.begin(worker, actor=actor)
    step.move(WorkerStatus.MOVED)
    step.set(ended_on=moved_on)
    move = CareerMove(worker=worker, moved_on=moved_on, kind=kind, destination=destination.strip())
    move.scope_path, move.district_code = worker.scope_path, worker.district_code
    move.save()
    also = {f"move.{k}": v for k, v in created(move, "moved_on", "kind", "destination").items()}
    step.finish("moved")
    audit.record(actor=actor, action="workforce.move.recorded", target=move, changes=also)
    return move


def _review_due(worker: Worker, year: int) -> bool:
    """Whether the last N years (policy) up to `year` were all 不合格."""
    n = int(policies.REVIEW_AFTER_UNQUALIFIED.value(worker.district_code))
    years = range(year - n + 1, year + 1)
    results = dict(worker.appraisals.filter(year__in=years).values_list("year", "result"))
    return all(results.get(y) == AppraisalResult.UNQUALIFIED for y in years)


@transaction.atomic
def appraisal_record(
    *, worker: Worker, year: int, result: str, actor: Actor, comment: str = ""
) -> Appraisal:
    """年度考核: one result a year; consecutive 不合格 (policy) flag the worker for review."""
    worker = lock(worker, "person")
    require_permission(actor, perms.can_manage_worker, worker)
    require_year(year)
    require_choice(result, AppraisalResult, "result")
    if year < worker.started_on.year:
        raise Invalid(_("The worker was not yet in post that year."), code="bad_year")
    appraisal = Appraisal(
        worker=worker, year=year, result=result, appraiser=user_of(actor), comment=comment[:500]
    )
    appraisal.scope_path, appraisal.district_code = worker.scope_path, worker.district_code
    save_or_conflict(
        appraisal, _("This year's appraisal is recorded already."), code="appraisal_exists"
    )
    also = {}
    if _review_due(worker, year) and not worker.review_flag:
        worker.review_flag = True
        worker.save(update_fields=["review_flag", "updated_at"])
        also = {"worker.review_flag": [False, True]}
    audit.record(
        actor=actor,
        action="workforce.appraisal.recorded",
        target=appraisal,
        changes={**created(appraisal, "worker", "year", "result", "comment"), **also},
    )
    return appraisal


@transaction.atomic
def worker_clear_review(*, worker: Worker, actor: Actor) -> Worker:
    """The review is done: the flag goes."""
    worker = lock(worker, "person")
    require_permission(actor, perms.can_manage_worker, worker)
    if not worker.review_flag:
        raise Conflict(_("This worker is not flagged for review."), code="not_flagged")
    edit = track(worker, actor=actor)
    edit.set(review_flag=False)
    edit.finish("workforce.worker.reviewed")
    return worker
