"""The grid API: idempotent visit recording (header or field), follow-up → order, errors in the
{code, message} shape, incident steps."""

from yipanqi.core.models import AuditEvent
from yipanqi.grid.models import Visit
from yipanqi.orders.models import ServiceOrder


def test_the_same_key_twice_stores_one_visit_and_one_audit_event(world, api_as):
    api, target = api_as("grid_worker_a1"), world.target()
    body = {"target_id": target.pk, "outcome": "visited", "answers": world.answers()}
    first = api.post(
        f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    again = api.post(
        f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/",
        body,
        format="json",
        HTTP_IDEMPOTENCY_KEY="abc-1",
    )
    assert (first.status_code, again.status_code) == (201, 200)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]
    assert Visit.objects.filter(target=target).count() == 1
    assert AuditEvent.objects.filter(action="grid.visit.recorded").count() == 1


def test_the_key_may_come_in_the_body(world, api_as):
    api, target = api_as("grid_worker_a1"), world.target()
    body = {"target_id": target.pk, "outcome": "refused", "idempotency_key": "body-key"}
    url = f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/"
    assert api.post(url, body, format="json").status_code == 201
    assert api.post(url, body, format="json").status_code == 200
    assert Visit.objects.filter(target=target).count() == 1


def test_errors_have_a_stable_code(world, api_as):
    api, url = api_as("grid_worker_a1"), f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/"
    target = world.target()
    missing = api.post(url, {"target_id": target.pk, "outcome": "visited"}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "answer_required"
    api.post(url, {"target_id": target.pk, "outcome": "refused"}, format="json")
    twice = api.post(url, {"target_id": target.pk, "outcome": "refused"}, format="json")
    assert twice.status_code == 409 and twice.json()["code"] == "already_visited"
    assert twice.json()["message"]
    bad_key = api.post(
        url,
        {"target_id": world.target(index=1).pk, "outcome": "refused"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="no spaces",
    )
    assert bad_key.status_code == 400 and bad_key.json()["code"] == "bad_idempotency_key"


def test_follow_up_to_an_order_end_to_end(world, api_as):
    api, target = api_as("grid_worker_a1"), world.target()
    body = {
        "target_id": target.pk,
        "outcome": "follow_up",
        "answers": world.answers(),
        "follow_up": {
            "kind": "order",
            "description": "老人独居，需要代购药品",
            "category": "elderly_care",
        },
    }
    response = api.post(f"/api/v1/grid/campaigns/{world.sweep.pk}/visits/", body, format="json")
    assert response.status_code == 201, response.content
    order = ServiceOrder.objects.get(pk=response.json()["order_id"])
    assert order.grid == world.district.grids[0] and order.category.code == "elderly_care"
    assert order.household_id == target.household_id
    # the community sees it on its board, and the order page shows it
    seen = api_as("community_admin_a1").get(f"/api/v1/orders/{order.pk}/")
    assert seen.status_code == 200 and seen.json()["title"].startswith("老人独居")


def test_incident_steps_through_the_api(world, api_as):
    grid_worker, admin = api_as("grid_worker_a1"), api_as("community_admin_a1")
    reported = grid_worker.post(
        "/api/v1/grid/incidents/",
        {
            "grid_id": world.district.grids[0].pk,
            "category": "safety",
            "place": "5幢",
            "description": "楼道堆物",
        },
        format="json",
        HTTP_IDEMPOTENCY_KEY="inc-1",
    )
    assert reported.status_code == 201
    pk = reported.json()["id"]
    assert admin.get(f"/api/v1/grid/incidents/{pk}/").json()["steps"] == ["accept", "escalate"]
    assert admin.post(f"/api/v1/grid/incidents/{pk}/accept/", {}, format="json").status_code == 200
    assert (
        admin.post(f"/api/v1/grid/incidents/{pk}/handle/", {}, format="json").json()["code"]
        == "note_required"
    )
    assert (
        admin.post(
            f"/api/v1/grid/incidents/{pk}/handle/", {"note": "已清理"}, format="json"
        ).status_code
        == 200
    )
    closed = grid_worker.post(
        f"/api/v1/grid/incidents/{pk}/close/", {"note": "已核实"}, format="json"
    )
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert [e["kind"] for e in closed.json()["events"]] == [
        "reported",
        "accepted",
        "handled",
        "closed",
    ]
    again = admin.post(f"/api/v1/grid/incidents/{pk}/accept/", {}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"
