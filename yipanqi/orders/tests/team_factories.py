"""Service teams (组团式服务) on top of the orders world (factories.build_orders_world).

team "A1 team", led by A1's community committee, covering A1:
  leader   party_member_a1    registered with A1 (grid 1)
  member   party_member_a1b   registered with A1 (grid 0)
  staff    unit_staff_a1      registered with B1 only, works for A1's resident unit (registered
                              with A1): drawn in as unit staff
Outside it: party_member_a1c (registered with A1, not in the team), party_member_b1 (B1 only),
unregistered_a1 (submitted a registration the community has not confirmed).
"""

from dataclasses import dataclass
from typing import Any

from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind
from yipanqi.orders.models import ServiceOrder, ServiceTeam
from yipanqi.orders.tests.factories import OrdersWorld, make_member
from yipanqi.people import actions as people


@dataclass
class TeamWorld:
    world: OrdersWorld
    team: ServiceTeam

    @property
    def personas(self) -> dict[str, Any]:
        return self.world.personas

    def dispatched(self, **place_kw) -> ServiceOrder:
        """An order in grid 1 of A1 dispatched to the team by A1's community admin."""
        order = self.world.order_in("accepted", **place_kw)
        return actions.order_dispatch(
            order=order, kind=DispatchKind.TEAM, team=self.team, actor=self.world.admin()
        )


def register_unit(world: OrdersWorld) -> None:
    """A1's resident unit registers with A1 (单位报到), confirmed by the community."""
    admin = world.admin()
    registration = people.registration_submit(community=world.a1, unit=world.unit, actor=admin)
    people.registration_confirm(registration=registration, actor=admin)


def build_team_world(world: OrdersWorld) -> TeamWorld:
    d, admin = world.district, world.admin()
    register_unit(world)
    staff = make_member(
        world,
        "unit_staff_a1",
        home=d.grids[4],
        community=world.b1,
        name="周七",
        work_unit=world.unit,
    )
    make_member(
        world, "unregistered_a1", home=d.grids[0], community=world.a1, confirm=False, name="吴八"
    )
    team = actions.team_create(
        lead_organisation=d.party[world.a1.name],
        name="A1 team",
        coverage=[world.a1],
        leader=world.members["party_member_a1"],
        actor=admin,
    )
    actions.team_member_add(team=team, member=world.members["party_member_a1b"], actor=admin)
    actions.team_member_add(team=team, member=staff, actor=admin)
    return TeamWorld(world=world, team=team)


def build_fuzz_teams(district: Any, orders: OrdersWorld) -> None:
    """A team of A1's and one of B1's (core/tests/fuzz: each admin's ids are the other's)."""
    for community, member, admin in (
        (orders.a1, "party_member_a1", "community_admin_a1"),
        (orders.b1, "party_member_b1", "community_admin_b1"),
    ):
        actions.team_create(
            lead_organisation=district.party[community.name],
            name=f"{community.name}服务团",
            coverage=[community],
            leader=orders.members[member],
            actor=district.personas[admin],
        )
