"""The booking pages: a slot from the calendar pre-fills the form; a broken rule comes back on
the form in the user's language with what was typed kept; a weekly series; steps from the page."""

import pytest

from yipanqi.venues.booker import booker_options
from yipanqi.venues.models import Booking, BookingSeries
from yipanqi.venues.tests.factories import local

pytestmark = pytest.mark.django_db


def _post(world, client, persona: str, **changes):
    data = {
        "choice": booker_options(user=world.personas[persona])[0].key,
        "date": local(3, 0).date().isoformat(),
        "start": "10:00",
        "end": "11:00",
        "headcount": 10,
        "purpose": "支部学习会",
        "weeks": 1,
        **changes,
    }
    return client.post(f"/venues/{world.venues['community'].pk}/book/", data)


def test_a_slot_prefills_the_form(world, client):
    client.force_login(world.personas["liaison_a1"])
    start = local(3, 10).isoformat()
    page = client.get(f"/venues/{world.venues['community'].pk}/book/", {"start": start})
    html = page.content.decode()
    assert page.status_code == 200
    assert f'value="{local(3, 10).date().isoformat()}"' in html and 'value="10:00"' in html


def test_a_broken_rule_is_shown_on_the_form_and_nothing_is_lost(world, client):
    client.force_login(world.personas["liaison_a1"])
    client.cookies["django_language"] = "zh-hans"
    page = _post(world, client, "liaison_a1", headcount=99, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert page.status_code == 200
    assert "该场地最多容纳 30 人" in html  # in the user's language, on the headcount field
    assert 'value="支部学习会"' in html and 'value="99"' in html
    assert not Booking.objects.exists()


def test_booking_and_a_weekly_series_from_the_page(world, client):
    client.force_login(world.personas["liaison_a1"])
    done = _post(world, client, "liaison_a1")
    booking = Booking.objects.get()
    assert done.status_code == 302 and done["Location"] == booking.get_absolute_url()
    series = _post(world, client, "liaison_a1", start="14:00", end="15:00", weeks=4)
    assert series.status_code == 302
    assert BookingSeries.objects.get().bookings.count() == 4


def test_the_owner_declines_from_the_page_with_a_reason(world, client):
    client.force_login(world.personas["liaison_a1"])
    _post(world, client, "liaison_a1")
    booking = Booking.objects.get()
    client.force_login(world.personas["community_admin_a1"])
    page = client.get(booking.get_absolute_url())
    assert "decline-reason" in page.content.decode()
    client.post(f"/venues/bookings/{booking.pk}/decline/", {"reason": "场地检修"})
    booking.refresh_from_db()
    assert booking.status == "declined" and booking.reason == "场地检修"


def test_the_owner_edits_hours_and_closes_a_day(world, client):
    venue = world.venues["community"]
    client.force_login(world.personas["community_admin_a1"])
    form = client.get(f"/venues/{venue.pk}/edit/")
    assert form.status_code == 200 and 'value="08:00-21:00"' in form.content.decode()
    data = {
        "name": venue.name, "kind": venue.kind, "address": venue.address, "capacity": 45,
        "who_may_book": "district", "requires_approval": "on", "active": "on",
        **{f"day{d}": "09:00-12:00, 14:00-18:00" for d in range(5)},
    }  # fmt: skip
    assert client.post(f"/venues/{venue.pk}/edit/", data).status_code == 302
    venue.refresh_from_db()
    assert venue.capacity == 45 and venue.who_may_book == "district"
    assert (
        venue.open_hours["0"] == [["09:00", "12:00"], ["14:00", "18:00"]]
        and "6" not in venue.open_hours
    )
    bad = client.post(f"/venues/{venue.pk}/edit/", {**data, "day0": "18:00-09:00"})
    assert bad.status_code == 200 and "HH:MM" in bad.content.decode()
    day = next(d for d in (local(10 + i, 0).date() for i in range(7)) if d.weekday() < 5)
    client.post(
        f"/venues/{venue.pk}/exceptions/",
        {"date": day.isoformat(), "hours": "", "reason": "消防检查"},
    )
    assert venue.exceptions.get(date=day).hours == []
    client.force_login(world.personas["liaison_a1"])
    refused = _post(world, client, "liaison_a1", date=day.isoformat())
    assert refused.status_code == 200 and not Booking.objects.exists()


def test_a_liaison_opens_the_units_venue(world, client):
    from yipanqi.venues.models import Venue

    client.force_login(world.personas["liaison_a1"])
    unit = world.district.units[0]
    data = {
        "owner": f"unit:{unit.pk}", "name": "职工书屋", "kind": "education", "address": "单位1楼",
        "capacity": 15, "who_may_book": "town", "active": "on", "day0": "09:00-17:00",
    }  # fmt: skip
    done = client.post("/venues/new/", data)
    venue = Venue.objects.get(name="职工书屋")
    assert done.status_code == 302 and venue.owner_unit == unit and venue.owner_area == unit.area
    assert venue.open_hours == {"0": [["09:00", "17:00"]]} and not venue.requires_approval
    other = world.district.units[2]  # B1's unit: not the liaison's
    refused = client.post("/venues/new/", {**data, "owner": f"unit:{other.pk}", "name": "别人的"})
    assert refused.status_code == 200 and not Venue.objects.filter(name="别人的").exists()


def test_the_last_hour_of_a_24_hour_room_ends_at_midnight(world, client):
    from yipanqi.core.actors import system
    from yipanqi.venues import actions

    venue = world.venues["community"]
    all_day = {str(d): [["00:00", "24:00"]] for d in range(7)}
    actions.venue_update(venue=venue, actor=system("test"), open_hours=all_day)
    client.force_login(world.personas["liaison_a1"])
    done = _post(world, client, "liaison_a1", start="23:00", end="00:00")
    booking = Booking.objects.get()
    assert done.status_code == 302
    assert (booking.ends_at - booking.starts_at).total_seconds() == 3600
