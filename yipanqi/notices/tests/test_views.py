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


def test_the_live_board_lists_who_has_not_answered_in_the_senders_scope(world):
    """The board fragment htmx polls carries the rates and the list of who has not answered,
    names masked, out of the receipts the sender's scope reaches: the district's notice to
    everyone, and a town's notice to its own people."""
    from yipanqi.notices import actions
    from yipanqi.notices.tests.factories import TEST, notice

    member = world.personas["member_x0"]
    counts = {}
    for persona, area in (("district_admin", world.district.district),
                          ("town_admin_a", world.district.towns[0])):  # fmt: skip
        sent = actions.notice_send(
            notice=notice(world, area, {"kind": "area", "ids": [area.pk]}, kind="survey",
                          options=["是", "否"]), actor=TEST,
        )  # fmt: skip
        answered = sent.recipients.get(user=member)
        actions.reply_submit(recipient=answered, option=0, actor=member)
        fragment = browser(world, persona).get(f"/notices/{sent.pk}/board/").content.decode()
        pending = NoticeRecipient.objects.filter(
            notice=sent, scope_path__startswith=area.path, replied_at__isnull=True
        )
        counts[persona] = pending.count()
        assert pending.count() == sent.recipients_total - 1
        assert f'data-figure="pending">{counts[persona]}<' in fragment, persona
        assert 'hx-trigger="every 10s"' in fragment and "尚未回复" in fragment
        assert all(f"<span>{r.name[:1]}*{r.name[2:]}</span>" in fragment for r in pending)
        assert answered.name not in fragment and all(r.name not in fragment for r in pending)
        outsider = browser(world, "community_admin_b1").get(f"/notices/{sent.pk}/board/")
        assert outsider.status_code == 404  # a community does not read its town's notice
    assert 0 < counts["town_admin_a"] < counts["district_admin"] == 15
