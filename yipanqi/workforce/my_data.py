"""What the workforce app holds about the signed-in person (R-PI-7): their worker record, post
history, appraisals, training and their own pay lines."""

from typing import Any

from yipanqi.core.my_data import Row, row
from yipanqi.workforce.models import Appraisal, Enrolment, PayLine, Worker


def worker_record(user: Any) -> list[Row]:
    if not getattr(user, "pk", None):
        return []
    workers = list(Worker.objects.filter(person__user=user).select_related("community"))
    if not workers:
        return []
    rows = [
        row(w, "community", "post", "started_on", "education", "qualification", "status")
        for w in workers
    ]
    ids = [w.pk for w in workers]
    rows += [row(a, "year", "result") for a in Appraisal.objects.filter(worker__in=ids)]
    enrolments = Enrolment.objects.filter(worker__in=ids, attended=True).select_related("course")
    rows += [row(e, "course", "signed_in_at") for e in enrolments]
    lines = PayLine.objects.filter(worker__in=ids).select_related("run").order_by("run__year")
    rows += [row(p, "run", "grade", "total") for p in lines]
    return rows
