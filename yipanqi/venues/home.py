"""The venues' cards on the home page (core.home): one's coming bookings, requests to decide
and bookings to check in today; the venue figures of an administrator's area."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import area_figures_card, card, figure, percent, todo, url
from yipanqi.organisations.permissions import widest_area
from yipanqi.venues import dashboard, selectors


def bookings_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """Bookers, owners and keepers: three counts, three queries."""
    upcoming = selectors.my_bookings(user=user, upcoming=True).count()
    todos = [todo(pgettext_lazy("home", "my coming bookings"), upcoming, url("venues:my_bookings"))]
    waiting = selectors.approval_queue(user=user).count()
    today = selectors.check_in_queue(user=user).count()
    if waiting or today:
        desk = url("venues:approvals")
        todos += [
            todo(pgettext_lazy("home", "booking requests to decide"), waiting, desk),
            todo(pgettext_lazy("home", "bookings to check in today"), today, desk),
        ]
    return card(
        pgettext_lazy("home", "Venues"),
        todos=todos,
        more=(pgettext_lazy("home", "Find a free slot"), url("venues:venue_list")),
    )


def _figures(numbers: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        figure(pgettext_lazy("home", "open venues"), numbers["venues"]),
        figure(pgettext_lazy("home", "venue bookings"), numbers["venue_bookings"]),
        figure(
            pgettext_lazy("home", "hours shared with other units"), numbers["venue_hours_shared"]
        ),
        figure(pgettext_lazy("home", "venue utilisation"), percent(numbers["venue_utilisation"])),
    ]


def figures_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any] | None:
    return area_figures_card(
        pgettext_lazy("home", "Venues"),
        area=widest_area(user),
        year=year,
        figures_of=dashboard.figures,
        pick=_figures,
    )
