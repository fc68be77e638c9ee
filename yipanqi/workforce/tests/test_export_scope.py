"""The pay run export (工资表导出, a POST with a purpose) × personas of different scope (R-AC-2):
the exported workers are exactly the run page's lines, and both are the town's workers in post as
the factory placed them (not read through the scope code); another town's run answers 404 to the
page and the export alike."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db

# The factory's lines of each town's run (workers in post; b2_moved left before the year).
LINES = {"A": {"a1_head", "a1_other", "a2_deputy"}, "B": {"b1_head", "b2_other"}}
# Runs each persona reaches: the town's and the district's administrators only.
RUNS = {"district_admin": {"A", "B"}, "town_admin_a": {"A"}}
PERSONAS = ["district_admin", "town_admin_a", "community_admin_a1", "community_admin_b1",
            "grid_worker_a1"]  # fmt: skip


def _exported_names(response) -> set[str]:
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return {row[0] for row in rows[1:]}


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_export_holds_the_run_pages_lines_of_runs_in_reach(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    for key, run in w.runs.items():
        page = client.get(f"/workforce/pay/{run.pk}/")
        export = client.post(f"/workforce/pay/{run.pk}/export/", {"purpose": "核对"})
        expected = 200 if key in RUNS.get(persona, set()) else 404
        assert (page.status_code, export.status_code) == (expected, expected), key
        if expected == 200:
            oracle = {w.workers[k].person.name for k in LINES[key]}
            assert page.context["page_obj"].paginator.num_pages == 1
            assert {li.worker.person.name for li in page.context["page_obj"]} == oracle, key
            assert _exported_names(export) == oracle, key
