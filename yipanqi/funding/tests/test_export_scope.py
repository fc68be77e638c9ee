"""A community's funds export (社区经费导出 Excel) × personas of different scope (R-AC-2): the
exported expenses are exactly those the community's page lists to the persona, and both are the
community's expenses as the factory recorded them (not read through the scope code); a community
out of reach answers 404 to the page and the export alike. (The overview export is checked per
persona by the funding scope matrix.)"""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yipanqi.funding.tests.factories import SPENT_ON

pytestmark = pytest.mark.django_db
YEAR = 2021
# The factory's expenses (fen) per community index; A2 and B2 have none.
EXPENSES = {0: [1_000_00, 2_000_00], 1: [], 2: [3_000_00], 3: []}
# The communities whose funds each persona keeps or oversees (where their grant sits).
REACHES = {
    "district_admin": {0, 1, 2, 3},
    "town_admin_a": {0, 1},
    "community_admin_a1": {0},
    "community_admin_b1": {2},
    "grid_worker_a1": set(),
    "resident_a1": set(),
}


def _exported_expenses(response) -> list[int]:
    """The amount (fen) of each expense row of the download: the rows dated like the expenses."""
    assert response["Content-Disposition"].startswith("attachment")
    rows = load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)
    return sorted(int(Decimal(str(r[3])) * 100) for r in rows if r[0] == SPENT_ON.isoformat())


@pytest.mark.parametrize("persona", sorted(REACHES))
def test_the_export_holds_the_community_pages_expenses(world, client, persona):
    d = world.district
    client.force_login(d.personas[persona])
    for index, community in enumerate(d.communities):
        page = client.get(reverse("funding:community_detail", args=[community.pk]), {"year": YEAR})
        export = client.get(
            reverse("funding:community_export", args=[community.pk]), {"year": YEAR}
        )
        expected = 200 if index in REACHES[persona] else 404
        assert (page.status_code, export.status_code) == (expected, expected), index
        if expected == 200:
            shown = sorted(e.amount_fen for e in page.context["page_obj"])
            assert shown == EXPENSES[index], index
            assert _exported_expenses(export) == EXPENSES[index], index
            assert len(page.context["lines"]) > 0  # the run's lines: the sheet's first part
