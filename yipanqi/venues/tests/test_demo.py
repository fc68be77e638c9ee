"""The demo's venues part: venues in every town, a year of 2021 bookings that never overlap, and
the co-building credit the reports count equals a sum taken from the bookings themselves."""

from collections import defaultdict

import pytest

from yipanqi.accounts.models import User
from yipanqi.organisations.choices import AreaKind
from yipanqi.organisations.models import Area
from yipanqi.reports.figures import node_figures, year_bounds
from yipanqi.venues import selectors
from yipanqi.venues.choices import HOLDING
from yipanqi.venues.models import Booking, Venue

pytestmark = pytest.mark.django_db
PEOPLE = ("member", "resident")


def test_every_town_opens_venues_and_some_are_shared(fenghua_demo):
    towns = Area.objects.filter(kind=AreaKind.TOWN)
    street_venues = Venue.objects.filter(owner_area__kind=AreaKind.TOWN, owner_unit=None)
    assert street_venues.count() == towns.count() == 12
    assert Venue.objects.filter(owner_unit__isnull=False).exists()
    assert Venue.objects.filter(who_may_book="district").exists()
    study = Venue.objects.get(name="奉中社区24小时城市书房")
    assert study.keeper.username == "jp_fengzhong_grid"


def test_held_bookings_never_overlap(fenghua_demo):
    by_venue = defaultdict(list)
    rows = Booking.objects.filter(status__in=HOLDING).values_list(
        "venue_id", "starts_at", "ends_at"
    )
    for venue_id, start, end in rows:
        by_venue[venue_id].append((start, end))
    assert sum(len(v) for v in by_venue.values()) > 1000
    for spans in by_venue.values():
        spans.sort()
        assert all(
            a_end <= b_start for (_s, a_end), (b_start, _e) in zip(spans, spans[1:], strict=False)
        )


def test_hours_shared_equal_an_independent_sum(fenghua_demo):
    district = Area.objects.get(kind=AreaKind.DISTRICT)
    start, end = year_bounds(2021)
    figures = node_figures(area=district, start=start, end=end)
    expected = 0.0
    used = Booking.objects.filter(status="used", starts_at__year=2021).select_related("venue")
    for b in used:
        owner = (
            ("u", b.venue.owner_unit_id) if b.venue.owner_unit_id else ("a", b.venue.owner_area_id)
        )
        booker = ("u", b.booker_unit_id) if b.booker_unit_id else ("a", b.booker_area_id)
        if b.booker_kind not in PEOPLE and booker != owner:
            expected += (b.ends_at - b.starts_at).total_seconds() / 3600
    assert expected > 0
    assert figures["venue_hours_shared"] == pytest.approx(expected)
    assert (
        figures["venue_bookings"]
        == Booking.objects.filter(status__in=HOLDING, starts_at__year=2021).count()
    )


def test_the_community_admin_has_a_request_to_decide(fenghua_demo):
    admin = User.objects.get(username="jp_fengzhong_admin")
    assert selectors.approval_queue(user=admin).filter(venue__name="奉中社区党群活动室").exists()
    liaison = User.objects.get(username="jp_fengzhong_liaison")
    assert selectors.booker_options(user=liaison), "the liaison acts for a unit of 奉中社区"
