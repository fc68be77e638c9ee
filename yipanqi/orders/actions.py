"""Every transition of a service order: guarded, locked, evented, audited and notified."""

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yipanqi.core import audit, notify
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.workflow import Actor, Workflow, lock, require, require_permission, user_of
from yipanqi.orders import permissions as perms
from yipanqi.orders import policies
from yipanqi.orders.choices import (
    DEFAULT_CATEGORIES,
    ORDER_TRANSITION_NOT_ALLOWED,
    ORDER_TRANSITIONS,
    WAITING_STATES,
    DispatchKind,
    EventKind,
    OrderStatus,
    Urgency,
)
from yipanqi.orders.models import (
    OrderCandidate,
    OrderCategory,
    OrderEvent,
    OrderParticipant,
    OrderRating,
    ServiceOrder,
)
from yipanqi.organisations import escalation
from yipanqi.organisations.choices import AreaKind, UnitKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.people.models import Household, PartyMember, Person

ALREADY_TAKEN = "already_taken"


def _locked(order: ServiceOrder) -> ServiceOrder:
    return lock(order, "community", "grid", "resident")


def due_at(order: ServiceOrder, status: str, now: datetime.datetime) -> datetime.datetime | None:
    # A district override may name only some states; the others keep their documented default.
    hours = {**policies.DUE_HOURS.default, **policies.DUE_HOURS.value(order.district_code)}.get(
        status
    )
    if hours is None:
        return None
    if order.urgency == Urgency.URGENT:
        hours = hours * float(policies.URGENT_FACTOR.value(order.district_code))
    return now + datetime.timedelta(hours=hours)


def _write_event(
    order: ServiceOrder,
    *,
    actor: Actor,
    old: str,
    new: str,
    kind: str,
    note: str = "",
    data: dict | None = None,
) -> OrderEvent:
    event = OrderEvent(
        order=order,
        kind=kind,
        actor=user_of(actor),
        from_status=old,
        to_status=new,
        note=note[:500],
        data=data or {},
    )
    event.place_in(order.community)
    event.save()
    return event


def _stamp_due(order: ServiceOrder, new: str) -> None:
    order.due_at, order.overdue = due_at(order, new, timezone.now()), False


ORDER_FLOW = Workflow(
    table=ORDER_TRANSITIONS,
    statuses=OrderStatus,
    refusal=ORDER_TRANSITION_NOT_ALLOWED,
    audit_prefix="orders.order",
    event=_write_event,
    on_move=_stamp_due,
)


def _tell(users: list[Any], order: ServiceOrder, title: str, step: str) -> None:
    topic = f"orders.serviceorder:{order.pk}:{step}:{order.version}"
    notify.notify(users, title=title, body=order.title, url=order.get_absolute_url(), topic=topic)


@transaction.atomic
def order_place(
    *,
    grid: Area,
    category: OrderCategory,
    title: str,
    description: str,
    actor: Any,
    resident: Person | None = None,
    household: Household | None = None,
    urgency: str = Urgency.NORMAL,
    placed_at: datetime.datetime | None = None,
    idempotency_key: str = "",
) -> ServiceOrder:
    """群众点单: a resident (or a grid worker on their behalf — the assisted channel) places an order.

    With an `idempotency_key`, placing again with the same key (a retried or double-submitted
    request) returns the first order and sends nothing new (R-AV-3). The system actor (a
    deliberation follow-up) places for the person it acts on behalf of, who becomes the placer.
    """
    placer = user_of(actor)
    earlier = _placed_with_key(placer, idempotency_key)
    if earlier is not None:
        return earlier
    if grid.kind != AreaKind.GRID:
        raise Invalid(_("Choose the grid the order concerns."), code="not_a_grid")
    require_permission(actor, perms.can_place, grid.path)
    if not title.strip() or not description.strip():
        raise Invalid(_("Say briefly what help is needed."), code="description_required")
    if category.district_code != grid.district_code or not category.active:
        raise Invalid(_("Unknown category."), code="bad_category")
    own = resident is not None and resident.user_id == getattr(placer, "pk", None)
    channel = (
        "resident"
        if own or resident is None and not perms.is_staff_placer(placer, grid.path)
        else "assisted"
    )
    order = ServiceOrder(
        category=category,
        grid=grid,
        community=grid.get_parent(),
        household=household,
        resident=resident,
        title=title.strip()[:100],
        description=description.strip(),
        urgency=urgency,
        channel=channel,
        placed_by=placer,
        placed_at=placed_at or timezone.now(),
        idempotency_key=idempotency_key[:64],
    )
    order.place_in(grid)
    order.due_at = due_at(order, OrderStatus.PLACED, order.placed_at)
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        earlier = _placed_with_key(placer, idempotency_key)  # a concurrent twin committed first
        if earlier is None:
            raise
        return earlier
    OrderEvent.objects.create(
        order=order,
        kind=EventKind.PLACED,
        actor=placer,
        to_status=OrderStatus.PLACED,
        created_at=order.placed_at,  # one instant: the event is the placing
        scope_path=order.scope_path,
        district_code=order.district_code,
    )
    audit.record(actor=actor, action="orders.order.placed", target=order, data={"channel": channel})
    _tell(perms.admins_of(order.community), order, _("New service order"), "placed")
    return order


def _placed_with_key(placer: Any, key: str) -> ServiceOrder | None:
    if not key or placer is None:
        return None
    return ServiceOrder.objects.filter(placed_by=placer, idempotency_key=key[:64]).first()


@transaction.atomic
def category_ensure_defaults(*, district_code: str, actor: Any = None) -> list[OrderCategory]:
    """Give a district the default category list (choices.DEFAULT_CATEGORIES) once; keeps edits."""
    created = []
    for position, (code, name) in enumerate(DEFAULT_CATEGORIES):
        category, new = OrderCategory.objects.get_or_create(
            district_code=district_code, code=code, defaults={"name": name, "order": position}
        )
        if new:
            created.append(category.code)
    if created:
        audit.record(
            actor=actor,
            action="orders.categories.created",
            data={"codes": created},
            scope_path="",
            district_code=district_code,
        )
    return list(OrderCategory.objects.filter(district_code=district_code))


@transaction.atomic
def order_accept(*, order: ServiceOrder, actor: Any) -> ServiceOrder:
    order = _locked(order)
    require(perms.can_manage(actor, order))
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.ACCEPTED, kind=EventKind.ACCEPTED)
    step.finish("accepted")
    _tell([order.placed_by], order, _("Your order was accepted"), "accepted")
    return order


@transaction.atomic
def order_decline(*, order: ServiceOrder, reason: str, actor: Any) -> ServiceOrder:
    order = _locked(order)
    require(perms.can_manage(actor, order))
    _reason_given(reason)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.DECLINED, kind=EventKind.DECLINED, note=reason)
    step.set(closed_at=timezone.now())
    step.finish("declined", reason=reason)
    _tell([order.placed_by], order, _("Your order was declined"), "declined")
    return order


def _reason_given(reason: str) -> None:
    if not reason.strip():
        raise Invalid(
            _("Give a reason."), code="reason_required", fields={"reason": [_("Give a reason.")]}
        )


def _set_target(
    order: ServiceOrder,
    kind: str,
    members: list[PartyMember],
    unit: Unit | None,
    claim_area: Area | None,
) -> list[Any]:
    """Record who may take the order; returns the users to notify."""
    if kind not in DispatchKind.values:
        raise Invalid(_("Choose how to dispatch the order."), code="bad_dispatch_kind")
    order.candidates.all().delete()
    order.dispatch_kind, order.dispatched_unit, order.claim_area = kind, None, None
    order.taker, order.taker_user = None, None
    if kind == DispatchKind.MEMBERS:
        return _target_members(order, members)
    if kind in (DispatchKind.UNIT, DispatchKind.SOCIAL_ORG):
        return _target_unit(order, kind, unit)
    area = claim_area or order.community
    if not area.path.startswith(order.community.path):
        raise Invalid(_("Open the order within its community."), code="claim_area_outside")
    order.claim_area = area
    return []


def _target_members(order: ServiceOrder, members: list[PartyMember]) -> list[Any]:
    # A member picked twice must not hit the candidate constraint.
    unique = list({m.pk: m for m in members}.values())
    if not unique:
        raise Invalid(_("Choose at least one member."), code="members_required")
    for member in unique:
        if perms.active_registration(member, order.community_id) is None:
            raise Invalid(
                _("%(name)s is not registered with this community.") % {"name": member.person.name},
                code="member_not_registered",
            )
        OrderCandidate.objects.create(
            order=order,
            member=member,
            scope_path=order.scope_path,
            district_code=order.district_code,
        )
    return [m.person.user for m in unique if m.person.user_id]


def _target_unit(order: ServiceOrder, kind: str, unit: Unit | None) -> list[Any]:
    """A unit (or social organisation) located in the community or in an area above it."""
    if unit is None:
        raise Invalid(_("Choose the unit."), code="unit_required")
    social = unit.kind == UnitKind.SOCIAL_ORGANISATION
    if social != (kind == DispatchKind.SOCIAL_ORG):
        raise Invalid(_("This is not that kind of organisation."), code="unit_kind_mismatch")
    if not order.community.path.startswith(unit.area.path) and not unit.area.path.startswith(
        order.community.path
    ):
        raise Invalid(_("Choose a unit serving this community."), code="unit_outside_area")
    order.dispatched_unit = unit
    return perms.unit_users(order.community, kind)


@transaction.atomic
def order_dispatch(
    *,
    order: ServiceOrder,
    kind: str,
    actor: Any,
    members: list[PartyMember] | None = None,
    unit: Unit | None = None,
    claim_area: Area | None = None,
    note: str = "",
) -> ServiceOrder:
    """党组织下单: to named members, to a unit or social organisation, or open for claiming."""
    order = _locked(order)
    require(perms.can_manage(actor, order))
    if order.status != OrderStatus.ACCEPTED:
        raise Conflict(
            _("Only an accepted order can be dispatched; use reassign."), code="illegal_transition"
        )
    step = ORDER_FLOW.begin(order, actor=actor)
    recipients = _set_target(order, kind, members or [], unit, claim_area)
    step.move(OrderStatus.DISPATCHED, kind=EventKind.DISPATCHED, note=note, data={"kind": kind})
    step.finish("dispatched", kind=kind)
    _tell(recipients, order, _("A service order was dispatched to you"), "dispatched")
    return order


@transaction.atomic
def order_take(*, order: ServiceOrder, actor: Any) -> ServiceOrder:
    """党员接单: only one member can take an order; a second attempt gets a clear conflict."""
    order = _locked(order)
    member = perms.member_of(actor)
    # Only those the order was sent to learn that it is taken; everyone else is simply refused.
    require(perms.may_take(actor, order, member))
    if order.status in (OrderStatus.TAKEN, OrderStatus.DONE, OrderStatus.CLOSED):
        raise Conflict(_("Someone else has already taken this order."), code=ALREADY_TAKEN)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.TAKEN, kind=EventKind.TAKEN)
    by_member = order.dispatch_kind in (DispatchKind.MEMBERS, DispatchKind.OPEN)
    step.set(taker=member if by_member else None, taker_user=actor)
    step.finish("taken")
    _tell([order.placed_by], order, _("A party member has taken your order"), "taken")
    return order


def _hours(spent: Any) -> Decimal:
    try:
        value = Decimal(str(spent))
        if Decimal("0") <= value <= Decimal("24"):
            return value
    except InvalidOperation:  # not a number, or NaN
        pass
    raise Invalid(_("Hours must be between 0 and 24."), code="bad_hours")


NOT_A_PARTICIPANT = gettext_lazy(
    "Only members who took part in this order (its taker, the members it was sent to, the staff "
    "of the unit it was sent to) can be credited with hours."
)


def _checked_hours(
    order: ServiceOrder, hours: dict[PartyMember, Any]
) -> dict[PartyMember, Decimal]:
    """Hours (and so points) go only to the order's participants, and at most the policy's cap per
    member for the whole order (earlier completion rounds count too)."""
    allowed = set(
        perms.participants_of(order)
        .filter(pk__in=[m.pk for m in hours])
        .values_list("pk", flat=True)
    )
    cap = Decimal(str(policies.MAX_HOURS_PER_MEMBER.value(order.district_code)))
    earlier = dict(
        OrderParticipant.objects.filter(
            order=order, member__in=list(hours), round__lt=order.reopen_count
        )
        .values("member_id")
        .annotate(total=Sum("hours"))
        .values_list("member_id", "total")
    )
    checked = {}
    for member, spent in hours.items():
        if member.pk not in allowed:
            raise Invalid(
                NOT_A_PARTICIPANT,
                code="member_not_participant",
                fields={"hours": [NOT_A_PARTICIPANT]},
            )
        value = _hours(spent)
        if value + earlier.get(member.pk, Decimal(0)) > cap:
            message = _("At most %(cap)s hours can be credited to one member for one order.") % {
                "cap": cap
            }
            raise Invalid(message, code="hours_over_cap", fields={"hours": [message]})
        checked[member] = value
    return checked


@transaction.atomic
def order_complete(
    *,
    order: ServiceOrder,
    note: str,
    actor: Any,
    hours: dict[PartyMember, Decimal] | None = None,
) -> ServiceOrder:
    """办结: the taker records what was done and the hours of each participant."""
    order = _locked(order)
    require(perms.is_taker(actor, order))
    if not note.strip():
        raise Invalid(_("Describe what was done."), code="note_required")
    step = ORDER_FLOW.begin(order, actor=actor)
    # The state first: hours must not be rewritten on an order that is not being completed now.
    step.move(OrderStatus.DONE, kind=EventKind.COMPLETED, note=note)
    default = {order.taker: Decimal("1")} if order.taker is not None else {}
    participants = _checked_hours(order, hours or default)
    for member, spent in participants.items():
        OrderParticipant.objects.update_or_create(
            order=order,
            member=member,
            round=order.reopen_count,
            defaults={
                "hours": spent,
                "scope_path": order.scope_path,
                "district_code": order.district_code,
            },
        )
    step.set(done_at=timezone.now())
    credited = {str(m.pk): str(h) for m, h in participants.items()}
    step.finish("completed", participants=len(participants), hours=credited)
    _tell(
        [order.placed_by, getattr(order.resident, "user", None)],
        order,
        _("Your order is done — please rate it"),
        "done",
    )
    return order


@transaction.atomic
def order_rate(
    *, order: ServiceOrder, score: int, solved: bool, actor: Any, comment: str = ""
) -> ServiceOrder:
    """群众评价: a good rating closes the order and credits the members; a poor one reopens it."""
    order = _locked(order)
    require(perms.can_rate(actor, order))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise Invalid(_("Give a score from 1 to 5."), code="bad_score")
    # A closed order has had its rating: a repeated (double-submitted) rating is told so.
    already = "already_rated" if order.status == OrderStatus.CLOSED else "illegal_transition"
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(
        OrderStatus.RATED,
        code=already,
        kind=EventKind.RATED,
        data={"score": score, "solved": solved},
    )
    try:
        with transaction.atomic():
            OrderRating.objects.create(
                order=order,
                round=order.reopen_count,
                score=score,
                solved=solved,
                comment=comment[:500],
                rated_by=actor,
                scope_path=order.scope_path,
                district_code=order.district_code,
            )
    except IntegrityError as exc:
        raise Conflict(_("This order has already been rated."), code="already_rated") from exc
    from yipanqi.orders import ledger

    reopen = not solved or score <= int(policies.REOPEN_AT_OR_BELOW.value(order.district_code))
    # The round's work is credited either way; only a rating that closes the order counts the
    # problem as solved (a "solved" tick with a reopening score would be counted twice).
    ledger.credit_participants(order=order, solved=solved and not reopen)
    if reopen:
        step.move(OrderStatus.ACCEPTED, kind=EventKind.REOPENED, note=comment)
        step.set(reopen_count=order.reopen_count + 1, solved=None)
    else:
        step.move(OrderStatus.CLOSED, kind=EventKind.CLOSED)
        step.set(closed_at=timezone.now(), solved=solved)
    step.finish("reopened" if reopen else "rated", score=score, solved=solved)
    if reopen:
        _tell(
            perms.admins_of(order.community),
            order,
            _("An order was reopened after a poor rating"),
            "reopened",
        )
    return order


@transaction.atomic
def order_cancel(*, order: ServiceOrder, reason: str, actor: Any) -> ServiceOrder:
    order = _locked(order)
    require(perms.can_cancel(actor, order))
    _reason_given(reason)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.CANCELLED, kind=EventKind.CANCELLED, note=reason)
    step.set(closed_at=timezone.now())
    step.finish("cancelled", reason=reason)
    _tell(
        [order.placed_by, order.taker_user], order, _("A service order was cancelled"), "cancelled"
    )
    return order


@transaction.atomic
def order_reassign(
    *,
    order: ServiceOrder,
    kind: str,
    reason: str,
    actor: Any,
    members: list[PartyMember] | None = None,
    unit: Unit | None = None,
    claim_area: Area | None = None,
) -> ServiceOrder:
    """Take a dispatched or taken order back and send it elsewhere, with a reason."""
    order = _locked(order)
    require(perms.can_manage(actor, order))
    _reason_given(reason)
    if order.status not in (OrderStatus.DISPATCHED, OrderStatus.TAKEN):
        raise Conflict(
            _("Only a dispatched or taken order can be reassigned; dispatch it instead."),
            code="illegal_transition",
        )
    previous_taker = order.taker_user
    step = ORDER_FLOW.begin(order, actor=actor)
    recipients = _set_target(order, kind, members or [], unit, claim_area)
    step.move(OrderStatus.DISPATCHED, kind=EventKind.REASSIGNED, note=reason, data={"kind": kind})
    step.finish("reassigned", kind=kind, reason=reason)
    _tell([*recipients, previous_taker], order, _("A service order was reassigned"), "reassigned")
    return order


@transaction.atomic
def order_escalate_overdue(*, obj: ServiceOrder, now: datetime.datetime, actor: Actor) -> bool:
    """超时督办 (the system's deadline job): an order past its due time is marked overdue and
    climbs one level of the area tree; returns False if it moved on meanwhile."""
    require(is_system(actor))
    order = _locked(obj)
    step = ORDER_FLOW.begin(order, actor=actor)
    climbed = escalation.climb(order, now, WAITING_STATES, due_at)
    if climbed is None:
        return False
    level, first_time = climbed
    kinds = [EventKind.OVERDUE, EventKind.ESCALATED] if first_time else [EventKind.ESCALATED]
    for kind in kinds:
        _write_event(
            order, actor=actor, old=order.status, new=order.status, kind=kind, data={"level": level}
        )
    step.finish("escalated", level=level)
    escalation.announce(order, level, _("Overdue service order escalated to you"))
    return True
