"""Reads of the workforce app, each from `Model.objects.for_user(user, action)`: out of scope is
"does not exist". Training days are summed in the database, one query per list page."""

import datetime
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people import selectors as people_selectors
from yipanqi.people.models import Person
from yipanqi.workforce import permissions as perms
from yipanqi.workforce import policies
from yipanqi.workforce.choices import Post, RunStatus, WorkerStatus
from yipanqi.workforce.models import (
    Appointment,
    Appraisal,
    Course,
    Enrolment,
    PayLine,
    PayRun,
    PayTable,
    Worker,
)

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=6, decimal_places=1))


def training_days(year: int) -> Any:
    """Sum of the days of the courses of `year` a worker attended (0 if none)."""
    attended = Q(enrolments__attended=True, enrolments__course__start__year=year)
    return Coalesce(Sum("enrolments__course__days", filter=attended), ZERO)


def default_year(*, user: Any) -> int:
    """The latest year with a course the user sees (the training year on the pages), else now."""
    latest = Course.objects.for_user(user).aggregate(m=Max("start"))["m"]
    return latest.year if latest else timezone.localdate().year


def min_days(district_code: str) -> Decimal:
    return Decimal(str(policies.TRAINING_MIN_DAYS.value(district_code)))


def current_grade() -> Subquery:
    """A worker's grade in the latest approved pay run (the record; nothing repeats it)."""
    lines = PayLine.objects.filter(worker=OuterRef("pk"), run__status=RunStatus.APPROVED)
    return Subquery(lines.order_by("-run__year", "-run_id").values("grade")[:1])


def minimum_for(*, user: Any, area: Area | None) -> Decimal:
    """The training minimum (policy) of the area's district, else of the user's first area's."""
    if area is None:
        area = worker_areas(user=user).first()
    return min_days(area.district_code if area is not None else "")


def worker_list(
    *, user: Any, area: Area | None = None, year: int, status: str = WorkerStatus.ACTIVE
) -> QuerySet[Worker]:
    rows = Worker.objects.for_user(user).select_related("person", "community")
    if area is not None:
        rows = rows.filter(scope_path__startswith=area.path)
    if status:
        rows = rows.filter(status=status)
    rows = rows.annotate(days=training_days(year), current_grade=current_grade())
    return rows.order_by("scope_path", "post", "id")


def worker_get(*, user: Any, worker_id: int) -> Worker:
    return (
        Worker.objects.for_user(user)
        .select_related("person", "community", "career_move")
        .annotate(current_grade=current_grade())
        .get(pk=worker_id)
    )


def worker_of_user(*, user: Any) -> Worker | None:
    if not getattr(user, "pk", None):
        return None
    rows = Worker.objects.filter(person__user=user, status=WorkerStatus.ACTIVE)
    return rows.select_related("person", "community").first()


def worker_appointments(*, worker: Worker) -> QuerySet[Appointment]:
    return worker.appointments.select_related("community").order_by("start", "id")


def worker_appraisals(*, user: Any, worker: Worker) -> QuerySet[Appraisal]:
    return Appraisal.objects.for_user(user).filter(worker=worker).order_by("-year")


def worker_training(*, user: Any, worker: Worker) -> QuerySet[Enrolment]:
    rows = Enrolment.objects.for_user(user).filter(worker=worker).select_related("course")
    return rows.order_by("-course__start", "id")


def worker_pay_lines(*, user: Any, worker: Worker) -> QuerySet[PayLine]:
    """The worker's pay lines the user may see: their own, or as a workforce administrator."""
    rows = PayLine.objects.for_user(user).filter(worker=worker).select_related("run")
    return rows.order_by("-run__year", "-run_id")


def pay_line_list(*, user: Any) -> QuerySet[PayLine]:
    rows = PayLine.objects.for_user(user).select_related("run", "worker__person")
    return rows.order_by("-run__year", "run_id", "id")


def shortfall(*, user: Any, area: Area | None, year: int) -> list[Worker]:
    """Workers in post whose training days of `year` are under the minimum (policy)."""
    rows = worker_list(user=user, area=area, year=year)
    district = area.district_code if area is not None else ""
    minimum = min_days(district) if district else None
    return [w for w in rows if w.days < (minimum or min_days(w.district_code))]  # type: ignore[attr-defined]


def run_list(*, user: Any) -> QuerySet[PayRun]:
    return PayRun.objects.for_user(user).select_related("area", "computed_by", "approved_by")


def run_get(*, user: Any, run_id: int) -> PayRun:
    rows = PayRun.objects.for_user(user).select_related(
        "area", "table", "corrects", "computed_by", "approved_by"
    )
    return rows.get(pk=run_id)


def run_lines(*, user: Any, run: PayRun, post: str = "") -> QuerySet[PayLine]:
    rows = PayLine.objects.for_user(user).filter(run=run)
    if post:
        rows = rows.filter(post=post)
    return rows.select_related("worker__person", "worker__community").order_by(
        "scope_path", "post", "id"
    )


def run_averages(*, run: PayRun) -> list[dict[str, Any]]:
    """Per post: workers, average grade and average yearly pay (from the run's own lines)."""
    rows = (
        run.lines.values("post")
        .annotate(n=Count("pk"), grade=Avg("grade"), pay=Avg("total"))
        .order_by()
    )
    by_post = {r["post"]: r for r in rows}
    labels = dict(Post.choices)
    return [{"post": p, "label": labels[p], **by_post[p]} for p in Post.values if p in by_post]


def table_list(*, user: Any) -> QuerySet[PayTable]:
    """The pay tables the user reads, each with how many pay runs used it (then it is fixed)."""
    return PayTable.objects.for_user(user).annotate(used=Count("runs")).order_by("-year")


def pay_areas(*, user: Any) -> list[Area]:
    """The towns and districts the user may compute pay runs for."""
    rows = Area.objects.for_user(user).filter(kind__in=[AreaKind.DISTRICT, AreaKind.TOWN])
    return [a for a in rows.order_by("path") if perms.can_compute_pay(user, a)]


def worker_areas(*, user: Any) -> QuerySet[Area]:
    """Towns and communities to pick on the worker list."""
    kinds = [AreaKind.DISTRICT, AreaKind.TOWN, AreaKind.COMMUNITY]
    return Area.objects.for_user(user).filter(kind__in=kinds).order_by("path")


def course_list(*, user: Any, year: int) -> QuerySet[Course]:
    rows = Course.objects.for_user(user).filter(start__year=year)
    return rows.annotate(
        enrolled=Count("enrolments"),
    ).order_by("start", "id")


def course_get(*, user: Any, course_id: int) -> Course:
    return Course.objects.for_user(user).get(pk=course_id)


def course_enrolments(*, user: Any, course: Course) -> QuerySet[Enrolment]:
    rows = Enrolment.objects.for_user(user).filter(course=course)
    return rows.select_related("worker__person", "worker__community").order_by("scope_path", "id")


def my_enrolment(*, user: Any, course: Course) -> Enrolment | None:
    if not getattr(user, "pk", None):
        return None
    return Enrolment.objects.filter(course=course, worker__person__user=user).first()


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def pay_trend(*, user: Any) -> list[dict[str, Any]]:
    """Average yearly pay per post and year over the approved lines the user sees, with the
    growth over the year before (the lines of towns and of years alike, in one query)."""
    rows = (
        PayLine.objects.for_user(user)
        .filter(run__status=RunStatus.APPROVED)
        .values("run__year", "post")
        .annotate(n=Count("pk"), pay=Avg("total"))
        .order_by("run__year")
    )
    means: dict[int, dict[str, Any]] = {}
    for r in rows:
        means.setdefault(r["run__year"], {})[r["post"]] = r
    result: list[dict[str, Any]] = []
    before: dict[str, Decimal] = {}
    for year, posts in sorted(means.items()):
        cells = []
        for post in Post.values:
            row = posts.get(post)
            pay = Decimal(str(row["pay"])) if row else None
            growth = (pay / before[post] - 1) * 100 if pay and before.get(post) else None
            cells.append({"pay": pay, "n": row["n"] if row else 0, "growth": growth})
            if pay:
                before[post] = pay
        result.append({"year": year, "cells": cells})
    return result


def pay_by_town(*, user: Any, year: int) -> list[dict[str, Any]]:
    """Average yearly pay per post in each town for `year`, over the approved lines the user sees
    (a line belongs to the town above its worker's community, whichever run it came from)."""
    rows = (
        PayLine.objects.for_user(user)
        .filter(run__status=RunStatus.APPROVED, run__year=year)
        .values("scope_path", "post")
        .annotate(n=Count("pk"), total=Sum("total"))
        .order_by()
    )
    sums: dict[str, dict[str, list]] = {}
    for r in rows:
        cell = sums.setdefault(r["scope_path"][: -Area.steplen], {}).setdefault(r["post"], [0, 0])
        cell[0] += r["n"]
        cell[1] += r["total"]
    names = dict(Area.objects.filter(path__in=list(sums)).values_list("path", "name"))
    return [
        {
            "name": names.get(path, path),
            "cells": [
                {"n": sums[path][p][0], "pay": sums[path][p][1] / sums[path][p][0]}
                if p in sums[path]
                else {"n": 0, "pay": None}
                for p in Post.values
            ],
        }
        for path in sorted(sums)
    ]


# --- the set-up pages: appointing, transferring, pay tables, courses, enrolment -----------------

PICK_LIMIT = 20


def appointable_people(*, user: Any, q: str) -> QuerySet[Person]:
    """People of the registry the user sees, found by name, initials or address — never by a full
    ID number or phone here (that search is audited, on the people pages)."""
    if not q.strip() or people_selectors.exact_query(q) is not None:
        return Person.objects.none()
    return people_selectors.person_list(user=user, q=q)[:PICK_LIMIT]


def person_get(*, user: Any, person_id: int) -> Person:
    return people_selectors.person_get(user=user, person_id=person_id)


def _areas(user: Any, kinds: list[str], allowed: Any) -> list[Area]:
    rows = Area.objects.for_user(user).filter(kind__in=kinds).order_by("path")
    return [a for a in rows if allowed(user, a)]


def managed_communities(*, user: Any) -> list[Area]:
    """The communities the user may appoint workers in and transfer them to."""
    return _areas(user, [AreaKind.COMMUNITY], perms.can_manage_workers_in)


def course_areas(*, user: Any) -> list[Area]:
    """The district and towns the user plans courses for."""
    return _areas(user, [AreaKind.DISTRICT, AreaKind.TOWN], perms.can_plan_course_in)


def table_districts(*, user: Any) -> list[Area]:
    """The districts whose pay tables the user sets."""
    return _areas(user, [AreaKind.DISTRICT], perms.can_set_pay_table)


def table_get(*, user: Any, table_id: int) -> PayTable:
    return PayTable.objects.for_user(user).get(pk=table_id)


def workers_by_ids(*, user: Any, ids: list[int]) -> list[Worker]:
    """The workers with these ids, all in the user's scope — else DoesNotExist (a 404)."""
    wanted = set(ids)
    rows = list(Worker.objects.for_user(user).select_related("person").filter(pk__in=wanted))
    if len(rows) != len(wanted):
        raise Worker.DoesNotExist
    return rows


def enrollable_workers(*, user: Any, course: Course, area: Area) -> QuerySet[Worker]:
    """Workers in post in `area` (in the user's scope) not yet on the course."""
    rows = Worker.objects.for_user(user).filter(
        scope_path__startswith=area.path, status=WorkerStatus.ACTIVE
    )
    rows = rows.exclude(enrolments__course=course).select_related("person", "community")
    return rows.order_by("scope_path", "post", "id")
