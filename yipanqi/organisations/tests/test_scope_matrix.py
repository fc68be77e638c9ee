"""The scope matrix (R-AC-2, R-AC-3): every persona × every list and detail route.

Lists may only return ids the independent oracle (oracle.py) allows, and the unfiltered API lists
return all of them. Detail routes answer 200 inside scope, and outside scope exactly the 404 a
missing id gets. Two lists need rows the district does not have, made per test: the personal-data
access log (core's, read like the audit log) and the grants awaiting a second person.
"""

import re

import pytest
from django.test import Client
from django.utils.encoding import iri_to_uri
from rest_framework.test import APIClient

from yipanqi.accounts.actions import user_create
from yipanqi.core.models import AuditEvent, PersonalDataAccess
from yipanqi.organisations import actions
from yipanqi.organisations.choices import GrantStatus, Role
from yipanqi.organisations.models import (
    Area,
    Body,
    BodyMembership,
    PartyOrganisation,
    RoleGrant,
    Unit,
)
from yipanqi.organisations.tests.factories import PASSWORD
from yipanqi.organisations.tests.oracle import PERSONAS, REACH, subtree, visible

MODELS = {
    "areas": Area,
    "party": PartyOrganisation,
    "units": Unit,
    "bodies": Body,
    "memberships": BodyMembership,
    "grants": RoleGrant,
    "audit": AuditEvent,
}

API_LISTS = {
    "/api/v1/areas/": "areas",
    "/api/v1/party-organisations/": "party",
    "/api/v1/units/": "units",
    "/api/v1/bodies/": "bodies",
    "/api/v1/memberships/": "memberships",
    "/api/v1/role-grants/": "grants",
    "/api/v1/audit/events/": "audit",
}
# Filtered lists: results must stay inside scope whatever the filter.
API_FILTERED_LISTS = {
    "/api/v1/areas/?kind=grid": "areas",
    "/api/v1/areas/?q=社区": "areas",
    "/api/v1/areas/?q=330213": "areas",
    "/api/v1/areas/?q=fz": "areas",
    "/api/v1/party-organisations/?q=党委": "party",
    "/api/v1/party-organisations/?kind=community_committee": "party",
    "/api/v1/units/?q=社区": "units",
    "/api/v1/units/?kind=public_institution": "units",
    "/api/v1/memberships/?current=1": "memberships",
    "/api/v1/role-grants/?role=community_admin": "grants",
    "/api/v1/audit/events/?action=organisations": "audit",
}
API_DETAILS = {
    "areas": "/api/v1/areas/{}/",
    "party": "/api/v1/party-organisations/{}/",
    "units": "/api/v1/units/{}/",
    "bodies": "/api/v1/bodies/{}/",
    "memberships": "/api/v1/memberships/{}/",
    "grants": "/api/v1/role-grants/{}/",
    "audit": "/api/v1/audit/events/{}/",
}
PAGES = ["/org/", "/org/?tree=party", "/org/units/", "/org/grants/", "/audit/"]
SEARCH_PAGES = ["/org/?q=社区", "/org/?q=fz", "/org/?q=3302130010", "/org/?tree=party&q=党"]
PAGE_DETAILS = {
    "areas": ["/org/areas/{}/", "/org/areas/{}/children/"],
    "party": ["/org/party/{}/", "/org/party/{}/children/"],
    "units": ["/org/units/{}/"],
    "bodies": ["/org/bodies/{}/"],
}
# Links to organisation objects anywhere in a rendered page.
LINK = re.compile(r'href="/org/(areas|party|units|bodies)/(\d+)/"')
LINK_KIND = {"areas": "areas", "party": "party", "units": "units", "bodies": "bodies"}
# Pages whose rows carry no link: ids come from the objects the view rendered.
PAGE_ROWS = {"/org/grants/": "grants", "/audit/": "audit"}


def api_for(district, persona: str) -> APIClient:
    api = APIClient()
    api.force_authenticate(district.personas[persona])
    return api


def browser_for(district, persona: str) -> Client:
    browser = Client()
    browser.force_login(district.personas[persona])
    return browser


def collect_api_ids(api: APIClient, url: str) -> list[int]:
    """Every id on every page, following `next` (small pages so paging really happens)."""
    ids: list[int] = []
    separator = "&" if "?" in url else "?"
    next_url: str | None = iri_to_uri(f"{url}{separator}page_size=5")  # as a browser sends it
    counts = []  # the first page counts the rows (keyset pages after it do not)
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, (next_url, response.status_code, response.content)
        body = response.json()
        assert {"count", "next", "results"} <= set(body)
        ids.extend(row["id"] for row in body["results"])
        counts.append(body["count"])
        next_url = body["next"]
    assert counts[0] == len(ids) and set(counts[1:]) <= {None}
    assert len(ids) == len(set(ids))  # no row twice across pages
    return ids


def linked_ids(html: str) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {kind: set() for kind in LINK_KIND.values()}
    for kind, pk in LINK.findall(html):
        found[LINK_KIND[kind]].add(int(pk))
    return found


def collect_page_rows(browser: Client, url: str) -> set[int]:
    ids: set[int] = set()
    page = 1
    while True:
        response = browser.get(url, {"page": page})
        assert response.status_code == 200
        page_obj = response.context["page_obj"]
        ids |= {row.pk for row in page_obj}
        if not page_obj.has_next():
            return ids
        page += 1


def normalised(content: bytes) -> str:
    """A page without its per-request tokens and its own URL, so two responses can be compared."""
    html = content.decode()
    html = re.sub(r'<input[^>]*name="next"[^>]*>', "next", html)  # forms returning to this page
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "csrf", html)
    return re.sub(r'nonce="[^"]*"', "nonce", html)


def missing_id(kind: str) -> int:
    return (MODELS[kind].objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10_000


# --- lists -------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), API_LISTS.items())
def test_api_list_returns_exactly_the_rows_in_scope(shared, persona, url, kind):
    ids = collect_api_ids(api_for(shared, persona), url)

    allowed = visible(shared, persona, kind)
    assert len(ids) == len(set(ids)), "a row appears twice across pages"
    assert set(ids) <= allowed, f"out of scope: {set(ids) - allowed}"
    assert set(ids) == allowed, f"in scope but missing: {allowed - set(ids)}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), API_FILTERED_LISTS.items())
def test_api_filtered_list_stays_in_scope(shared, persona, url, kind):
    ids = collect_api_ids(api_for(shared, persona), url)

    assert set(ids) <= visible(shared, persona, kind)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url", PAGES + SEARCH_PAGES)
def test_page_links_only_to_rows_in_scope(shared, persona, url):
    response = browser_for(shared, persona).get(url)

    assert response.status_code == 200
    for kind, ids in linked_ids(response.content.decode()).items():
        allowed = visible(shared, persona, kind)
        assert ids <= allowed, f"{kind} out of scope on {url}: {ids - allowed}"


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("url", "kind"), PAGE_ROWS.items())
def test_page_rows_are_the_rows_in_scope(shared, persona, url, kind):
    ids = collect_page_rows(browser_for(shared, persona), url)

    allowed = visible(shared, persona, kind)
    assert ids <= allowed, f"out of scope: {ids - allowed}"
    assert ids == allowed, f"in scope but missing: {allowed - ids}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_tree_pages_show_the_roots_of_the_scope(shared, persona):
    browser = browser_for(shared, persona)

    areas = browser.get("/org/").context["nodes"]
    party = browser.get("/org/?tree=party").context["nodes"]

    allowed_areas = visible(shared, persona, "areas")
    top_areas = {a.pk for a in areas}
    assert top_areas <= allowed_areas
    # Every visible area is a root or sits under a visible parent: nothing in scope is unreachable.
    for area in Area.objects.filter(pk__in=allowed_areas):
        parent = area.get_parent()
        assert area.pk in top_areas or (parent is not None and parent.pk in allowed_areas)
    assert {o.pk for o in party} <= visible(shared, persona, "party")
    assert bool(top_areas) == bool(allowed_areas)


# --- details -----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", API_DETAILS)
def test_api_detail_answers_404_outside_scope_like_a_missing_id(shared, persona, kind):
    api = api_for(shared, persona)
    url = API_DETAILS[kind]
    allowed = visible(shared, persona, kind)
    missing = api.get(url.format(missing_id(kind)))
    assert missing.status_code == 404
    assert missing.json()["code"] == "not_found"

    for pk in MODELS[kind].objects.values_list("pk", flat=True):
        response = api.get(url.format(pk))
        if pk in allowed:
            assert response.status_code == 200, (url.format(pk), response.content)
            assert response.json()["id"] == pk
        else:
            assert response.status_code == 404, url.format(pk)
            assert response.json() == missing.json()


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("kind", PAGE_DETAILS)
def test_page_detail_answers_404_outside_scope_like_a_missing_id(shared, persona, kind):
    browser = browser_for(shared, persona)
    allowed = visible(shared, persona, kind)
    for url in PAGE_DETAILS[kind]:
        missing = browser.get(url.format(missing_id(kind)))
        assert missing.status_code == 404

        for pk in MODELS[kind].objects.values_list("pk", flat=True):
            response = browser.get(url.format(pk))
            if pk in allowed:
                assert response.status_code == 200, url.format(pk)
                for linked_kind, ids in linked_ids(response.content.decode()).items():
                    assert ids <= visible(shared, persona, linked_kind), url.format(pk)
            else:
                assert response.status_code == 404, url.format(pk)
                assert normalised(response.content) == normalised(missing.content)


def test_oracle_is_not_vacuous(shared):
    """Guard the matrix itself: the personas really differ, and some see a lot."""
    assert len(visible(shared, "district_admin", "areas")) == 15
    assert len(visible(shared, "town_admin_a", "areas")) == 7
    assert len(visible(shared, "community_admin_a1", "areas")) == 3
    assert visible(shared, "grid_worker_a1", "areas") == {shared.grids[0].pk}
    assert visible(shared, "security_admin", "areas") == set()
    assert len(visible(shared, "community_admin_a1", "grants")) == 4
    assert visible(shared, "auditor_a", "audit")
    assert visible(shared, "audit_admin", "audit") > visible(shared, "auditor_a", "audit")


# --- the access log and the grants awaiting approval ------------------------------------------

ACCESS_LOG = "/api/v1/audit/access-log/"
PENDING_GRANTS = "/api/v1/role-grants/pending/"


@pytest.fixture
def accesses(shared) -> None:
    """Unmaskings in A1's grid and community, A2, town A, B1 and B2's grid; each row keeps the
    subject's area path, as people's person_unmask writes it."""
    d = shared
    actor = d.personas["community_admin_a1"]
    for n, area in enumerate(
        [d.grids[0], d.communities[0], d.communities[1], d.towns[0], d.communities[2], d.grids[6]]
    ):
        PersonalDataAccess.objects.create(
            actor=actor, subject_type="people.person", subject_id=str(100 + n),
            subject_repr=f"居民{n}", field="phone", purpose="上门走访核对",
            scope_path=area.path, district_code=area.district_code,
        )  # fmt: skip


def access_ids(d, persona: str) -> set[int]:
    """Accesses to a subject in an area of the persona's audit reach (the audit log's rule)."""
    reach = REACH[persona]
    paths = {a.path for a in subtree(d, reach.audit)} | ({""} if reach.platform_audit else set())
    return {a.pk for a in PersonalDataAccess.objects.all() if a.scope_path in paths}


@pytest.mark.parametrize("persona", PERSONAS)
def test_access_log_lists_exactly_the_accesses_in_audit_reach(shared, accesses, persona):
    api = api_for(shared, persona)
    if REACH[persona].audit is None:  # not an audit role: the log is refused outright
        response = api.get(ACCESS_LOG)
        assert response.status_code == 403, response.content
        return
    ids = collect_api_ids(api, ACCESS_LOG)

    assert set(ids) == access_ids(shared, persona)


@pytest.fixture
def requested(shared) -> None:
    """Grants the system admin asked for: four pending (community admin of A1, grid worker of A1's
    second grid, community admin of A2, town admin of B), one approved by the security admin,
    one rejected, and a party member's grant, which needs no second person."""
    d = shared
    asker, approver = d.personas["system_admin"], d.personas["security_admin"]
    wanted = [
        ("applicant_a1", Role.COMMUNITY_ADMIN, d.communities[0]),
        ("applicant_a1_grid", Role.GRID_WORKER, d.grids[1]),
        ("applicant_a2", Role.COMMUNITY_ADMIN, d.communities[1]),
        ("applicant_b", Role.TOWN_ADMIN, d.towns[1]),
        ("approved_b1", Role.COMMUNITY_ADMIN, d.communities[2]),
        ("rejected_a1", Role.GRID_WORKER, d.grids[0]),
        ("member_a1", Role.PARTY_MEMBER, d.grids[0]),
    ]
    grants = {}
    for name, role, area in wanted:
        user = user_create(username=name, password=PASSWORD, actor=None, validate=False)
        grants[name] = actions.role_grant_create(user=user, role=role, area=area, actor=asker)
    actions.role_grant_approve(grant=grants["approved_b1"], actor=approver)
    actions.role_grant_reject(grant=grants["rejected_a1"], actor=approver)


def pending_ids(d, persona: str) -> set[int]:
    """Grants still awaiting approval, at an area in the persona's reach over grants."""
    areas = {a.pk for a in subtree(d, REACH[persona].grants)}
    return {
        g.pk
        for g in RoleGrant.objects.all()
        if g.status == GrantStatus.PENDING and g.area_id in areas
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_pending_grants_are_exactly_those_in_reach(shared, requested, persona):
    ids = collect_api_ids(api_for(shared, persona), PENDING_GRANTS)

    assert set(ids) == pending_ids(shared, persona)


def test_the_access_log_and_pending_oracles_are_not_vacuous(shared, accesses, requested):
    assert len(access_ids(shared, "audit_admin")) == 6
    assert len(access_ids(shared, "auditor_a")) == 4  # town A, A1, A1's grid, A2
    assert len(pending_ids(shared, "district_admin")) == 4
    assert len(pending_ids(shared, "town_admin_a")) == 3
    assert len(pending_ids(shared, "community_admin_a1")) == 2
    assert pending_ids(shared, "community_admin_b1") == set()  # approved: no longer pending
    assert pending_ids(shared, "resident_a1") == set()
