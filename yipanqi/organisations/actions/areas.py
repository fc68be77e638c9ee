"""The administrative area tree (区划): add, rename, move a subtree."""

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, locks, registry
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Invalid
from yipanqi.core.scope import rewrite_scope_paths
from yipanqi.core.text import initials
from yipanqi.core.workflow import require, track
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.actions._common import AREA_TREE_LOCK, fresh
from yipanqi.organisations.choices import AREA_PARENT_KIND, AreaKind
from yipanqi.organisations.models import Area


@transaction.atomic
def area_create(
    *,
    parent: Area | None,
    name: str,
    code: str,
    kind: str,
    actor: Any,
    valid_from: datetime.date | None = None,
) -> Area:
    """Add an area under `parent` (or a new district root); codes follow GB/T 2260 / 统计用区划代码."""
    locks.serialise(AREA_TREE_LOCK)
    if parent is not None:
        parent = fresh(Area, parent.pk)
    require(is_system(actor) or parent is not None and permissions.administers(actor, parent.path))
    validators.validate_area(parent=parent, name=name, code=code, kind=kind)
    fields = {
        "name": name,
        "code": code,
        "kind": kind,
        "valid_from": valid_from,
        "name_initials": initials(name),
    }
    area = parent.add_child(**fields) if parent else Area.add_root(**fields)
    area.scope_path, area.district_code = area.path, code[:6]
    area.save(update_fields=["scope_path", "district_code"])
    audit.record(
        actor=actor,
        action="organisations.area.created",
        target=area,
        changes={"name": [None, name], "code": [None, code], "kind": [None, kind]},
    )
    if kind == AreaKind.DISTRICT:
        for setup in registry.district_setups.values():
            setup(district_code=area.district_code, actor=actor)
    return area


@transaction.atomic
def area_rename(*, area: Area, name: str, actor: Any) -> Area:
    locks.serialise(AREA_TREE_LOCK)
    area = fresh(Area, area.pk)
    require(permissions.can_change_area(actor, area))
    validators.validate_name(name)
    edit = track(area, actor=actor)
    edit.set(name=name, name_initials=initials(name))
    edit.finish("organisations.area.renamed")
    return area


@transaction.atomic
def area_move(*, area: Area, new_parent: Area, actor: Any) -> Area:
    """Move a subtree; every scoped row under it follows to the new path, in this transaction."""
    locks.serialise(AREA_TREE_LOCK)
    area, new_parent = fresh(Area, area.pk), fresh(Area, new_parent.pk)
    require(
        permissions.can_change_area(actor, area) and permissions.administers(actor, new_parent.path)
    )
    if AREA_PARENT_KIND[AreaKind(area.kind)] != new_parent.kind:
        raise Invalid(
            _("An area of this kind cannot be placed under that parent."), code="bad_parent"
        )
    if new_parent.path.startswith(area.path):
        raise Invalid(_("An area cannot be moved under itself."), code="bad_parent")
    old_parent, old_path = area.get_parent(), area.path
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise Invalid(_("The area is already there."), code="same_parent")
    edit = track(area, actor=actor)
    area.move(new_parent, pos="last-child")
    area.refresh_from_db()
    moved = rewrite_scope_paths(old_path, area.path)
    area.refresh_from_db()
    # The tree and the scope rewrite saved the row; the parent is implied by the path.
    edit.finish(
        "organisations.area.moved",
        save=False,
        also={"parent": [old_parent.pk if old_parent else None, new_parent.pk]},
        rows_rescoped=moved,
    )
    return area
