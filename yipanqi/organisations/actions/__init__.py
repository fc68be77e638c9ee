"""Every write to the organisation registry: trees, units, bodies, memberships and role grants.

`from yipanqi.organisations.actions import area_create` keeps working: the actions live in the
modules of this package and are re-exported here.
"""

from yipanqi.organisations.actions._common import AREA_TREE_LOCK, BULK_BATCH, PARTY_TREE_LOCK
from yipanqi.organisations.actions.areas import area_create, area_move, area_rename
from yipanqi.organisations.actions.bodies import body_create, membership_add, membership_end
from yipanqi.organisations.actions.bulk import (
    NewArea,
    NewBody,
    NewMembership,
    NewPartyOrganisation,
    NewUnit,
    areas_create_bulk,
    bodies_create_bulk,
    memberships_add_bulk,
    party_organisations_create_bulk,
    units_create_bulk,
)
from yipanqi.organisations.actions.grants import (
    role_grant_approve,
    role_grant_create,
    role_grant_reject,
    role_grant_revoke,
)
from yipanqi.organisations.actions.party import (
    party_organisation_create,
    party_organisation_move,
    party_organisation_rename,
)
from yipanqi.organisations.actions.units import unit_create

__all__ = [
    "AREA_TREE_LOCK",
    "BULK_BATCH",
    "PARTY_TREE_LOCK",
    "NewArea",
    "NewBody",
    "NewMembership",
    "NewPartyOrganisation",
    "NewUnit",
    "area_create",
    "area_move",
    "area_rename",
    "areas_create_bulk",
    "bodies_create_bulk",
    "body_create",
    "membership_add",
    "membership_end",
    "memberships_add_bulk",
    "party_organisation_create",
    "party_organisation_move",
    "party_organisation_rename",
    "party_organisations_create_bulk",
    "role_grant_approve",
    "role_grant_create",
    "role_grant_reject",
    "role_grant_revoke",
    "unit_create",
    "units_create_bulk",
]
