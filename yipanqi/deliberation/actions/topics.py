"""议题: raised by a member or a resident (often from a phone), accepted onto the agenda or
declined with a reason."""

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import notify
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import created, user_of
from yipanqi.deliberation import permissions as perms
from yipanqi.deliberation.actions._common import (
    TOPIC_FLOW,
    locked,
    record,
    require,
    require_permission,
)
from yipanqi.deliberation.choices import (
    DELIBERATING_KINDS,
    TopicSource,
    TopicStatus,
)
from yipanqi.deliberation.models import Seat, Topic
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area, Body
from yipanqi.organisations.permissions import active_grants


def _source(actor: Any, body: Body) -> str:
    if Seat.objects.filter(body=body, membership__user=actor).exists():
        return TopicSource.MEMBER
    staff = perms.RAISERS - perms.RESIDENTS
    if any(g.role in staff for g in active_grants(actor)):
        return TopicSource.STAFF
    return TopicSource.RESIDENT


def _home_grid(actor: Any, body: Body) -> Area | None:
    """The grid a resident's grant names, if it lies in the body's area."""
    for grant in active_grants(actor):
        area = grant.area
        if area.kind == AreaKind.GRID and area.path.startswith(body.scope_path):
            return area
    return None


def _check_grid(grid: Area | None, body: Body) -> None:
    if grid is not None and (
        grid.kind != AreaKind.GRID or not grid.path.startswith(body.scope_path)
    ):
        raise Invalid(_("Choose a grid of this community."), code="grid_outside_body")


def _raised_with_key(raiser: Any, key: str) -> Topic | None:
    if not key or raiser is None:
        return None
    return Topic.objects.filter(raised_by=raiser, idempotency_key=key[:64]).first()


@transaction.atomic
def topic_raise(
    *,
    body: Body,
    title: str,
    description: str,
    actor: Any,
    grid: Area | None = None,
    idempotency_key: str = "",
    raised_at: datetime.datetime | None = None,
) -> Topic:
    """With an idempotency key, raising again (a double tap on a phone) returns the first topic.
    The system actor (the demo) raises for the person it acts on behalf of."""
    raiser = user_of(actor)
    earlier = _raised_with_key(raiser, idempotency_key)
    if earlier is not None:
        return earlier
    if body.kind not in DELIBERATING_KINDS:
        raise Invalid(_("Not a deliberating body."), code="bad_kind")
    require_permission(actor, perms.can_raise, body)
    if not title.strip() or not description.strip():
        raise Invalid(_("Say what the topic is about."), code="description_required")
    _check_grid(grid, body)
    topic = Topic(
        body=body,
        grid=grid or _home_grid(raiser, body),
        title=title.strip()[:100],
        description=description.strip()[:2000],
        source=_source(raiser, body),
        raised_by=raiser,
        raised_at=raised_at or timezone.now(),
        idempotency_key=idempotency_key[:64],
    )
    topic.place_in(body)
    try:
        with transaction.atomic():
            topic.save()
    except IntegrityError:
        earlier = _raised_with_key(raiser, idempotency_key)  # a concurrent twin committed first
        if earlier is None:
            raise
        return earlier
    # The description stays out of the trail: residents type phone numbers into it.
    changes = created(topic, "body", "grid", "title", "source", "raised_by", "status")
    record(topic, actor, "topic.raised", changes=changes, source=topic.source)
    notify.notify(
        perms.admins_of(body),
        title=_("New topic for deliberation"),
        body=topic.title,
        url=f"/deliberation/bodies/{body.pk}/",
        topic=f"deliberation.topic:{topic.pk}:raised",
    )
    return topic


def _tell_raiser(topic: Topic, title: str, step: str) -> None:
    notify.notify(
        [topic.raised_by],
        title=title,
        body=topic.title,
        url="/deliberation/topics/new/",
        topic=f"deliberation.topic:{topic.pk}:{step}",
    )


@transaction.atomic
def topic_accept(*, topic: Topic, actor: Any) -> Topic:
    topic = locked(Topic, topic.pk, "body")
    require(perms.can_manage(actor, topic.body))
    step = TOPIC_FLOW.begin(topic, actor=actor)
    step.move(TopicStatus.ACCEPTED)
    step.finish("accepted")
    _tell_raiser(topic, _("Your topic was put on the agenda"), "accepted")
    return topic


@transaction.atomic
def topic_decline(*, topic: Topic, reason: str, actor: Any) -> Topic:
    topic = locked(Topic, topic.pk, "body")
    require(perms.can_manage(actor, topic.body))
    if not reason.strip():
        message = _("Give a reason.")
        raise Invalid(message, code="reason_required", fields={"reason": [message]})
    step = TOPIC_FLOW.begin(topic, actor=actor)
    step.move(TopicStatus.DECLINED)
    step.set(decline_reason=reason.strip()[:500])
    step.finish("declined", reason=topic.decline_reason)
    _tell_raiser(topic, _("Your topic was not taken up"), "declined")
    return topic
