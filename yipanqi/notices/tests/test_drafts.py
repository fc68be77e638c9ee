"""Drafts: editing (page and API; a sent notice cannot be edited, 409 `notice_not_draft`),
attachments (a photo or PDF on a draft, refused by type and once sent, downloaded by those who read
the notice in scope and by its recipients only), and named people chosen by a masked search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from yipanqi.core.models import AuditEvent
from yipanqi.core.testing import tiny_png
from yipanqi.notices import actions
from yipanqi.notices.models import NoticeAttachment
from yipanqi.notices.tests.factories import TEST, later

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def api(world, persona: str) -> APIClient:
    client = APIClient()
    client.force_authenticate(world.personas[persona])
    return client


def browser(world, persona: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(world.personas[persona])
    return client


def test_a_draft_is_edited_and_a_sent_notice_is_not(world):
    draft = world.notices["a1_draft"]
    admin = api(world, "community_admin_a1")
    edited = admin.post(f"/api/v1/notices/{draft.pk}/edit/", {"title": "改过的标题"}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["title"] == "改过的标题" and edited.json()["body"] == draft.body
    assert edited.json()["version"] == 1
    event = AuditEvent.objects.get(action="notices.notice.updated")
    assert event.changes["title"] == ["草稿通知", "改过的标题"]
    bad = admin.post(f"/api/v1/notices/{draft.pk}/edit/", {"audience": {"kind": "area", "ids": []}},
                     format="json")  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "empty_audience"
    sent = world.notices["a1_call"]
    refused = admin.post(f"/api/v1/notices/{sent.pk}/edit/", {"title": "x"}, format="json")
    assert refused.status_code == 409 and refused.json()["code"] == "notice_not_draft"
    sent.refresh_from_db()
    assert sent.title == "清洁家园志愿者招募"
    # an auditor reads the draft but cannot edit it; another community does not find it
    assert api(world, "auditor_a").post(f"/api/v1/notices/{draft.pk}/edit/", {"title": "y"},
                                        format="json").status_code == 403  # fmt: skip
    assert api(world, "community_admin_b1").post(f"/api/v1/notices/{draft.pk}/edit/", {},
                                                 format="json").status_code == 404  # fmt: skip


def test_the_edit_page_keeps_what_was_typed_and_saves(world):
    draft = world.notices["a1_draft"]
    a1 = world.district.communities[0]
    client = browser(world, "community_admin_a1")
    page = client.get(f"/notices/{draft.pk}/edit/").content.decode()
    assert "修改草稿" in page and "草稿通知" in page
    posted = {"kind": "information", "title": "新标题", "body": "", "audience_kind": "area",
              "areas": [a1.pk], "members_only": "on"}  # fmt: skip
    again = client.post(f"/notices/{draft.pk}/edit/", posted)
    assert again.status_code == 200 and "新标题" in again.content.decode()
    done = client.post(f"/notices/{draft.pk}/edit/", posted | {"body": "新内容"})
    assert done.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.body, draft.area_id) == ("新标题", "新内容", a1.pk)
    sent = world.notices["a1_call"]
    assert client.get(f"/notices/{sent.pk}/edit/").status_code == 302  # back, with a message


def test_attachments_on_a_draft_reach_recipients_only(world):
    a1 = world.district.communities[0]
    admin = world.personas["community_admin_a1"]
    draft = actions.notice_create(
        area=a1, title="带附件的通知", body="见附件", kind="information", deadline=later(),
        audience={"kind": "area", "ids": [a1.pk]}, actor=admin,
    )  # fmt: skip
    client = api(world, "community_admin_a1")
    photo = SimpleUploadedFile("现场照片.png", tiny_png(), content_type="image/png")
    added = client.post(f"/api/v1/notices/{draft.pk}/attachments/", {"file": photo})
    assert added.status_code == 200, added.content
    pdf = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    page = browser(world, "community_admin_a1")
    assert page.post(f"/notices/{draft.pk}/files/", {"file": pdf}).status_code == 302
    fake = SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
    refused = client.post(f"/api/v1/notices/{draft.pk}/attachments/", {"file": fake})
    assert refused.status_code == 400 and refused.json()["code"] == "file_type"
    files = list(NoticeAttachment.objects.filter(notice=draft))
    assert [f.name for f in files] == ["现场照片.png", "方案.pdf"]
    got = client.get(f"/api/v1/notices/{draft.pk}/attachments/{files[1].pk}/")
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["Content-Type"] == "application/pdf"
    removed = client.post(f"/api/v1/notices/{draft.pk}/attachments/{files[0].pk}/remove/")
    assert removed.status_code == 200 and len(removed.json()["attachments"]) == 1
    sent = actions.notice_send(notice=draft, actor=admin)
    late = client.post(f"/api/v1/notices/{sent.pk}/attachments/",
                       {"file": SimpleUploadedFile("b.pdf", PDF)})  # fmt: skip
    assert late.status_code == 409 and late.json()["code"] == "notice_not_draft"
    pdf_id = files[1].pk
    # a recipient downloads through their own receipt; another recipient's receipt is 404
    mine = world.receipt.__self__  # the world
    own = mine.personas["member_x0"]
    receipt = sent.recipients.get(user=own)
    member = browser(world, "member_x0")
    shown = member.get(f"/notices/r/{receipt.pk}/").content.decode()
    assert "方案.pdf" in shown
    assert member.get(f"/notices/r/{receipt.pk}/files/{pdf_id}/").status_code == 200
    other = sent.recipients.get(user=world.personas["member_x2"])
    assert member.get(f"/notices/r/{other.pk}/files/{pdf_id}/").status_code == 404
    assert api(world, "member_x0").get(
        f"/api/v1/notices/inbox/{receipt.pk}/attachments/{pdf_id}/").status_code == 200  # fmt: skip
    # the sender's side: in scope only (a member is no reader of the notice; B1's admin neither)
    assert member.get(f"/notices/{sent.pk}/files/{pdf_id}/").status_code == 404
    b1 = browser(world, "community_admin_b1")
    assert b1.get(f"/notices/{sent.pk}/files/{pdf_id}/").status_code == 404
    # another notice's receipt does not open this notice's file
    call = world.receipt("a1_call", "member_x0")
    assert member.get(f"/notices/r/{call.pk}/files/{pdf_id}/").status_code == 404


def test_named_people_are_found_masked_and_resolved_at_sending(world):
    a1 = world.district.communities[0]
    persons = world.people.persons
    client = browser(world, "community_admin_a1")
    name = persons[0].name
    found = client.get("/notices/people/", {"q": name}).content.decode()
    assert name not in found and f'value="{persons[0].pk}"' in found
    assert name[0] in found  # the masked name: its first character
    # B1's person is not offered to A1's secretary
    assert f'value="{persons[10].pk}"' not in client.get(
        "/notices/people/", {"q": persons[10].name}).content.decode()  # fmt: skip
    assert browser(world, "member_x0").get("/notices/people/", {"q": name}).status_code == 403
    response = client.post("/notices/new/", {
        "area": a1.pk, "kind": "information", "title": "点名通知", "body": "请两位来一趟",
        "audience_kind": "people", "people": [persons[0].pk, persons[3].pk],
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    notice = world.notices["a1_draft"].__class__.objects.get(title="点名通知")
    assert notice.audience == {"kind": "people", "ids": sorted([persons[0].pk, persons[3].pk]),
                               "members_only": False}  # fmt: skip
    sent = actions.notice_send(notice=notice, actor=TEST)
    assert set(sent.recipients.values_list("person_id", flat=True)) == {
        persons[0].pk,
        persons[3].pk,
    }
    # someone of another community: the form comes back with the error, the ticks kept (masked)
    again = client.post("/notices/new/", {
        "area": a1.pk, "kind": "information", "title": "点名通知2", "body": "x",
        "audience_kind": "people", "people": [persons[0].pk, persons[10].pk],
    })  # fmt: skip
    assert again.status_code == 200
    assert f'value="{persons[0].pk}" id="person-{persons[0].pk}" checked' in again.content.decode()


def test_a_reply_is_taken_while_a_large_notice_is_still_being_delivered(world):
    """The worker writes a large notice's receipts in batches; those already delivered answer
    while the notice is still "sending" (found by W9: such replies were refused with 409)."""
    from yipanqi.core.actions import policy_set

    a1 = world.district.communities[0]
    policy_set(key="notices.inline_delivery_limit", district_code=a1.district_code, value=0,
               actor=TEST)  # fmt: skip
    draft = actions.notice_create(
        area=a1, title="大通知", body="请回复", kind="meeting", deadline=later(),
        audience={"kind": "area", "ids": [a1.pk]}, actor=TEST,
    )  # fmt: skip
    sending = actions.notice_send(notice=draft, actor=TEST)
    assert sending.status == "sending"
    from yipanqi.notices.actions.notices import _write
    from yipanqi.notices.audience import resolve

    _write(sending, resolve(sending.audience, a1)[:3])  # the worker's first batch
    receipt = sending.recipients.get(user=world.personas["member_x0"])
    answered = api(world, "member_x0").post(f"/api/v1/notices/inbox/{receipt.pk}/reply/",
                                            {"option": 0}, format="json")  # fmt: skip
    assert answered.status_code == 200, answered.content
    assert answered.json()["reply_option"] == 0
