"""落实: follow-up tasks of a passed resolution with owners and due dates. A task that needs hands
opens a service order (三单制) through the orders app's own action, and keeps the link."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core.actors import system
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import require_visible
from yipanqi.core.workflow import created
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation import policies
from yipanqi.deliberation.actions._common import FOLLOW_UP_FLOW, locked, record, require
from yipanqi.deliberation.choices import (
    OPEN_FOLLOW_UP_STATES,
    FollowUpStatus,
    Outcome,
)
from yipanqi.deliberation.models import FollowUp, Resolution, Seat
from yipanqi.orders.actions import category_ensure_defaults, order_place
from yipanqi.orders.models import OrderCategory
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Body

DEFAULT_CATEGORY = "other"  # orders.choices.DEFAULT_CATEGORIES: 其他


@transaction.atomic
def followup_create(
    *,
    resolution: Resolution,
    title: str,
    actor: Any,
    owner_seat: Seat | None = None,
    owner_name: str = "",
    due_on: datetime.date | None = None,
) -> FollowUp:
    resolution = locked(Resolution, resolution.pk, "meeting__body")
    body = resolution.meeting.body
    require(perms.can_manage(actor, body))
    if resolution.outcome != Outcome.PASSED:
        raise Conflict(_("Only a passed resolution is followed up."), code="not_passed")
    if owner_seat is not None and owner_seat.body_id != body.pk:
        raise Invalid(_("The owner must hold a seat of this body."), code="owner_other_body")
    owner = owner_seat.membership.member_name if owner_seat else owner_name.strip()
    if not title.strip() or not owner:
        raise Invalid(_("Name the task and who owns it."), code="owner_required")
    require_visible(owner, field="owner_name")
    days = int(policies.FOLLOW_UP_DAYS.value(resolution.district_code))
    follow_up = FollowUp(
        resolution=resolution,
        title=title.strip()[:100],
        owner_seat=owner_seat,
        owner_name=owner[:50],
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=days),
    )
    follow_up.place_in(resolution)
    follow_up.save()
    changes = created(follow_up, "resolution", "title", "owner_seat", "owner_name", "due_on")
    record(follow_up, actor, "followup.created", changes=changes, due_on=str(follow_up.due_on))
    return follow_up


def order_grid(follow_up: FollowUp, body: Body, grid: Area | None) -> Area:
    """The grid the order goes to: the one chosen, else the topic's, else the body's first grid."""
    if grid is not None:
        if grid.kind != AreaKind.GRID or not grid.path.startswith(body.scope_path):
            raise Invalid(_("Choose a grid of this community."), code="grid_outside_body")
        return grid
    topic_grid = follow_up.resolution.topic.grid
    if topic_grid is not None:
        return topic_grid
    first = Area.objects.filter(path__startswith=body.scope_path, kind=AreaKind.GRID)
    found = first.order_by("path").first()
    if found is None:
        raise Invalid(_("This area has no grid to send an order to."), code="no_grid")
    return found


def _category(district_code: str, category: OrderCategory | None) -> OrderCategory:
    if category is not None:
        return category
    listed = {c.code: c for c in category_ensure_defaults(district_code=district_code)}
    return listed[DEFAULT_CATEGORY]


@transaction.atomic
def followup_open_order(
    *,
    follow_up: FollowUp,
    actor: Any,
    description: str = "",
    category: OrderCategory | None = None,
    grid: Area | None = None,
) -> FollowUp:
    """Idempotent: a task that already opened its order returns it (a double tap opens one)."""
    follow_up = locked(FollowUp, follow_up.pk, "resolution__meeting__body", "resolution__topic")
    body = follow_up.resolution.meeting.body
    require(perms.can_manage(actor, body))
    if follow_up.order_id is not None:
        return follow_up
    if follow_up.status not in OPEN_FOLLOW_UP_STATES:
        raise Conflict(_("This task is closed."), code="follow_up_closed")
    target = order_grid(follow_up, body, grid)
    # The community party organisation places the order for the hall: checked here, not as a
    # resident placing in their own grid.
    order = order_place(
        grid=target,
        category=_category(target.district_code, category),
        title=follow_up.title,
        description=description.strip() or follow_up.resolution.text[:2000],
        actor=system("deliberation.follow_up", on_behalf_of=actor),
        idempotency_key=f"deliberation.followup:{follow_up.pk}",
    )
    step = FOLLOW_UP_FLOW.begin(follow_up, actor=actor)
    if follow_up.status == FollowUpStatus.OPEN:
        step.move(FollowUpStatus.IN_PROGRESS)
    else:
        step.set(version=follow_up.version + 1)
    step.set(order=order)
    step.finish("order_opened", order=order.pk)
    return follow_up


@transaction.atomic
def followup_complete(*, follow_up: FollowUp, actor: Any, note: str = "") -> FollowUp:
    follow_up = locked(FollowUp, follow_up.pk, "resolution__meeting__body")
    require(perms.can_manage(actor, follow_up.resolution.meeting.body))
    step = FOLLOW_UP_FLOW.begin(follow_up, actor=actor)
    step.move(FollowUpStatus.DONE)
    step.set(note=note.strip()[:500], done_at=timezone.now())
    step.finish("done")
    return follow_up


@transaction.atomic
def followup_cancel(*, follow_up: FollowUp, reason: str, actor: Any) -> FollowUp:
    follow_up = locked(FollowUp, follow_up.pk, "resolution__meeting__body")
    require(perms.can_manage(actor, follow_up.resolution.meeting.body))
    if not reason.strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    step = FOLLOW_UP_FLOW.begin(follow_up, actor=actor)
    step.move(FollowUpStatus.CANCELLED)
    step.set(note=reason.strip()[:500])
    step.finish("cancelled", reason=follow_up.note)
    return follow_up
