"""The notice pages in Chinese: drafting through the form, sending, the board, a member's inbox,
reading (the POST the page makes once it has loaded) and replying."""

import pytest
from django.test import Client

from yipanqi.notices.models import Notice, NoticeRecipient

pytestmark = pytest.mark.django_db


def browser(world, persona: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.personas[persona])
    return client


def test_a_secretary_drafts_and_sends_a_call(world):
    a1 = world.district.communities[0]
    client = browser(world, "community_admin_a1")
    form = client.get("/notices/new/").content.decode()
    assert "发布通知" in form and "志愿者招募" in form
    response = client.post("/notices/new/", {
        "area": a1.pk, "kind": "volunteers", "title": "敬老志愿服务", "body": "周日上午",
        "places": "2", "deadline": "2099-01-01T18:00", "audience_kind": "areas_missing",
    })  # fmt: skip
    assert response.status_code == 200  # an unknown audience kind: the form again
    response = client.post("/notices/new/", {
        "area": a1.pk, "kind": "volunteers", "title": "敬老志愿服务", "body": "周日上午",
        "places": "2", "deadline": "2099-01-01T18:00", "audience_kind": "area",
    })  # fmt: skip
    assert response.status_code == 200 and "请至少选择一项" in response.content.decode()
    response = client.post("/notices/new/", {
        "area": a1.pk, "kind": "volunteers", "title": "敬老志愿服务", "body": "周日上午",
        "places": "2", "deadline": "2099-01-01T18:00", "audience_kind": "area", "areas": [a1.pk],
    })  # fmt: skip
    made = Notice.objects.get(title="敬老志愿服务")
    assert response.status_code == 302 and made.status == "draft"
    assert client.post(f"/notices/{made.pk}/send/").status_code == 302
    page = client.get(f"/notices/{made.pk}/").content.decode()
    assert "已发送" in page and "回执情况" in page and 'hx-trigger="every 10s"' in page
    board = client.get(f"/notices/{made.pk}/board/").content.decode()
    assert 'data-figure="total">6<' in board


def test_a_member_reads_and_replies_on_the_notice_page(world):
    receipt = world.receipt("a1_call", "member_x0")
    client = browser(world, "member_x0")
    inbox = client.get("/notices/").content.decode()
    assert "我的通知" in inbox and "清洁家园志愿者招募" in inbox and "新" in inbox
    page = client.get(f"/notices/r/{receipt.pk}/").content.decode()
    assert "hx-post" in page and "我参加" in page
    NoticeRecipient.objects.get(pk=receipt.pk).read_at is None  # noqa: B015 (GET writes nothing)
    assert NoticeRecipient.objects.get(pk=receipt.pk).read_at is None
    assert client.post(f"/notices/r/{receipt.pk}/read/").status_code == 204
    response = client.post(f"/notices/r/{receipt.pk}/reply/", {"option": "0"}, follow=True)
    assert "您已报名成功" in response.content.decode()
    bad = client.post(f"/notices/r/{receipt.pk}/reply/", {"option": "5"}, follow=True)
    assert "没有这个选项" in bad.content.decode()
    assert NoticeRecipient.objects.get(pk=receipt.pk).reply_option == 0


def test_the_export_downloads_a_spreadsheet(world):
    client = browser(world, "community_admin_a1")
    response = client.post(f"/notices/{world.notices['a1_call'].pk}/export/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
