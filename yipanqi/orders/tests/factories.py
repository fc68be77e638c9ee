"""Orders test data on top of organisations' build_district(), built through the apps' own actions.

grids: 0,1 → A1   2,3 → A2   4,5 → B1   6,7 → B2   (communities: A1, A2 in town 0; B1, B2 in town 1)

The orders concern resident_a1, who lives in grid 1 of A1 and places them there. Accounts added here
(besides build_district's personas):

  grid_worker_a1_g2     grid worker of grid 1 of A1 (the grid of the orders)
  resident_a1_other     another resident of A1 (grid 0), with an account
  party_member_a1       (build_district's account) member registered with A1, assigned to grid 1
  party_member_a1b      member registered with A1, assigned to grid 0
  party_member_a1c      member registered with A1, confirmed, not yet placed in a grid
  party_member_b1       member registered with B1 (confirmed)
  unit_liaison_a1       liaison of A1's resident unit (takes orders sent to units in A1)
  social_org_staff_a1   staff of a social organisation in A1

`world.order_in(state)` builds one order in each named state by calling the order actions.
"""

import datetime
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from yipanqi.accounts.actions import user_create
from yipanqi.accounts.models import AccountKind
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind, OrderStatus, Urgency
from yipanqi.orders.models import OrderCategory, ServiceOrder
from yipanqi.organisations import actions as org_actions
from yipanqi.organisations.choices import PartyOrganisationKind, Role, UnitKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit
from yipanqi.organisations.tests.factories import PASSWORD, District
from yipanqi.people import actions as people
from yipanqi.people.choices import MembershipKind
from yipanqi.people.models import CommunityRegistration, PartyMember, Person
from yipanqi.people.validators import check_character
from yipanqi.privacy.actions import consent_give
from yipanqi.privacy.consents import notice

# The states an order can rest in, each with the way it is reached (see `_advance`).
STATES = (
    "placed",
    "accepted",
    "declined",
    "cancelled",  # withdrawn by the resident while new
    "dispatched_members",  # to party_member_a1 by name
    "dispatched_open",  # open for claiming in grid 1
    "dispatched_unit",  # to A1's resident unit
    "taken",  # dispatched_members, taken by party_member_a1
    "taken_unit",  # dispatched_unit, taken by unit_liaison_a1
    "done",  # taken, completed with 2 hours
    "closed",  # done, rated 5 and solved
    "reopened",  # done, rated 2 and not solved: back to accepted, history kept
)
STATUS_OF = {
    "placed": OrderStatus.PLACED,
    "accepted": OrderStatus.ACCEPTED,
    "declined": OrderStatus.DECLINED,
    "cancelled": OrderStatus.CANCELLED,
    "dispatched_members": OrderStatus.DISPATCHED,
    "dispatched_open": OrderStatus.DISPATCHED,
    "dispatched_unit": OrderStatus.DISPATCHED,
    "taken": OrderStatus.TAKEN,
    "taken_unit": OrderStatus.TAKEN,
    "done": OrderStatus.DONE,
    "closed": OrderStatus.CLOSED,
    "reopened": OrderStatus.ACCEPTED,
}


@dataclass
class OrdersWorld:
    district: District
    category: OrderCategory
    branches: dict[str, PartyOrganisation] = field(default_factory=dict)
    members: dict[str, PartyMember] = field(default_factory=dict)  # by account name
    registrations: dict[str, CommunityRegistration] = field(default_factory=dict)
    residents: dict[str, Person] = field(default_factory=dict)  # by account name
    social_org: Unit | None = None
    orders: dict[str, ServiceOrder] = field(default_factory=dict)  # by state, when built
    _seq: Any = field(default_factory=lambda: itertools.count(1))

    @property
    def personas(self) -> dict[str, Any]:
        return self.district.personas

    @property
    def a1(self) -> Area:
        return self.district.communities[0]

    @property
    def b1(self) -> Area:
        return self.district.communities[2]

    @property
    def grid(self) -> Area:
        """Grid 1 of A1, where resident_a1 lives and the orders are placed."""
        return self.district.grids[1]

    @property
    def unit(self) -> Unit:
        return self.district.units[0]  # A1's resident unit

    def admin(self) -> Any:
        return self.personas["community_admin_a1"]

    def id_number(self) -> str:
        body = f"330213{datetime.date(1980, 1, 1):%Y%m%d}{next(self._seq):03d}"
        return body + check_character(body)

    def place(self, *, by: str = "resident_a1", resident: str | None = "resident_a1", **kw):
        """An order for `resident` placed by `by` in grid 1 of A1 (through order_place)."""
        defaults = {"title": "修水管", "description": "厨房水管漏水", "urgency": Urgency.NORMAL}
        return actions.order_place(
            grid=kw.pop("grid", self.grid),
            category=self.category,
            actor=self.personas[by],
            resident=self.residents[resident] if resident else None,
            **(defaults | kw),
        )

    def order_in(self, state: str, **place_kw) -> ServiceOrder:
        order = self.place(**place_kw)
        _advance(self, order, state)
        order.refresh_from_db()
        assert order.status == STATUS_OF[state], (state, order.status)
        return order


def _advance(w: OrdersWorld, order: ServiceOrder, state: str) -> ServiceOrder:
    p, admin = w.personas, w.admin()
    if state == "placed":
        return order
    if state == "declined":
        return actions.order_decline(order=order, reason="不属于社区服务范围", actor=admin)
    if state == "cancelled":
        return actions.order_cancel(order=order, reason="问题已自行解决", actor=p["resident_a1"])
    order = actions.order_accept(order=order, actor=admin)
    if state == "accepted":
        return order
    if state in ("dispatched_unit", "taken_unit"):
        order = actions.order_dispatch(
            order=order, kind=DispatchKind.UNIT, unit=w.unit, actor=admin
        )
        if state == "taken_unit":
            order = actions.order_take(order=order, actor=p["unit_liaison_a1"])
        return order
    if state == "dispatched_open":
        return actions.order_dispatch(
            order=order, kind=DispatchKind.OPEN, claim_area=w.grid, actor=admin
        )
    member = w.members["party_member_a1"]
    order = actions.order_dispatch(
        order=order, kind=DispatchKind.MEMBERS, members=[member], actor=admin
    )
    if state == "dispatched_members":
        return order
    order = actions.order_take(order=order, actor=p["party_member_a1"])
    if state == "taken":
        return order
    order = actions.order_complete(
        order=order, note="已修好", hours={member: Decimal("2")}, actor=p["party_member_a1"]
    )
    if state == "done":
        return order
    solved = state == "closed"
    return actions.order_rate(
        order=order, score=5 if solved else 2, solved=solved, actor=p["resident_a1"]
    )


def make_user(w: OrdersWorld, username: str, role: str, area: Area) -> Any:
    """An account with one role grant, granted by the system administrator (and, for a role that
    reaches personal data, approved by the security administrator)."""
    kind = AccountKind.PUBLIC if role in (Role.RESIDENT, Role.PARTY_MEMBER) else AccountKind.STAFF
    user = user_create(username=username, password=PASSWORD, actor=None, kind=kind, validate=False)
    grant = org_actions.role_grant_create(
        user=user, role=role, area=area, actor=w.personas["system_admin"]
    )
    if grant.is_pending:
        org_actions.role_grant_approve(grant=grant, actor=w.personas["security_admin"])
    w.personas[username] = user
    return user


def _community_admin(w: OrdersWorld, area: Area) -> Any:
    index = next(i for i, c in enumerate(w.district.communities) if area.path.startswith(c.path))
    return w.personas[["community_admin_a1", "community_admin_a2", "community_admin_b1"][index]]


def make_resident(w: OrdersWorld, username: str, grid: Area, name: str) -> Person:
    """A resident recorded by the community and linked to their account."""
    user = w.personas.get(username) or make_user(w, username, Role.RESIDENT, grid)
    admin = _community_admin(w, grid)
    person = people.person_create(area=grid, name=name, id_number=w.id_number(), actor=admin)
    person = people.person_link_user(person=person, user=user, actor=admin)
    agree(user)
    w.residents[username] = person
    return person


def agree(user: Any) -> None:
    """The person agrees to the service-order notice, as the order page asks them to before
    their first order (R-PI-6; privacy/tests/test_consent.py tests the refusal without it)."""
    version = notice(actions.PURPOSE).version
    consent_give(purpose=actions.PURPOSE, notice_version=version, actor=user)


def make_member(
    w: OrdersWorld,
    username: str,
    *,
    home: Area,
    community: Area,
    assign_to: Area | None = None,
    confirm: bool = True,
    name: str = "党员",
    work_unit: Unit | None = None,
) -> PartyMember:
    """An in-service member living in `home` (a grid) who registers (报到) with `community`.

    The member submits the registration from their own account; the community confirms it and,
    with `assign_to`, places the member in a grid.
    """
    user = w.personas.get(username) or make_user(w, username, Role.PARTY_MEMBER, home)
    admin = _community_admin(w, community)
    person = people.person_create(area=home, name=name, id_number=w.id_number(), actor=admin)
    person = people.person_link_user(person=person, user=user, actor=admin)
    agree(user)
    branch = w.branches["B1" if community.path.startswith(w.b1.path) else "A1"]
    member = people.member_create(
        person=person,
        kind=MembershipKind.FULL,
        joined_on=datetime.date(2005, 7, 1),
        branch=branch,
        in_service=True,
        work_unit=work_unit,
        actor=_community_admin(w, branch.area),
    )
    registration = people.registration_submit(community=community, member=member, actor=user)
    if confirm:
        registration = people.registration_confirm(registration=registration, actor=admin)
    if assign_to is not None:
        registration = people.registration_assign(
            registration=registration, grid=assign_to, actor=admin
        )
    w.members[username] = member
    w.registrations[username] = registration
    return member


def make_members(w: OrdersWorld, count: int, *, prefix: str = "claimer") -> list[Any]:
    """`count` members, each with an account, registered with A1 and confirmed (open claimers)."""
    users = []
    for i in range(count):
        name = f"{prefix}{i:02d}"
        make_member(w, name, home=w.district.grids[i % 2], community=w.a1, name=f"党员{i}")
        users.append(w.personas[name])
    return users


def _branch(w: OrdersWorld, key: str, community: Area) -> PartyOrganisation:
    org = org_actions.party_organisation_create(
        parent=w.district.party[community.name],
        name=f"{community.name}第一党支部",
        kind=PartyOrganisationKind.BRANCH,
        area=community,
        actor=_community_admin(w, community),
    )
    w.branches[key] = org
    return org


def build_orders_world(district: District, *, with_orders: bool = False) -> OrdersWorld:
    """Category, branches, members and residents with accounts; with_orders: one order per state."""
    # The district's set-up (area_create) already gave it the default list.
    category, _new = OrderCategory.objects.update_or_create(
        district_code=district.district.district_code, code="repairs", defaults={"name": "维修维护"}
    )
    w = OrdersWorld(district=district, category=category)
    grids = district.grids
    _branch(w, "A1", w.a1)
    _branch(w, "B1", w.b1)
    make_user(w, "grid_worker_a1_g2", Role.GRID_WORKER, grids[1])
    make_user(w, "unit_liaison_a1", Role.UNIT_LIAISON, w.a1)
    make_user(w, "social_org_staff_a1", Role.SOCIAL_ORG_STAFF, w.a1)
    make_resident(w, "resident_a1", grids[1], "李秀英")
    make_resident(w, "resident_a1_other", grids[0], "王建国")
    make_member(
        w, "party_member_a1", home=grids[0], community=w.a1, assign_to=grids[1], name="张三"
    )
    make_member(
        w, "party_member_a1b", home=grids[0], community=w.a1, assign_to=grids[0], name="赵四"
    )
    make_member(w, "party_member_a1c", home=grids[1], community=w.a1, name="钱五")
    make_member(w, "party_member_b1", home=grids[4], community=w.b1, name="孙六")
    w.social_org = org_actions.unit_create(
        area=w.a1,
        name="锦山社工服务社",
        kind=UnitKind.SOCIAL_ORGANISATION,
        actor=w.admin(),
    )
    if with_orders:
        for state in STATES:
            w.orders[state] = w.order_in(state, title=f"工单 {state}")
    return w
