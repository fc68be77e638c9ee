"""The dues ledger export (党费台账导出) × personas of different scope (R-AC-2): the exported
members are exactly the ledger page's rows, and both are the branch's members as the factory
placed them (not read through the scope code); a branch out of reach answers 404 (in reach but
not a dues collector: 403), to the page and the export alike."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

# The factory's members by branch (people/tests/factories.MEMBERS): person index of each.
MEMBERS_OF = {"a1": ("self", "a2"), "b1": ("b1", "b1_retired")}
# Whose branch pages each persona reaches (administrators over the branch, its officers), and
# who of them collects dues (officers: the secretary and the dues officer).
REACHES = {
    "district_admin": {"a1", "b1"},
    "town_admin_a": {"a1"},
    "community_admin_a1": {"a1"},
    "community_admin_b1": {"b1"},
    "dues_officer_a1": {"a1"},
    "secretary_b1": {"b1"},
    "party_member_a1": set(),  # a member reaches their own statement, not the ledger
    "resident_a1": set(),
}
PERSONAS = sorted(REACHES)


def _as(world, persona: str) -> Client:
    client = Client()
    client.force_login(world.personas[persona])
    return client


def _exported_names(response) -> set[str]:
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return {row[0] for row in rows[1:]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_export_holds_the_ledgers_rows_of_branches_in_reach(shared_world, persona):
    w, client = shared_world, _as(shared_world, persona)
    for key, names in MEMBERS_OF.items():
        branch = w.branches[key]
        ledger = client.get(f"/partylife/branches/{branch.pk}/dues/", {"year": 2021})
        export = client.get(f"/partylife/branches/{branch.pk}/dues/export/", {"year": 2021})
        expected = 200 if key in REACHES[persona] else 404
        assert (ledger.status_code, export.status_code) == (expected, expected), key
        if expected == 200:
            oracle = {w.members[m].person.name for m in names}
            assert {r.member.person.name for r in ledger.context["rows"]} == oracle, key
            assert _exported_names(export) == oracle, key


def test_the_oracle_is_not_vacuous(shared_world):
    w = shared_world
    a1 = {w.members[m].person.name for m in MEMBERS_OF["a1"]}
    b1 = {w.members[m].person.name for m in MEMBERS_OF["b1"]}
    assert len(a1) == len(b1) == 2 and not a1 & b1
