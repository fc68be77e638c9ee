"""The organisations' part of the demo district: the area tree, the party-organisation tree, and
(in `demo_units`, `demo_bodies`, `demo_accounts`) the units, the collective bodies and the demo
personas' role grants. Every row is one of this app's own tables.

The area tree: 奉化区 → 12 towns/streets → communities and villages → grids. The party tree mirrors
it: 区委 → 街道党工委 / 镇党委 → 社区党委, 村党委 or 村党总支 → 网格党支部 → 党小组; a unit's branch or
general branch sits under its town's committee.

Rows are written in bulk (`core.demo_kit.rows`), validated and audited one `*.created` event per
row as the actions record them (docs/decisions/005).
"""

import random
from typing import Any

from yipanqi.core.demo_kit import names
from yipanqi.core.demo_kit.fenghua import VILLAGE, CommunityPlan, TownPlan
from yipanqi.core.demo_kit.rows import TreeBuilder, audit_created
from yipanqi.core.demo_kit.state import Demo
from yipanqi.core.errors import Invalid
from yipanqi.core.text import initials
from yipanqi.organisations import validators
from yipanqi.organisations.choices import PARTY_CHILD_KINDS, AreaKind, UnitKind
from yipanqi.organisations.choices import PartyOrganisationKind as P
from yipanqi.organisations.models import Area, PartyOrganisation, Unit


def name_change(row: Any) -> dict[str, list[Any]]:
    """The `changes` the organisation actions record on create: name and kind."""
    return {"name": [None, row.name], "kind": [None, row.kind]}


# --- the area tree ---------------------------------------------------------------------------


def _changes(area: Area) -> dict:
    # The same fields `organisations.actions.area_create` records.
    return {"name": [None, area.name], "code": [None, area.code], "kind": [None, area.kind]}


def _node(tree: TreeBuilder, parent: Area | None, name: str, code: str, kind: str) -> Area:
    validators.validate_area(parent=parent, name=name, code=code, kind=kind)
    area = tree.add(parent, name=name, code=code, kind=kind, name_initials=initials(name))
    area.scope_path, area.district_code = area.path, code[:6]
    return area


def build_areas(demo: Demo) -> None:
    plan, tree = demo.plan, TreeBuilder(Area)
    district = _node(tree, None, plan.name, plan.code, AreaKind.DISTRICT)
    for town in plan.towns:
        town_area = _node(tree, district, town.name, town.code, AreaKind.TOWN)
        for community in town.communities:
            area = _node(tree, town_area, community.name, community.code, AreaKind.COMMUNITY)
            for grid in community.grids:
                _node(tree, area, grid.name, grid.code, AreaKind.GRID)
    areas = tree.save()
    audit_created(areas, "organisations.area.created", _changes)
    demo.areas = {a.code: a for a in areas}


# --- the party-organisation tree ----------------------------------------------------------------


DISTRICT_COMMITTEE_NAME = "中共宁波市奉化区委员会"
UNIT_ORG_SUFFIX: dict[str, str] = {P.BRANCH: "党支部", P.GENERAL_BRANCH: "党总支"}
VILLAGE_COMMITTEE_SHARE = 0.25  # larger villages have a 村党委, the rest a 党总支
GROUP_SHARE = 0.3  # grid branches with 党小组


def _check_place(parent: PartyOrganisation | None, kind: str, place: Area) -> None:
    """The rules `party_organisation_create` enforces: allowed kind under the parent, and an
    area inside the parent's area; only the district committee stands at the top."""
    if parent is None:
        allowed = kind == P.DISTRICT_COMMITTEE
    else:
        allowed = kind in PARTY_CHILD_KINDS[parent.kind] and place.scope_path.startswith(
            parent.scope_path
        )
    if not allowed:
        raise Invalid(f"a {kind} for {place} cannot sit under {parent}", code="bad_parent")


def _org(
    tree: TreeBuilder,
    parent: PartyOrganisation | None,
    name: str,
    kind: str,
    area: Area | None = None,
    unit: Unit | None = None,
) -> PartyOrganisation:
    place = area or (unit.area if unit else None)
    if place is None:
        raise Invalid("A party organisation leads an area or belongs to a unit.")
    _check_place(parent, kind, place)
    validators.validate_name(name)
    return tree.add(
        parent,
        name=name,
        kind=kind,
        area=area,
        unit=unit,
        name_initials=initials(name),
        scope_path=place.scope_path,
        district_code=place.district_code,
    )


def town_committee_name(town: TownPlan) -> str:
    return f"{town.name}党工委" if town.is_street else f"{town.name}党委"


def community_org_kind(community: CommunityPlan, rng: random.Random) -> str:
    if community.is_urban:
        return P.COMMUNITY_COMMITTEE
    if community.kind == VILLAGE and rng.random() < VILLAGE_COMMITTEE_SHARE:
        return P.COMMUNITY_COMMITTEE
    return P.GENERAL_BRANCH


def _community_org(demo: Demo, tree: TreeBuilder, parent, community: CommunityPlan, rng):
    kind = community_org_kind(community, rng)
    suffix = "党委" if kind == P.COMMUNITY_COMMITTEE else "党总支"
    area = demo.areas[community.code]
    org = _org(tree, parent, f"{community.name}{suffix}", kind, area=area)
    demo.party[community.code] = org
    for grid in community.grids:
        grid_area = demo.areas[grid.code]
        branch = _org(tree, org, f"{grid.name}党支部", P.BRANCH, area=grid_area)
        demo.party[grid.code] = branch
        groups = rng.randint(1, 2) if rng.random() < GROUP_SHARE else 0
        for n in range(1, groups + 1):
            _org(tree, branch, f"{branch.name}第{names.numeral(n)}党小组", P.GROUP, area=grid_area)


def _unit_orgs(demo: Demo, tree: TreeBuilder, parent, town: TownPlan) -> None:
    for unit in demo.units_with_party(town):
        kind = demo.unit_party[unit.pk]
        prefix = "机关" if unit.kind == UnitKind.GOVERNMENT else ""
        _org(tree, parent, f"{unit.name}{prefix}{UNIT_ORG_SUFFIX[kind]}", kind, unit=unit)


def build_party(demo: Demo) -> None:
    tree, plan = TreeBuilder(PartyOrganisation), demo.plan
    district = demo.areas[plan.code]
    root = _org(tree, None, DISTRICT_COMMITTEE_NAME, P.DISTRICT_COMMITTEE, area=district)
    demo.party[plan.code] = root
    rng = names.rng_for("party")
    for town in plan.towns:
        town_area = demo.areas[town.code]
        town_org = _org(tree, root, town_committee_name(town), P.TOWN_COMMITTEE, area=town_area)
        demo.party[town.code] = town_org
        for community in town.communities:
            _community_org(demo, tree, town_org, community, rng)
        _unit_orgs(demo, tree, town_org, town)
    audit_created(tree.save(), "organisations.party_organisation.created", name_change)
