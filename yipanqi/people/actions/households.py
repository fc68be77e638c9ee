"""Households (户) of a grid and the district's household tags."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit
from yipanqi.core.errors import Invalid
from yipanqi.core.workflow import require, require_permission
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.people import permissions
from yipanqi.people.choices import DEFAULT_HOUSEHOLD_TAGS
from yipanqi.people.models import Household, HouseholdTag


def _grid(area: Area) -> Area:
    if area.kind != AreaKind.GRID:
        raise Invalid(_("Households belong to a grid."), code="not_a_grid")
    return area


@transaction.atomic
def household_tags_ensure(*, district_code: str, actor: Any) -> list[HouseholdTag]:
    """Give a district the default tag list (独居老人, 低保户 …) once; existing tags are kept."""
    created = []
    for order, (code, name) in enumerate(DEFAULT_HOUSEHOLD_TAGS):
        tag, new = HouseholdTag.objects.get_or_create(
            district_code=district_code, code=code, defaults={"name": name, "order": order}
        )
        if new:
            created.append(tag.code)
    if created:
        audit.record(
            actor=actor,
            action="people.household_tags.created",
            data={"codes": created},
            scope_path="",
            district_code=district_code,
        )
    return list(HouseholdTag.objects.filter(district_code=district_code))


@transaction.atomic
def household_create(
    *,
    grid: Area,
    building: str,
    room: str,
    actor: Any,
    unit_no: str = "",
    address: str = "",
    tags: list[HouseholdTag] | None = None,
) -> Household:
    require_permission(actor, permissions.can_change_in, _grid(grid).path)
    text = address or f"{grid.name} {building}{'幢' if building.isdigit() else ''}{unit_no}{room}"
    household = Household(grid=grid, building=building, unit_no=unit_no, room=room, address=text)
    household.place_in(grid)
    household.save()
    if tags:
        household.tags.set(tags)
    audit.record(
        actor=actor,
        action="people.household.created",
        target=household,
        changes={"address": [None, text]},
    )
    return household


@transaction.atomic
def household_set_tags(*, household: Household, tags: list[HouseholdTag], actor: Any) -> Household:
    require(permissions.can_change_in(actor, household.scope_path))
    before = sorted(household.tags.values_list("code", flat=True))
    household.tags.set(tags)
    after = sorted(t.code for t in tags)
    audit.record(
        actor=actor,
        action="people.household.tags_changed",
        target=household,
        changes={"tags": [before, after]},
    )
    return household
