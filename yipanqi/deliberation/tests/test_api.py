"""The loop over /api/v1/deliberation/: one POST per step, errors as {code, message}."""

import pytest

from yipanqi.deliberation.models import Topic

pytestmark = pytest.mark.django_db
API = "/api/v1/deliberation"


def test_the_loop_over_the_api(world, api_as):
    resident, admin = api_as("resident_a1"), api_as("community_admin_a1")
    body = world.halls["a1"].body
    raised = resident.post(
        f"{API}/topics/",
        {"body_id": body.pk, "title": "路灯坏了", "description": "3号楼前"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-42",
    )
    assert raised.status_code == 201
    again = resident.post(
        f"{API}/topics/",
        {"body_id": body.pk, "title": "路灯坏了", "description": "3号楼前"},
        format="json",
        HTTP_IDEMPOTENCY_KEY="k-42",
    )
    assert again.json()["id"] == raised.json()["id"] and Topic.objects.count() == 1
    topic = raised.json()["id"]
    assert admin.post(f"{API}/topics/{topic}/accept/").json()["status"] == "accepted"
    meeting = admin.post(
        f"{API}/meetings/",
        {
            "body_id": body.pk,
            "kind": "problem_solving",
            "title": "难题会办",
            "starts_at": "2021-07-01T09:00:00+08:00",
            "topic_ids": [topic],
        },
        format="json",
    ).json()["id"]
    admin.post(f"{API}/meetings/{meeting}/open/")
    seats = [s["id"] for s in admin.get(f"{API}/bodies/{body.pk}/").json()["seats"]]
    admin.post(f"{API}/meetings/{meeting}/attendance/", {"present": seats}, format="json")
    draft = admin.post(
        f"{API}/resolutions/", {"topic_id": topic, "text": "本周修复"}, format="json"
    )
    resolution = draft.json()["id"]
    early = admin.post(f"{API}/resolutions/{resolution}/resolve/")
    assert early.status_code == 200 and early.json()["outcome"] == "rejected"  # nobody voted for
    assert admin.post(
        f"{API}/resolutions/{resolution}/votes/",
        {"seat_id": seats[0], "choice": "for"},
        format="json",
    ).json() == {
        "code": "voting_closed",
        "message": admin.post(
            f"{API}/resolutions/{resolution}/votes/",
            {"seat_id": seats[0], "choice": "for"},
            format="json",
        ).json()["message"],
    }
    published = admin.post(f"{API}/resolutions/{resolution}/publish/").json()
    assert published["status"] == "published"
    twice = admin.post(f"{API}/resolutions/{resolution}/publish/")
    assert twice.status_code == 409 and twice.json()["code"] == "already_published"
    rated = resident.post(f"{API}/resolutions/{resolution}/ratings/", {"score": 2}, format="json")
    assert rated.status_code == 201


def test_follow_up_opens_an_order_end_to_end(world, api_as):
    from yipanqi.deliberation.tests.factories import published_resolution

    admin = api_as("community_admin_a1")
    resolution = published_resolution(world)
    created = admin.post(
        f"{API}/follow-ups/",
        {"resolution_id": resolution.pk, "title": "修路灯", "owner_name": "物业公司"},
        format="json",
    )
    assert created.status_code == 201
    task = created.json()["id"]
    opened = admin.post(f"{API}/follow-ups/{task}/order/", {}, format="json").json()
    assert opened["status"] == "in_progress" and opened["order_status"] == "placed"
    order = admin.get(f"/api/v1/orders/{opened['order_id']}/")
    assert order.status_code == 200 and order.json()["title"] == "修路灯"
    again = admin.post(f"{API}/follow-ups/{task}/order/", {}, format="json").json()
    assert again["order_id"] == opened["order_id"]
    done = admin.post(f"{API}/follow-ups/{task}/done/", {"note": "已修"}, format="json").json()
    assert done["status"] == "done"


def test_quorum_refusal_is_a_409_with_a_code(world, api_as):
    from yipanqi.deliberation.tests.factories import open_meeting

    admin = api_as("community_admin_a1")
    meeting = open_meeting(world)
    topic = meeting.agenda.get()
    draft = admin.post(f"{API}/resolutions/", {"topic_id": topic.pk, "text": "x"}, format="json")
    refused = admin.post(f"{API}/resolutions/{draft.json()['id']}/resolve/")
    assert refused.status_code == 409
    assert refused.json()["code"] == "no_quorum" and refused.json()["message"]


@pytest.mark.parametrize("starts_at", ["0843-01-26T09:12:44+04:25", "2100-01-01T09:00:00+08:00"])
def test_a_meeting_time_out_of_the_platforms_years_is_a_400(world, api_as, starts_at):
    """Found by the API fuzz: a meeting in the year 843 was created, and its time came back with
    the local zone's pre-1901 offset, +08:05:43, which is not an RFC 3339 date-time."""
    response = api_as("community_admin_a1").post(
        f"{API}/meetings/",
        {
            "body_id": world.halls["a1"].body.pk,
            "kind": "deliberation",
            "title": "议事会",
            "starts_at": starts_at,
        },
        format="json",
    )

    assert response.status_code == 400, response.content
    assert response.json()["code"] == "bad_starts_at"
    assert set(response.json()["fields"]) == {"starts_at"}
