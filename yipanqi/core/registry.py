"""Hooks that later apps fill in, so core never imports them (dependency direction core ← …).

The organisations app registers how a user's role grants become scope prefixes; apps register the
navigation groups and entries their pages offer (drawn by base.html through
core.context_processors.navigation) and the cards of the home page (core.home). Until something
is registered every scope is empty (fail closed).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

ScopeResolver = Callable[[Any, str, type], "ScopeGrant"]


@dataclass(frozen=True)
class ScopeGrant:
    """The area-path prefixes a user may reach for one action; `platform` adds unscoped rows."""

    prefixes: tuple[str, ...] = ()
    platform: bool = False


@dataclass(frozen=True)
class NavGroup:
    """A top-level entry of the navigation bar; its items open in a dropdown (one item: a link)."""

    key: str
    label: Any
    order: int = 100


@dataclass(frozen=True)
class NavItem:
    """One page in the navigation: which group it sits in, who sees it, where it sorts.

    `phone` puts the page in the phone's bottom bar (lower first; the bar shows a persona's first
    few and a "More" menu with the rest). The group ACCOUNT_GROUP puts it in the account menu.
    """

    label: Any
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100
    group: str = "work"
    phone: int | None = None


@dataclass(frozen=True)
class HomeCard:
    """A card on the home page: `build(user, roles, year)` returns its context, or None to leave
    it out (core.home gives the context its shape: title, to-dos with counts, figures).

    The card's template gets `card` (that context) and `key`. Builders read through the app's
    selectors and dashboard functions, so each card costs a constant number of queries. `section`:
    "work" (the user's to-dos) or "figures" (key figures of their scope for `year`).
    """

    key: str
    template: str
    build: Callable[[Any, frozenset[str], int], dict | None]
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100
    section: str = "work"


@dataclass(frozen=True)
class SimpleHomeLink:
    """A big button of the simple home page (长辈模式 for residents, core.home.simple_home):
    one everyday task. `count(user)`, if given, is shown on the button (e.g. unread notices);
    `icon` names a drawing of core/home/_icon.html."""

    label: Any
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100
    icon: str = ""
    count: Callable[[Any], int] | None = None


@dataclass(frozen=True)
class NodeLink:
    """A link another app offers on a node's page (an area of the tree: its dashboard, its
    one-click report): `href(user, area)` gives the address, or None where the user may not
    follow it (out of their scope for that app), so the page never offers a 404."""

    label: Any
    href: Callable[[Any, Any], str | None]
    order: int = 100


# Entries of this group are drawn in the account menu (under the user's name), not in the bar.
ACCOUNT_GROUP = "account"

_resolvers: dict[str, Callable[..., Any]] = {}
nav_groups: dict[str, NavGroup] = {}
nav_items: list[NavItem] = []
home_cards: list[HomeCard] = []
simple_home_links: list[SimpleHomeLink] = []
node_links: list[NodeLink] = []


def register(name: str, func: Callable[..., Any]) -> None:
    _resolvers[name] = func


def resolve(name: str) -> Callable[..., Any] | None:
    return _resolvers.get(name)


def add_nav_group(group: NavGroup) -> None:
    nav_groups[group.key] = group


def add_nav(item: NavItem) -> None:
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort(key=lambda i: i.order)


def add_home_card(card: HomeCard) -> None:
    if all(c.key != card.key for c in home_cards):
        home_cards.append(card)
        home_cards.sort(key=lambda c: c.order)


def add_simple_home_link(link: SimpleHomeLink) -> None:
    if all(existing.url_name != link.url_name for existing in simple_home_links):
        simple_home_links.append(link)
        simple_home_links.sort(key=lambda existing: existing.order)


def add_node_link(link: NodeLink) -> None:
    if link not in node_links:
        node_links.append(link)
        node_links.sort(key=lambda existing: existing.order)


def links_for_node(user: Any, area: Any) -> list[tuple[Any, str]]:
    """(label, address) of every registered node link this user may follow from `area`'s page."""
    found = ((link.label, link.href(user, area)) for link in node_links)
    return [(label, href) for label, href in found if href]


# Periodic jobs (run by `yipanqi run_periodic`): name → callable returning how many items it moved.
# A job is called again until it returns 0, so each call may work in bounded batches.
periodic_jobs: dict[str, Callable[[], int]] = {}


def add_periodic(name: str, job: Callable[[], int]) -> None:
    periodic_jobs[name] = job


# District set-up (新建区): what each app gives a new district (e.g. orders' default category list).
# organisations.actions.area_create calls each one, inside its transaction, when it adds a district;
# pages then only read (no writes on GET).
DistrictSetup = Callable[..., Any]  # (*, district_code: str, actor) -> Any
district_setups: dict[str, DistrictSetup] = {}


def add_district_setup(name: str, setup: DistrictSetup) -> None:
    district_setups[name] = setup


@dataclass(frozen=True)
class MyDataSection:
    """What one app holds about the signed-in person, for their own view and copy (R-PI-7):
    `build(user)` returns rows, each a list of (label, value) pairs, in a constant number of
    queries; values that name other people are masked."""

    key: str
    title: Any
    build: Callable[[Any], list[list[tuple[Any, Any]]]]
    order: int = 100


my_data_sections: list[MyDataSection] = []


def add_my_data(section: MyDataSection) -> None:
    my_data_sections[:] = [s for s in my_data_sections if s.key != section.key] + [section]


# Demo personas an app's demo adds beyond organisations' list (e.g. party life's branch secretary):
# `yipanqi demo` prints them first, with the demo password they were given.
demo_personas: list[str] = []


def add_demo_persona(username: str) -> None:
    if username not in demo_personas:
        demo_personas.append(username)
