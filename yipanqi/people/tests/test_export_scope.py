"""The people exports × every persona (R-AC-2): the resident list export (导出) holds exactly the
residents the list page shows the persona, and both are the scope matrix's oracle (where the
factory put each resident, not the permission code); a branch's 双报到 feedback export holds
exactly its feedback page's members, the branch's members as the factory placed them; another
community's branch answers 404 to the page and the export alike."""

import io

import pytest
from openpyxl import load_workbook

from yipanqi.people.tests.factories import MEMBERS
from yipanqi.people.tests.test_scope_matrix import (
    ADMIN_COMMUNITIES,
    PERSONAS,
    browser_for,
    collect_page_rows,
    feedback_visible,
    visible,
)


def _exported(response) -> list[str]:
    """The first column (the name) of every data row of the download."""
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return sorted(row[0] for row in rows[1:])


def _names(shared, kind: str, ids: set[int]) -> list[str]:
    if kind == "persons":
        return sorted(p.name for p in shared.persons if p.pk in ids)
    return sorted(m.person.name for m in shared.members.values() if m.pk in ids)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_resident_export_holds_the_list_pages_residents(shared, persona):
    browser = browser_for(shared, persona)
    shown = collect_page_rows(browser, "/people/")
    response = browser.get("/people/export/")
    if persona not in ADMIN_COMMUNITIES:  # exports are for administrators only
        assert response.status_code == 403 and "Content-Disposition" not in response
        return
    oracle = visible(shared, persona, "persons")
    assert shown == oracle
    assert _exported(response) == _names(shared, "persons", oracle)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("branch_key", ["a1", "a2", "b1"])
def test_the_feedback_export_holds_the_feedback_pages_members(shared, persona, branch_key):
    browser = browser_for(shared, persona)
    branch = shared.branches[branch_key]
    page = browser.get(f"/people/branches/{branch.pk}/feedback/?year=2021")
    export = browser.get(f"/people/branches/{branch.pk}/feedback/export/?year=2021")
    expected = 200 if feedback_visible(persona, branch_key) else 404
    assert (page.status_code, export.status_code) == (expected, expected)
    if expected == 404:
        return
    oracle = {shared.members[key].pk for key, _i, branch, _s in MEMBERS if branch == branch_key}
    assert oracle and oracle <= visible(shared, persona, "members")
    assert {r.member.pk for r in page.context["rows"]} == oracle
    assert _exported(export) == _names(shared, "members", oracle)
