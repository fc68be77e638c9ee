"""The party organisation tree (党组织): add, rename, move."""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from yipanqi.core import audit, locks
from yipanqi.core.actors import is_system
from yipanqi.core.errors import Invalid
from yipanqi.core.text import initials
from yipanqi.core.workflow import require, track
from yipanqi.organisations import permissions, validators
from yipanqi.organisations.actions._common import (
    PARTY_TREE_LOCK,
    check_choice,
    check_party_place,
    fresh,
    party_place,
)
from yipanqi.organisations.choices import PartyOrganisationKind
from yipanqi.organisations.models import Area, PartyOrganisation, Unit


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
    place = party_place(area, unit)
    if parent is not None:
        parent = fresh(PartyOrganisation, parent.pk)
    # Adding a child changes the parent too: the actor must administer both places.
    require(
        is_system(actor)
        or permissions.administers(actor, place.path)
        and (parent is None or permissions.administers(actor, parent.scope_path))
    )
    check_choice(kind, PartyOrganisationKind.values)
    check_party_place(place.scope_path, parent, kind)
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
    organisation = fresh(PartyOrganisation, organisation.pk)
    require(permissions.administers(actor, organisation.scope_path))
    validators.validate_name(name)
    edit = track(organisation, actor=actor)
    edit.set(name=name, name_initials=initials(name))
    edit.finish("organisations.party_organisation.renamed")
    return organisation


@transaction.atomic
def party_organisation_move(
    *, organisation: PartyOrganisation, new_parent: PartyOrganisation, actor: Any
) -> PartyOrganisation:
    locks.serialise(PARTY_TREE_LOCK)
    organisation = fresh(PartyOrganisation, organisation.pk)
    new_parent = fresh(PartyOrganisation, new_parent.pk)
    require(
        permissions.administers(actor, organisation.scope_path)
        and permissions.administers(actor, new_parent.scope_path)
    )
    if new_parent.path.startswith(organisation.path):
        raise Invalid(_("An organisation cannot be moved under itself."), code="bad_parent")
    check_party_place(organisation.scope_path, new_parent, organisation.kind)
    old_parent = organisation.get_parent()
    if old_parent is not None and old_parent.pk == new_parent.pk:
        raise Invalid(_("The organisation is already there."), code="same_parent")
    edit = track(organisation, actor=actor)
    organisation.move(new_parent, pos="last-child")
    organisation.refresh_from_db()
    # The tree saved the row (path, depth); the parent is implied by the path.
    edit.finish(
        "organisations.party_organisation.moved",
        save=False,
        also={"parent": [old_parent.pk if old_parent else None, new_parent.pk]},
    )
    return organisation
