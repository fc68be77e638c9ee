"""Venue figures per node and period, each checked against a sum written out by hand from what
the test did (never from the code under test)."""

import datetime

import pytest

from yipanqi.venues import actions, dashboard
from yipanqi.venues.tests.factories import book

pytestmark = pytest.mark.django_db


def _use(world, at, booking, show: bool = True) -> None:
    keeper = world.personas["community_admin_a1"]
    at(booking.starts_at)
    if show:
        actions.booking_check_in(booking=booking, actor=keeper)
        actions.booking_mark_used(booking=booking, actor=keeper)
    else:
        actions.booking_no_show(booking=booking, actor=keeper)


def test_figures_of_a_community_and_its_town(world, at):
    # at A1's venues (community room, unit room): 2 h lent to the A1 unit, 3 h used by A1 itself,
    # 1 h lent to the community B1; one no-show; at B1's court: 2 h borrowed by... nobody of A1.
    lent_unit = book(world, "community", "liaison_a1", days=2, start=9, end=11)
    own = book(world, "community", "community_admin_a1", days=3, start=9, end=12)
    to_b1 = book(world, "unit", "community_admin_b1", days=2, start=14, end=15)
    missed = book(world, "unit", "liaison_b1", days=4, start=9, end=10)
    for booking in (lent_unit, own):
        actions.booking_approve(booking=booking, actor=world.personas["community_admin_a1"])
    for booking in (lent_unit, own, to_b1):
        _use(world, at, booking)
    _use(world, at, missed, show=False)

    a1, town_a = world.district.communities[0], world.district.towns[0]
    start = lent_unit.starts_at.date() - datetime.timedelta(days=1)
    end = start + datetime.timedelta(days=9)
    numbers = dashboard.figures(path=a1.scope_path, start=start, end=end)
    assert numbers["venues"] == 2  # the community room and the unit's room
    assert numbers["venues_by_owner_type"] == {"street": 0, "community": 1, "unit": 1}
    assert numbers["venue_bookings"] == 4
    assert numbers["venue_bookings_used"] == 3
    assert numbers["venue_hours_used"] == 2 + 3 + 1
    assert numbers["venue_hours_shared"] == 2 + 1  # the community's own use earns nothing
    assert numbers["venue_no_show_rate"] == round(1 / 4, 4)
    open_hours = 2 * 10 * 13  # two venues, ten days, 08:00–21:00
    assert numbers["venue_utilisation"] == round(6 / open_hours, 4)
    # the A1 unit borrowed 2 h (from its own community: another organisation)
    assert numbers["venue_hours_borrowed"] == 2
    town = dashboard.figures(path=town_a.scope_path, start=start, end=end)
    assert town["venues"] == 3 and town["venue_hours_shared"] == 3


def test_reciprocity_lent_and_borrowed_per_organisation(world, at):
    lent = book(world, "unit", "community_admin_b1", days=2, start=14, end=16)
    _use(world, at, lent)
    rows = dashboard.reciprocity(
        path=world.district.district.scope_path,
        start=lent.starts_at.date(),
        end=lent.starts_at.date(),
    )
    by_name = {r["name"]: (r["lent"], r["borrowed"]) for r in rows}
    assert by_name == {world.district.units[0].name: (2.0, 0.0), "民主社区": (0.0, 2.0)}
