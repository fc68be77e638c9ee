"""A planned meeting books its venue (issue 15) from its page and through the API: the venues
app's rules decide, a taken slot is its 409 `booking_overlap`, and the page keeps what was typed."""

import pytest
from django.test import Client

from yipanqi.partylife.models import Meeting
from yipanqi.venues.tests.factories import book, build_venue_world, choice_for, local

pytestmark = pytest.mark.django_db

FORM = "%Y-%m-%dT%H:%M"


@pytest.fixture
def venues(world):
    return build_venue_world(world.district)


def _page_as(world, name: str) -> Client:
    client = Client()
    client.force_login(world.personas[name])
    return client


def _form(world, venue, start: int = 14, end: int = 16) -> dict:
    return {
        "venue-venue": venue.pk,
        "venue-choice": choice_for(world.personas["secretary_a1"]).key,
        "venue-starts_at": local(3, start).strftime(FORM),
        "venue-ends_at": local(3, end).strftime(FORM),
    }


def test_the_secretary_books_a_venue_from_the_meeting_page(world, venues):
    meeting = world.meetings["a1_planned"]
    secretary = _page_as(world, "secretary_a1")
    page = secretary.get(meeting.get_absolute_url()).content.decode()
    assert 'id="venue"' in page and venues.venues["unit"].name in page
    assert 'value="2021-06-01T09:00"' in page  # the meeting's date, prefilled
    assert venues.venues["other"].name not in page  # another community's venue: not bookable
    answer = secretary.post(f"/partylife/meetings/{meeting.pk}/venue/",
                            _form(world, venues.venues["unit"]))  # fmt: skip
    assert answer.status_code == 302 and answer["Location"].endswith(f"/{meeting.pk}/#venue")
    meeting = Meeting.objects.select_related("booking").get(pk=meeting.pk)
    assert meeting.place == venues.venues["unit"].name and meeting.booking.status == "approved"
    shown = secretary.get(meeting.get_absolute_url()).content.decode()
    assert meeting.booking.get_absolute_url() in shown
    member = _page_as(world, "party_member_a1").get(meeting.get_absolute_url()).content.decode()
    assert 'id="venue"' not in member and meeting.place in member


def test_a_taken_slot_is_said_on_the_page_and_the_input_kept(world, venues):
    book(venues, "unit", "community_admin_a1", days=3, start=15, end=17)
    meeting = world.meetings["a1_planned"]
    form = _form(world, venues.venues["unit"])
    page = _page_as(world, "secretary_a1").post(f"/partylife/meetings/{meeting.pk}/venue/", form)
    text = page.content.decode()
    assert page.status_code == 200 and "该时段已被预约" in text
    assert f'value="{form["venue-starts_at"]}"' in text
    assert f'value="{form["venue-ends_at"]}"' in text
    assert f'<option value="{venues.venues["unit"].pk}" selected>' in text
    meeting.refresh_from_db()
    assert meeting.booking_id is None


def test_a_member_may_not_book_the_meetings_venue_from_the_page(world, venues):
    meeting = world.meetings["a1_planned"]
    answer = _page_as(world, "party_member_a1").post(
        f"/partylife/meetings/{meeting.pk}/venue/", _form(world, venues.venues["unit"])
    )
    assert answer.status_code == 403


def _body(venue, start: int = 14, end: int = 16) -> dict:
    return {"venue": venue.pk, "starts_at": local(3, start).isoformat(),
            "ends_at": local(3, end).isoformat()}  # fmt: skip


def test_the_api_books_a_venue_and_answers_the_meeting(world, venues, api_as):
    meeting = world.meetings["a1_planned"]
    url = f"/api/v1/partylife/meetings/{meeting.pk}/book-venue/"
    answer = api_as("secretary_a1").post(url, _body(venues.venues["unit"]), format="json")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    meeting.refresh_from_db()
    assert data["booking"] == meeting.booking_id is not None
    assert data["place"] == venues.venues["unit"].name


def test_the_api_answers_a_taken_slot_with_the_venues_code(world, venues, api_as):
    book(venues, "unit", "community_admin_a1", days=3, start=15, end=17)
    meeting = world.meetings["a1_planned"]
    url = f"/api/v1/partylife/meetings/{meeting.pk}/book-venue/"
    answer = api_as("secretary_a1").post(url, _body(venues.venues["unit"]), format="json")
    assert answer.status_code == 409 and answer.json()["code"] == "booking_overlap"


def test_the_api_refuses_bad_input_and_out_of_scope(world, venues, api_as):
    meeting = world.meetings["a1_planned"]
    url = f"/api/v1/partylife/meetings/{meeting.pk}/book-venue/"
    secretary = api_as("secretary_a1")
    body = _body(venues.venues["unit"])
    outsider = api_as("secretary_b1").post(url, body, format="json")
    assert outsider.status_code == 404 and outsider.json()["code"] == "not_found"
    assert api_as("party_member_a1").post(url, body, format="json").status_code == 403
    missing = secretary.post(url, {"venue": "abc"}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "validation_error"
    backwards = secretary.post(url, _body(venues.venues["unit"], 16, 14), format="json")
    assert backwards.status_code == 400 and backwards.json()["code"] == "bad_period"
    stranger = secretary.post(url, body | {"choice": "community:999999"}, format="json")
    assert stranger.status_code == 400 and stranger.json()["code"] == "bad_booker"
    other = secretary.post(url, _body(venues.venues["other"]), format="json")
    assert other.status_code == 404  # another community's venue: not even seen
    meeting.refresh_from_db()
    assert meeting.booking_id is None
