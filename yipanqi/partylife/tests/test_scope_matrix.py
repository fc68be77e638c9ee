"""The scope matrix for party life: every persona × every page and API endpoint.

The oracle is written from the factory's layout (whose branch each row belongs to, who is an
officer of which branch, who the member is), never from the permission code. Party membership is
sensitive: grid workers, residents, auditors and the platform's administrators see nothing.
"""

import pytest
from django.test import Client
from rest_framework.test import APIClient

ALL_MEETINGS = {"a1_confirmed", "a1_planned", "b1_recorded"}
A1 = {"a1_confirmed", "a1_planned"}
MEETINGS = {
    "district_admin": ALL_MEETINGS,
    "town_admin_a": A1,
    "community_admin_a1": A1,
    "community_admin_b1": {"b1_recorded"},
    "party_member_a1": A1,  # the branch holding their membership
    "secretary_a1": A1,
    "dues_officer_a1": A1,
    "secretary_b1": {"b1_recorded"},
}
PAYMENTS = {
    "district_admin": {"self", "b1"},
    "town_admin_a": {"self"},
    "community_admin_a1": {"self"},
    "community_admin_b1": {"b1"},
    "party_member_a1": {"self"},
    "secretary_a1": {"self"},
    "dues_officer_a1": {"self"},
    "secretary_b1": {"b1"},
}
TRANSFERS = {  # a1: a2 from branch a1 to b1; b1: b1_retired from b1 to a2
    "district_admin": {"a1", "b1"},
    "town_admin_a": {"a1", "b1"},  # sends a1; receives b1 (a2 is in town A)
    "community_admin_a1": {"a1"},
    "community_admin_a2": {"b1"},
    "community_admin_b1": {"a1", "b1"},
    "secretary_a1": {"a1"},
    "secretary_b1": {"a1", "b1"},
}
# Branches whose pages (meetings, ledger) one runs: administrators over them and the officers.
RUNS = {
    "district_admin": {"a1", "a2", "b1"},
    "town_admin_a": {"a1", "a2"},
    "community_admin_a1": {"a1"},
    "community_admin_a2": {"a2"},
    "community_admin_b1": {"b1"},
    "secretary_a1": {"a1"},
    "dues_officer_a1": {"a1"},
    "secretary_b1": {"b1"},
}
# Compliance lists the branches one runs that keep their life here: a secretary is appointed
# (factories.OFFICERS) to a1 and b1, none to a2. Held in 2021: a1_confirmed and b1_recorded.
KEEPS_LIFE = {"a1", "b1"}
HELD_2021 = {"a1": 1, "b1": 1}
# Meetings are planned by the secretary or administrators, not the dues officer.
PLANNERS = {"district_admin", "town_admin_a", "community_admin_a1", "secretary_a1"}
PERSONAS = sorted(
    set(MEETINGS) | set(TRANSFERS) | {"community_admin_a2", "grid_worker_a1", "resident_a1",
    "auditor_a", "system_admin", "security_admin", "audit_admin", "no_role"}
)  # fmt: skip


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def browser(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas[persona])
    return client


def all_ids(client: APIClient, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


def pks(names, table) -> set[int]:
    return {table[n].pk for n in names}


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_in_scope(shared_world, persona):
    w, client = shared_world, api(shared_world, persona)
    meetings = MEETINGS.get(persona, set())
    assert all_ids(client, "/api/v1/partylife/meetings/") == pks(meetings, w.meetings)
    for name, meeting in w.meetings.items():
        status = client.get(f"/api/v1/partylife/meetings/{meeting.pk}/").status_code
        assert status == (200 if name in meetings else 404), name
    assert all_ids(client, "/api/v1/partylife/payments/") == pks(
        PAYMENTS.get(persona, ()), w.payments
    )
    transfers = TRANSFERS.get(persona, set())
    assert all_ids(client, "/api/v1/partylife/transfers/") == pks(transfers, w.transfers)
    for name, transfer in w.transfers.items():
        status = client.get(f"/api/v1/partylife/transfers/{transfer.pk}/").status_code
        assert status == (200 if name in transfers else 404), name
    _compliance_in_scope(w, client, persona)
    remit = client.get("/api/v1/partylife/remittance/?year=2021").json()
    paid = [w.payments[n] for n in PAYMENTS.get(persona, ())]  # self: branch a1; b1: b1
    assert {row["branch"] for row in remit["branches"]} == {p.branch_id for p in paid}
    assert remit["total_fen"] == sum(p.amount_fen for p in paid)
    _book_venue_in_scope(w, client, persona)
    confirm = client.post(f"/api/v1/partylife/meetings/{w.meetings['b1_recorded'].pk}/confirm/")
    if persona in {"district_admin", "community_admin_b1", "secretary_b1"}:
        assert confirm.status_code == 200
    else:
        assert confirm.status_code == (404 if "b1_recorded" not in meetings else 403)


def compliance_oracle(w, persona: str) -> dict[int, tuple[str, int]]:
    """Branch id → (name, meetings held in 2021) of each branch the persona's compliance shows."""
    names = RUNS.get(persona, set()) & KEEPS_LIFE
    return {w.branches[n].pk: (w.branches[n].name, HELD_2021[n]) for n in names}


def _compliance_in_scope(w, client: APIClient, persona: str) -> None:
    response = client.get("/api/v1/partylife/compliance/?year=2021")
    assert response.status_code == 200
    rows = response.json()
    assert len(rows) == len({row["branch"] for row in rows})  # one row per branch
    found = {row["branch"]: (row["branch_name"], row["held"]) for row in rows}
    assert found == compliance_oracle(w, persona)


def test_the_compliance_oracle_is_not_vacuous(shared_world):
    """KEEPS_LIFE and HELD_2021 are what the factory built; the oracle shows rows to some
    personas, none to others, and leaves out a branch that administrators run (a2)."""
    from yipanqi.partylife.choices import HELD, OfficerDuty
    from yipanqi.partylife.models import BranchOfficer, Meeting

    w = shared_world
    secretaries = BranchOfficer.objects.filter(duty=OfficerDuty.SECRETARY, active=True)
    with_secretary = set(secretaries.values_list("branch_id", flat=True))
    assert {n for n, b in w.branches.items() if b.pk in with_secretary} == KEEPS_LIFE
    held = Meeting.objects.filter(status__in=HELD, held_on__year=2021)
    assert {n: held.filter(branch=w.branches[n]).count() for n in KEEPS_LIFE} == HELD_2021
    shown = {p: set(compliance_oracle(w, p)) for p in PERSONAS}
    assert set().union(*shown.values()) == pks(KEEPS_LIFE, w.branches)
    assert set() in shown.values()
    assert any(len(ids) == 1 for ids in shown.values())  # some see one branch, not all
    assert "a2" in RUNS["community_admin_a2"] and not shown["community_admin_a2"]


NO_VENUE = 10**9  # the shared world has no venues: a planner's request stops at the venue


def _book_venue_in_scope(w, client: APIClient, persona: str) -> None:
    """Out of scope 404 whatever the body; in scope a bad body 400, then the secretary's step."""
    url = f"/api/v1/partylife/meetings/{w.meetings['a1_planned'].pk}/book-venue/"
    body = {"venue": NO_VENUE, "starts_at": "2031-06-01T09:00+08:00",
            "ends_at": "2031-06-01T11:00+08:00"}  # fmt: skip
    seen = "a1_planned" in MEETINGS.get(persona, set())
    assert client.post(url, {}, format="json").status_code == (400 if seen else 404)
    planner = persona in PLANNERS
    assert client.post(url, body, format="json").status_code == (
        403 if seen and not planner else 404
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_attendance_lines_in_scope(shared_world, persona):
    """A member sees their own line of a meeting; officers and administrators all of them."""
    w, client = shared_world, api(shared_world, persona)
    meeting = w.meetings["a1_confirmed"]
    response = client.get(f"/api/v1/partylife/meetings/{meeting.pk}/")
    if "a1_confirmed" not in MEETINGS.get(persona, set()):
        assert response.status_code == 404
        return
    members = {row["member"] for row in response.json()["attendance"]}
    everyone = {w.members["self"].pk, w.members["a2"].pk}
    assert members == ({w.members["self"].pk} if persona == "party_member_a1" else everyone)


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(shared_world, persona):
    w, client = shared_world, browser(shared_world, persona)
    for url in ("/partylife/", "/partylife/me/", "/partylife/me/statement/?year=2021",
                "/partylife/compliance/?year=2021", "/partylife/transfers/",
                "/partylife/remittance/?year=2021"):  # fmt: skip
        assert client.get(url).status_code == 200, url
    meetings = MEETINGS.get(persona, set())
    for name, meeting in w.meetings.items():
        status = client.get(f"/partylife/meetings/{meeting.pk}/").status_code
        assert status == (200 if name in meetings else 404), name
    for name, transfer in w.transfers.items():
        status = client.get(f"/partylife/transfers/{transfer.pk}/").status_code
        assert status == (200 if name in TRANSFERS.get(persona, set()) else 404), name
    runs = RUNS.get(persona, set())
    for name, branch in w.branches.items():
        for url in (f"/partylife/branches/{branch.pk}/meetings/",
                    f"/partylife/branches/{branch.pk}/dues/"):  # fmt: skip
            assert client.get(url).status_code == (200 if name in runs else 404), (url, name)
    new = client.get(f"/partylife/branches/{w.branches['a1'].pk}/meetings/new/").status_code
    expected = 200 if persona in PLANNERS else (403 if "a1" in runs else 404)
    assert new == expected
    planned = w.meetings["a1_planned"]
    venue = client.post(f"/partylife/meetings/{planned.pk}/venue/", {"venue-venue": NO_VENUE})
    seen, planner = "a1_planned" in meetings, persona in PLANNERS
    # a planner's empty form is drawn again with its errors
    assert venue.status_code == (404 if not seen else 200 if planner else 403)
    step = client.post(f"/partylife/meetings/{planned.pk}/cancel/")
    if "a1_planned" not in meetings:
        assert step.status_code == 404
    else:
        assert step.status_code == (302 if persona in PLANNERS else 403)


def test_the_remittance_page_names_only_branches_in_scope(shared_world):
    page = browser(shared_world, "community_admin_a1").get("/partylife/remittance/?year=2021")
    text = page.content.decode()
    assert shared_world.branches["a1"].name in text
    assert shared_world.branches["b1"].name not in text
