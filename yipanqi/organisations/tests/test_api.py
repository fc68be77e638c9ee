"""The organisation API's writes and errors: 201/200 for the right persona, 403 in scope without the
right, 404 out of scope, 400 for bad input, 409 for conflicts; plus the OpenAPI schema and docs."""

import re

import pytest
from rest_framework.test import APIClient

from yipanqi.core.models import AuditEvent
from yipanqi.organisations.models import Area, BodyMembership, PartyOrganisation, RoleGrant

pytestmark = pytest.mark.usefixtures("district")


def party(district, name: str) -> PartyOrganisation:
    return next(org for org in district.party.values() if org.name == name)


def assert_error(response, status: int, code: str) -> dict:
    assert response.status_code == status, response.content
    body = response.json()
    assert body["code"] == code, body
    assert body["message"]
    return body


def last_event() -> AuditEvent:
    return AuditEvent.objects.order_by("-id").first()


# --- areas -------------------------------------------------------------------------------------


def test_community_admin_adds_a_grid(district, api_as):
    a1 = district.communities[0]

    response = api_as("community_admin_a1").post(
        "/api/v1/areas/", {"parent_id": a1.pk, "name": "奉中社区第3网格", "code": "330213001001003"}
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "grid" and body["parent_id"] == a1.pk and body["depth"] == 4
    assert last_event().action == "organisations.area.created"


def test_area_create_errors(district, api_as):
    a1, a2 = district.communities[0], district.communities[1]
    admin = api_as("community_admin_a1")

    assert_error(
        admin.post("/api/v1/areas/", {"parent_id": a2.pk, "name": "x", "code": "330213001002003"}),
        404,
        "not_found",
    )  # another community: out of scope
    body = assert_error(
        admin.post("/api/v1/areas/", {"parent_id": a1.pk, "name": "x", "code": "12345"}),
        400,
        "validation_error",
    )
    assert "code" in body["fields"]
    assert_error(
        admin.post("/api/v1/areas/", {"parent_id": a1.pk, "name": "x", "code": "330213001001001"}),
        400,
        "duplicate_code",
    )
    assert_error(
        admin.post("/api/v1/areas/", {"parent_id": a1.pk, "name": "x", "code": "330213001002009"}),
        400,
        "bad_code",
    )
    assert_error(admin.post("/api/v1/areas/", {}), 400, "validation_error")
    # In scope but without the right: the town's auditor.
    assert_error(
        api_as("auditor_a").post(
            "/api/v1/areas/", {"parent_id": a1.pk, "name": "x", "code": "330213001001003"}
        ),
        403,
        "permission_denied",
    )


def test_area_rename(district, api_as):
    a1, a2 = district.communities[0], district.communities[1]

    response = api_as("town_admin_a").post(f"/api/v1/areas/{a1.pk}/rename/", {"name": "奉中新社区"})

    assert response.status_code == 200 and response.json()["name"] == "奉中新社区"
    admin = api_as("community_admin_a1")
    assert_error(
        admin.post(f"/api/v1/areas/{a1.pk}/rename/", {"name": "x"}), 403, "permission_denied"
    )
    assert_error(admin.post(f"/api/v1/areas/{a2.pk}/rename/", {"name": "x"}), 404, "not_found")
    assert_error(
        api_as("town_admin_a").post(f"/api/v1/areas/{a1.pk}/rename/", {"name": ""}),
        400,
        "validation_error",
    )


def test_area_move(district, api_as):
    a1, town_a, town_b = district.communities[0], district.towns[0], district.towns[1]

    response = api_as("district_admin").post(
        f"/api/v1/areas/{a1.pk}/move/", {"new_parent_id": town_b.pk}
    )

    assert response.status_code == 200, response.content
    assert response.json()["parent_id"] == town_b.pk
    assert last_event().action == "organisations.area.moved"
    # Town A's admin no longer sees it, and cannot reach town B either.
    assert_error(
        api_as("town_admin_a").post(f"/api/v1/areas/{a1.pk}/move/", {"new_parent_id": town_a.pk}),
        404,
        "not_found",
    )


def test_area_move_errors(district, api_as):
    a1, a2, town_b = district.communities[0], district.communities[1], district.towns[1]

    assert_error(  # the target is out of scope
        api_as("town_admin_a").post(f"/api/v1/areas/{a1.pk}/move/", {"new_parent_id": town_b.pk}),
        404,
        "not_found",
    )
    assert_error(  # a community under a community
        api_as("district_admin").post(f"/api/v1/areas/{a1.pk}/move/", {"new_parent_id": a2.pk}),
        400,
        "bad_parent",
    )
    assert_error(  # in scope, no right
        api_as("auditor_a").post(
            f"/api/v1/areas/{district.grids[0].pk}/move/", {"new_parent_id": a2.pk}
        ),
        403,
        "permission_denied",
    )
    assert_error(
        api_as("district_admin").post(f"/api/v1/areas/{a1.pk}/move/", {"new_parent_id": "x"}),
        400,
        "validation_error",
    )


def test_area_list_filters(district, api_as):
    a1 = district.communities[0]
    admin = api_as("town_admin_a")

    children = admin.get("/api/v1/areas/", {"parent": a1.pk}).json()["results"]
    assert {c["id"] for c in children} == {district.grids[0].pk, district.grids[1].pk}
    assert all(c["parent_id"] == a1.pk for c in children)
    found = admin.get("/api/v1/areas/", {"q": "fz"}).json()["results"]
    assert {c["name"] for c in found} == {"奉中社区", "奉中社区第1网格", "奉中社区第2网格"}
    assert admin.get("/api/v1/areas/", {"parent": district.towns[1].pk}).status_code == 404
    # A parent outside the caller's scope is not revealed.
    top = api_as("community_admin_a1").get(f"/api/v1/areas/{a1.pk}/").json()
    assert top["parent_id"] is None


# --- party organisations -----------------------------------------------------------------------


def test_party_organisation_create_rename_move(district, api_as):
    committee = party(district, "奉中社区党委")
    admin = api_as("community_admin_a1")

    created = admin.post(
        "/api/v1/party-organisations/",
        {"parent_id": committee.pk, "name": "第一党支部", "kind": "branch"},
    )
    assert created.status_code == 201, created.content
    branch = created.json()
    assert branch["area_id"] == district.communities[0].pk

    renamed = admin.post(
        f"/api/v1/party-organisations/{branch['id']}/rename/", {"name": "奉中社区第一党支部"}
    )
    assert renamed.status_code == 200 and renamed.json()["name"] == "奉中社区第一党支部"

    group = admin.post(
        "/api/v1/party-organisations/",
        {"parent_id": branch["id"], "name": "第一党小组", "kind": "group"},
    ).json()
    second = admin.post(
        "/api/v1/party-organisations/",
        {"parent_id": committee.pk, "name": "第二党支部", "kind": "branch"},
    ).json()
    moved = admin.post(
        f"/api/v1/party-organisations/{group['id']}/move/", {"new_parent_id": second["id"]}
    )
    assert moved.status_code == 200, moved.content
    assert PartyOrganisation.objects.get(pk=group["id"]).get_parent().pk == second["id"]


def test_party_organisation_for_a_unit(district, api_as):
    committee, unit = party(district, "奉中社区党委"), district.units[0]

    created = api_as("community_admin_a1").post(
        "/api/v1/party-organisations/",
        {"parent_id": committee.pk, "name": "驻区单位党支部", "kind": "branch", "unit_id": unit.pk},
    )

    assert created.status_code == 201, created.content
    assert created.json()["unit_id"] == unit.pk and created.json()["area_id"] is None


def test_party_organisation_errors(district, api_as):
    committee, other = party(district, "奉中社区党委"), party(district, "民主社区党委")
    admin = api_as("community_admin_a1")

    assert_error(
        admin.post(
            "/api/v1/party-organisations/",
            {"parent_id": other.pk, "name": "党支部", "kind": "branch"},
        ),
        404,
        "not_found",
    )
    assert_error(
        admin.post(
            "/api/v1/party-organisations/",
            {"parent_id": committee.pk, "name": "党小组", "kind": "group"},
        ),
        400,
        "bad_parent",
    )
    assert_error(
        admin.post(
            "/api/v1/party-organisations/",
            {"parent_id": committee.pk, "name": "党支部", "kind": "nonsense"},
        ),
        400,
        "validation_error",
    )
    assert_error(
        api_as("grid_worker_a1").post(
            f"/api/v1/party-organisations/{committee.pk}/rename/", {"name": "x"}
        ),
        404,
        "not_found",  # a grid worker's scope is their grid, not the community
    )
    assert_error(
        api_as("auditor_a").post(
            f"/api/v1/party-organisations/{committee.pk}/rename/", {"name": "x"}
        ),
        403,
        "permission_denied",
    )
    assert_error(
        api_as("district_admin").post(
            f"/api/v1/party-organisations/{committee.pk}/move/",
            {"new_parent_id": party(district, "岳林街道党工委").pk},
        ),
        400,
        "bad_place",
    )


# --- units, bodies, memberships ----------------------------------------------------------------


def test_unit_create(district, api_as):
    a1 = district.communities[0]
    admin = api_as("community_admin_a1")

    created = admin.post(
        "/api/v1/units/",
        {
            "area_id": a1.pk,
            "name": "某科技公司",
            "kind": "non_public_enterprise",
            "credit_code": "91110108551385082Q",
        },
    )

    assert created.status_code == 201, created.content
    assert created.json()["credit_code"] == "91110108551385082Q"
    body = assert_error(
        admin.post(
            "/api/v1/units/",
            {
                "area_id": a1.pk,
                "name": "某公司",
                "kind": "other",
                "credit_code": "91310115MA1H8R7C6D",
            },
        ),
        400,
        "bad_credit_code",
    )
    assert "credit_code" in body["fields"]
    assert_error(
        admin.post(
            "/api/v1/units/",
            {"area_id": district.communities[1].pk, "name": "某公司", "kind": "other"},
        ),
        404,
        "not_found",
    )
    assert_error(
        api_as("grid_worker_a1").post(
            "/api/v1/units/", {"area_id": district.grids[0].pk, "name": "某公司", "kind": "other"}
        ),
        403,
        "permission_denied",
    )


def test_body_create(district, api_as):
    a1, committee = district.communities[0], party(district, "奉中社区党委")
    admin = api_as("community_admin_a1")

    created = admin.post(
        "/api/v1/bodies/",
        {
            "area_id": a1.pk,
            "name": "奉中社区议事会",
            "kind": "council",
            "party_organisation_id": committee.pk,
        },
    )

    assert created.status_code == 201, created.content
    assert created.json()["party_organisation_id"] == committee.pk
    assert_error(
        admin.post(
            "/api/v1/bodies/",
            {"area_id": district.communities[1].pk, "name": "议事会", "kind": "council"},
        ),
        404,
        "not_found",
    )
    assert_error(
        admin.post("/api/v1/bodies/", {"area_id": a1.pk, "name": "议事会", "kind": "parliament"}),
        400,
        "validation_error",
    )


def test_membership_add_and_end(district, api_as):
    body, unit = district.bodies[0], district.units[0]
    admin = api_as("community_admin_a1")

    refused = admin.post(
        "/api/v1/memberships/",
        {
            "body_id": body.pk,
            "member_name": "李*",
            "role": "part_time_member",
            "term_start": "2021-01-01",
        },
    )
    assert_error(refused, 400, "source_unit_required")
    added = admin.post(
        "/api/v1/memberships/",
        {
            "body_id": body.pk,
            "member_name": "李*",
            "role": "part_time_member",
            "source_unit_id": unit.pk,
            "term_start": "2021-01-01",
        },
    )
    assert added.status_code == 201, added.content
    seat = added.json()["id"]

    ended = admin.post(f"/api/v1/memberships/{seat}/end/", {"term_end": "2023-12-31"})

    assert ended.status_code == 200 and ended.json()["term_end"] == "2023-12-31"
    assert last_event().action == "organisations.membership.ended"
    assert_error(
        admin.post(f"/api/v1/memberships/{seat}/end/", {"term_end": "2020-01-01"}),
        400,
        "bad_term",
    )
    assert_error(
        admin.post(f"/api/v1/memberships/{seat}/end/", {"term_end": "soon"}),
        400,
        "validation_error",
    )
    assert_error(
        api_as("auditor_a").post(f"/api/v1/memberships/{seat}/end/", {"term_end": "2023-12-31"}),
        403,
        "permission_denied",
    )
    assert_error(
        api_as("community_admin_b1").post(
            f"/api/v1/memberships/{seat}/end/", {"term_end": "2023-12-31"}
        ),
        404,
        "not_found",
    )


# --- role grants -------------------------------------------------------------------------------


@pytest.fixture
def newcomer(district):
    from yipanqi.accounts.actions import user_create

    return user_create(username="newcomer", password="x", actor=None, validate=False)


def grant(api, username: str, role: str, area) -> object:
    return api.post(
        "/api/v1/role-grants/", {"username": username, "role": role, "area_id": area.pk}
    )


def test_system_admin_grants_and_revokes(district, api_as, newcomer):
    a1 = district.communities[0]
    system_admin = api_as("system_admin")

    created = grant(system_admin, "newcomer", "community_admin", a1)

    assert created.status_code == 201, created.content
    assert created.json()["username"] == "newcomer"
    revoked = system_admin.post(f"/api/v1/role-grants/{created.json()['id']}/revoke/")
    assert revoked.status_code == 204
    assert not RoleGrant.objects.filter(user=newcomer).exists()
    assert last_event().action == "organisations.role_grant.revoked"


def test_role_grant_errors(district, api_as, newcomer):
    a1, system_admin = district.communities[0], api_as("system_admin")

    assert_error(
        grant(api_as("district_admin"), "newcomer", "community_admin", a1), 403, "permission_denied"
    )
    assert_error(
        grant(api_as("community_admin_a1"), "newcomer", "grid_worker", a1), 403, "permission_denied"
    )
    assert_error(
        grant(system_admin, "system_admin", "district_admin", district.district),
        403,
        "permission_denied",
    )  # not to oneself
    assert_error(grant(system_admin, "newcomer", "town_admin", a1), 400, "bad_role_level")
    assert_error(grant(system_admin, "newcomer", "pope", a1), 400, "validation_error")
    assert_error(
        grant(system_admin, "nobody_by_that_name", "community_admin", a1), 400, "unknown_user"
    )
    assert_error(
        grant(system_admin, "community_admin_a1", "community_admin", a1), 409, "duplicate_grant"
    )
    assert not RoleGrant.objects.filter(user=newcomer).exists()


@pytest.mark.parametrize(
    ("holder", "role"),
    [
        ("security_admin", "audit_admin"),
        ("security_admin", "system_admin"),
        ("audit_admin", "security_admin"),
        ("audit_admin", "system_admin"),
    ],
)
def test_separated_admin_roles_are_a_409(district, api_as, holder, role):
    response = grant(api_as("system_admin"), holder, role, district.district)

    assert_error(response, 409, "separated_roles")


def test_separated_roles_reach_the_system_admin_too(district, api_as, personas, newcomer):
    """A second system admin may grant, but never to someone holding security or audit."""
    from yipanqi.organisations import actions

    actions.role_grant_create(
        user=newcomer, role="system_admin", area=district.district, actor=personas["system_admin"]
    )
    api = APIClient()
    api.force_authenticate(newcomer)

    for role in ("security_admin", "audit_admin"):
        assert_error(grant(api, "system_admin", role, district.district), 409, "separated_roles")


def test_revoke_errors(district, api_as):
    a1_grant = RoleGrant.objects.get(user__username="community_admin_a1")
    b1_grant = RoleGrant.objects.get(user__username="community_admin_b1")

    for persona in ("district_admin", "security_admin", "town_admin_a"):  # they see it, may not
        assert_error(
            api_as(persona).post(f"/api/v1/role-grants/{a1_grant.pk}/revoke/"),
            403,
            "permission_denied",
        )
    assert_error(
        api_as("community_admin_a1").post(f"/api/v1/role-grants/{b1_grant.pk}/revoke/"),
        404,
        "not_found",
    )
    own = RoleGrant.objects.get(user__username="system_admin")
    assert_error(
        api_as("system_admin").post(f"/api/v1/role-grants/{own.pk}/revoke/"),
        403,
        "permission_denied",
    )
    assert RoleGrant.objects.filter(pk__in=[a1_grant.pk, b1_grant.pk, own.pk]).count() == 3


def test_signed_out_callers_get_401(district):
    response = APIClient().get("/api/v1/areas/")

    assert_error(response, 401, "not_authenticated")


# --- schema and docs ---------------------------------------------------------------------------

WRITE_PATHS = [
    "/api/v1/areas/",
    "/api/v1/areas/{id}/rename/",
    "/api/v1/areas/{id}/move/",
    "/api/v1/party-organisations/",
    "/api/v1/party-organisations/{id}/rename/",
    "/api/v1/party-organisations/{id}/move/",
    "/api/v1/units/",
    "/api/v1/bodies/",
    "/api/v1/memberships/",
    "/api/v1/memberships/{id}/end/",
    "/api/v1/role-grants/",
    "/api/v1/role-grants/{id}/revoke/",
]
READ_PATHS = [
    "/api/v1/areas/{id}/",
    "/api/v1/party-organisations/{id}/",
    "/api/v1/units/{id}/",
    "/api/v1/bodies/{id}/",
    "/api/v1/memberships/{id}/",
    "/api/v1/role-grants/{id}/",
    "/api/v1/audit/events/",
]


def test_openapi_schema_lists_the_organisation_paths(api_as):
    response = api_as("district_admin").get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    for path in WRITE_PATHS:
        assert "post" in schema["paths"][path], path
    for path in READ_PATHS:
        assert "get" in schema["paths"][path], path
    create = schema["paths"]["/api/v1/areas/"]["post"]
    assert "201" in create["responses"]


def test_api_docs_page_uses_no_external_origin(client_as):
    browser = client_as("district_admin")

    page = browser.get("/api/docs/")

    assert page.status_code == 200
    html = page.content.decode()
    assert "swagger-ui" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "an external origin"
    assert "cdn" not in html.lower()
    for asset in re.findall(r"""(?:src|href)="(/static/[^"]+)""", html):
        assert browser.get(asset).status_code == 200, asset
    script = browser.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "cdn" not in script.content.decode().lower()


def test_body_membership_detail_is_served(district, api_as):
    seat = BodyMembership.objects.filter(body=district.bodies[0]).first()
    response = api_as("community_admin_a1").get(f"/api/v1/memberships/{seat.pk}/")
    assert response.status_code == 200 and response.json()["source_unit_id"] == district.units[0].pk


def test_area_detail_shape(district, api_as):
    a1 = district.communities[0]
    body = api_as("town_admin_a").get(f"/api/v1/areas/{a1.pk}/").json()
    assert body == {
        "id": a1.pk,
        "name": "奉中社区",
        "code": "330213001001",
        "kind": "community",
        "depth": 3,
        "name_initials": "fzsq",
        "valid_from": None,
        "valid_to": None,
        "parent_id": district.towns[0].pk,
    }
    assert Area.objects.count() == 15


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/bodies/?area=999999",
        "/api/v1/memberships/?body=999999",
    ],
)
def test_unknown_filter_ids_are_a_404_not_a_500(api_as, url):
    assert_error(api_as("district_admin").get(url), 404, "not_found")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/areas/?parent=abc",
        "/api/v1/party-organisations/?parent=1x",
        "/api/v1/units/?area=-1",
        "/api/v1/bodies/?area=99999999999999999999999",
    ],
)
def test_malformed_filter_ids_are_a_400_naming_the_parameter(api_as, url):
    body = assert_error(api_as("district_admin").get(url), 400, "invalid_parameter")
    assert list(body["fields"]) == [url.split("?")[1].split("=")[0]]
