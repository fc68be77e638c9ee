"""The notice figures equal counts taken independently from the receipts."""

import datetime

import pytest
from django.utils import timezone

from yipanqi.notices import actions, dashboard
from yipanqi.notices.models import NoticeRecipient

pytestmark = pytest.mark.django_db


def test_figures_equal_an_independent_count(world):
    for name in ("member_x0", "member_x2", "member_x3"):
        actions.receipt_open(recipient=world.receipt("a1_call", name), actor=world.personas[name])
    for name in ("member_x0", "member_x2"):
        actions.reply_submit(recipient=world.receipt("a1_call", name), option=0,
                             actor=world.personas[name])  # fmt: skip
    actions.receipt_open(recipient=world.receipt("town_info", "party_member_a1"),
                         actor=world.personas["party_member_a1"])  # fmt: skip
    today = timezone.localdate()
    span = {"start": today - datetime.timedelta(days=1), "end": today + datetime.timedelta(days=1)}
    town = world.district.towns[0]
    got = dashboard.figures(path=town.scope_path, **span)
    # by hand: town A sent a1_call (6 asked, 3 read, 2 replied) and town_info (2 asked, 1 read)
    assert got["notices_sent"] == 2
    assert got["notice_recipients"] == 8
    assert got["notice_read_rate"] == round(4 / 8, 4)
    assert got["notice_reply_rate"] == round(2 / 6, 4)  # information asks for no reply
    assert got["volunteer_places_filled"] == 2
    everything = dashboard.figures(path=world.district.district.scope_path, **span)
    assert everything["notices_sent"] == 3
    assert everything["notice_recipients"] == NoticeRecipient.objects.count() == 10
    before = dashboard.figures(path=town.scope_path, start=today.replace(year=2021),
                               end=today.replace(year=2021))  # fmt: skip
    assert before["notices_sent"] == 0 and before["notice_read_rate"] is None
