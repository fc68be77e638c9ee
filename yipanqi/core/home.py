"""The home page: each persona's own work (to-dos with counts) and their scope's key figures.

Apps register `registry.HomeCard`s in their apps.py; a builder returns the card's context (made
with `card`, `todo` and `figure` below, drawn by core/home/_card.html) or None to leave it out.
Builders read through the app's selectors and dashboard functions and never write (a GET page).
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import pgettext_lazy

from yipanqi.core import registry
from yipanqi.core.params import int_param, int_schema
from yipanqi.core.selectors import personal_data_access_list

WORK, FIGURES = "work", "figures"
# Who gets the simple home (a few big buttons) in elder mode: residents with no other role.
SIMPLE_HOME_ROLES = frozenset({"resident"})
CARD_TEMPLATE = "core/home/_card.html"
FIRST_YEAR = 2000
RECENT_DAYS = 7  # "recent" unmaskings on the audit roles' card


def url(name: str, *args: Any, **query: Any) -> str:
    """A page's address with its filter, e.g. url("orders:list", status="placed")."""
    given = {k: v for k, v in query.items() if v not in (None, "")}
    return reverse(name, args=args or None) + (f"?{urlencode(given)}" if given else "")


def todo(label: Any, count: int, link: str, *, alert: bool = False) -> dict[str, Any]:
    """One to-do: how many things wait, linking to the page filtered to them; `alert` (overdue)
    shows a non-zero count in red (the label says it in words too)."""
    return {"label": label, "count": count, "url": link, "alert": alert and count > 0}


def figure(label: Any, value: Any) -> dict[str, Any]:
    return {"label": label, "value": "—" if value is None else value}


def percent(rate: float | None) -> str | None:
    return None if rate is None else f"{rate * 100:.0f}%"


def card(
    title: Any,
    *,
    todos: Iterable[dict] = (),
    figures: Iterable[dict] = (),
    area: Any = None,
    more: tuple[Any, str] | None = None,
) -> dict[str, Any]:
    """A card's context: its title, the area it covers, to-dos, figures, and one "more" link."""
    return {
        "title": title,
        "area": area,
        "todos": list(todos),
        "figures": list(figures),
        "more": {"label": more[0], "url": more[1]} if more else None,
    }


def area_figures_card(
    title: Any,
    *,
    area: Any,
    year: int,
    figures_of: Any,
    pick: Any,
    more: tuple[Any, str] | None = None,
) -> dict[str, Any] | None:
    """One app's dashboard figures (`figures_of(path=, start=, end=)`, its dashboard.py) for an
    area and a year, as a card: `pick(numbers)` chooses and labels the figures shown."""
    if area is None:
        return None
    start, end = year_bounds(year)
    numbers = figures_of(path=area.scope_path, start=start, end=end)
    return card(title, area=area.name, figures=pick(numbers), more=more)


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def home_year(params: Any) -> int:
    """The year of the key figures: this year unless `?year=` asks for an earlier one."""
    this_year = timezone.localdate().year
    return int_param(params, "year", min_value=FIRST_YEAR, max_value=this_year, default=this_year)


def home_year_schema() -> dict[str, Any]:
    """`?year=` as home_year reads it, for the OpenAPI schema (this year: when it is made)."""
    return int_schema(FIRST_YEAR, timezone.localdate().year)


def cards_for(user: Any, year: int) -> dict[str, list[dict[str, Any]]]:
    """The cards the user's roles open, by section, in registry order; empty builders drop out."""
    roles_of = registry.resolve("roles")
    roles = frozenset(roles_of(user)) if roles_of else frozenset()
    sections: dict[str, list[dict[str, Any]]] = {WORK: [], FIGURES: []}
    for home_card in registry.home_cards:
        if home_card.roles and not home_card.roles & roles:
            continue
        context = home_card.build(user, roles, year)
        if context is not None:
            entry = {"key": home_card.key, "template": home_card.template, "card": context}
            sections.setdefault(home_card.section, []).append(entry)
    return sections


def simple_home_links(user: Any) -> list[dict[str, Any]] | None:
    """The big buttons of the simple home (core/home_simple.html) for a resident in elder mode
    (长辈模式), in registry order; None for everyone else, whose home stays the cards."""
    if not getattr(user, "elder_mode", False):
        return None
    roles_of = registry.resolve("roles")
    roles = frozenset(roles_of(user)) if roles_of else frozenset()
    if not roles or not roles <= SIMPLE_HOME_ROLES:
        return None
    return [
        {
            "label": link.label,
            "url": reverse(link.url_name),
            "icon": link.icon,
            "count": link.count(user) if link.count else None,
        }
        for link in registry.simple_home_links
        if not link.roles or link.roles & roles
    ]


def access_log_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    """The audit roles' card: unmaskings of personal data (R-PI-4) recently and today."""
    today = timezone.localdate()
    since = today - datetime.timedelta(days=RECENT_DAYS - 1)
    rows = personal_data_access_list(user=user, since=since)
    counts = rows.order_by().aggregate(
        recent=_count(), today=_count(created_at__gte=_start_of(today))
    )
    link = "core:access_log"
    return card(
        pgettext_lazy("home", "Personal data unmasked"),
        todos=[
            todo(
                pgettext_lazy("home", "today"), counts["today"], url(link, since=today.isoformat())
            ),
            todo(
                pgettext_lazy("home", "in the last 7 days"),
                counts["recent"],
                url(link, since=since.isoformat()),
            ),
        ],
    )


def _count(**condition: Any) -> Count:
    return Count("pk", filter=Q(**condition)) if condition else Count("pk")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
