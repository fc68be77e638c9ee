"""The bulk paths (the demo): the rules of the single-row actions, one event per row.

Each inserts in bulk and appends the same event its single-row action records, in one batch
(docs/decisions/005). The trees' materialised paths are computed in memory (`TreeBuilder`) and
inserted in path order, so ids follow the tree; a node's parent is given in the same call.
"""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, locks
from yipanqi.core.actors import is_system
from yipanqi.core.demo_kit.rows import TreeBuilder
from yipanqi.core.errors import Invalid
from yipanqi.core.text import initials
from yipanqi.core.workflow import Actor, require, require_permission
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.actions._common import (
    AREA_TREE_LOCK,
    BULK_BATCH,
    PARTY_TREE_LOCK,
    check_choice,
    check_party_place,
    party_place,
)
from yipanqi.organisations.choices import BodyKind, MemberRole, PartyOrganisationKind, UnitKind
from yipanqi.organisations.models import Area, Body, BodyMembership, PartyOrganisation, Unit


@dataclass(eq=False)
class NewArea:
    """One area of `areas_create_bulk`, under `parent` (given before it), or a district root."""

    name: str
    code: str
    kind: str
    parent: "NewArea | None" = None


def _tree_parent(made: Mapping[Any, Any], parent: Any) -> Any:
    if parent is not None and parent not in made:
        raise Invalid(_("A parent must be given before its children."), code="bad_parent")
    return made[parent] if parent is not None else None


@transaction.atomic
def areas_create_bulk(*, areas: Sequence[NewArea], actor: Actor) -> list[Area]:
    """`area_create` for a whole tree at once; returns the areas in the order given."""
    locks.serialise(AREA_TREE_LOCK)
    tree, made = TreeBuilder(Area), dict[NewArea, Area]()
    for new in areas:
        parent = _tree_parent(made, new.parent)
        require(
            is_system(actor) or parent is not None and permissions.administers(actor, parent.path)
        )
        validators.validate_area(parent=parent, name=new.name, code=new.code, kind=new.kind)
        area = tree.add(
            parent, name=new.name, code=new.code, kind=new.kind, name_initials=initials(new.name)
        )
        area.scope_path, area.district_code = area.path, new.code[:6]
        made[new] = area
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="organisations.area.created",
            target=area,
            changes={
                "name": [None, area.name],
                "code": [None, area.code],
                "kind": [None, area.kind],
            },
        )
        for area in tree.save()
    )
    return [made[new] for new in areas]


@dataclass(eq=False)
class NewPartyOrganisation:
    """One organisation of `party_organisations_create_bulk`: it leads `area` or belongs to
    `unit`, under `parent` (given before it), or is the district committee at the top."""

    name: str
    kind: str
    parent: "NewPartyOrganisation | None" = None
    area: Area | None = None
    unit: Unit | None = None


@transaction.atomic
def party_organisations_create_bulk(
    *, organisations: Sequence[NewPartyOrganisation], actor: Actor
) -> list[PartyOrganisation]:
    """`party_organisation_create` for a whole tree at once; returns them in the order given."""
    locks.serialise(PARTY_TREE_LOCK)
    tree, made = TreeBuilder(PartyOrganisation), dict[NewPartyOrganisation, PartyOrganisation]()
    for new in organisations:
        place = party_place(new.area, new.unit)
        parent = _tree_parent(made, new.parent)
        require(
            is_system(actor)
            or permissions.administers(actor, place.path)
            and (parent is None or permissions.administers(actor, parent.scope_path))
        )
        check_choice(new.kind, PartyOrganisationKind.values)
        check_party_place(place.scope_path, parent, new.kind)
        validators.validate_name(new.name)
        made[new] = tree.add(
            parent,
            name=new.name,
            kind=new.kind,
            area=new.area,
            unit=new.unit,
            name_initials=initials(new.name),
            scope_path=place.scope_path,
            district_code=place.district_code,
        )
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="organisations.party_organisation.created",
            target=org,
            changes={"name": [None, org.name], "kind": [None, org.kind]},
        )
        for org in tree.save()
    )
    return [made[new] for new in organisations]


@dataclass(frozen=True)
class NewUnit:
    """One unit of `units_create_bulk`."""

    area: Area
    name: str
    kind: str
    credit_code: str = ""
    address: str = ""


@transaction.atomic
def units_create_bulk(*, units: Sequence[NewUnit], actor: Actor) -> list[Unit]:
    """`unit_create` for many units at once; returns them, with ids, in the order given."""
    rows = []
    for new in units:
        require_permission(actor, permissions.administers, new.area.path)
        validators.validate_name(new.name)
        check_choice(new.kind, UnitKind.values)
        credit_code = (new.credit_code or "").strip().upper()
        if credit_code:
            validators.validate_credit_code(credit_code)
        unit = Unit(
            area=new.area,
            name=new.name,
            kind=new.kind,
            credit_code=credit_code,
            address=new.address,
            name_initials=initials(new.name),
        )
        unit.place_in(new.area)
        rows.append(unit)
    Unit.objects.bulk_create(rows, batch_size=BULK_BATCH)
    _created(rows, "organisations.unit.created", actor)
    return rows


def _created(rows: list[Any], action: str, actor: Actor) -> None:
    audit.record_many(
        audit.new_event(
            actor=actor,
            action=action,
            target=row,
            changes={"name": [None, row.name], "kind": [None, row.kind]},
        )
        for row in rows
    )


@dataclass(eq=False)
class NewBody:
    """One body of `bodies_create_bulk`."""

    area: Area
    name: str
    kind: str
    party_organisation: PartyOrganisation | None = None


@transaction.atomic
def bodies_create_bulk(*, bodies: Sequence[NewBody], actor: Actor) -> list[Body]:
    """`body_create` for many bodies at once; returns them, with ids, in the order given."""
    rows = []
    for new in bodies:
        require_permission(actor, permissions.administers, new.area.path)
        validators.validate_name(new.name)
        check_choice(new.kind, BodyKind.values)
        org = new.party_organisation
        if org is not None and not org.scope_path.startswith(new.area.path):
            raise Invalid(
                _("The party organisation must belong to the body's area."),
                code="bad_party_organisation",
            )
        body = Body(area=new.area, name=new.name, kind=new.kind, party_organisation=org)
        body.place_in(new.area)
        rows.append(body)
    Body.objects.bulk_create(rows, batch_size=BULK_BATCH)
    _created(rows, "organisations.body.created", actor)
    return rows


@dataclass(frozen=True)
class NewMembership:
    """One seat of `memberships_add_bulk`."""

    body: Body
    member_name: str
    role: str
    term_start: datetime.date
    title: str = ""
    source_unit: Unit | None = None
    term_end: datetime.date | None = None
    user: Any = None


@transaction.atomic
def memberships_add_bulk(
    *, memberships: Sequence[NewMembership], actor: Actor
) -> list[BodyMembership]:
    """`membership_add` for many seats at once; returns them, with ids, in the order given."""
    rows = []
    for new in memberships:
        require_permission(actor, permissions.administers, new.body.scope_path)
        validators.validate_name(new.member_name)
        check_choice(new.role, MemberRole.values, field="role")
        if new.role == MemberRole.PART_TIME_MEMBER and new.source_unit is None:
            raise Invalid(
                _("A part-time member must name the unit they come from."),
                code="source_unit_required",
            )
        if new.term_end is not None and new.term_end < new.term_start:
            raise Invalid(_("A term cannot end before it starts."), code="bad_term")
        seat = BodyMembership(
            body=new.body,
            member_name=new.member_name,
            role=new.role,
            title=new.title,
            source_unit=new.source_unit,
            term_start=new.term_start,
            term_end=new.term_end,
            user=new.user,
        )
        seat.scope_path, seat.district_code = new.body.scope_path, new.body.district_code
        rows.append(seat)
    BodyMembership.objects.bulk_create(rows, batch_size=BULK_BATCH)
    audit.record_many(
        audit.new_event(
            actor=actor,
            action="organisations.membership.added",
            target=seat,
            changes={"member_name": [None, seat.member_name], "role": [None, seat.role]},
        )
        for seat in rows
    )
    return rows
