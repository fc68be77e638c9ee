"""What the workforce actions share: the two workflows, input checks, the rules in force."""

import datetime
from typing import Any

from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.inputs import require_kind
from yipanqi.core.workflow import Workflow
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.workforce import policies
from yipanqi.workforce.choices import (
    RUN_TRANSITION_NOT_ALLOWED,
    RUN_TRANSITIONS,
    WORKER_TRANSITION_NOT_ALLOWED,
    WORKER_TRANSITIONS,
    RunStatus,
    WorkerStatus,
)
from yipanqi.workforce.models import Appointment, Course, PayRun, PayTable, Worker
from yipanqi.workforce.pay import Rules

WORKER_FLOW = Workflow(
    table=WORKER_TRANSITIONS,
    statuses=WorkerStatus,
    refusal=WORKER_TRANSITION_NOT_ALLOWED,
    audit_prefix="workforce.worker",
    model=Worker,
)
RUN_FLOW = Workflow(
    table=RUN_TRANSITIONS,
    statuses=RunStatus,
    refusal=RUN_TRANSITION_NOT_ALLOWED,
    audit_prefix="workforce.run",
    model=PayRun,
)


def require_choice(value: str, choices: Any, field: str) -> str:
    if value not in choices.values:
        raise Invalid(
            _("Choose one of the listed values."),
            code=f"bad_{field}",
            fields={field: [_("Choose one of the listed values.")]},
        )
    return value


def require_community(area: Area) -> None:
    require_kind(area, AreaKind.COMMUNITY)


def require_active(worker: Worker) -> None:
    if worker.status != WorkerStatus.ACTIVE:
        raise Conflict(_("This worker is no longer in post."), code="worker_not_active")


def require_no_overlap(person_id: int, start: datetime.date, exclude: int | None = None) -> None:
    """A person holds one community post at a time: a new open-ended appointment from `start`
    overlaps any appointment of theirs still open or ending on or after `start`."""
    rows = Appointment.objects.filter(person_id=person_id).filter(
        Q(end__isnull=True) | Q(end__gte=start)
    )
    if exclude is not None:
        rows = rows.exclude(pk=exclude)
    if rows.exists():
        raise Conflict(
            _("This person already holds a community post in that period."),
            code="overlapping_appointment",
        )


def rules_for(district_code: str) -> Rules:
    """The rules in force: the latest pay table's, else the district's policy."""
    table = PayTable.objects.filter(district_code=district_code).order_by("-year").first()
    return Rules.of(table.rules if table else policies.PAY_RULES.value(district_code))


def require_grade_in_range(rules: Rules, post: str, grade: int) -> None:
    low, high = rules.ranges[post]
    if not low <= grade <= high:
        message = _("This post's grades run from %(low)s to %(high)s.") % {"low": low, "high": high}
        raise Invalid(message, code="grade_out_of_range", fields={"grade": [message]})


def sign_in_code(course: Course, day: datetime.date) -> str:
    """The course's sign-in code (签到码) for `day`: six digits derived from the secret key, so
    nothing is stored, and a code seen yesterday does not sign anyone in today."""
    digest = salted_hmac("yipanqi.workforce.sign_in", f"{course.pk}:{day.isoformat()}").digest()
    return f"{int.from_bytes(digest[:6], 'big') % 10**6:06d}"
