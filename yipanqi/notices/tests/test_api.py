"""The notices API: drafting, sending, the board, one's inbox, reading and replying (the same
reply posted again changes nothing; an Idempotency-Key is accepted)."""

import pytest
from rest_framework.test import APIClient

from yipanqi.core.models import AuditEvent
from yipanqi.notices.models import Notice, NoticeRecipient

pytestmark = pytest.mark.django_db


def client_for(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def test_draft_send_and_read_the_board(world):
    a1 = world.district.communities[0]
    admin = client_for(world, "community_admin_a1")
    body = {"area": a1.pk, "title": "议事会通知", "body": "周五晚七点", "kind": "meeting",
            "audience": {"kind": "area", "ids": [a1.pk]}}  # fmt: skip
    made = admin.post("/api/v1/notices/", body, format="json")
    assert made.status_code == 201, made.content
    assert made.json()["options"] == ["我参加", "我不能参加"] or len(made.json()["options"]) == 2
    pk = made.json()["id"]
    sent = admin.post(f"/api/v1/notices/{pk}/send/")
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    assert sent.json()["recipients_total"] == 6
    board = admin.get(f"/api/v1/notices/{pk}/board/").json()
    assert board["overall"]["total"] == 6 and board["overall"]["read"] == 0
    pending = admin.get(f"/api/v1/notices/{pk}/pending/").json()
    assert pending["count"] == 6 and all("*" in row["name"] for row in pending["results"])
    again = admin.post(f"/api/v1/notices/{pk}/send/")
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


def test_bad_input_answers_a_clear_error(world):
    a1, _a2, b1, _b2 = world.district.communities
    admin = client_for(world, "community_admin_a1")
    body = {"area": a1.pk, "title": "t", "body": "b", "kind": "information",
            "audience": {"kind": "area", "ids": []}}  # fmt: skip
    response = admin.post("/api/v1/notices/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "empty_audience"
    body["audience"] = {"kind": "area", "ids": [b1.pk]}
    assert admin.post("/api/v1/notices/", body, format="json").json()["code"] == "bad_audience"
    body["area"] = b1.pk
    assert admin.post("/api/v1/notices/", body, format="json").status_code == 403
    assert Notice.objects.count() == 4


def test_a_member_reads_and_replies_once(world):
    member = client_for(world, "member_x0")
    inbox = member.get("/api/v1/notices/inbox/").json()
    assert [r["notice"]["title"] for r in inbox["results"]] == ["清洁家园志愿者招募"]
    pk = inbox["results"][0]["id"]
    assert member.post(f"/api/v1/notices/inbox/{pk}/read/").json()["read_at"]
    for _ in range(3):
        reply = member.post(f"/api/v1/notices/inbox/{pk}/reply/", {"option": 0}, format="json",
                            HTTP_IDEMPOTENCY_KEY="reply-1")  # fmt: skip
        assert reply.status_code == 200 and reply.json()["place"] == "accepted"
    assert AuditEvent.objects.filter(action="notices.recipient.replied").count() == 1
    bad = member.post(f"/api/v1/notices/inbox/{pk}/reply/", {"option": 9}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "bad_option"
    assert NoticeRecipient.objects.get(pk=pk).reply_option == 0
    # someone else's receipt is not found, whatever they try
    other = client_for(world, "member_x2")
    assert other.get(f"/api/v1/notices/inbox/{pk}/").status_code == 404
    assert (
        other.post(f"/api/v1/notices/inbox/{pk}/reply/", {"option": 1}, format="json").status_code
        == 404
    )
