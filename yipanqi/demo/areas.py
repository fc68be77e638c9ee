"""The area tree: 奉化区 → 12 towns/streets → communities and villages → grids."""

from yipanqi.core.text import initials
from yipanqi.demo.bulk import TreeBuilder, audit_created
from yipanqi.demo.state import Demo
from yipanqi.organisations import validators
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area


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
