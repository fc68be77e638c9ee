"""The duties writes × every persona (the reads are test_scope_matrix): filing a request and
recording a refused task name an area in the body — only the persona's own district or town
(refusals: own town or community) is taken, any other is 400 `bad_area` and nothing is saved;
list items are set by the level above (403 for an organisation reading its own list, 404 for a
list out of sight); an evidence file is served only to who sees its list. The oracle is where each
persona's grant sits (factories.py), not the permission code."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.core.testing import tiny_png
from yipanqi.duties import actions
from yipanqi.duties.models import AccessRequest, DutyEvidence, TaskRefusal
from yipanqi.duties.tests.factories import later
from yipanqi.duties.tests.test_scope_matrix import LISTS, PERSONAS

pytestmark = pytest.mark.django_db
FILES_FOR = {"district_admin": "district", "town_admin_a": "town_a"}
REFUSES_FOR = {"town_admin_a": "town_a", "community_admin_a1": "a1", "community_admin_b1": "b1"}
SETTERS = {  # the level above sets a list; the district sets its own
    "district": {"district_admin"},
    "town_a": {"district_admin"},
    "a1": {"district_admin", "town_admin_a"},
    "b1": {"district_admin"},
}


def _areas(world) -> dict:
    d = world.district
    return {"district": d.district, "town_a": d.towns[0], "a1": d.communities[0],
            "b1": d.communities[2]}  # fmt: skip


def _request(area_pk: int) -> dict:
    return {"area": area_pk, "level": "community", "list_kind": "assist_service",
            "department": "区民政局", "title": "助餐点登记", "basis": "《条例》",
            "authority": "登记权", "staff_count": 1, "staff_note": "社工1名",
            "money_fen": 500_000, "starts_on": later().isoformat()}  # fmt: skip


@pytest.mark.parametrize("persona", PERSONAS)
def test_filing_and_refusing_take_only_the_personas_own_area(world, persona):
    api = APIClient()
    api.force_authenticate(world.personas[persona])
    for key, area in _areas(world).items():
        before = AccessRequest.objects.count()
        filed = api.post("/api/v1/duties/requests/", _request(area.pk), format="json")
        if FILES_FOR.get(persona) == key:
            assert filed.status_code == 201, filed.content
        else:
            assert (filed.status_code, filed.json()["code"]) == (400, "bad_area"), (key, filed)
            assert AccessRequest.objects.count() == before
        before = TaskRefusal.objects.count()
        body = {"area": area.pk, "task": "入户调查", "pushed_by": "某部门", "reason": "未准入"}
        refused = api.post("/api/v1/duties/refusals/", body, format="json")
        if REFUSES_FOR.get(persona) == key:
            assert refused.status_code == 201, refused.content
        else:
            assert (refused.status_code, refused.json()["code"]) == (400, "bad_area"), key
            assert TaskRefusal.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_items_are_set_by_the_level_above(world, persona):
    api = APIClient()
    api.force_authenticate(world.personas[persona])
    item = {"title": "新职责", "basis": "《清单》", "owner": "书记"}
    for key, lst in world.lists.items():
        sees = key in LISTS.get(persona, ())
        sets = persona in SETTERS[key]
        expected = 404 if not sees else 201 if sets else 403
        added = api.post(f"/api/v1/duties/lists/{lst.pk}/items/", item, format="json")
        assert added.status_code in ((200, 201) if expected == 201 else (expected,)), (key, added)
        first = lst.items.order_by("id").first()
        updated = api.post(f"/api/v1/duties/items/{first.pk}/update/", item, format="json")
        assert updated.status_code == (200 if expected == 201 else expected), (key, updated)


@pytest.mark.parametrize("persona", PERSONAS)
def test_evidence_files_follow_their_list(world, persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = world.lists["a1"].items.first()
    photo = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    actions.duty_item_progress(
        item=item, progress="done", upload=photo, actor=world.personas["community_admin_a1"]
    )
    evidence = DutyEvidence.objects.get(item=item)
    client = Client()
    client.force_login(world.personas[persona])
    status = client.get(f"/duties/evidence/{evidence.pk}/").status_code
    assert status == (200 if "a1" in LISTS.get(persona, ()) else 404)
