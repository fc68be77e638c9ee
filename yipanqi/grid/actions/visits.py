"""Visits of a sweep: one record per household and round, stored once however often it is sent,
and a follow-up that opens a service order or an incident in the same transaction."""

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import created, require, snapshot, track, user_of
from yipanqi.grid import permissions as perms
from yipanqi.grid import policies
from yipanqi.grid.actions.incidents import incident_report
from yipanqi.grid.choices import FINAL, FollowUpKind, IncidentCategory, Outcome, QuestionKind
from yipanqi.grid.models import Question, Target, Visit
from yipanqi.orders.actions import category_ensure_defaults, order_place
from yipanqi.orders.models import OrderCategory

TEXT_LENGTH = 200
ANSWERED = (Outcome.VISITED, Outcome.FOLLOW_UP)  # only a conversation produces answers


@dataclass(frozen=True)
class FollowUp:
    """What a follow-up opens: a service order (category: an order category code) or an
    incident (category: an incident category), with a description of what is needed."""

    kind: str
    description: str
    category: str = ""


def _visit_with_key(actor: Any, key: str) -> Visit | None:
    if not key or not getattr(actor, "pk", None):
        return None
    return Visit.objects.filter(visited_by=actor, idempotency_key=key[:64]).first()


def _locked(target: Target) -> Target:
    return (
        Target.objects.select_for_update(of=("self",))
        .select_related("campaign", "household", "grid")
        .get(pk=target.pk)
    )


def _answer(question: Question, value: Any) -> Any:
    """The stored form of one answer, or Invalid naming the question."""
    bad = Invalid(_("“%(q)s”: this answer is not valid.") % {"q": question.text}, code="bad_answer")
    text = str(value).strip()
    if question.kind == QuestionKind.YES_NO:
        if isinstance(value, bool):
            return value
        if text.lower() not in {"yes", "no", "true", "false", "1", "0"}:
            raise bad
        return text.lower() in {"yes", "true", "1"}
    if question.kind == QuestionKind.CHOICE:
        if text not in question.choices:
            raise bad
        return text
    if question.kind == QuestionKind.NUMBER:
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise bad from exc
        if not number.is_finite() or abs(number) > 10**6:
            raise bad
        return float(number)
    return text[:TEXT_LENGTH]


def clean_answers(questions: list[Question], answers: dict, outcome: str) -> dict[str, Any]:
    """Answers keyed by question id; required ones must be there when someone was spoken to."""
    if outcome not in ANSWERED:
        return {}
    given = {str(k): v for k, v in (answers or {}).items() if v not in (None, "")}
    cleaned = {}
    for question in questions:
        value = given.get(str(question.pk))
        if value is None:
            if question.required:
                raise Invalid(
                    _("“%(q)s” needs an answer.") % {"q": question.text}, code="answer_required"
                )
            continue
        cleaned[str(question.pk)] = _answer(question, value)
    return cleaned


@transaction.atomic
def visit_record(
    *,
    target: Target,
    outcome: str,
    actor: Any,
    answers: dict | None = None,
    note: str = "",
    idempotency_key: str = "",
    visited_at: datetime.datetime | None = None,
    follow_up: FollowUp | None = None,
) -> Visit:
    """Record the visit of the campaign's current round. Sending it again with the same key
    returns the first record (R-AV-3); another record of the same round is a conflict."""
    earlier = _visit_with_key(actor, idempotency_key)
    if earlier is not None:
        return earlier
    target = _locked(target)  # twins queue here; the loser then finds the winner's row below
    earlier = _visit_with_key(actor, idempotency_key)
    if earlier is not None:
        return earlier
    require(perms.can_record_visit(actor, target))
    if outcome not in Outcome.values:
        raise Invalid(_("Choose the outcome of the visit."), code="bad_outcome")
    _check_not_done(target)
    _check_time(target, visited_at)
    questions = list(target.campaign.questions.all())
    visit = Visit(
        campaign=target.campaign,
        target=target,
        household=target.household,
        round=target.campaign.current_round,
        outcome=outcome,
        answers=clean_answers(questions, answers or {}, outcome),
        note=note.strip()[:500],
        visited_at=visited_at or timezone.now(),
        visited_by=user_of(actor),
        idempotency_key=idempotency_key[:64],
    )
    visit.place_in(target.grid)
    _insert(visit)
    before = snapshot(target)
    target.outcome, target.last_round, target.visited_at = outcome, visit.round, visit.visited_at
    target.save(update_fields=["outcome", "last_round", "visited_at", "updated_at"])
    # The visit is new; the household's target row it updates is named "target.<field>".
    moved = audit.diff(before, snapshot(target))
    audit.record(
        actor=actor,
        action="grid.visit.recorded",
        target=visit,
        changes={
            **created(visit, "target", "household", "round", "outcome", "visited_by"),
            **{f"target.{name}": change for name, change in moved.items()},
        },
        data={"campaign": target.campaign_id, "round": visit.round, "outcome": outcome},
    )
    if follow_up is not None and outcome == Outcome.FOLLOW_UP:
        _open_follow_up(visit, follow_up, actor)
    return visit


# A phone's clock may run a little fast; a visit kept offline is sent hours later, not days.
CLOCK_SKEW = datetime.timedelta(minutes=5)
OFFLINE_DAYS = 7


def _check_time(target: Target, visited_at: datetime.datetime | None) -> None:
    """When a visit recorded without signal says it happened: not in the future, not before the
    sweep started, not more than a week ago (the upload time is in the audit event anyway)."""
    if visited_at is None:
        return
    now = timezone.now()
    started = datetime.datetime.combine(target.campaign.starts_on, datetime.time.min)
    earliest = max(timezone.make_aware(started), now - datetime.timedelta(days=OFFLINE_DAYS))
    if not earliest <= visited_at <= now + CLOCK_SKEW:
        raise Invalid(_("The time of the visit is not possible."), code="bad_visited_at")


def _check_not_done(target: Target) -> None:
    if target.outcome in FINAL:
        raise Conflict(_("This household has already been visited."), code="already_visited")
    if target.last_round >= target.campaign.current_round:
        raise Conflict(
            _("This household was already visited in this round."), code="already_visited"
        )


def _insert(visit: Visit) -> None:
    try:
        with transaction.atomic():
            visit.save()
    except IntegrityError as exc:  # the database constraint: one per household and round
        raise Conflict(
            _("This household was already visited in this round."), code="already_visited"
        ) from exc


@transaction.atomic
def visit_follow_up(*, visit: Visit, follow_up: FollowUp, actor: Any) -> Visit:
    """Open the service order or incident a follow-up visit calls for (once per visit)."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related("target__campaign", "target__grid", "household")
        .get(pk=visit.pk)
    )
    require(perms.can_record_visit(actor, visit.target))
    if visit.outcome != Outcome.FOLLOW_UP:
        raise Invalid(_("Only a visit needing follow-up opens one."), code="not_follow_up")
    if visit.order_id or visit.incident_id:
        raise Conflict(_("This visit's follow-up is already open."), code="already_followed_up")
    _open_follow_up(visit, follow_up, actor)
    return visit


def _order_category(district_code: str, code: str) -> OrderCategory:
    categories = {c.code: c for c in category_ensure_defaults(district_code=district_code)}
    category = categories.get(code or policies.FOLLOW_UP_CATEGORY.value(district_code))
    if category is None or not category.active:
        raise Invalid(_("Unknown category."), code="bad_category")
    return category


def _open_follow_up(visit: Visit, follow_up: FollowUp, actor: Any) -> None:
    description = follow_up.description.strip()
    if not description:
        raise Invalid(_("Say what follow-up is needed."), code="description_required")
    grid, household = visit.target.grid, visit.household
    edit = track(visit, actor=actor)
    key = f"grid.visit:{visit.pk}"  # a repeated follow-up must not open a second one
    if follow_up.kind == FollowUpKind.ORDER:
        visit.order = order_place(
            grid=grid,
            category=_order_category(grid.district_code, follow_up.category),
            title=description.splitlines()[0][:30],
            description=description,
            household=household,
            actor=actor,
            idempotency_key=key,
        )
    elif follow_up.kind == FollowUpKind.INCIDENT:
        category = follow_up.category or IncidentCategory.EPIDEMIC
        visit.incident = incident_report(
            grid=grid,
            category=category,
            place=household.address,
            description=description,
            actor=actor,
            idempotency_key=key,
        )
    else:
        raise Invalid(_("Choose what the follow-up opens."), code="bad_follow_up")
    edit.finish(
        "grid.visit.followed_up",
        kind=follow_up.kind,
        order=visit.order_id,
        incident=visit.incident_id,
    )
