"""What the organisation actions share: the tree locks, the choice check, the row lock and
the place of a party organisation."""

from typing import Any

from django.utils.translation import gettext as _

from yipanqi.core.errors import Invalid
from yipanqi.organisations.choices import PARTY_CHILD_KINDS, PartyOrganisationKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit

AREA_TREE_LOCK = "organisations.area_tree"
PARTY_TREE_LOCK = "organisations.party_tree"
BULK_BATCH = 500  # rows per INSERT in the bulk paths


def check_choice(value: str, allowed: list[str], field: str = "kind") -> None:
    if value not in allowed:
        message = _("Not one of the allowed choices.")
        raise Invalid(message, code=f"bad_{field}", fields={field: [message]})


def fresh(model: Any, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


def party_place(area: Area | None, unit: Unit | None) -> Area:
    place = area if area is not None else unit.area if unit is not None else None
    if place is None:
        raise Invalid(
            _("A party organisation leads an area or belongs to a unit."), code="no_place"
        )
    return place


def check_party_place(scope_path: str, parent: PartyOrganisation | None, kind: str) -> None:
    """An organisation sits under a parent whose area contains its own (or is the district root)."""
    if parent is None:
        if kind != PartyOrganisationKind.DISTRICT_COMMITTEE:
            raise Invalid(
                _("Only a district committee stands at the top of the tree."), code="bad_parent"
            )
        return
    if kind not in PARTY_CHILD_KINDS.get(parent.kind, set()):
        raise Invalid(
            _("This kind of organisation cannot sit under that parent."), code="bad_parent"
        )
    if not scope_path.startswith(parent.scope_path):
        raise Invalid(
            _("The organisation's area lies outside its parent's area."), code="bad_place"
        )
