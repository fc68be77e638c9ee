"""The scope matrix of duties: every persona × every page and API endpoint, compared with an oracle
drawn from the factory's layout (see factories.py): lists, items, admitted duties and refusals by
area to administrators and auditors; access requests to district and town administrators and
auditors over their area; out of scope answers 404, on pages and API, reads and steps alike. The
burden meter is an aggregate: one meter per community whose admitted duties the persona reads,
with counts over every row of that community (no meter, not a zero, for anyone else)."""

import pytest
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from yipanqi.duties.choices import AdmittedStatus

LISTS = {
    "district_admin": {"district", "town_a", "a1", "b1"},
    "town_admin_a": {"town_a", "a1"},
    "auditor_a": {"town_a", "a1"},
    "community_admin_a1": {"a1"},
    "community_admin_b1": {"b1"},
}
REQUESTS = {
    "district_admin": {"d_admitted", "a_open", "d_refused"},
    "town_admin_a": {"a_open"},
    "auditor_a": {"a_open"},
}
ADMITTED = {  # receiving communities of d_admitted, by index in district.communities
    "district_admin": {0, 1, 2, 3},
    "town_admin_a": {0, 1},
    "auditor_a": {0, 1},
    "community_admin_a1": {0},
    "community_admin_a2": {1},
    "community_admin_b1": {2},
}
REFUSALS = {
    "district_admin": {"a1_refusal", "b1_refusal"},
    "town_admin_a": {"a1_refusal"},
    "auditor_a": {"a1_refusal"},
    "community_admin_a1": {"a1_refusal"},
    "community_admin_b1": {"b1_refusal"},
}
FILERS = {"district_admin", "town_admin_a"}
PERSONAS = sorted({"district_admin", "town_admin_a", "auditor_a", "community_admin_a1", "community_admin_a2",
                   "community_admin_b1", "grid_worker_a1", "party_member_a1", "resident_a1", "system_admin",
                   "security_admin", "audit_admin", "no_role"})  # fmt: skip


def _ids(client, url: str) -> set[int]:
    ids, next_url = [], f"{url}?page_size=2"
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, (url, response.content)
        ids += [row["id"] for row in response.json()["results"]]
        next_url = response.json()["next"]
    return set(ids)


def _expected(world, persona):
    from yipanqi.duties.models import AdmittedDuty

    lists = {world.lists[k].pk for k in LISTS.get(persona, ())}
    items = {i.pk for k in LISTS.get(persona, ()) for i in world.lists[k].items.all()}
    requests = {world.requests[k].pk for k in REQUESTS.get(persona, ())}
    areas = [world.district.communities[i] for i in ADMITTED.get(persona, ())]
    admitted = set(AdmittedDuty.objects.filter(area__in=areas).values_list("pk", flat=True))
    refusals = {world.refusals[k].pk for k in REFUSALS.get(persona, ())}
    return lists, items, requests, admitted, refusals


def _all(world):
    from yipanqi.duties.models import AdmittedDuty, DutyItem

    return {
        "lists": {lst.pk for lst in world.lists.values()},
        "items": set(DutyItem.objects.values_list("pk", flat=True)),
        "requests": {r.pk for r in world.requests.values()},
        "admitted": set(AdmittedDuty.objects.values_list("pk", flat=True)),
        "refusals": {r.pk for r in world.refusals.values()},
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_in_scope(world, persona):
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    lists, items, requests, admitted, refusals = _expected(world, persona)
    base = "/api/v1/duties"
    assert _ids(client, f"{base}/lists/") == lists
    assert _ids(client, f"{base}/items/") == items
    assert _ids(client, f"{base}/requests/") == requests
    assert _ids(client, f"{base}/admitted/") == admitted
    assert _ids(client, f"{base}/refusals/") == refusals
    everything = _all(world)
    seen = {
        "lists": lists,
        "items": items,
        "requests": requests,
        "admitted": admitted,
        "refusals": refusals,
    }
    for kind, pks in everything.items():
        for pk in pks:
            code = client.get(f"{base}/{kind}/{pk}/").status_code
            assert code == (200 if pk in seen[kind] else 404), (kind, pk)
    for pk in everything["requests"] - requests:
        for step in ("approve", "refuse", "withdraw", "retire"):
            assert (
                client.post(
                    f"{base}/requests/{pk}/{step}/", {"reason": "x"}, format="json"
                ).status_code
                == 404
            )
    for pk in everything["items"] - items:
        posted = client.post(
            f"{base}/items/{pk}/progress/", {"progress": "done", "note": "x"}, format="json"
        )
        assert posted.status_code == 404
    for pk in everything["lists"] - lists:
        posted = client.post(
            f"{base}/lists/{pk}/items/", {"title": "t", "basis": "b", "owner": "o"}, format="json"
        )
        assert posted.status_code == 404


def _burden(world, persona) -> dict[int, tuple[int, int]]:
    """Per community of ADMITTED: its active admitted duties and this year's refused tasks,
    counted over all rows (not through the scope code)."""
    from yipanqi.duties.models import AdmittedDuty, TaskRefusal

    year = timezone.localdate().year
    admitted = [(a.area_id, a.status) for a in AdmittedDuty.objects.all()]
    refused = [(r.area_id, r.refused_on.year) for r in TaskRefusal.objects.all()]
    meters = {}
    for i in ADMITTED.get(persona, ()):
        pk = world.district.communities[i].pk
        meters[pk] = (admitted.count((pk, AdmittedStatus.ACTIVE)), refused.count((pk, year)))
    return meters


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_burden_meters_match_the_oracle(world, persona):
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    response = client.get("/api/v1/duties/burden/")
    assert response.status_code == 200
    meters = {m["area_id"]: (m["carried"], m["refused"]) for m in response.json()}
    assert meters == _burden(world, persona)


def test_the_burden_oracle_is_not_vacuous(world):
    a1, a2 = (c.pk for c in world.district.communities[:2])
    assert _burden(world, "town_admin_a") == {a1: (1, 1), a2: (1, 0)}
    assert len(_burden(world, "district_admin")) == 4
    assert _burden(world, "system_admin") == {}


@pytest.mark.parametrize("persona", PERSONAS)
def test_pages_in_scope(world, persona):
    client = Client()
    client.force_login(world.personas[persona])
    lists, _items, requests, _admitted, _refusals = _expected(world, persona)
    for url in (
        "/duties/",
        "/duties/requests/",
        "/duties/admitted/",
        "/duties/refusals/",
        "/duties/burden/",
    ):
        assert client.get(url).status_code == 200, url
    assert client.get("/duties/requests/new/").status_code == (200 if persona in FILERS else 403)
    for key, lst in world.lists.items():
        assert client.get(f"/duties/lists/{lst.pk}/").status_code == (
            200 if lst.pk in lists else 404
        ), key
    for key, row in world.requests.items():
        assert client.get(f"/duties/requests/{row.pk}/").status_code == (
            200 if row.pk in requests else 404
        ), key
        if row.pk not in requests:
            assert client.post(f"/duties/requests/{row.pk}/approve/").status_code == 404
    for item in world.lists["b1"].items.all():
        sees = "b1" in LISTS.get(persona, ())
        expected = (302 if persona == "community_admin_b1" else 403) if sees else 404
        assert (
            client.post(
                f"/duties/items/{item.pk}/progress/", {"progress": "in_progress"}
            ).status_code
            == expected
        )
