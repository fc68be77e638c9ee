"""Training (培训): courses of the district and the towns, enrolment, sign-in (on a phone or from
the list), and the reminder to workers still short of the yearly minimum."""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, notify
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.inputs import require_kind
from yipanqi.core.workflow import Actor, created, lock, require_permission, track
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.workforce import permissions as perms
from yipanqi.workforce import policies
from yipanqi.workforce.actions._common import (
    require_active,
    require_choice,
    sign_in_code,
)
from yipanqi.workforce.choices import CourseLevel, SignInMethod
from yipanqi.workforce.models import Course, Enrolment, Worker

LEVEL_OF_AREA: dict[str, str] = {
    AreaKind.DISTRICT: CourseLevel.DISTRICT,
    AreaKind.TOWN: CourseLevel.TOWN,
}


def _days(value: Any, start: datetime.date, end: datetime.date) -> Decimal:
    try:
        days = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise Invalid(_("Give the training days as a number."), code="bad_days") from exc
    span = (end - start).days + 1
    if not days.is_finite() or not Decimal("0.5") <= days <= span or days % Decimal("0.5"):
        raise Invalid(
            _("Training days run in half days, at most the days the course spans."),
            code="bad_days",
            fields={
                "days": [_("Training days run in half days, at most the days the course spans.")]
            },
        )
    return days.quantize(Decimal("0.1"))  # stored with one decimal


MAX_HOURS = 2000


def _length(
    days: Any, hours: Any, start: datetime.date, end: datetime.date, district_code: str
) -> tuple[Decimal, int | None]:
    """A course's training days, given as days or as hours (学时): hours over the policy's hours
    per day, to the nearest half day and at least half a day; the hours are kept as given."""
    if hours is None or hours == "":
        return _days(days, start, end), None
    message = _("Give the training days or the hours, not both.")
    if days is not None and days != "":
        raise Invalid(message, code="bad_hours", fields={"hours": [message]})
    if isinstance(hours, bool) or not isinstance(hours, int) or not 1 <= hours <= MAX_HOURS:
        message = _("Give the training hours as a whole number from 1 to %(n)s.") % {"n": MAX_HOURS}
        raise Invalid(message, code="bad_hours", fields={"hours": [message]})
    per_day = Decimal(str(policies.TRAINING_HOURS_PER_DAY.value(district_code)))
    halves = (Decimal(hours) * 2 / per_day).to_integral_value(ROUND_HALF_UP)
    return _days(max(halves, Decimal(1)) / 2, start, end), hours


@transaction.atomic
def course_create(
    *,
    area: Area,
    title: str,
    theme: str,
    start: datetime.date,
    end: datetime.date,
    class_size: int,
    actor: Actor,
    days: Any = None,
    hours: Any = None,
    place: str = "",
) -> Course:
    """A district key-training course or a town's course, for a small class; its length in
    training days or in hours (学时, turned into days by the policy)."""
    require_permission(actor, perms.can_plan_course_in, area)
    require_kind(area, AreaKind.DISTRICT, AreaKind.TOWN)
    if not title.strip() or not theme.strip():
        raise Invalid(_("Give the course a title and a theme."), code="title_required")
    if end < start:
        raise Invalid(_("The course ends before it starts."), code="bad_dates")
    if not 1 <= class_size <= 200:
        raise Invalid(_("A class takes 1 to 200 workers."), code="bad_class_size")
    days, hours = _length(days, hours, start, end, area.district_code)
    course = Course(
        level=LEVEL_OF_AREA[area.kind],
        title=title.strip()[:100],
        theme=theme.strip()[:60],
        start=start,
        end=end,
        days=days,
        hours=hours,
        class_size=class_size,
        place=place.strip()[:100],
    )
    course.place_in(area)
    course.save()
    audit.record(
        actor=actor,
        action="workforce.course.created",
        target=course,
        changes=created(
            course, "level", "title", "theme", "start", "end", "days", "hours", "class_size"
        ),
    )
    return course


@transaction.atomic
def course_enrol(*, course: Course, workers: list[Worker], actor: Actor) -> int:
    """Enrol workers (those already enrolled are skipped); the class size is the limit."""
    course = lock(course)
    for worker in workers:
        require_permission(actor, perms.can_enrol, course, worker)
        require_active(worker)
    taken = set(course.enrolments.values_list("worker_id", flat=True))
    new = [w for w in dict.fromkeys(workers) if w.pk not in taken]
    if len(taken) + len(new) > course.class_size:
        raise Conflict(_("The class is full."), code="class_full")
    Enrolment.objects.bulk_create(
        Enrolment(course=course, worker=w, scope_path=w.scope_path, district_code=w.district_code)
        for w in new
    )
    added = sorted(w.pk for w in new)
    audit.record(
        actor=actor,
        action="workforce.course.enrolled",
        target=course,
        changes={"enrolled": [sorted(taken), sorted(taken | set(added))]} if added else {},
    )
    return len(new)


@transaction.atomic
def attendance_sign_in(
    *,
    course: Course,
    worker: Worker,
    actor: Actor,
    method: str = SignInMethod.LIST,
    code: str = "",
) -> Enrolment:
    """签到: the enrolled worker is marked present (once; a second sign-in changes nothing) — by
    the worker on their phone with the day's code (the QR code holds it), or from the list by
    whoever keeps it."""
    require_choice(method, SignInMethod, "method")
    if method == SignInMethod.QR:
        require_permission(actor, perms.can_sign_in, course, worker)
    else:
        require_permission(actor, perms.can_enrol, course, worker)
    enrolment = Enrolment.objects.select_for_update().filter(course=course, worker=worker).first()
    if enrolment is None:
        raise Invalid(_("This worker is not enrolled on the course."), code="not_enrolled")
    today = timezone.localdate()
    if today < course.start:
        raise Conflict(_("The course has not started yet."), code="course_not_started")
    if method == SignInMethod.QR and code.strip() != sign_in_code(course, today):
        message = _("The sign-in code is not today's code of this course.")
        raise Invalid(message, code="bad_code", fields={"code": [message]})
    if enrolment.attended:
        return enrolment
    edit = track(enrolment, actor=actor)
    edit.set(attended=True, signed_in_at=timezone.now(), method=method)
    edit.finish("workforce.enrolment.signed_in")
    return enrolment


@transaction.atomic
def training_remind(*, area: Area, year: int, short: list[Worker], actor: Actor) -> int:
    """提醒: a notice to each short worker with an account, naming the minimum (policy)."""
    require_permission(actor, perms.can_manage_workers_in, area)
    minimum = policies.TRAINING_MIN_DAYS.value(area.district_code)
    users = [w.person.user for w in short if w.person.user_id]
    sent = notify.notify(
        users,
        title=_("Training reminder"),
        body=_("You have fewer than %(n)s training days this year; please join a course.")
        % {"n": minimum},
        url=reverse("workforce:course_list"),
        topic=f"workforce.training.{year}",
    )
    audit.record(
        actor=actor,
        action="workforce.training.reminded",
        target=area,
        data={"year": year, "short": len(short), "notified": sent},
    )
    return sent
