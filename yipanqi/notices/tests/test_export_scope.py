"""A notice's receipts export (回执导出, a POST step) × personas of different scope (R-AC-2): the
exported receipts are exactly as many as the notice's board counts for the persona, and are the
notice's receipts as the factory sent them (read from the table, not through the scope code: every
manager of a notice is over its area, so reads all of them); a notice out of reach answers 404 to
the page and the export alike, one seen but not managed 403 to the export."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from yipanqi.notices.models import NoticeRecipient

# The notices each persona manages (exports) and those they only read (factory's layout).
MANAGES = {
    "district_admin": {"a1_call", "town_info", "b1_survey"},
    "town_admin_a": {"a1_call", "town_info"},
    "community_admin_a1": {"a1_call"},
    "community_admin_b1": {"b1_survey"},
}
READS = {"auditor_a": {"a1_call", "town_info"}}
PERSONAS = sorted({*MANAGES, *READS, "community_admin_a2", "party_member_a1"})


def _exported_areas(response) -> list[str]:
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    return sorted(row[1] for row in rows[1:])


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_export_holds_the_notices_receipts(shared_world, persona):
    w = shared_world
    client = Client()
    client.force_login(w.personas[persona])
    for key in ("a1_call", "town_info", "b1_survey"):
        notice = w.notices[key]
        page = client.get(f"/notices/{notice.pk}/")
        export = client.post(f"/notices/{notice.pk}/export/")
        manages, reads = key in MANAGES.get(persona, ()), key in READS.get(persona, ())
        assert page.status_code == (200 if manages or reads else 404), key
        assert export.status_code == (200 if manages else 403 if reads else 404), key
        if manages:
            receipts = NoticeRecipient.objects.filter(notice=notice).select_related("area")
            oracle = sorted(r.area.name for r in receipts)
            assert len(oracle) > 1, key
            assert page.context["board"].overall.total == len(oracle), key
            assert _exported_areas(export) == oracle, key


@pytest.mark.parametrize("persona", ["community_admin_a1", "town_admin_a"])
def test_another_communitys_notice_export_is_not_found(shared_world, persona):
    client = Client()
    client.force_login(shared_world.personas[persona])
    other = shared_world.notices["b1_survey"]
    assert client.post(f"/notices/{other.pk}/export/").status_code == 404
    assert client.get(f"/notices/{other.pk}/").status_code == 404
