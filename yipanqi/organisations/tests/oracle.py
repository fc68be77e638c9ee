"""An independent statement of who may see what in the factories' small district.

Written from the District dataclass's structure (towns → communities → grids by list position),
never through `for_user()`, tree paths or the permission code, so the scope matrix compares the
application against a second, simple description of the same rules.
"""

from dataclasses import dataclass

from yipanqi.core.models import AuditEvent
from yipanqi.organisations.models import BodyMembership, RoleGrant
from yipanqi.organisations.tests.factories import District

# A node of the small district: ("district",), ("town", i), ("community", i) or ("grid", i).
Node = tuple


@dataclass(frozen=True)
class Reach:
    structure: Node | None = None  # areas, party organisations, units, bodies, memberships
    grants: Node | None = None  # role grants
    audit: Node | None = None  # audit events
    platform_audit: bool = False  # also audit rows that belong to no area (logins, accounts)


DISTRICT = ("district",)
TOWN_A = ("town", 0)
A1, A2, B1 = ("community", 0), ("community", 1), ("community", 2)
GRID_A1_1, GRID_A1_2 = ("grid", 0), ("grid", 1)

REACH: dict[str, Reach] = {
    "district_admin": Reach(structure=DISTRICT, grants=DISTRICT),
    "town_admin_a": Reach(structure=TOWN_A, grants=TOWN_A),
    "community_admin_a1": Reach(structure=A1, grants=A1),
    "community_admin_a2": Reach(structure=A2, grants=A2),
    "community_admin_b1": Reach(structure=B1, grants=B1),
    "grid_worker_a1": Reach(structure=GRID_A1_1),
    "party_member_a1": Reach(structure=GRID_A1_1),
    "resident_a1": Reach(structure=GRID_A1_2),
    "auditor_a": Reach(structure=TOWN_A, audit=TOWN_A),
    "system_admin": Reach(structure=DISTRICT, grants=DISTRICT),
    # The security and audit administrators do not read the organisation structure (三员分立).
    "security_admin": Reach(grants=DISTRICT),
    "audit_admin": Reach(audit=DISTRICT, platform_audit=True),
    "no_role": Reach(),
}
PERSONAS = list(REACH)


def subtree(d: District, node: Node | None) -> list:
    """The areas of a node's subtree, walked by list position (2 children per node)."""
    if node is None:
        return []
    kind = node[0]
    if kind == "district":
        return [d.district, *[a for i in range(len(d.towns)) for a in subtree(d, ("town", i))]]
    if kind == "town":
        i = node[1]
        return [d.towns[i], *[a for c in (2 * i, 2 * i + 1) for a in subtree(d, ("community", c))]]
    if kind == "community":
        i = node[1]
        return [d.communities[i], d.grids[2 * i], d.grids[2 * i + 1]]
    return [d.grids[node[1]]]


def area_ids(d: District, persona: str) -> set[int]:
    return {a.pk for a in subtree(d, REACH[persona].structure)}


def party_ids(d: District, persona: str) -> set[int]:
    areas = area_ids(d, persona)
    return {org.pk for org in d.party.values() if org.area_id in areas}


def unit_ids(d: District, persona: str) -> set[int]:
    areas = area_ids(d, persona)
    return {u.pk for u in d.units if u.area_id in areas}


def body_ids(d: District, persona: str) -> set[int]:
    areas = area_ids(d, persona)
    return {b.pk for b in d.bodies if b.area_id in areas}


def membership_ids(d: District, persona: str) -> set[int]:
    bodies = body_ids(d, persona)
    return set(BodyMembership.objects.filter(body_id__in=bodies).values_list("pk", flat=True))


def grant_ids(d: District, persona: str) -> set[int]:
    areas = {a.pk for a in subtree(d, REACH[persona].grants)}
    return set(RoleGrant.objects.filter(area_id__in=areas).values_list("pk", flat=True))


def audit_ids(d: District, persona: str) -> set[int]:
    """Events written for an area in reach: their scope is exactly that area's path."""
    reach = REACH[persona]
    paths = {a.path for a in subtree(d, reach.audit)}
    if reach.platform_audit:
        paths.add("")
    return set(AuditEvent.objects.filter(scope_path__in=paths).values_list("pk", flat=True))


ORACLES = {
    "areas": area_ids,
    "party": party_ids,
    "units": unit_ids,
    "bodies": body_ids,
    "memberships": membership_ids,
    "grants": grant_ids,
    "audit": audit_ids,
}


def visible(d: District, persona: str, kind: str) -> set[int]:
    return ORACLES[kind](d, persona)
