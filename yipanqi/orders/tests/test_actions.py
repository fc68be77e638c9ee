"""The order actions' own rules beyond the transition matrix: placing, reasons, dispatch targets,
claim areas, unit dispatch, rating, and who is told."""

from decimal import Decimal

import pytest

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import Notification
from yipanqi.orders import actions
from yipanqi.orders.choices import Channel, DispatchKind, OrderStatus
from yipanqi.orders.models import OrderCandidate
from yipanqi.orders.permissions import orders_visible_to
from yipanqi.orders.tests.factories import make_member, make_user
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import Role, UnitKind


def told(user, order, step: str) -> bool:
    return Notification.objects.filter(
        user=user, topic__startswith=f"orders.serviceorder:{order.pk}:{step}:"
    ).exists()


# --- placing (群众点单) ---------------------------------------------------------------------------


def test_a_resident_places_an_order_in_their_own_grid(world):
    order = world.place()
    assert order.status == OrderStatus.PLACED and order.channel == Channel.RESIDENT
    assert order.community == world.a1 and order.grid == world.grid
    assert list(order.events.values_list("kind", flat=True)) == ["placed"]
    assert told(world.admin(), order, "placed")


def test_a_grid_worker_places_on_a_residents_behalf(world):
    order = world.place(by="grid_worker_a1_g2")
    assert order.channel == Channel.ASSISTED and order.placed_by.username == "grid_worker_a1_g2"


@pytest.mark.parametrize("persona", ["resident_a1_other", "grid_worker_a1", "no_role"])
def test_placing_outside_ones_own_area_is_refused(world, persona):
    # resident_a1_other and grid_worker_a1 belong to grid 0; the order concerns grid 1
    with pytest.raises(Forbidden):
        world.place(by=persona)


def test_an_order_needs_a_grid_and_a_description(world):
    with pytest.raises(Invalid) as not_grid:
        world.place(grid=world.a1)
    assert not_grid.value.code == "not_a_grid"
    with pytest.raises(Invalid) as blank:
        world.place(description="   ")
    assert blank.value.code == "description_required"


# --- reasons ----------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   "])
def test_decline_cancel_and_reassign_need_a_reason(world, reason):
    admin = world.admin()
    with pytest.raises(Invalid) as declined:
        actions.order_decline(order=world.place(), reason=reason, actor=admin)
    with pytest.raises(Invalid) as cancelled:
        actions.order_cancel(order=world.order_in("accepted"), reason=reason, actor=admin)
    with pytest.raises(Invalid) as reassigned:
        actions.order_reassign(
            order=world.order_in("taken"), kind=DispatchKind.OPEN, reason=reason, actor=admin
        )
    codes = {e.value.code for e in (declined, cancelled, reassigned)}
    assert codes == {"reason_required"}


def test_the_reason_is_kept_on_the_event(world):
    order = actions.order_decline(order=world.place(), reason="不属于服务范围", actor=world.admin())
    assert order.events.get(kind="declined").note == "不属于服务范围"
    assert order.closed_at is not None
    assert told(world.personas["resident_a1"], order, "declined")


# --- dispatch to named members ------------------------------------------------------------------


@pytest.mark.parametrize(
    "who",
    [
        "party_member_b1",  # registered with another community
        "submitted_only",  # registered with A1 but not yet confirmed
    ],
)
def test_dispatch_to_a_member_not_registered_in_the_community_is_refused(world, who):
    if who == "submitted_only":
        make_member(world, who, home=world.grid, community=world.a1, confirm=False, name="吴八")
    order = world.order_in("accepted")
    with pytest.raises(Invalid) as refused:
        actions.order_dispatch(
            order=order,
            kind=DispatchKind.MEMBERS,
            members=[world.members["party_member_a1"], world.members[who]],
            actor=world.admin(),
        )
    assert refused.value.code == "member_not_registered"
    order.refresh_from_db()
    assert order.status == OrderStatus.ACCEPTED and not order.candidates.exists()


def test_dispatch_to_members_tells_them_and_any_of_them_may_take_it(world):
    p, m = world.personas, world.members
    order = actions.order_dispatch(
        order=world.order_in("accepted"),
        kind=DispatchKind.MEMBERS,
        members=[m["party_member_a1"], m["party_member_a1b"], m["party_member_a1"]],
        actor=world.admin(),
    )
    assert OrderCandidate.objects.filter(order=order).count() == 2  # the repeat is ignored
    assert told(p["party_member_a1"], order, "dispatched")
    assert told(p["party_member_a1b"], order, "dispatched")
    assert not told(p["party_member_a1c"], order, "dispatched")
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=p["party_member_a1c"])
    order = actions.order_take(order=order, actor=p["party_member_a1b"])
    assert order.taker == m["party_member_a1b"]
    assert told(p["resident_a1"], order, "taken")
    with pytest.raises(Conflict) as second:
        actions.order_take(order=order, actor=p["party_member_a1"])
    assert second.value.code == "already_taken"


def test_dispatch_needs_members_and_a_known_kind(world):
    order = world.order_in("accepted")
    with pytest.raises(Invalid) as empty:
        actions.order_dispatch(order=order, kind=DispatchKind.MEMBERS, actor=world.admin())
    assert empty.value.code == "members_required"
    with pytest.raises(Invalid) as bogus:
        actions.order_dispatch(order=order, kind="everyone", actor=world.admin())
    assert bogus.value.code == "bad_dispatch_kind"


# --- open for claiming (开放抢单) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("claim", "member", "may_take"),
    [
        ("grid", "party_member_a1", True),  # placed in grid 1
        ("grid", "party_member_a1b", False),  # placed in grid 0
        ("grid", "party_member_a1c", True),  # confirmed, not yet in a grid: the whole community
        ("grid", "party_member_b1", False),  # registered with B1
        ("community", "party_member_a1", True),
        ("community", "party_member_a1b", True),
        ("community", "party_member_b1", False),
    ],
)
def test_open_claiming_is_limited_to_the_claim_area(world, claim, member, may_take):
    order = actions.order_dispatch(
        order=world.order_in("accepted"),
        kind=DispatchKind.OPEN,
        claim_area=world.grid if claim == "grid" else world.a1,
        actor=world.admin(),
    )
    user = world.personas[member]
    visible = orders_visible_to(user).filter(pk=order.pk).exists()
    if may_take:
        assert visible
    if member == "party_member_b1":  # not registered here: does not even see it
        assert not visible
    if may_take:
        order = actions.order_take(order=order, actor=user)
        assert order.taker == world.members[member] and order.taker_user == user
    else:
        with pytest.raises(Forbidden):
            actions.order_take(order=order, actor=user)


def test_an_unconfirmed_member_cannot_claim(world):
    make_member(world, "newcomer", home=world.grid, community=world.a1, confirm=False, name="郑九")
    order = actions.order_dispatch(
        order=world.order_in("accepted"), kind=DispatchKind.OPEN, actor=world.admin()
    )
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=world.personas["newcomer"])


def test_the_claim_area_lies_within_the_community(world):
    with pytest.raises(Invalid) as outside:
        actions.order_dispatch(
            order=world.order_in("accepted"),
            kind=DispatchKind.OPEN,
            claim_area=world.district.grids[4],  # a grid of B1
            actor=world.admin(),
        )
    assert outside.value.code == "claim_area_outside"


# --- units and social organisations ----------------------------------------------------------


def test_a_unit_order_is_taken_by_the_unit_liaison(world):
    p = world.personas
    liaison_b1 = make_user(world, "unit_liaison_b1", Role.UNIT_LIAISON, world.b1)
    order = world.order_in("dispatched_unit")
    assert order.dispatched_unit == world.unit
    assert told(p["unit_liaison_a1"], order, "dispatched")
    assert not told(p["social_org_staff_a1"], order, "dispatched")
    assert orders_visible_to(p["unit_liaison_a1"]).filter(pk=order.pk).exists()
    assert not orders_visible_to(liaison_b1).filter(pk=order.pk).exists()

    for outsider in (liaison_b1, p["social_org_staff_a1"], p["party_member_a1"]):
        with pytest.raises(Forbidden):
            actions.order_take(order=order, actor=outsider)
    order = actions.order_take(order=order, actor=p["unit_liaison_a1"])
    assert order.status == OrderStatus.TAKEN
    assert order.taker is None and order.taker_user == p["unit_liaison_a1"]
    order = actions.order_complete(order=order, note="单位志愿者已上门", actor=p["unit_liaison_a1"])
    assert order.status == OrderStatus.DONE


def test_a_social_organisation_order_is_taken_by_its_staff(world):
    p = world.personas
    order = actions.order_dispatch(
        order=world.order_in("accepted"),
        kind=DispatchKind.SOCIAL_ORG,
        unit=world.social_org,
        actor=world.admin(),
    )
    assert told(p["social_org_staff_a1"], order, "dispatched")
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=p["unit_liaison_a1"])
    order = actions.order_take(order=order, actor=p["social_org_staff_a1"])
    assert order.taker_user == p["social_org_staff_a1"]


@pytest.mark.parametrize(
    ("kind", "unit", "code"),
    [
        (DispatchKind.UNIT, None, "unit_required"),
        (DispatchKind.UNIT, "b1", "unit_outside_area"),  # B1's unit does not serve A1
        (DispatchKind.UNIT, "social", "unit_kind_mismatch"),
        (DispatchKind.SOCIAL_ORG, "a1", "unit_kind_mismatch"),
    ],
)
def test_the_unit_must_fit_the_dispatch(world, kind, unit, code):
    units = {"a1": world.unit, "b1": world.district.units[2], "social": world.social_org}
    with pytest.raises(Invalid) as refused:
        actions.order_dispatch(
            order=world.order_in("accepted"),
            kind=kind,
            unit=units.get(unit),
            actor=world.admin(),
        )
    assert refused.value.code == code


def test_a_town_level_unit_may_serve_the_community(world):
    town_unit = org_actions.unit_create(
        area=world.district.towns[0],
        name="锦屏街道卫生服务中心",
        kind=UnitKind.PUBLIC_INSTITUTION,
        actor=world.personas["town_admin_a"],
    )
    order = actions.order_dispatch(
        order=world.order_in("accepted"),
        kind=DispatchKind.UNIT,
        unit=town_unit,
        actor=world.admin(),
    )
    assert order.dispatched_unit == town_unit


# --- complete, rate, cancel, reassign -----------------------------------------------------------


def test_completing_needs_a_note_and_tells_the_resident(world):
    order = world.order_in("taken")
    taker = world.personas["party_member_a1"]
    with pytest.raises(Invalid) as blank:
        actions.order_complete(order=order, note=" ", actor=taker)
    assert blank.value.code == "note_required"
    order = actions.order_complete(order=order, note="已修好", actor=taker)
    assert order.participants.get().hours == Decimal("1")  # the taker, one hour by default
    assert told(world.personas["resident_a1"], order, "done")


@pytest.mark.parametrize("score", [0, 6, "x", None])
def test_a_rating_is_a_score_from_1_to_5(world, score):
    with pytest.raises(Invalid) as refused:
        actions.order_rate(
            order=world.order_in("done"),
            score=score,
            solved=True,
            actor=world.personas["resident_a1"],
        )
    assert refused.value.code == "bad_score"


def test_a_repeated_rating_is_told_it_was_rated(world):
    order = world.order_in("closed")
    with pytest.raises(Conflict) as again:
        actions.order_rate(order=order, score=4, solved=True, actor=world.personas["resident_a1"])
    assert again.value.code == "already_rated"


def test_a_poor_rating_tells_the_community(world):
    order = world.order_in("reopened")
    assert order.status == OrderStatus.ACCEPTED and order.reopen_count == 1
    assert told(world.admin(), order, "reopened")
    assert order.due_at is not None  # waiting for dispatch again


def test_an_assisted_order_is_rated_by_the_resident_when_they_have_an_account(world):
    order = world.place(by="grid_worker_a1_g2")
    order = actions.order_accept(order=order, actor=world.admin())
    order = actions.order_dispatch(
        order=order,
        kind=DispatchKind.MEMBERS,
        members=[world.members["party_member_a1"]],
        actor=world.admin(),
    )
    order = actions.order_take(order=order, actor=world.personas["party_member_a1"])
    order = actions.order_complete(
        order=order, note="好了", actor=world.personas["party_member_a1"]
    )
    with pytest.raises(Forbidden):
        actions.order_rate(
            order=order, score=5, solved=True, actor=world.personas["grid_worker_a1_g2"]
        )
    order = actions.order_rate(
        order=order, score=5, solved=True, actor=world.personas["resident_a1"]
    )
    assert order.status == OrderStatus.CLOSED


def test_for_a_resident_without_an_account_the_placer_rates(world):
    admin = world.admin()
    member, taker = world.members["party_member_a1"], world.personas["party_member_a1"]
    order = world.place(by="grid_worker_a1_g2", resident=None)
    order = actions.order_accept(order=order, actor=admin)
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=admin
    )
    order = actions.order_take(order=order, actor=taker)
    order = actions.order_complete(order=order, note="好了", actor=taker)
    order = actions.order_rate(
        order=order, score=4, solved=True, actor=world.personas["grid_worker_a1_g2"]
    )
    assert order.status == OrderStatus.CLOSED


def test_a_grid_worker_may_withdraw_an_order_they_placed_while_new(world):
    worker = world.personas["grid_worker_a1_g2"]
    order = actions.order_cancel(order=world.place(by=worker.username), reason="重复", actor=worker)
    assert order.status == OrderStatus.CANCELLED


def test_cancelling_a_taken_order_tells_the_taker(world):
    order = actions.order_cancel(
        order=world.order_in("taken"), reason="居民已搬离", actor=world.admin()
    )
    assert order.status == OrderStatus.CANCELLED
    assert told(world.personas["party_member_a1"], order, "cancelled")
    assert told(world.personas["resident_a1"], order, "cancelled")


def test_reassigning_a_taken_order_sends_it_elsewhere_and_tells_the_old_taker(world):
    p, m = world.personas, world.members
    order = actions.order_reassign(
        order=world.order_in("taken"),
        kind=DispatchKind.MEMBERS,
        members=[m["party_member_a1b"]],
        reason="原党员出差",
        actor=world.admin(),
    )
    assert order.status == OrderStatus.DISPATCHED and order.taker_user is None
    assert told(p["party_member_a1"], order, "reassigned")
    assert told(p["party_member_a1b"], order, "reassigned")
    assert order.events.last().note == "原党员出差"
    with pytest.raises(Forbidden):  # no longer a candidate
        actions.order_take(order=order, actor=p["party_member_a1"])
    order = actions.order_take(order=order, actor=p["party_member_a1b"])
    assert order.taker == m["party_member_a1b"]


def test_an_accepted_order_is_dispatched_not_reassigned(world):
    with pytest.raises(Conflict) as refused:
        actions.order_reassign(
            order=world.order_in("accepted"),
            kind=DispatchKind.OPEN,
            reason="改派",
            actor=world.admin(),
        )
    assert refused.value.code == "illegal_transition"


def test_a_new_district_gets_the_default_categories_when_it_is_set_up(db):
    from yipanqi.core.actors import system
    from yipanqi.core.models import AuditEvent
    from yipanqi.orders.choices import DEFAULT_CATEGORIES
    from yipanqi.orders.selectors import categories_for
    from yipanqi.organisations.choices import AreaKind

    org_actions.area_create(
        parent=None, name="测试区", code="339999", kind=AreaKind.DISTRICT, actor=system("t")
    )

    codes = {c.code for c in categories_for(district_codes=["339999"])}
    assert codes == {code for code, _name in DEFAULT_CATEGORIES}
    assert AuditEvent.objects.filter(action="orders.categories.created").count() == 1
