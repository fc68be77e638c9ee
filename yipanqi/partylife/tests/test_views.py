"""The pages' forms run the actions: a secretary plans, marks, records, confirms and amends a
meeting; a member signs in by the QR link, pays and asks for a transfer; the dues ledger exports
(audited); reminders reach secretaries before a period ends."""

import datetime
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from yipanqi.core.models import AuditEvent, Notification
from yipanqi.partylife import actions
from yipanqi.partylife.models import DuesPayment, Meeting, Transfer

pytestmark = pytest.mark.django_db


def _as(world, name: str) -> Client:
    client = Client()
    client.force_login(world.personas[name])
    return client


def test_a_meeting_through_the_pages(world):
    secretary = _as(world, "secretary_a1")
    branch = world.branches["a1"]
    made = secretary.post(f"/partylife/branches/{branch.pk}/meetings/new/", {
        "kind": "themed_day", "held_on": "2021-09-10", "topic": "九月主题党日", "place": "", "host": "",
    })  # fmt: skip
    meeting = Meeting.objects.get(topic="九月主题党日")
    assert made.status_code == 302 and made["Location"] == meeting.get_absolute_url()
    page = secretary.get(meeting.get_absolute_url()).content.decode()
    assert "<svg" in page and meeting.sign_in_code in page
    member = _as(world, "party_member_a1")
    form = member.get(f"/partylife/meetings/{meeting.pk}/sign-in/?code={meeting.sign_in_code}")
    assert form.status_code == 200
    member.post(f"/partylife/meetings/{meeting.pk}/sign-in/", {"code": meeting.sign_in_code})
    secretary.post(f"/partylife/meetings/{meeting.pk}/mark/",
                   {"member": world.members["a2"].pk, "status": "excused", "reason": "出差"})  # fmt: skip
    secretary.post(f"/partylife/meetings/{meeting.pk}/record/", {"minutes": "学习", "host": "书记"})
    secretary.post(f"/partylife/meetings/{meeting.pk}/confirm/")
    meeting.refresh_from_db()
    assert meeting.status == "confirmed"
    assert dict(meeting.attendance.values_list("member_id", "status")) == {
        world.members["self"].pk: "present", world.members["a2"].pk: "excused",
    }  # fmt: skip
    secretary.post(f"/partylife/meetings/{meeting.pk}/amend/",
                   {"field": "held_on", "value": "2021-09-11", "reason": "日期记错"})  # fmt: skip
    meeting.refresh_from_db()
    assert meeting.held_on == datetime.date(2021, 9, 11) and meeting.amendments.count() == 1
    locked = secretary.post(f"/partylife/meetings/{meeting.pk}/mark/",
                            {"member": world.members["a2"].pk, "status": "present"}, follow=True)  # fmt: skip
    assert "已确认锁定" in locked.content.decode() or "locked" in locked.content.decode()


def test_a_member_pays_and_asks_for_a_transfer(world):
    member = _as(world, "party_member_a1")
    paid = member.post("/partylife/me/pay/", {"month": "2021-04", "channel": "alipay"})
    assert paid.status_code == 302
    payment = DuesPayment.objects.get(member=world.members["self"], month=datetime.date(2021, 4, 1))
    assert payment.amount_fen == 4000 and payment.channel == "alipay"
    statement = member.get("/partylife/me/statement/?year=2021").content.decode()
    assert "80.00" in statement  # January and April
    asked = member.post("/partylife/me/transfer/",
                        {"to_org": world.branches["b1"].pk, "reason": "工作调动"})  # fmt: skip
    transfer = Transfer.objects.get(member=world.members["self"])
    assert (
        asked["Location"] == transfer.get_absolute_url() and transfer.to_org == world.branches["b1"]
    )


def test_the_ledger_exports_with_an_audit_event(world):
    officer = _as(world, "dues_officer_a1")
    response = officer.get(f"/partylife/branches/{world.branches['a1'].pk}/dues/export/?year=2021")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    names = {r[0] for r in rows[1:]}
    assert names == {world.members["self"].person.name, world.members["a2"].person.name}
    assert all("4000" not in str(r[1]) for r in rows[1:])  # the base stays masked
    assert AuditEvent.objects.filter(action="partylife.dues.exported").count() == 1
    assert (
        _as(world, "secretary_b1")
        .get(f"/partylife/branches/{world.branches['a1'].pk}/dues/export/")
        .status_code
        == 404
    )


def test_the_base_is_clear_only_to_the_member_and_the_dues_officer(world):
    mine = _as(world, "party_member_a1").get("/partylife/me/?year=2021").content.decode()
    assert "¥4000.00" in mine
    ledger = f"/partylife/branches/{world.branches['a1'].pk}/dues/?year=2021"
    for name in ("secretary_a1", "community_admin_a1"):
        page = _as(world, name).get(ledger).content.decode()
        assert "¥*,***" in page and "4000.00" not in page


def test_secretaries_are_reminded_before_the_period_ends(world):
    actions.meetings_remind(today=datetime.date(2021, 3, 28))
    titles = list(Notification.objects.filter(user=world.personas["secretary_a1"])
                  .values_list("title", flat=True))  # fmt: skip
    assert len(titles) == 1 and "支委会" in titles[0] and "主题党日" not in titles[0]
    actions.meetings_remind(today=datetime.date(2021, 3, 10))  # not yet near the end
    assert Notification.objects.filter(user=world.personas["secretary_a1"]).count() == 1


def test_the_dues_officer_shows_the_bases_with_a_purpose(world):
    ledger = f"/partylife/branches/{world.branches['a1'].pk}/dues/?year=2021"
    officer = _as(world, "dues_officer_a1")
    assert "¥4000.00" not in officer.get(ledger).content.decode()
    refused = officer.post(ledger, {"purpose": " "}).content.decode()
    assert "¥4000.00" not in refused
    shown = officer.post(ledger, {"purpose": "核对三月党费"}).content.decode()
    assert "¥4000.00" in shown
    event = AuditEvent.objects.get(action="partylife.dues_base.revealed")
    assert (
        event.data["purpose"] == "核对三月党费" and event.actor == world.personas["dues_officer_a1"]
    )
    secretary = _as(world, "secretary_a1").post(ledger, {"purpose": "看看"})
    assert secretary.status_code == 403


def test_meeting_photos_are_kept_and_shown_only_through_the_meeting(world, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yipanqi.core.testing import tiny_png

    settings.MEDIA_ROOT = tmp_path
    meeting = world.meetings["a1_planned"]
    secretary = _as(world, "secretary_a1")
    upload = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    secretary.post(f"/partylife/meetings/{meeting.pk}/photos/", {"photo": upload})
    photo = meeting.photos.get()
    event = AuditEvent.objects.get(action="partylife.meeting.photo_added")
    assert event.changes == {"photo": [None, photo.pk]}
    assert (
        f"/partylife/photos/{photo.pk}/"
        in secretary.get(meeting.get_absolute_url()).content.decode()
    )
    assert _as(world, "party_member_a1").get(f"/partylife/photos/{photo.pk}/").status_code == 200
    for name in ("secretary_b1", "grid_worker_a1", "resident_a1"):
        assert _as(world, name).get(f"/partylife/photos/{photo.pk}/").status_code == 404
    confirmed = world.meetings["a1_confirmed"]
    upload = SimpleUploadedFile("p.png", tiny_png(), content_type="image/png")
    secretary.post(f"/partylife/meetings/{confirmed.pk}/photos/", {"photo": upload})
    assert not confirmed.photos.exists()  # a confirmed record is locked


def test_the_ledger_shows_monthly_dues_in_yuan(world):
    """The branch ledger says each member's monthly dues in yuan (self: 4,000 yuan at 1 %)."""
    ledger = f"/partylife/branches/{world.branches['a1'].pk}/dues/?year=2021"  # the base's year
    page = _as(world, "secretary_a1").get(ledger)
    rows = {r.member.pk: r for r in page.context["rows"]}
    assert rows[world.members["self"].pk].monthly_yuan == "40.00"
    text = page.content.decode()
    assert "¥40.00" in text and "4000 分" not in text
