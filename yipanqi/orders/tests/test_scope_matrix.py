"""The scope matrix for service orders: every persona × every orders list (API and pages).

The oracle below is plain Python over every order row, written from the rules (DESIGN.md §2.1 and
§3; who an order is sent to) and from where the factories put each account — never from the
permission code or a queryset: the order's staff (district, town and community administrators,
grid workers) see the orders placed in their subtree; anyone else sees the orders they placed,
that were placed for them, that they took or were named for, and, while an order waits to be
taken, the orders sent to them: open in a community they are registered with, to a unit or social
organisation whose role they hold over the order's community, to a service team they belong to.
Auditors and the system, security and audit administrators see none (orders' "view" roles).

Orders: one in every state in grid 1 of A1 (factories.STATES) plus EXTRAS: a resident's own in
grid 0, one placed by the grid worker for that resident, one in A2, one open for claiming in B1,
one open in grid 0 of A1, one sent to A1's social organisation, two sent to A1's service team
(one still waiting, one taken by a teammate).
"""

import re
from dataclasses import dataclass

import pytest
from django.test import Client

from yipanqi.core.tests.matrix import api, api_ids, browser
from yipanqi.orders import actions
from yipanqi.orders.choices import DispatchKind, EscalationLevel, OrderStatus
from yipanqi.orders.models import ServiceOrder

# Each account's place, by the factories' layout: organisations' build_district, orders'
# build_orders_world and team_factories.build_team_world.
STAFF_AT = {  # the orders' "view" roles: district / town / community admin, grid worker
    "district_admin": "district",
    "town_admin_a": "town_a",
    "community_admin_a1": "a1",
    "community_admin_a2": "a2",
    "community_admin_b1": "b1",
    "grid_worker_a1": "grid_0",
    "grid_worker_a1_g2": "grid_1",
}
ADMINS = {p for p in STAFF_AT if "admin" in p}  # who runs the dispatch board
ORGANISATION_STAFF = {  # whose organisation takes what is sent to its kind, over an area
    "unit_liaison_a1": (DispatchKind.UNIT, "a1"),
    "social_org_staff_a1": (DispatchKind.SOCIAL_ORG, "a1"),
}
REGISTERED = {  # member → (community registered with, grid placed in, or None)
    "party_member_a1": ("a1", "grid_1"),
    "party_member_a1b": ("a1", "grid_0"),
    "party_member_a1c": ("a1", None),
    "party_member_b1": ("b1", None),
    "unit_staff_a1": ("b1", None),
}  # unregistered_a1 submitted a registration A1 has not confirmed
TEAM = {"party_member_a1", "party_member_a1b", "unit_staff_a1"}  # A1 team's members
PERSONAS = sorted(
    set(STAFF_AT) | set(ORGANISATION_STAFF) | set(REGISTERED)
    | {"resident_a1", "resident_a1_other", "unregistered_a1", "auditor_a", "system_admin",
       "security_admin", "audit_admin", "no_role"}
)  # fmt: skip
WAITING = ("placed", "accepted", "dispatched", "taken", "done")  # not yet rated, closed or ended
TABS = {  # the board's tabs, from DESIGN §3's states
    "new": lambda o: o.status == OrderStatus.PLACED,
    "dispatch": lambda o: o.status == OrderStatus.ACCEPTED,
    "progress": lambda o: o.status in ("dispatched", "taken", "done"),
    "overdue": lambda o: o.overdue and o.status in WAITING,
    "escalated": lambda o: o.escalated and o.status in WAITING,
}
API = "/api/v1/orders/"
LINK = re.compile(r'href="/orders/(\d+)/"')


@dataclass(frozen=True)
class Row:
    """What the oracle knows of one order: its place, state, and the accounts it names."""

    pk: int
    grid: str  # area paths
    community: str
    claim_area: str | None
    status: str
    kind: str
    overdue: bool
    escalated: bool
    placer: str | None  # persona names
    resident: str | None
    taker: str | None
    candidates: frozenset[str]
    to_team: bool


def _areas(w) -> dict[str, str]:
    d = w.district
    named = {"district": d.district, "town_a": d.towns[0], "a1": d.communities[0],
             "a2": d.communities[1], "b1": d.communities[2]}  # fmt: skip
    named |= {f"grid_{i}": g for i, g in enumerate(d.grids)}
    return {k: a.path for k, a in named.items()}


def _rows(w) -> list[Row]:
    names = {u.pk: n for n, u in w.personas.items()}
    rows = []
    for o in ServiceOrder.objects.select_related("grid", "community", "claim_area", "resident"):
        rows.append(Row(
            pk=o.pk, grid=o.grid.path, community=o.community.path,
            claim_area=o.claim_area.path if o.claim_area else None, status=o.status,
            kind=o.dispatch_kind, overdue=o.overdue, escalated=o.escalation_level >= EscalationLevel.TOWN,
            placer=names.get(o.placed_by_id),
            resident=names.get(o.resident.user_id) if o.resident else None,
            taker=names.get(o.taker_user_id),
            candidates=frozenset(names.get(c.member.person.user_id) for c in o.candidates.all()),
            to_team=o.dispatched_team_id is not None,
        ))  # fmt: skip
    return rows


def _waiting_for(persona: str, o: Row, area: dict[str, str]) -> bool:
    """Sent to the persona (or to everyone like them) and not yet taken."""
    if o.status != OrderStatus.DISPATCHED:
        return False
    registered = REGISTERED.get(persona)
    if o.kind == DispatchKind.OPEN:
        return registered is not None and area[registered[0]] == o.community
    if o.kind == DispatchKind.TEAM:
        return persona in TEAM
    kind, over = ORGANISATION_STAFF.get(persona, (None, None))
    return o.kind == kind and o.community.startswith(area[over])


def sees(persona: str, o: Row, area: dict[str, str]) -> bool:
    staff = persona in STAFF_AT and o.grid.startswith(area[STAFF_AT[persona]])
    named = persona in (o.placer, o.resident, o.taker) or persona in o.candidates
    return staff or named or _waiting_for(persona, o, area)


def may_claim(persona: str, o: Row, area: dict[str, str]) -> bool:
    """The member's list to take now: named (and still registered), their team's, or open near
    their grid (their community before they are placed in a grid)."""
    registered = REGISTERED.get(persona)
    if o.status != OrderStatus.DISPATCHED or registered is None and persona not in TEAM:
        return False
    if o.kind == DispatchKind.TEAM:
        return persona in TEAM
    if registered is None or area[registered[0]] != o.community:
        return False
    if o.kind == DispatchKind.MEMBERS:
        return persona in o.candidates
    place = area[registered[1] or registered[0]]
    return o.kind == DispatchKind.OPEN and (
        place.startswith(o.claim_area) or o.claim_area.startswith(place)
    )


# --- the world ----------------------------------------------------------------------------------


def _build_extras(w) -> None:
    from yipanqi.orders.tests.team_factories import build_team_world

    d, admin = w.district, w.admin()
    w.place(by="resident_a1_other", resident="resident_a1_other", grid=d.grids[0], title="自己")
    w.place(by="grid_worker_a1", resident="resident_a1_other", grid=d.grids[0], title="代办")
    w.place(by="community_admin_a2", resident=None, grid=d.grids[2], title="A2")
    b1_admin = w.personas["community_admin_b1"]
    b1 = actions.order_accept(
        order=w.place(by="community_admin_b1", resident=None, grid=d.grids[4], title="B1"),
        actor=b1_admin,
    )
    actions.order_dispatch(order=b1, kind=DispatchKind.OPEN, actor=b1_admin)
    actions.order_dispatch(order=w.order_in("accepted", title="网格0抢单"),
                           kind=DispatchKind.OPEN, claim_area=d.grids[0], actor=admin)  # fmt: skip
    actions.order_dispatch(order=w.order_in("accepted", title="社会组织"),
                           kind=DispatchKind.SOCIAL_ORG, unit=w.social_org, actor=admin)  # fmt: skip
    teams = build_team_world(w)
    teams.dispatched(title="服务团")
    taken = teams.dispatched(title="服务团已接")
    actions.order_take(order=taken, actor=w.personas["party_member_a1b"])


@pytest.fixture(scope="module")
def matrix(shared_orders, django_db_blocker):
    with django_db_blocker.unblock():
        _build_extras(shared_orders)
        return shared_orders, _rows(shared_orders), _areas(shared_orders)


@pytest.fixture
def m(matrix, db):
    return matrix


def expected(m, persona: str, rule=sees, where=lambda o: True) -> set[int]:
    _w, rows, area = m
    return {o.pk for o in rows if where(o) and rule(persona, o, area)}


def page_ids(client: Client, url: str) -> set[int]:
    """The orders a page links to, over all its pages (past the last, a page repeats the last)."""
    ids: set[int] = set()
    for number in range(1, 20):
        joiner = "&" if "?" in url else "?"
        response = client.get(f"{url}{joiner}page={number}")
        assert response.status_code == 200, url
        found = {int(pk) for pk in LINK.findall(response.content.decode())}
        if number > 1 and found <= ids:
            return ids
        ids |= found
    raise AssertionError(f"{url}: more pages than expected")


# --- the matrix ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list_and_detail_match_the_oracle(m, persona):
    w, rows, _area = m
    client = api(w, persona)
    seen = expected(m, persona)
    assert api_ids(client, API) == seen
    for o in rows:
        assert client.get(f"{API}{o.pk}/").status_code == (200 if o.pk in seen else 404), o


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_filters_stay_in_scope(m, persona):
    w, _rows, area = m
    client = api(w, persona)
    for status in (OrderStatus.DISPATCHED, OrderStatus.PLACED, OrderStatus.TAKEN):
        url = f"{API}?status={status}"
        assert api_ids(client, url) == expected(m, persona, where=lambda o, s=status: o.status == s)
    for key in ("a1", "b1"):  # an id out of the caller's scope filters to nothing, not to more
        community = next(c for c in w.district.communities if c.path == area[key])
        got = api_ids(client, f"{API}?community={community.pk}")
        assert got == expected(m, persona, where=lambda o, k=key: o.community == area[k]), key


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_match_the_oracle(m, persona):
    w, rows, _area = m
    client = browser(w, persona)
    seen = expected(m, persona)
    assert page_ids(client, "/orders/") == seen
    mine = expected(m, persona, where=lambda o: persona in (o.placer, o.resident))
    assert page_ids(client, "/orders/mine/") == mine
    taken = expected(m, persona, where=lambda o: o.taker == persona and o.status == "taken")
    assert page_ids(client, "/orders/claim/") == expected(m, persona, may_claim) | taken
    for o in rows:
        assert client.get(f"/orders/{o.pk}/").status_code == (200 if o.pk in seen else 404), o


@pytest.mark.parametrize("persona", PERSONAS)
def test_board_tabs_match_the_oracle(m, persona):
    w, _rows, area = m
    client = browser(w, persona)
    if persona not in ADMINS:
        assert client.get("/orders/board/").status_code == 403
        return
    for tab, rule in TABS.items():
        runs = expected(m, persona, where=lambda o: o.community.startswith(area[STAFF_AT[persona]]))
        shown = page_ids(client, f"/orders/board/?tab={tab}")
        assert shown == runs & expected(m, persona, where=rule), tab


def test_the_oracle_is_not_vacuous(m):
    """Every persona's view differs from someone else's; some see some orders but not all."""
    _w, rows, _area = m
    every = {o.pk for o in rows}
    views = {p: expected(m, p) for p in PERSONAS}
    assert views["district_admin"] == every
    partial = {p for p, v in views.items() if v and v != every}
    assert {"community_admin_a1", "grid_worker_a1", "resident_a1_other", "party_member_b1",
            "unit_liaison_a1", "social_org_staff_a1", "unit_staff_a1"} <= partial  # fmt: skip
    assert not views["auditor_a"] and not views["no_role"] and not views["unregistered_a1"]
    # the rules that reach a non-staff account each reach something
    claims = {p: expected(m, p, may_claim) for p in REGISTERED}
    assert claims["party_member_a1"] != claims["party_member_a1b"]
    assert claims["party_member_b1"] and claims["unit_staff_a1"]
    assert len({frozenset(views[p]) for p in STAFF_AT}) == len(STAFF_AT)  # each staff's own
    # at least one order in every tab of A1's board, and one kind of each dispatch
    assert {o.kind for o in rows if o.status == "dispatched"} == set(DispatchKind.values)
    assert all(any(rule(o) for o in rows) for tab, rule in TABS.items() if tab in
               ("new", "dispatch", "progress"))  # fmt: skip


def test_the_oracle_agrees_with_stated_cases(m):
    """A few rows spelled out by hand, so that a mistake in the oracle's rules shows."""
    w, rows, _area = m
    by_title = {o.title: o.pk for o in ServiceOrder.objects.all()}
    assert expected(m, "resident_a1_other") == {by_title["自己"], by_title["代办"]}
    assert expected(m, "community_admin_a2") == {by_title["A2"]}
    assert expected(m, "party_member_b1") == {by_title["B1"]}  # open in B1, where it registered
    assert expected(m, "social_org_staff_a1") == {by_title["社会组织"]}
    team = {by_title["服务团"], by_title["服务团已接"]}
    assert expected(m, "unit_staff_a1") & team == {by_title["服务团"]}  # taken: no longer sent
    assert by_title["服务团已接"] in expected(m, "party_member_a1b")  # its taker
    open_g0 = by_title["网格0抢单"]
    assert open_g0 in expected(m, "party_member_a1")  # seen by A1's members …
    assert open_g0 not in expected(m, "party_member_a1", may_claim)  # … claimed near grid 0 only
    assert open_g0 in expected(m, "party_member_a1c", may_claim)  # not yet placed: whole A1
