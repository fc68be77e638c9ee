"""Matching (智能匹配) suggests offers for a need by the issue's four rules: the same kind of
service, an offer serving the need's community, capacity for the people affected, and the
best-rated organisations first. The expected order is written out from the factory's ratings."""

import pytest

from yipanqi.core.actors import system
from yipanqi.socialorgs import actions, selectors
from yipanqi.socialorgs.models import Offer

pytestmark = pytest.mark.django_db
TEST = system("test")


def _offer(world, org, area, capacity, kind="elderly_care", title=""):
    return actions.offer_publish(organisation=world.orgs[org], title=title or f"{org}-{capacity}",
                                 kind=kind, price_class="free", area=area, capacity=capacity,
                                 actor=TEST)  # fmt: skip


def test_suggestions_follow_kind_area_capacity_and_rating(world):
    d = world.d
    a1 = d.communities[0]
    hub = _offer(world, "hub", d.district, 30)  # 5A, serves the whole district
    local = _offer(world, "a1", a1, 100)  # a community organisation: no rating
    _offer(world, "hub", d.district, 10, title="too small")  # 10 < the need's 20 people
    _offer(world, "hub", d.district, 90, kind="counselling")  # another kind
    elsewhere = actions.offer_publish(organisation=world.orgs["b"], title="岳林养老", kind="elderly_care",
                                      price_class="paid", area=d.towns[1], capacity=80,
                                      actor=TEST)  # fmt: skip
    withdrawn = _offer(world, "hub", d.district, 60, title="withdrawn")
    Offer.objects.filter(pk=withdrawn.pk).update(active=False)
    need = world.needs["a1"]  # elderly care in A1 for 20 people
    admin = world.personas["community_admin_a1"]
    got = [o.pk for o in selectors.suggestions(user=admin, need=need)]
    # 5A hub, then org a (4A, town A, 50 a month), then the unrated community organisation
    assert got == [hub.pk, world.offers["a"].pk, local.pk]
    assert elsewhere.pk not in got
    actions.need_accept(need=need, offer=world.offers["a"], actor=admin)
    need.refresh_from_db()
    assert selectors.suggestions(user=admin, need=need) == []  # a matched need takes no more


def test_an_engagement_delivers_through_a_service_order_dispatched_to_the_organisation(world):
    """The orders app's 派给社会组织 path, logged against the engagement; an organisation with no
    order unit, or an order of another community, is refused and nothing is logged."""
    from yipanqi.core.errors import Conflict, Invalid
    from yipanqi.orders.tests.factories import build_orders_world
    from yipanqi.socialorgs.models import DeliveryLog, Engagement

    orders = build_orders_world(world.d)
    admin = world.personas["community_admin_a1"]
    engagement = actions.need_accept(need=world.needs["a1"], offer=world.offers["a"], actor=admin)
    order = orders.order_in("accepted")

    def serve(community):
        Engagement.objects.filter(pk=engagement.pk).update(
            community=community, scope_path=community.scope_path
        )
        engagement.refresh_from_db()

    serve(order.community)
    with pytest.raises(Conflict) as no_unit:
        actions.engagement_dispatch_order(engagement=engagement, order=order, actor=TEST)
    assert no_unit.value.code == "no_order_unit"
    org = world.orgs["a"]
    type(org).objects.filter(pk=org.pk).update(unit=orders.social_org)
    serve(next(c for c in world.d.communities if c.pk != order.community_id))
    with pytest.raises(Invalid) as outside:
        actions.engagement_dispatch_order(engagement=engagement, order=order, actor=TEST)
    assert outside.value.code == "order_outside"
    assert not DeliveryLog.objects.filter(engagement=engagement).exists()
    serve(order.community)
    log = actions.engagement_dispatch_order(engagement=engagement, order=order,
                                            actor=orders.admin())  # fmt: skip
    order.refresh_from_db()
    assert order.dispatch_kind == "social_org" and order.dispatched_unit_id == orders.social_org.pk
    assert log.order_id == order.pk and log.engagement_id == engagement.pk
    assert DeliveryLog.objects.filter(engagement=engagement).count() == 1
