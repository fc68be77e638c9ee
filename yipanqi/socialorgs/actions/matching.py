"""Services and matching (供需对接): organisations publish offers, communities post needs and accept
a matched offer (an engagement), the street or district buys a service (政府购买服务); deliveries
are logged, or made through a service order dispatched to the organisation."""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Conflict, Invalid
from yipanqi.core.text import checked_text as text
from yipanqi.core.workflow import Actor, created, lock, require_permission, user_of
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.socialorgs import permissions as perms
from yipanqi.socialorgs.actions._common import ENGAGEMENT_FLOW, NEED_FLOW, fen, positive
from yipanqi.socialorgs.choices import (
    EngagementKind,
    EngagementStatus,
    NeedStatus,
    PriceClass,
    ServiceKind,
)
from yipanqi.socialorgs.models import DeliveryLog, Engagement, Need, Offer, SocialOrganisation


def _choice(value: str, values: list[str], field: str) -> str:
    if value not in values:
        message = _("Choose one of the options.")
        raise Invalid(message, code=f"bad_{field}", fields={field: [message]})
    return value


def _community(area: Area) -> Area:
    if area.kind != AreaKind.COMMUNITY:
        message = _("Choose a community.")
        raise Invalid(message, code="not_a_community", fields={"community": [message]})
    return area


@transaction.atomic
def offer_publish(
    *,
    organisation: SocialOrganisation,
    title: str,
    kind: str,
    price_class: str,
    area: Area,
    capacity: int,
    actor: Actor,
) -> Offer:
    """发布服务: what the organisation offers, where, at what price class, for how many a month."""
    require_permission(actor, perms.can_act_for, organisation)
    offer = Offer(
        organisation=organisation,
        title=text(title, "title", 100),
        kind=_choice(kind, ServiceKind.values, "kind"),
        price_class=_choice(price_class, PriceClass.values, "price_class"),
        area=area,
        capacity=positive(capacity, "capacity"),
    )
    if area.kind == AreaKind.GRID or area.district_code != organisation.district_code:
        message = _("Choose a community, street or the district.")
        raise Invalid(message, code="bad_area", fields={"area": [message]})
    offer.place_in(area)
    offer.save()
    audit.record(
        actor=actor,
        action="socialorgs.offer.published",
        target=offer,
        changes=created(offer, "organisation", "title", "kind", "price_class", "area", "capacity"),
    )
    return offer


@transaction.atomic
def need_post(
    *,
    community: Area,
    title: str,
    kind: str,
    people: int,
    budget_fen: int,
    actor: Actor,
    description: str = "",
) -> Need:
    """社区需求: what the community needs, for how many people, with what budget."""
    _community(community)
    require_permission(actor, perms.can_post_need, community)
    need = Need(
        community=community,
        title=text(title, "title", 100),
        kind=_choice(kind, ServiceKind.values, "kind"),
        description=text(description, "description", 1000, required=False),
        people=positive(people, "people"),
        budget_fen=fen(budget_fen, "budget_fen"),
        posted_by=user_of(actor),
    )
    need.place_in(community)
    need.save()
    audit.record(
        actor=actor,
        action="socialorgs.need.posted",
        target=need,
        changes=created(need, "community", "title", "kind", "people", "budget_fen"),
    )
    return need


def check_match(need: Need, offer: Offer) -> None:
    """The rules matching suggests by: same kind, the offer serves the community, room enough."""
    if offer.kind != need.kind:
        raise Invalid(_("The offer is for another kind of service."), code="kind_mismatch")
    if not offer.active:
        raise Conflict(_("The offer has been withdrawn."), code="offer_withdrawn")
    if not need.scope_path.startswith(offer.scope_path):
        raise Invalid(_("The offer does not serve this community."), code="area_mismatch")
    if offer.capacity < need.people:
        raise Invalid(_("The offer cannot serve that many people."), code="over_capacity")


@transaction.atomic
def need_accept(*, need: Need, offer: Offer, actor: Actor) -> Engagement:
    """对接: the community accepts a matched offer; the engagement starts today."""
    need = lock(need)
    require_permission(actor, perms.can_decide_need, need)
    check_match(need, offer)
    step = NEED_FLOW.begin(need, actor=actor)
    step.move(NeedStatus.MATCHED)
    step.finish("matched", offer=offer.pk)
    engagement = Engagement(
        organisation=offer.organisation,
        community=need.community,
        kind=EngagementKind.MATCHED,
        need=need,
        offer=offer,
        title=need.title,
        price_class=offer.price_class,
        started_on=timezone.localdate(),
    )
    engagement.place_in(need.community)
    engagement.save()
    audit.record(
        actor=actor,
        action="socialorgs.engagement.matched",
        target=engagement,
        changes=created(engagement, "organisation", "community", "need", "offer", "kind"),
    )
    return engagement


@transaction.atomic
def need_withdraw(*, need: Need, actor: Actor) -> Need:
    need = lock(need)
    require_permission(actor, perms.can_decide_need, need)
    step = NEED_FLOW.begin(need, actor=actor)
    step.move(NeedStatus.WITHDRAWN)
    step.finish("withdrawn")
    return need


@transaction.atomic
def engagement_purchase(
    *,
    organisation: SocialOrganisation,
    community: Area,
    title: str,
    price_class: str,
    purchaser: str,
    contract_fen: int,
    started_on: datetime.date,
    actor: Actor,
) -> Engagement:
    """政府购买服务: a contract between the purchaser and the organisation for a community."""
    _community(community)
    require_permission(actor, perms.can_purchase, community)
    engagement = Engagement(
        organisation=organisation,
        community=community,
        kind=EngagementKind.PURCHASED,
        title=text(title, "title", 100),
        price_class=_choice(price_class, PriceClass.values, "price_class"),
        purchaser=text(purchaser, "purchaser", 100),
        contract_fen=fen(contract_fen, "contract_fen", allow_zero=False),
        started_on=started_on,
    )
    engagement.place_in(community)
    engagement.save()
    audit.record(
        actor=actor,
        action="socialorgs.engagement.purchased",
        target=engagement,
        changes=created(
            engagement, "organisation", "community", "kind", "purchaser", "contract_fen"
        ),
    )
    return engagement


def _require_active(engagement: Engagement) -> None:
    if engagement.status != EngagementStatus.ACTIVE:
        raise Conflict(_("This engagement has ended."), code="engagement_ended")


@transaction.atomic
def engagement_log(
    *, engagement: Engagement, delivered_on: datetime.date, note: str, people: int, actor: Actor
) -> DeliveryLog:
    """服务记录: one delivery, by the organisation's staff or the community."""
    engagement = lock(engagement)
    require_permission(actor, perms.can_log, engagement)
    _require_active(engagement)
    if delivered_on < engagement.started_on or delivered_on > timezone.localdate():
        raise Invalid(_("The date is outside the engagement."), code="bad_date",
                      fields={"delivered_on": [_("The date is outside the engagement.")]})  # fmt: skip
    log = DeliveryLog.objects.create(
        engagement=engagement,
        delivered_on=delivered_on,
        note=text(note, "note", 500),
        people=positive(people, "people", 100_000),
        logged_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action="socialorgs.engagement.logged",
        target=engagement,
        changes={"log": [None, log.pk]},
        data={"people": log.people},
    )
    return log


@transaction.atomic
def engagement_dispatch_order(*, engagement: Engagement, order: Any, actor: Actor) -> DeliveryLog:
    """Deliver through a service order: the orders app's dispatch to a social organisation (its
    own action, audited there), logged here against the engagement."""
    from yipanqi.orders.actions import order_dispatch
    from yipanqi.orders.choices import DispatchKind

    engagement = lock(engagement)
    require_permission(actor, perms.can_log, engagement)
    _require_active(engagement)
    unit = engagement.organisation.unit
    if unit is None:
        raise Conflict(_("The organisation takes no service orders yet."), code="no_order_unit")
    if order.community_id != engagement.community_id:
        raise Invalid(_("The order is from another community."), code="order_outside")
    order_dispatch(order=order, kind=DispatchKind.SOCIAL_ORG, unit=unit, actor=actor,
                   note=engagement.title)  # fmt: skip
    log = DeliveryLog.objects.create(
        engagement=engagement,
        delivered_on=timezone.localdate(),
        note=_("Service order dispatched"),
        order=order,
        logged_by=user_of(actor),
    )
    audit.record(
        actor=actor,
        action="socialorgs.engagement.order_dispatched",
        target=engagement,
        changes={"log": [None, log.pk]},
        data={"order": order.pk},
    )
    return log


@transaction.atomic
def engagement_complete(*, engagement: Engagement, actor: Actor) -> Engagement:
    engagement = lock(engagement)
    require_permission(actor, perms.can_log, engagement)
    step = ENGAGEMENT_FLOW.begin(engagement, actor=actor)
    step.move(EngagementStatus.COMPLETED)
    step.finish("completed")
    return engagement
