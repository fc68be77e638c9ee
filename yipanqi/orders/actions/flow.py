"""The community's steps on an order: accept or decline, dispatch (党组织下单), take (党员接单),
cancel and reassign."""

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.pii import mask_name
from yipanqi.core.workflow import require
from yipanqi.orders import permissions as perms
from yipanqi.orders.actions._common import (
    ORDER_FLOW,
    locked_order,
    reason_given,
    residents_of,
    tell,
    tell_residents,
)
from yipanqi.orders.actions.teams import _team_target
from yipanqi.orders.choices import DispatchKind, EventKind, OrderStatus
from yipanqi.orders.models import OrderCandidate, ServiceOrder, ServiceTeam
from yipanqi.organisations.choices import UnitKind
from yipanqi.organisations.models import Area, Unit
from yipanqi.people.models import PartyMember

ALREADY_TAKEN = "already_taken"
UNDO_EXPIRED = "undo_expired"


def _members_label(members: list[PartyMember]) -> str:
    names = [mask_name(m.person.name) for m in members]
    if len(names) == 1:
        return _("party member %(name)s") % {"name": names[0]}
    shown = "、".join(names[:3]) + ("…" if len(names) > 3 else "")
    return _("party members %(names)s") % {"names": shown}


def _sent_to_label(order: ServiceOrder) -> str:
    """Whom the order went to, as its resident may read it: members' names masked (个人信息
    默认脱敏), a unit or social organisation by its name, or everyone nearby."""
    if order.dispatch_kind == DispatchKind.MEMBERS:
        members = [c.member for c in order.candidates.select_related("member__person")]
        return _members_label(members)
    if order.dispatched_unit is not None:
        return order.dispatched_unit.name
    if order.dispatched_team is not None:
        return _("the service team %(team)s") % {"team": order.dispatched_team.name}
    return _("party members nearby (the first to take it has it)")


def _tell_sent(order: ServiceOrder, step: str) -> None:
    title = _("Your order was dispatched to %(who)s") % {"who": _sent_to_label(order)}
    tell_residents(order, title, f"{step}-resident")


@transaction.atomic
def order_accept(*, order: ServiceOrder, actor: Any) -> ServiceOrder:
    order = locked_order(order)
    require(perms.can_manage(actor, order))
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.ACCEPTED, kind=EventKind.ACCEPTED)
    step.finish("accepted")
    tell_residents(order, _("Your order was accepted"), "accepted")
    return order


@transaction.atomic
def order_decline(*, order: ServiceOrder, reason: str, actor: Any) -> ServiceOrder:
    order = locked_order(order)
    require(perms.can_manage(actor, order))
    reason_given(reason)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.DECLINED, kind=EventKind.DECLINED, note=reason)
    step.set(closed_at=timezone.now())
    step.finish("declined", reason=reason)
    tell(residents_of(order), order, _("Your order was declined"), "declined")
    return order


def _set_target(
    order: ServiceOrder,
    kind: str,
    members: list[PartyMember],
    unit: Unit | None,
    claim_area: Area | None,
    team: ServiceTeam | None = None,
) -> list[Any]:
    """Record who may take the order; returns the users to notify."""
    if kind not in DispatchKind.values:
        raise Invalid(_("Choose how to dispatch the order."), code="bad_dispatch_kind")
    order.candidates.all().delete()
    order.dispatch_kind, order.dispatched_unit, order.claim_area = kind, None, None
    order.taker, order.taker_user, order.dispatched_team = None, None, None
    if kind == DispatchKind.MEMBERS:
        return _target_members(order, members)
    if kind == DispatchKind.TEAM:
        return _team_target(order, team)
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
    team: ServiceTeam | None = None,
    note: str = "",
) -> ServiceOrder:
    """党组织下单: to named members, to a unit or social organisation, to a service team (组团式
    服务: any of its active members may take it), or open for claiming."""
    order = locked_order(order)
    require(perms.can_manage(actor, order))
    if order.status != OrderStatus.ACCEPTED:
        raise Conflict(
            _("Only an accepted order can be dispatched; use reassign."), code="illegal_transition"
        )
    step = ORDER_FLOW.begin(order, actor=actor)
    recipients = _set_target(order, kind, members or [], unit, claim_area, team)
    step.move(OrderStatus.DISPATCHED, kind=EventKind.DISPATCHED, note=note, data={"kind": kind})
    step.finish("dispatched", kind=kind)
    tell(recipients, order, _("A service order was dispatched to you"), "dispatched")
    _tell_sent(order, "dispatched")
    return order


@transaction.atomic
def order_take(*, order: ServiceOrder, actor: Any) -> ServiceOrder:
    """党员接单: only one member can take an order; a second attempt gets a clear conflict."""
    order = locked_order(order)
    member = perms.member_of(actor)
    # Only those the order was sent to learn that it is taken; everyone else is simply refused.
    require(perms.may_take(actor, order, member))
    if order.status in (OrderStatus.TAKEN, OrderStatus.DONE, OrderStatus.CLOSED):
        raise Conflict(_("Someone else has already taken this order."), code=ALREADY_TAKEN)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.TAKEN, kind=EventKind.TAKEN)
    by_member = order.dispatch_kind in (DispatchKind.MEMBERS, DispatchKind.OPEN, DispatchKind.TEAM)
    step.set(taker=member if by_member else None, taker_user=actor)
    step.finish("taken")
    unit = order.dispatched_unit
    who = _members_label([member]) if by_member and member else (unit.name if unit else "")
    tell_residents(order, _("%(who)s has taken your order") % {"who": who}, "taken")
    return order


@transaction.atomic
def order_take_undo(*, order: ServiceOrder, actor: Any) -> ServiceOrder:
    """撤销接单: within a few seconds of taking an order (policy orders.take_undo_seconds) its
    taker may give it back — a mis-tap on a phone — and it waits for those it was sent to again."""
    order = locked_order(order)
    require(perms.is_taker(actor, order))
    if not perms.can_undo_take(actor, order):
        raise Conflict(_("It is too late to undo taking this order."), code=UNDO_EXPIRED)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.DISPATCHED, kind=EventKind.TAKE_UNDONE)
    step.set(taker=None, taker_user=None)
    step.finish("take_undone")
    return order


@transaction.atomic
def order_cancel(*, order: ServiceOrder, reason: str, actor: Any) -> ServiceOrder:
    order = locked_order(order)
    require(perms.can_cancel(actor, order))
    reason_given(reason)
    step = ORDER_FLOW.begin(order, actor=actor)
    step.move(OrderStatus.CANCELLED, kind=EventKind.CANCELLED, note=reason)
    step.set(closed_at=timezone.now())
    step.finish("cancelled", reason=reason)
    users = [*residents_of(order), order.taker_user]
    tell(users, order, _("A service order was cancelled"), "cancelled")
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
    team: ServiceTeam | None = None,
) -> ServiceOrder:
    """Take a dispatched or taken order back and send it elsewhere, with a reason."""
    order = locked_order(order)
    require(perms.can_manage(actor, order))
    reason_given(reason)
    if order.status not in (OrderStatus.DISPATCHED, OrderStatus.TAKEN):
        raise Conflict(
            _("Only a dispatched or taken order can be reassigned; dispatch it instead."),
            code="illegal_transition",
        )
    previous_taker = order.taker_user
    step = ORDER_FLOW.begin(order, actor=actor)
    recipients = _set_target(order, kind, members or [], unit, claim_area, team)
    step.move(OrderStatus.DISPATCHED, kind=EventKind.REASSIGNED, note=reason, data={"kind": kind})
    step.finish("reassigned", kind=kind, reason=reason)
    tell([*recipients, previous_taker], order, _("A service order was reassigned"), "reassigned")
    _tell_sent(order, "reassigned")
    return order
