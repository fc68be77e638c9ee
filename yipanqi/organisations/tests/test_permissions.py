"""Who may see or do what: grants cover subtrees, predicates per action, 三员分立 and R-AC-6."""

import itertools

import pytest

from yipanqi.accounts.actions import user_create
from yipanqi.core.errors import Conflict
from yipanqi.core.scope import grant_for
from yipanqi.organisations import actions, permissions
from yipanqi.organisations.choices import ROLE_AREA_KINDS, AreaKind, Role
from yipanqi.organisations.models import Area, RoleGrant
from yipanqi.organisations.tests.factories import PASSWORD


def node(district, name: str) -> Area:
    """A1, A2, B1, B2 are the communities; A1g1 is A1's first grid; 'town A' is towns[0]."""
    named = {
        "district": district.district,
        "town A": district.towns[0],
        "town B": district.towns[1],
        "A1": district.communities[0],
        "A2": district.communities[1],
        "B1": district.communities[2],
        "A1g1": district.grids[0],
        "A2g1": district.grids[2],
    }
    return named[name]


@pytest.mark.parametrize(
    ("persona", "area", "allowed"),
    [
        ("district_admin", "district", True),
        ("district_admin", "A2g1", True),
        ("town_admin_a", "town A", True),
        ("town_admin_a", "A1g1", True),
        ("town_admin_a", "town B", False),
        ("town_admin_a", "B1", False),
        ("community_admin_a1", "A1", True),  # a grant covers its own node ...
        ("community_admin_a1", "A1g1", True),  # ... and everything below it
        ("community_admin_a1", "A2", False),
        ("community_admin_a1", "town A", False),
        ("grid_worker_a1", "A1g1", False),  # not a structure administrator
        ("auditor_a", "A1", False),
        ("system_admin", "A1", False),
        ("security_admin", "A1", False),
        ("no_role", "A1", False),
    ],
)
def test_administers(district, personas, persona, area, allowed):
    assert permissions.administers(personas[persona], node(district, area).path) is allowed


@pytest.mark.parametrize(
    ("persona", "area", "allowed"),
    [
        ("district_admin", "district", False),  # nobody is above the district
        ("district_admin", "town A", True),
        ("town_admin_a", "town A", False),  # one's own node is not one's to change
        ("town_admin_a", "A1", True),
        ("town_admin_a", "B1", False),
        ("community_admin_a1", "A1", False),
        ("community_admin_a1", "A1g1", True),
        ("community_admin_a1", "A2g1", False),
        ("grid_worker_a1", "A1g1", False),
    ],
)
def test_can_change_area_only_from_strictly_above(district, personas, persona, area, allowed):
    assert permissions.can_change_area(personas[persona], node(district, area)) is allowed


@pytest.mark.parametrize("persona", ["system_admin"])
def test_only_the_system_admin_may_grant(district, personas, persona):
    for name, user in personas.items():
        assert permissions.can_grant_role(user, district.communities[0]) is (name == persona)


def test_scope_prefixes_follow_the_policy_of_each_model(district, personas):
    from yipanqi.core.models import AuditEvent

    auditor, audit_admin = personas["auditor_a"], personas["audit_admin"]
    assert grant_for(auditor, "view", Area).prefixes == (district.towns[0].path,)
    assert grant_for(auditor, "view", AuditEvent).prefixes == (district.towns[0].path,)
    assert grant_for(auditor, "change", Area).prefixes == ()
    assert grant_for(audit_admin, "view", Area).prefixes == ()
    assert grant_for(audit_admin, "view", AuditEvent).platform is True
    assert grant_for(personas["security_admin"], "view", RoleGrant).prefixes == (
        district.district.path,
    )


def test_an_inactive_user_sees_nothing(district, personas):
    admin = personas["district_admin"]
    admin.is_active = False

    assert not Area.objects.for_user(admin).exists()


def test_grants_are_read_afresh_outside_a_request(district, personas):
    """No cached role outlives a request; outside one, every check reads the grants again."""
    admin = personas["community_admin_a1"]
    assert permissions.administers(admin, district.communities[0].path)

    RoleGrant.objects.filter(user=admin).delete()

    assert not permissions.administers(admin, district.communities[0].path)


# --- R-AC-6: a revocation counts from the next request -------------------------------------


def test_revoked_role_is_denied_on_the_next_api_request(district, api_as):
    a1 = district.communities[0]
    member = api_as("community_admin_a1")  # one client (and user object) for both requests
    assert member.get(f"/api/v1/areas/{a1.pk}/").status_code == 200
    grant = RoleGrant.objects.get(user__username="community_admin_a1")

    revoked = api_as("system_admin").post(f"/api/v1/role-grants/{grant.pk}/revoke/")

    assert revoked.status_code == 204
    assert member.get(f"/api/v1/areas/{a1.pk}/").status_code == 404
    assert member.get("/api/v1/areas/").json()["count"] == 0


def test_revoked_role_is_denied_on_the_next_page(district, client, personas):
    a1 = district.communities[0]
    client.force_login(personas["community_admin_a1"])
    assert client.get(f"/org/areas/{a1.pk}/").status_code == 200

    actions.role_grant_revoke(
        grant=RoleGrant.objects.get(user=personas["community_admin_a1"]),
        actor=personas["system_admin"],
    )

    assert client.get(f"/org/areas/{a1.pk}/").status_code == 404


def test_a_new_grant_counts_from_the_next_request(district, api_as, personas):
    b1 = district.communities[2]
    member = api_as("community_admin_a1")
    assert member.get(f"/api/v1/areas/{b1.pk}/").status_code == 404

    grant = actions.role_grant_create(
        user=personas["community_admin_a1"],
        role=Role.COMMUNITY_ADMIN,
        area=b1,
        actor=personas["system_admin"],
    )
    assert member.get(f"/api/v1/areas/{b1.pk}/").status_code == 404  # awaiting approval

    actions.role_grant_approve(grant=grant, actor=personas["security_admin"])

    assert member.get(f"/api/v1/areas/{b1.pk}/").status_code == 200


# --- R-ID-10: 三员分立 over every pair of roles ---------------------------------------------

PERMISSION_CHANGERS = {Role.SYSTEM_ADMIN}  # may change who holds which role
AUDIT_KEEPERS = {Role.AUDIT_ADMIN, Role.SECURITY_ADMIN}  # manage audit data and security policy


def _area_for(district, role: str) -> Area:
    for kind, area in (
        (AreaKind.DISTRICT, district.district),
        (AreaKind.TOWN, district.towns[0]),
        (AreaKind.COMMUNITY, district.communities[0]),
        (AreaKind.GRID, district.grids[0]),
    ):
        if kind in ROLE_AREA_KINDS[role]:
            return area
    raise AssertionError(role)


def test_no_pair_of_roles_joins_permission_changes_with_audit_keeping(district, personas):
    """Over all role pairs: whatever one person may hold, they never both grant and keep audit."""
    system_admin = personas["system_admin"]
    held_together = []
    for n, (first, second) in enumerate(itertools.combinations(list(Role), 2)):
        user = user_create(username=f"pair{n}", password=PASSWORD, actor=None, validate=False)
        actions.role_grant_create(
            user=user, role=first, area=_area_for(district, first), actor=system_admin
        )
        try:
            actions.role_grant_create(
                user=user, role=second, area=_area_for(district, second), actor=system_admin
            )
        except Conflict as exc:
            assert exc.code == "separated_roles"
            continue
        held_together.append({first, second})

    for roles in held_together:
        assert not (roles & PERMISSION_CHANGERS and roles & AUDIT_KEEPERS), roles
        assert len(roles & {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}) <= 1
    # Every other pair of roles may be held together.
    assert len(held_together) == len(list(itertools.combinations(list(Role), 2))) - 3
