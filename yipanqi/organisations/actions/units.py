"""Units (驻区单位) of an area."""

from typing import Any

from django.db import transaction

from yipanqi.core import audit
from yipanqi.core.text import initials
from yipanqi.core.workflow import require_permission
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.actions._common import check_choice
from yipanqi.organisations.choices import UnitKind
from yipanqi.organisations.models import Area, Unit


@transaction.atomic
def unit_create(
    *,
    area: Area,
    name: str,
    kind: str,
    actor: Any,
    credit_code: str = "",
    address: str = "",
) -> Unit:
    require_permission(actor, permissions.administers, area.path)
    validators.validate_name(name)
    check_choice(kind, UnitKind.values)
    credit_code = (credit_code or "").strip().upper()
    if credit_code:
        validators.validate_credit_code(credit_code)
    unit = Unit(
        area=area,
        name=name,
        kind=kind,
        credit_code=credit_code,
        address=address,
        name_initials=initials(name),
    )
    unit.place_in(area)
    unit.save()
    audit.record(
        actor=actor,
        action="organisations.unit.created",
        target=unit,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return unit
