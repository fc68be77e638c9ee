"""Public notices (公示) carry no full names, ID numbers or phone numbers — on the page and in
the API — while the masked names (张*丰) and the outcome are there for residents to read."""

import re

import pytest

from yipanqi.deliberation import actions
from yipanqi.deliberation.redact import scrub
from yipanqi.deliberation.tests.factories import SEEDED_NAMES

ID_NUMBER = re.compile(r"(?<![0-9])[1-9][0-9]{16}[0-9Xx](?![0-9])")
PHONE = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


def assert_clean(text: str) -> None:
    assert not ID_NUMBER.search(text), ID_NUMBER.search(text).group(0)
    assert not PHONE.search(text), PHONE.search(text).group(0)
    for name in SEEDED_NAMES:
        assert name not in text, name


@pytest.fixture
def noticed(loop):
    """Put PII in every free-text field a notice could show, then publish."""
    admin = loop.personas["community_admin_a1"]
    seats = loop.halls["a1"].seats
    meeting = loop.loops["a1"].live_meeting
    actions.attendance_set(meeting=meeting, present=[s.pk for s in seats], actor=admin)
    topic = meeting.agenda.get()
    resolution = actions.resolution_draft(
        topic=topic,
        text="赵六合（电话 139-1234-5678，身份证 33028319760512001X）与欧阳明华负责，座机0574-88881234。",
        actor=admin,
    )
    for seat in seats:
        actions.vote_record(
            resolution=resolution, seat=seat, choice="for", actor=admin, note="李四海同意"
        )
    resolution = actions.resolution_resolve(resolution=resolution, actor=admin)
    resolution = actions.resolution_publish(resolution=resolution, actor=admin)
    actions.followup_create(
        resolution=resolution, title="张三丰联系13812345678", owner_seat=seats[0], actor=admin
    )
    return resolution


def test_public_page_masks_names_ids_and_phones(noticed, loop, client):
    client.force_login(loop.personas["resident_a1"])
    page = client.get(f"/deliberation/notices/{noticed.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert_clean(html)
    assert "张*丰" in html and "欧**华" in html and "赵*合" in html
    assert "0574-88881234" not in html


def test_public_list_is_clean(noticed, loop, client):
    client.force_login(loop.personas["party_member_a1"])
    html = client.get("/deliberation/notices/").content.decode()
    assert_clean(html)


def test_public_api_is_clean(noticed, loop, api_client_for):
    api = api_client_for(loop, "resident_a1")
    detail = api.get(f"/api/v1/deliberation/notices/{noticed.pk}/")
    listing = api.get("/api/v1/deliberation/notices/")
    assert detail.status_code == listing.status_code == 200
    text = detail.content.decode("unicode_escape") + listing.content.decode("unicode_escape")
    assert_clean(detail.content.decode() + listing.content.decode())
    assert_clean(text)
    assert {s["name"] for s in detail.json()["seats"]} >= {"张*丰", "欧**华"}


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("电话13812345678", "电话138****5678"),
        ("+86 138-1234-5678", "138****5678"),
        ("身份证330283197605120012号", "身份证3302**********0012号"),
        ("座机0574-88881234", "座机057*****1234"),
        ("张三丰说", "张*丰说"),
        ("门牌12号3单元", "门牌12号3单元"),
    ],
)
def test_scrub(raw, clean):
    assert scrub(raw, ["张三丰"]) == clean
