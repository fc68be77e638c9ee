"""Query counts (NetBox-style baselines): lists and tree pages cost the same for 2 or 10 more rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from yipanqi.accounts.actions import user_create
from yipanqi.core.actors import system
from yipanqi.organisations import actions
from yipanqi.organisations.choices import (
    AreaKind,
    BodyKind,
    MemberRole,
    PartyOrganisationKind,
    Role,
    UnitKind,
)
from yipanqi.organisations.models import Area, Body, PartyOrganisation, RoleGrant, Unit
from yipanqi.organisations.tests.factories import PASSWORD

BOOTSTRAP = {"actor": system("test")}


# --- ways to add rows under community A1 -------------------------------------------------------


def _a1(district) -> Area:
    return Area.objects.get(pk=district.communities[0].pk)


def more_grids(district, n: int) -> None:
    a1 = _a1(district)
    start = a1.get_children_count() + 1
    for number in range(start, start + n):
        actions.area_create(
            parent=_a1(district),
            name=f"奉中社区第{number}网格",
            code=f"{a1.code}{number:03d}",
            kind=AreaKind.GRID,
            **BOOTSTRAP,
        )


def more_branches(district, n: int) -> None:
    committee = PartyOrganisation.objects.get(
        area=district.communities[0], kind=PartyOrganisationKind.COMMUNITY_COMMITTEE
    )
    start = committee.get_children_count() + 1
    for number in range(start, start + n):
        actions.party_organisation_create(
            parent=committee,
            name=f"奉中社区第{number}党支部",
            kind=PartyOrganisationKind.BRANCH,
            area=district.communities[0],
            **BOOTSTRAP,
        )


def more_units(district, n: int) -> None:
    start = Unit.objects.count()
    for number in range(start, start + n):
        actions.unit_create(
            area=district.communities[0],
            name=f"奉中单位{number}",
            kind=UnitKind.OTHER,
            credit_code="91350100M000100Y43",
            **BOOTSTRAP,
        )


def more_bodies(district, n: int) -> None:
    """Bodies with a part-time member each, so member counts and source units are exercised."""
    unit = district.units[0]
    start = Body.objects.count()
    for number in range(start, start + n):
        body = actions.body_create(
            area=district.communities[0],
            name=f"奉中议事会{number}",
            kind=BodyKind.COUNCIL,
            **BOOTSTRAP,
        )
        actions.membership_add(
            body=body,
            member_name="张*",
            role=MemberRole.PART_TIME_MEMBER,
            source_unit=unit,
            term_start=datetime.date(2021, 1, 1),
            **BOOTSTRAP,
        )


def more_members(district, n: int) -> None:
    """Seats on 奉中社区大党委, each from a new unit (so each row links a different unit)."""
    more_units(district, n)
    units = Unit.objects.order_by("-id")[:n]
    for unit in units:
        actions.membership_add(
            body=district.bodies[0],
            member_name="李*",
            role=MemberRole.PART_TIME_MEMBER,
            source_unit=unit,
            term_start=datetime.date(2021, 1, 1),
            **BOOTSTRAP,
        )


def more_grants(district, n: int) -> None:
    start = RoleGrant.objects.count()
    for number in range(start, start + n):
        user = user_create(
            username=f"resident{number}", password=PASSWORD, actor=None, validate=False
        )
        actions.role_grant_create(
            user=user, role=Role.RESIDENT, area=district.grids[0], **BOOTSTRAP
        )


def more_pending_grants(district, n: int) -> None:
    """Accounts that hold a role already and are asked a grid worker's role (pending approval)."""
    start = RoleGrant.objects.count()
    for number in range(start, start + n):
        user = user_create(
            username=f"worker{number}", password=PASSWORD, actor=None, validate=False
        )
        actions.role_grant_create(
            user=user, role=Role.PARTY_MEMBER, area=district.grids[number % 2], **BOOTSTRAP
        )
        actions.role_grant_create(
            user=user,
            role=Role.GRID_WORKER,
            area=district.grids[0],
            actor=district.personas["system_admin"],
        )


# --- the routes --------------------------------------------------------------------------------


def _ids(district) -> dict[str, int]:
    return {
        "A1": district.communities[0].pk,
        "A1party": PartyOrganisation.objects.get(
            area=district.communities[0], kind=PartyOrganisationKind.COMMUNITY_COMMITTEE
        ).pk,
        "A1body": district.bodies[0].pk,
        "A1unit": district.units[0].pk,
    }


ROUTES = [
    # (persona, url, how rows grow)
    ("district_admin", "/api/v1/areas/", more_grids),
    ("district_admin", "/api/v1/areas/?q=fz", more_grids),
    ("district_admin", "/api/v1/party-organisations/", more_branches),
    ("district_admin", "/api/v1/units/", more_units),
    ("district_admin", "/api/v1/bodies/", more_bodies),
    ("district_admin", "/api/v1/memberships/", more_members),
    ("system_admin", "/api/v1/role-grants/", more_grants),
    ("security_admin", "/api/v1/role-grants/pending/", more_pending_grants),
    ("audit_admin", "/api/v1/audit/events/", more_units),
    ("district_admin", "/org/", more_grids),
    ("district_admin", "/org/?q=fz", more_grids),
    ("district_admin", "/org/?tree=party", more_branches),
    ("district_admin", "/org/?tree=party&q=fz", more_branches),
    ("district_admin", "/org/areas/{A1}/children/", more_grids),
    ("district_admin", "/org/areas/{A1}/", more_grids),
    ("district_admin", "/org/areas/{A1}/", more_bodies),
    ("district_admin", "/org/party/{A1party}/", more_branches),
    ("district_admin", "/org/party/{A1party}/children/", more_branches),
    ("district_admin", "/org/units/", more_units),
    ("district_admin", "/org/units/{A1unit}/", more_members),
    ("district_admin", "/org/bodies/{A1body}/", more_members),
    ("system_admin", "/org/grants/", more_grants),
    ("system_admin", "/org/grants/", more_pending_grants),
    ("security_admin", "/org/grants/pending/", more_pending_grants),
    ("audit_admin", "/audit/", more_units),
]


# Session, user, grants, then the page's own reads: no route needs more than this.
QUERY_BUDGET = 12
# The audit page names each event's target in words: one read per kind of object on the page
# (core.audit_display), however many events: a fixed number for a fixed set of kinds.
BUDGETS = {"/audit/": 16}


def _client(persona: str, district, url: str, client):
    if url.startswith("/api/"):
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(district.personas[persona])
        return api
    client.force_login(district.personas[persona])
    return client


def _count(browser, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert browser.get(url).status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize(("persona", "url", "grow"), ROUTES)
def test_queries_do_not_grow_with_rows(
    district, client, django_assert_num_queries, persona, url, grow
):
    url = url.format(**_ids(district))
    browser = _client(persona, district, url, client)
    grow(district, 2)
    browser.get(url)  # warm up anything cached once per process
    with_two = _count(browser, url)
    assert with_two <= BUDGETS.get(url, QUERY_BUDGET)

    grow(district, 8)

    with django_assert_num_queries(with_two):
        assert browser.get(url).status_code == 200
