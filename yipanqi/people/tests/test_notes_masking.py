"""Numbers typed into a resident's notes are masked for every role that could not unmask them,
on the page, in the API and in exports alike (one masking function: core.pii.mask_free_text)."""

import io

from openpyxl import load_workbook

from yipanqi.people.models import Person
from yipanqi.people.tests.test_scope_matrix import WORKER_GRIDS, api_for

API = "/api/v1/people"
NOTES = "独居，儿子电话 13812345678，身份证 330283199001011234，座机 0574-88881234"
MASKED = "独居，儿子电话 138****5678，身份证 3302**********1234，座机 057*****1234"


def _person_in_worker_grid(shared) -> Person:
    grid = shared.district.grids[next(iter(WORKER_GRIDS["grid_worker_a1"]))]
    person = next(p for p in shared.persons if p.area_id == grid.pk)
    Person.objects.filter(pk=person.pk).update(notes=NOTES)
    return person


def test_a_grid_worker_sees_the_numbers_in_notes_masked(shared, shared_client):
    person = _person_in_worker_grid(shared)

    page = shared_client("grid_worker_a1").get(f"/people/{person.pk}/").content.decode()
    body = api_for(shared, "grid_worker_a1").get(f"{API}/persons/{person.pk}/").json()

    assert MASKED in page and "13812345678" not in page and "330283199001011234" not in page
    assert body["notes"] == MASKED


def test_a_town_admin_exports_the_notes_masked(shared, shared_client):
    person = _person_in_worker_grid(shared)

    export = shared_client("town_admin_a").get(f"/people/export/?area={person.area_id}")

    sheet = load_workbook(io.BytesIO(export.content), read_only=True).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert MASKED in cells and NOTES not in cells


def test_a_community_admin_who_may_unmask_both_reads_the_notes(shared, shared_client):
    person = _person_in_worker_grid(shared)

    body = api_for(shared, "community_admin_a1").get(f"{API}/persons/{person.pk}/").json()

    assert body["notes"] == NOTES
