"""Fixed service teams (组团式服务) in the orders app: setting a team up with its checks, dispatch to a
team, one member takes it, scope, hours through the ledger, and the transition rows of the new
dispatch target (state × action × persona), and the race of a whole team on PostgreSQL.
"""

from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from yipanqi.core.errors import Conflict, Forbidden, Invalid
from yipanqi.core.models import AuditEvent
from yipanqi.orders import actions, selectors
from yipanqi.orders.choices import DispatchKind, EventKind, LedgerKind, OrderStatus
from yipanqi.orders.models import OrderEvent, ServiceOrder, ServiceTeamMember, TeamMemberSource
from yipanqi.orders.tests.team_factories import build_team_world


@pytest.fixture
def tw(world):
    return build_team_world(world)


def _member(tw, name):
    return tw.world.members[name]


# --- setting a team up --------------------------------------------------------------------------


def test_a_team_has_its_leader_registered_members_and_unit_staff(tw):
    rows = {m.member_id: m for m in tw.team.memberships.all()}
    assert tw.team.leader_id == _member(tw, "party_member_a1").pk
    assert rows[_member(tw, "party_member_a1").pk].source == TeamMemberSource.REGISTERED
    staff = rows[_member(tw, "unit_staff_a1").pk]
    assert (staff.source, staff.unit_id) == (TeamMemberSource.UNIT_STAFF, tw.world.unit.pk)
    assert list(tw.team.coverage.all()) == [tw.world.a1]
    event = AuditEvent.objects.get(action="orders.team.created", target_id=str(tw.team.pk))
    assert event.changes["coverage"] == [None, [tw.world.a1.pk]]
    assert event.changes["leader"] == [None, tw.team.leader_id]


@pytest.mark.parametrize(
    ("member", "code"),
    [
        ("unregistered_a1", "member_not_registered"),  # submitted, never confirmed
        ("party_member_b1", "member_outside_area"),  # registered with B1 only
    ],
)
def test_a_member_not_registered_or_outside_the_area_is_a_clear_error(tw, member, code):
    before = ServiceTeamMember.objects.count()
    with pytest.raises(Invalid) as err:
        actions.team_member_add(team=tw.team, member=_member(tw, member), actor=tw.world.admin())
    assert err.value.code == code
    assert "member" in err.value.fields
    assert ServiceTeamMember.objects.count() == before  # nothing half-saved


def test_a_member_already_in_the_team_is_a_conflict(tw):
    with pytest.raises(Conflict) as err:
        actions.team_member_add(
            team=tw.team, member=_member(tw, "party_member_a1b"), actor=tw.world.admin()
        )
    assert err.value.code == "already_in_team"


def test_bad_team_set_ups_are_refused_and_save_nothing(tw):
    d, admin = tw.world.district, tw.world.admin()
    count = type(tw.team).objects.count()
    cases = [
        ({"lead_organisation": d.party["district"], "coverage": [tw.world.a1]}, "lead_not_street_or_community"),
        ({"lead_organisation": d.party[tw.world.a1.name], "coverage": []}, "coverage_required"),
        ({"lead_organisation": d.party[tw.world.a1.name], "coverage": [d.grids[4]]}, "coverage_outside_area"),
        (
            {"lead_organisation": d.party[tw.world.a1.name], "coverage": [tw.world.a1], "leader": _member(tw, "party_member_b1")},
            "member_outside_area",
        ),
    ]  # fmt: skip
    for kwargs, code in cases:
        with pytest.raises(Invalid) as err:
            actions.team_create(name="新团队", actor=admin, **kwargs)
        assert err.value.code == code, kwargs
    with pytest.raises(Conflict) as err:
        actions.team_create(
            name="A1 team", lead_organisation=d.party[tw.world.a1.name], coverage=[tw.world.a1], actor=admin
        )  # fmt: skip
    assert err.value.code == "team_name_taken"
    assert type(tw.team).objects.count() == count


def test_only_the_leading_organisations_admins_manage_the_team(tw):
    p, member = tw.personas, _member(tw, "party_member_a1c")
    for name in (
        "community_admin_b1",
        "community_admin_a2",
        "party_member_a1",
        "grid_worker_a1_g2",
    ):
        with pytest.raises(Forbidden):
            actions.team_member_add(team=tw.team, member=member, actor=p[name])
    for name in ("town_admin_a", "district_admin"):  # the levels above
        row = actions.team_member_add(team=tw.team, member=member, actor=p[name])
        actions.team_member_remove(membership=row, actor=p[name])


def test_the_leader_leaves_only_after_another_is_named(tw):
    admin = tw.world.admin()
    leader_row = tw.team.memberships.get(member=_member(tw, "party_member_a1"))
    with pytest.raises(Conflict) as err:
        actions.team_member_remove(membership=leader_row, actor=admin)
    assert err.value.code == "leader_cannot_leave"
    with pytest.raises(Invalid) as err:
        actions.team_edit(team=tw.team, leader=_member(tw, "party_member_a1c"), actor=admin)
    assert err.value.code == "leader_not_member"
    actions.team_edit(team=tw.team, leader=_member(tw, "party_member_a1b"), actor=admin)
    row = actions.team_member_remove(membership=leader_row, actor=admin)
    assert (row.active, row.left_at is not None) == (False, True)
    with pytest.raises(Conflict):
        actions.team_member_remove(membership=row, actor=admin)


# --- dispatch to a team and take ----------------------------------------------------------------


def test_dispatch_to_the_team_then_one_member_takes_it_and_the_others_hear_so(tw):
    p = tw.personas
    order = tw.dispatched()
    assert (order.dispatch_kind, order.dispatched_team_id) == (DispatchKind.TEAM, tw.team.pk)
    assert "take" in selectors.order_steps(user=p["unit_staff_a1"], order=order)
    taken = actions.order_take(order=order, actor=p["unit_staff_a1"])
    assert taken.status == OrderStatus.TAKEN
    assert taken.taker_id == _member(tw, "unit_staff_a1").pk
    for name in ("party_member_a1", "party_member_a1b"):
        with pytest.raises(Conflict) as err:
            actions.order_take(order=order, actor=p[name])
        assert err.value.code == "already_taken"
    assert OrderEvent.objects.filter(order=order, kind=EventKind.TAKEN).count() == 1


def test_members_hear_of_a_dispatch_to_their_team(tw):
    from yipanqi.core.models import Notification

    order = tw.dispatched()
    told = set(Notification.objects.filter(topic__contains=f":{order.pk}:dispatched").values_list("user_id", flat=True))  # fmt: skip
    team_users = {
        tw.personas[n].pk for n in ("party_member_a1", "party_member_a1b", "unit_staff_a1")
    }
    assert team_users <= told
    assert tw.personas["party_member_a1c"].pk not in told


@pytest.mark.parametrize(
    "outsider", ["party_member_a1c", "party_member_b1", "resident_a1_other", "unit_liaison_a1"]
)
def test_someone_outside_the_team_neither_sees_nor_takes_it(tw, outsider):
    user = tw.personas[outsider]
    order = tw.dispatched()
    assert not ServiceOrder.objects.for_user(user).filter(pk=order.pk).exists()
    assert not selectors.claimable_orders(user=user).filter(pk=order.pk).exists()
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=user)


def test_a_member_sees_and_may_claim_what_was_dispatched_to_their_team(tw):
    order = tw.dispatched()
    for name in ("party_member_a1", "party_member_a1b", "unit_staff_a1"):
        user = tw.personas[name]
        assert selectors.order_get(user=user, order_id=order.pk) == order
        assert selectors.claimable_orders(user=user).filter(pk=order.pk).exists()
    actions.order_take(order=order, actor=tw.personas["party_member_a1"])
    # once taken the others no longer see it, but a late tap still finds it (to hear 409)
    late = tw.personas["party_member_a1b"]
    assert not ServiceOrder.objects.for_user(late).filter(pk=order.pk).exists()
    assert selectors.order_get_to_take(user=late, order_id=order.pk) == order


def test_a_member_who_left_the_team_no_longer_reaches_its_orders(tw):
    order = tw.dispatched()
    row = tw.team.memberships.get(member=_member(tw, "party_member_a1b"))
    actions.team_member_remove(membership=row, actor=tw.world.admin())
    user = tw.personas["party_member_a1b"]
    assert not ServiceOrder.objects.for_user(user).filter(pk=order.pk).exists()
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=user)


def test_bad_dispatches_to_a_team_are_refused_and_the_order_stays_accepted(tw):
    world, admin = tw.world, tw.world.admin()
    b_team = actions.team_create(
        lead_organisation=world.district.party[world.b1.name], name="B1 team", coverage=[world.b1],
        leader=_member(tw, "party_member_b1"), actor=tw.personas["community_admin_b1"],
    )  # fmt: skip
    grid0_team = actions.team_create(
        lead_organisation=world.district.party[world.a1.name], name="grid 0 team",
        coverage=[world.district.grids[0]], actor=admin,
    )  # fmt: skip
    order = world.order_in("accepted")
    cases = [
        (None, "team_required"),
        (b_team, "team_outside_area"),
        (grid0_team, "team_outside_area"),
    ]
    empty = actions.team_create(
        lead_organisation=world.district.party[world.a1.name], name="empty", coverage=[world.a1], actor=admin
    )  # fmt: skip
    cases.append((empty, "team_empty"))
    for team, code in cases:
        with pytest.raises(Invalid) as err:
            actions.order_dispatch(order=order, kind=DispatchKind.TEAM, team=team, actor=admin)
        assert err.value.code == code
    actions.team_edit(team=tw.team, active=False, actor=admin)
    with pytest.raises(Invalid) as err:
        actions.order_dispatch(order=order, kind=DispatchKind.TEAM, team=tw.team, actor=admin)
    assert err.value.code == "team_inactive"
    order.refresh_from_db()
    assert (order.status, order.dispatched_team_id) == (OrderStatus.ACCEPTED, None)


def test_reassigning_away_from_the_team_clears_it(tw):
    order = tw.dispatched()
    order = actions.order_reassign(
        order=order, kind=DispatchKind.MEMBERS, members=[_member(tw, "party_member_a1c")],
        reason="团队本周无人", actor=tw.world.admin(),
    )  # fmt: skip
    assert (order.dispatch_kind, order.dispatched_team_id) == (DispatchKind.MEMBERS, None)
    with pytest.raises(Forbidden):
        actions.order_take(order=order, actor=tw.personas["party_member_a1b"])


def test_hours_and_points_go_through_the_orders_ledger_to_teammates(tw):
    p = tw.personas
    order = actions.order_take(order=tw.dispatched(), actor=p["party_member_a1"])
    taker, mate, outsider = (
        _member(tw, n) for n in ("party_member_a1", "unit_staff_a1", "party_member_a1c")
    )
    with pytest.raises(Invalid) as err:
        actions.order_complete(
            order=order, note="已完成", hours={outsider: 1}, actor=p["party_member_a1"]
        )
    assert err.value.code == "member_not_participant"
    actions.order_complete(
        order=order, note="已完成", hours={taker: Decimal("2"), mate: Decimal("1.5")}, actor=p["party_member_a1"]
    )  # fmt: skip
    actions.order_rate(order=order, score=5, solved=True, actor=p["resident_a1"])
    hours = dict(mate.ledger_entries.values_list("kind", "amount"))
    assert hours[LedgerKind.HOURS] == Decimal("1.5")
    assert taker.ledger_entries.filter(kind=LedgerKind.HOURS).get().amount == Decimal("2")


# --- the transition rows of the new target: state × action × persona ---------------------------

PERSONAS = ("community_admin_a1", "community_admin_a2", "town_admin_a", "district_admin",
            "party_member_a1", "party_member_a1b", "unit_staff_a1", "party_member_a1c",
            "party_member_b1", "unit_liaison_a1", "resident_a1", "no_role")  # fmt: skip
ADMINS = {"community_admin_a1", "town_admin_a", "district_admin"}
TEAM = {"party_member_a1", "party_member_a1b", "unit_staff_a1"}
STATES = (
    "placed",
    "accepted",
    "cancelled",
    "dispatched_team",
    "taken_team",
    "done_team",
    "closed_team",
)
SENT_TO_TEAM = ("dispatched_team", "taken_team", "done_team", "closed_team")


def _order_in(tw, state: str) -> ServiceOrder:
    if state in ("placed", "accepted", "cancelled"):
        return tw.world.order_in(state)
    order = tw.dispatched()
    p = tw.personas
    if state != "dispatched_team":
        order = actions.order_take(order=order, actor=p["party_member_a1"])
    if state in ("done_team", "closed_team"):
        order = actions.order_complete(order=order, note="已完成", actor=p["party_member_a1"])
    if state == "closed_team":
        order = actions.order_rate(order=order, score=5, solved=True, actor=p["resident_a1"])
    return order


def _expected(state: str, action: str, persona: str) -> str:
    if action == "dispatch_team":
        if persona not in ADMINS:
            return "forbidden"
        return "ok" if state == "accepted" else "illegal_transition"
    if action == "reassign_team":
        if persona not in ADMINS:
            return "forbidden"
        return "ok" if state in ("dispatched_team", "taken_team") else "illegal_transition"
    # take: only the team's members are entitled, and only on an order sent to the team
    if state not in SENT_TO_TEAM or persona not in TEAM:
        return "forbidden"
    return "ok" if state == "dispatched_team" else "already_taken"


def _run(tw, action: str, order: ServiceOrder, actor):
    if action == "dispatch_team":
        return actions.order_dispatch(
            order=order, kind=DispatchKind.TEAM, team=tw.team, actor=actor
        )
    if action == "reassign_team":
        return actions.order_reassign(
            order=order, kind=DispatchKind.TEAM, team=tw.team, reason="换人", actor=actor
        )
    return actions.order_take(order=order, actor=actor)


@pytest.mark.parametrize("action", ["dispatch_team", "reassign_team", "take"])
@pytest.mark.parametrize("state", STATES)
def test_transition_matrix_of_team_dispatch_and_take(tw, state, action):
    for persona in PERSONAS:
        order = _order_in(tw, state)
        before = (order.status, order.version, order.events.count())
        want = _expected(state, action, persona)
        try:
            _run(tw, action, order, tw.personas[persona])
            got = "ok"
        except Forbidden:
            got = "forbidden"
        except Conflict as exc:
            got = exc.code
        assert got == want, (state, action, persona)
        order.refresh_from_db()
        if got != "ok":
            assert (order.status, order.version, order.events.count()) == before


# --- pages and API of the orders app ------------------------------------------------------------


def test_the_dispatch_page_offers_the_team_and_its_button_dispatches(tw, client):
    order = tw.world.order_in("accepted")
    client.force_login(tw.world.admin())
    url = reverse("orders:dispatch", args=[order.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'name="team_pick" value="{tw.team.pk}"'.encode() in page.content
    client.post(url, {"team_pick": tw.team.pk})
    order.refresh_from_db()
    assert (order.status, order.dispatched_team_id) == (OrderStatus.DISPATCHED, tw.team.pk)


def test_the_order_page_shows_the_take_button_to_a_team_member_only(tw, client):
    order = tw.dispatched()
    url = reverse("orders:detail", args=[order.pk])
    client.force_login(tw.personas["unit_staff_a1"])
    page = client.get(url)
    assert page.status_code == 200
    assert reverse("orders:take", args=[order.pk]).encode() in page.content
    client.force_login(tw.personas["party_member_a1c"])
    assert client.get(url).status_code == 404
    assert client.post(reverse("orders:take", args=[order.pk])).status_code in (403, 404)


def test_api_dispatch_to_a_team_and_take_once(tw, client):
    p, order = tw.personas, tw.world.order_in("accepted")
    client.force_login(tw.world.admin())
    url = f"/api/v1/orders/{order.pk}/dispatch/"
    bad = client.post(url, {"dispatch_kind": "team"}, content_type="application/json")
    assert (bad.status_code, bad.json()["code"]) == (400, "team_required")
    answer = client.post(
        url, {"dispatch_kind": "team", "team_id": tw.team.pk}, content_type="application/json"
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["dispatched_team_id"] == tw.team.pk
    take = f"/api/v1/orders/{order.pk}/take/"
    client.force_login(p["party_member_a1b"])
    assert client.post(take).status_code == 200
    client.force_login(p["unit_staff_a1"])
    again = client.post(take)
    assert (again.status_code, again.json()["code"]) == (409, "already_taken")
    client.force_login(p["party_member_a1c"])
    assert client.post(take).status_code == 404


# --- the whole team taps 取单 at once (PostgreSQL) ----------------------------------------------


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL: SQLite serialises writers, so concurrent attempts cannot race",
)
@pytest.mark.django_db(transaction=True)
def test_a_whole_team_takes_one_order_at_once_exactly_one_wins(district):
    from collections import Counter

    from yipanqi.core.audit import verify_chain
    from yipanqi.orders.tests.factories import build_orders_world, make_members
    from yipanqi.orders.tests.test_concurrency import race

    # given: a team of 30 members registered with A1 and an order dispatched to it
    tw = build_team_world(build_orders_world(district))
    takers = make_members(tw.world, 27)
    admin = tw.world.admin()
    for name in tw.world.members:
        if name.startswith("claimer"):
            actions.team_member_add(team=tw.team, member=tw.world.members[name], actor=admin)
    takers += [tw.personas[n] for n in ("party_member_a1", "party_member_a1b", "unit_staff_a1")]
    order = tw.dispatched()

    # when: all of them take it at the same moment
    outcomes = race([lambda u=user: actions.order_take(order=order, actor=u) for user in takers])

    # then: one taker, the others a clean 409 already_taken, nothing else
    kinds = Counter(kind for kind, _ in outcomes)
    assert kinds == {"ok": 1, "conflict": len(takers) - 1}, [o for o in outcomes if o[0] == "error"]
    assert {code for kind, code in outcomes if kind == "conflict"} == {"already_taken"}
    order.refresh_from_db()
    winner = next(result for kind, result in outcomes if kind == "ok")
    assert order.status == OrderStatus.TAKEN and order.taker_user_id == winner.taker_user_id
    assert OrderEvent.objects.filter(order=order, kind=EventKind.TAKEN).count() == 1
    assert verify_chain().ok
