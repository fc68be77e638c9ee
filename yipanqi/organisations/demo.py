"""The organisations' part of the demo district: the area tree, the party-organisation tree, and
(in `demo_units`, `demo_bodies`, `demo_accounts`) the units, the collective bodies and the demo
personas' role grants. Every row is one of this app's own tables.

The area tree: 奉化区 → 12 towns/streets → communities and villages → grids. The party tree mirrors
it: 区委 → 街道党工委 / 镇党委 → 社区党委, 村党委 or 村党总支 → 网格党支部 → 党小组; a unit's branch or
general branch sits under its town's committee.

Rows are written through this app's bulk actions (`areas_create_bulk`, `units_create_bulk`, …),
which validate each row and audit it with the event its single-row action records, appended per
batch (docs/decisions/005), with the system actor `system("demo")`.
"""

import random

from yipanqi.core.actors import system
from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.fenghua import VILLAGE, CommunityPlan, TownPlan
from yipanqi.core.demo_kit.state import Demo
from yipanqi.organisations.actions import (
    NewArea,
    NewPartyOrganisation,
    areas_create_bulk,
    party_organisations_create_bulk,
)
from yipanqi.organisations.choices import AreaKind, UnitKind
from yipanqi.organisations.choices import PartyOrganisationKind as P
from yipanqi.organisations.models import Area, Unit

DEMO = system("demo")

# --- the area tree ---------------------------------------------------------------------------


def build_areas(demo: Demo) -> None:
    plan, nodes = demo.plan, []
    district = NewArea(plan.name, plan.code, AreaKind.DISTRICT)
    nodes.append(district)
    for town in plan.towns:
        town_area = NewArea(town.name, town.code, AreaKind.TOWN, district)
        nodes.append(town_area)
        for community in town.communities:
            area = NewArea(community.name, community.code, AreaKind.COMMUNITY, town_area)
            nodes.append(area)
            nodes += [NewArea(g.name, g.code, AreaKind.GRID, area) for g in community.grids]
    areas = areas_create_bulk(areas=nodes, actor=DEMO)
    demo.areas = {a.code: a for a in sorted(areas, key=lambda a: a.path)}


# --- the party-organisation tree ----------------------------------------------------------------


DISTRICT_COMMITTEE_NAME = "中共宁波市奉化区委员会"
UNIT_ORG_SUFFIX: dict[str, str] = {P.BRANCH: "党支部", P.GENERAL_BRANCH: "党总支"}
VILLAGE_COMMITTEE_SHARE = 0.25  # larger villages have a 村党委, the rest a 党总支
GROUP_SHARE = 0.3  # grid branches with 党小组


class PartyTree:
    """The party organisations planned so far, in the order they are given to the action."""

    def __init__(self) -> None:
        self.nodes: list[NewPartyOrganisation] = []

    def add(
        self,
        parent: NewPartyOrganisation | None,
        name: str,
        kind: str,
        area: Area | None = None,
        unit: Unit | None = None,
    ) -> NewPartyOrganisation:
        self.nodes.append(NewPartyOrganisation(name, kind, parent, area=area, unit=unit))
        return self.nodes[-1]


def town_committee_name(town: TownPlan) -> str:
    return f"{town.name}党工委" if town.is_street else f"{town.name}党委"


def community_org_kind(community: CommunityPlan, rng: random.Random) -> str:
    if community.is_urban:
        return P.COMMUNITY_COMMITTEE
    if community.kind == VILLAGE and rng.random() < VILLAGE_COMMITTEE_SHARE:
        return P.COMMUNITY_COMMITTEE
    return P.GENERAL_BRANCH


def _community_org(demo: Demo, tree: PartyTree, parent, community: CommunityPlan, rng) -> dict:
    """The community's organisation and its grids' branches (and groups); the leading ones by
    area code."""
    kind = community_org_kind(community, rng)
    suffix = "党委" if kind == P.COMMUNITY_COMMITTEE else "党总支"
    area = demo.areas[community.code]
    org = tree.add(parent, f"{community.name}{suffix}", kind, area=area)
    leading = {community.code: org}
    for grid in community.grids:
        grid_area = demo.areas[grid.code]
        branch = tree.add(org, f"{grid.name}党支部", P.BRANCH, area=grid_area)
        leading[grid.code] = branch
        groups = rng.randint(1, 2) if rng.random() < GROUP_SHARE else 0
        for n in range(1, groups + 1):
            tree.add(branch, f"{branch.name}第{names.numeral(n)}党小组", P.GROUP, area=grid_area)
    return leading


def _unit_orgs(demo: Demo, tree: PartyTree, parent, town: TownPlan) -> None:
    for unit in demo.units_with_party(town):
        kind = demo.unit_party[unit.pk]
        prefix = "机关" if unit.kind == UnitKind.GOVERNMENT else ""
        tree.add(parent, f"{unit.name}{prefix}{UNIT_ORG_SUFFIX[kind]}", kind, unit=unit)


def build_party(demo: Demo) -> None:
    tree, plan = PartyTree(), demo.plan
    district = demo.areas[plan.code]
    root = tree.add(None, DISTRICT_COMMITTEE_NAME, P.DISTRICT_COMMITTEE, area=district)
    leading = {plan.code: root}
    rng = names.rng_for("party")
    for town in plan.towns:
        town_area = demo.areas[town.code]
        town_org = tree.add(root, town_committee_name(town), P.TOWN_COMMITTEE, area=town_area)
        leading[town.code] = town_org
        for community in town.communities:
            leading.update(_community_org(demo, tree, town_org, community, rng))
        _unit_orgs(demo, tree, town_org, town)
    saved = party_organisations_create_bulk(organisations=tree.nodes, actor=DEMO)
    made = dict(zip(tree.nodes, saved, strict=True))
    demo.party.update({code: made[node] for code, node in leading.items()})
