"""Every write to the organisation registry: trees, units, bodies, memberships and role grants."""

import datetime
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yipanqi.core import audit, locks, registry
from yipanqi.core.actors import is_system
from yipanqi.core.demo_kit.rows import TreeBuilder
from yipanqi.core.errors import Conflict, Forbidden, Invalid, save_or_conflict
from yipanqi.core.scope import rewrite_scope_paths
from yipanqi.core.text import initials
from yipanqi.core.workflow import Actor, require, require_permission
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.choices import (
    AREA_PARENT_KIND,
    PARTY_CHILD_KINDS,
    PERSONAL_DATA_ROLES,
    ROLE_AREA_KINDS,
    SEPARATED_ADMIN_ROLES,
    AreaKind,
    BodyKind,
    GrantStatus,
    MemberRole,
    PartyOrganisationKind,
    UnitKind,
)
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)

AREA_TREE_LOCK = "organisations.area_tree"
PARTY_TREE_LOCK = "organisations.party_tree"
BULK_BATCH = 500  # rows per INSERT in the bulk paths


def _check_choice(value: str, allowed: list[str], field: str = "kind") -> None:
    if value not in allowed:
        message = _("Not one of the allowed choices.")
        raise Invalid(message, code=f"bad_{field}", fields={field: [message]})


def _fresh(model: Any, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


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
        parent = _fresh(Area, parent.pk)
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
    area = _fresh(Area, area.pk)
    require(permissions.can_change_area(actor, area))
    validators.validate_name(name)
    before = area.name
    area.name, area.name_initials = name, initials(name)
    area.save(update_fields=["name", "name_initials", "updated_at"])
    audit.record(
        actor=actor,
        action="organisations.area.renamed",
        target=area,
        changes={"name": [before, name]},
    )
    return area


@transaction.atomic
def area_move(*, area: Area, new_parent: Area, actor: Any) -> Area:
    """Move a subtree; every scoped row under it follows to the new path, in this transaction."""
    locks.serialise(AREA_TREE_LOCK)
    area, new_parent = _fresh(Area, area.pk), _fresh(Area, new_parent.pk)
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
    area.move(new_parent, pos="last-child")
    area.refresh_from_db()
    moved = rewrite_scope_paths(old_path, area.path)
    area.refresh_from_db()
    audit.record(
        actor=actor,
        action="organisations.area.moved",
        target=area,
        changes={
            "parent": [old_parent.pk if old_parent else None, new_parent.pk],
            "path": [old_path, area.path],
        },
        data={"rows_rescoped": moved},
    )
    return area


def _party_scope(area: Area | None, unit: Unit | None) -> Area:
    place = area if area is not None else unit.area if unit is not None else None
    if place is None:
        raise Invalid(
            _("A party organisation leads an area or belongs to a unit."), code="no_place"
        )
    return place


def _check_party_place(scope_path: str, parent: PartyOrganisation | None, kind: str) -> None:
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


@transaction.atomic
def party_organisation_create(
    *,
    parent: PartyOrganisation | None,
    name: str,
    kind: str,
    actor: Any,
    area: Area | None = None,
    unit: Unit | None = None,
) -> PartyOrganisation:
    locks.serialise(PARTY_TREE_LOCK)
    place = _party_scope(area, unit)
    if parent is not None:
        parent = _fresh(PartyOrganisation, parent.pk)
    # Adding a child changes the parent too: the actor must administer both places.
    require(
        is_system(actor)
        or permissions.administers(actor, place.path)
        and (parent is None or permissions.administers(actor, parent.scope_path))
    )
    _check_choice(kind, PartyOrganisationKind.values)
    _check_party_place(place.scope_path, parent, kind)
    validators.validate_name(name)
    fields = {
        "name": name,
        "kind": kind,
        "area": area,
        "unit": unit,
        "name_initials": initials(name),
        "scope_path": place.scope_path,
        "district_code": place.district_code,
    }
    org = parent.add_child(**fields) if parent else PartyOrganisation.add_root(**fields)
    audit.record(
        actor=actor,
        action="organisations.party_organisation.created",
        target=org,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return org


@transaction.atomic
def party_organisation_rename(
    *, organisation: PartyOrganisation, name: str, actor: Any
) -> PartyOrganisation:
    organisation = _fresh(PartyOrganisation, organisation.pk)
    require(permissions.administers(actor, organisation.scope_path))
    validators.validate_name(name)
    before = organisation.name
    organisation.name, organisation.name_initials = name, initials(name)
    organisation.save(update_fields=["name", "name_initials", "updated_at"])
    audit.record(
        actor=actor,
        action="organisations.party_organisation.renamed",
        target=organisation,
        changes={"name": [before, name]},
    )
    return organisation


@transaction.atomic
def party_organisation_move(
    *, organisation: PartyOrganisation, new_parent: PartyOrganisation, actor: Any
) -> PartyOrganisation:
    locks.serialise(PARTY_TREE_LOCK)
    organisation = _fresh(PartyOrganisation, organisation.pk)
    new_parent = _fresh(PartyOrganisation, new_parent.pk)
    require(
        permissions.administers(actor, organisation.scope_path)
        and permissions.administers(actor, new_parent.scope_path)
    )
    if new_parent.path.startswith(organisation.path):
        raise Invalid(_("An organisation cannot be moved under itself."), code="bad_parent")
    _check_party_place(organisation.scope_path, new_parent, organisation.kind)
    old_parent = organisation.get_parent()
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise Invalid(_("The organisation is already there."), code="same_parent")
    organisation.move(new_parent, pos="last-child")
    organisation.refresh_from_db()
    audit.record(
        actor=actor,
        action="organisations.party_organisation.moved",
        target=organisation,
        changes={"parent": [old_parent.pk if old_parent else None, new_parent.pk]},
    )
    return organisation


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
    _check_choice(kind, UnitKind.values)
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


@transaction.atomic
def body_create(
    *,
    area: Area,
    name: str,
    kind: str,
    actor: Any,
    party_organisation: PartyOrganisation | None = None,
) -> Body:
    require_permission(actor, permissions.administers, area.path)
    validators.validate_name(name)
    _check_choice(kind, BodyKind.values)
    if party_organisation is not None and not party_organisation.scope_path.startswith(area.path):
        raise Invalid(
            _("The party organisation must belong to the body's area."),
            code="bad_party_organisation",
        )
    body = Body(area=area, name=name, kind=kind, party_organisation=party_organisation)
    body.place_in(area)
    body.save()
    audit.record(
        actor=actor,
        action="organisations.body.created",
        target=body,
        changes={"name": [None, name], "kind": [None, kind]},
    )
    return body


@transaction.atomic
def membership_add(
    *,
    body: Body,
    member_name: str,
    role: str,
    term_start: datetime.date,
    actor: Any,
    title: str = "",
    source_unit: Unit | None = None,
    term_end: datetime.date | None = None,
    user: Any = None,
) -> BodyMembership:
    """Seat a member on a body; a part-time member (兼职委员) must come from a unit."""
    require_permission(actor, permissions.administers, body.scope_path)
    validators.validate_name(member_name)
    _check_choice(role, MemberRole.values, field="role")
    if role == MemberRole.PART_TIME_MEMBER and source_unit is None:
        raise Invalid(
            _("A part-time member must name the unit they come from."), code="source_unit_required"
        )
    if term_end is not None and term_end < term_start:
        raise Invalid(_("A term cannot end before it starts."), code="bad_term")
    membership = BodyMembership(
        body=body,
        member_name=member_name,
        role=role,
        title=title,
        source_unit=source_unit,
        term_start=term_start,
        term_end=term_end,
        user=user,
    )
    membership.scope_path, membership.district_code = body.scope_path, body.district_code
    membership.save()
    audit.record(
        actor=actor,
        action="organisations.membership.added",
        target=membership,
        changes={"member_name": [None, member_name], "role": [None, role]},
    )
    return membership


@transaction.atomic
def membership_end(
    *, membership: BodyMembership, term_end: datetime.date, actor: Any
) -> BodyMembership:
    membership = _fresh(BodyMembership, membership.pk)
    require(permissions.administers(actor, membership.scope_path))
    if term_end < membership.term_start:
        raise Invalid(_("A term cannot end before it starts."), code="bad_term")
    before = membership.term_end
    membership.term_end = term_end
    membership.save(update_fields=["term_end", "updated_at"])
    audit.record(
        actor=actor,
        action="organisations.membership.ended",
        target=membership,
        changes={"term_end": [before, term_end]},
    )
    return membership


def _check_separation(user: Any, role: str) -> None:
    if role not in SEPARATED_ADMIN_ROLES:
        return
    held = set(
        RoleGrant.objects.filter(user=user, role__in=SEPARATED_ADMIN_ROLES).values_list(
            "role", flat=True
        )
    )
    if held - {role}:
        raise Conflict(
            _("System, security and audit administration must be held by different people."),
            code="separated_roles",
        )


@transaction.atomic
def role_grant_create(*, user: Any, role: str, area: Area, actor: Actor) -> RoleGrant:
    """Grant a role at an area (covers its subtree); the three admin roles stay with different people.

    A role that reaches personal data (PERSONAL_DATA_ROLES) is only requested here: the grant stays
    pending, and counts for nothing, until a security admin approves it (`role_grant_approve`).
    Bootstrap grants (the system actor: the demo, fixtures, commands) are made by the system
    itself and take effect at once, recorded as approved by the system.
    """
    from yipanqi.accounts.models import User

    User.objects.select_for_update().get(pk=user.pk)  # serialise grants to one user
    bootstrap = is_system(actor)
    require(bootstrap or permissions.can_grant_role(actor, area) and actor.pk != user.pk)
    if area.kind not in ROLE_AREA_KINDS.get(role, set()):
        raise Invalid(_("This role cannot be granted at this level."), code="bad_role_level")
    _check_separation(user, role)
    grant = RoleGrant(
        user=user,
        role=role,
        area=area,
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if bootstrap:
        grant.status, grant.approved_at = GrantStatus.ACTIVE, timezone.now()
    elif role in PERSONAL_DATA_ROLES:
        grant.status = GrantStatus.PENDING
    else:
        grant.status = GrantStatus.ACTIVE
    grant.place_in(area)
    save_or_conflict(grant, _("The user already holds this role here."), code="duplicate_grant")
    permissions.forget_grants(user)
    audit.record(
        actor=actor,
        action="organisations.role_grant.created",
        target=grant,
        changes={"user": [None, user.pk], "role": [None, role], "area": [None, area.pk]},
        data={"status": grant.status, **({"approved_by": "system"} if bootstrap else {})},
    )
    return grant


def _pending_grant(grant: RoleGrant, actor: Any) -> RoleGrant:
    """The grant, locked; only a pending one is decided, and only by a second person."""
    grant = _fresh(RoleGrant, grant.pk)
    require(permissions.approves_grants_at(actor, grant.scope_path))
    if not grant.is_pending:
        raise Conflict(_("This grant is not awaiting approval."), code="grant_not_pending")
    if not permissions.can_decide_grant(actor, grant):
        raise Forbidden(
            _("A grant must be approved by someone other than who asked for it or receives it."),
            code="second_person_required",
        )
    return grant


@transaction.atomic
def role_grant_approve(*, grant: RoleGrant, actor: Any) -> RoleGrant:
    """The second person's approval (a security admin covering the area): the grant takes effect."""
    grant = _pending_grant(grant, actor)
    grant.status, grant.approved_by, grant.approved_at = GrantStatus.ACTIVE, actor, timezone.now()
    grant.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    permissions.forget_grants(grant.user)
    audit.record(
        actor=actor,
        action="organisations.role_grant.approved",
        target=grant,
        changes={"status": [GrantStatus.PENDING, GrantStatus.ACTIVE]},
        data={
            "user": grant.user_id,
            "role": grant.role,
            "area": grant.area_id,
            "requested_by": grant.requested_by_id,
        },
    )
    return grant


@transaction.atomic
def role_grant_reject(*, grant: RoleGrant, actor: Any) -> None:
    """Refuse a pending grant: it is removed, and the refusal is audited."""
    grant = _pending_grant(grant, actor)
    audit.record(
        actor=actor,
        action="organisations.role_grant.rejected",
        target=grant,
        changes={
            "user": [grant.user_id, None],
            "role": [grant.role, None],
            "area": [grant.area_id, None],
        },
        data={"requested_by": grant.requested_by_id},
    )
    grant.delete()


@transaction.atomic
def role_grant_revoke(*, grant: RoleGrant, actor: Any) -> None:
    """Take a role away, or withdraw a grant still awaiting approval."""
    grant = _fresh(RoleGrant, grant.pk)
    require(permissions.can_grant_role(actor, grant.area) and actor.pk != grant.user_id)
    audit.record(
        actor=actor,
        action="organisations.role_grant.revoked",
        target=grant,
        changes={
            "user": [grant.user_id, None],
            "role": [grant.role, None],
            "area": [grant.area_id, None],
        },
        data={"status": grant.status},
    )
    grant.delete()
    permissions.forget_grants(grant.user)


# --- bulk paths (the demo): the rules of the single-row actions above, one event per row ----------
# Each inserts in bulk and appends the same event its single-row action records, in one batch
# (docs/decisions/005). The trees' materialised paths are computed in memory (`TreeBuilder`) and
# inserted in path order, so ids follow the tree; a node's parent is given in the same call.


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
        place = _party_scope(new.area, new.unit)
        parent = _tree_parent(made, new.parent)
        require(
            is_system(actor)
            or permissions.administers(actor, place.path)
            and (parent is None or permissions.administers(actor, parent.scope_path))
        )
        _check_choice(new.kind, PartyOrganisationKind.values)
        _check_party_place(place.scope_path, parent, new.kind)
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
        _check_choice(new.kind, UnitKind.values)
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
        _check_choice(new.kind, BodyKind.values)
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
        _check_choice(new.role, MemberRole.values, field="role")
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
