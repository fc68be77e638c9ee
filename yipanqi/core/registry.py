"""Hooks that later apps fill in, so core never imports them (dependency direction core ← …).

The organisations app registers how a user's role grants become scope prefixes; apps register the
navigation entries their pages offer. Until something is registered every scope is empty (fail closed).
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
class NavItem:
    label: Any
    url_name: str
    roles: frozenset[str]  # empty: every signed-in user
    order: int = 100


_resolvers: dict[str, Callable[..., Any]] = {}
nav_items: list[NavItem] = []


def register(name: str, func: Callable[..., Any]) -> None:
    _resolvers[name] = func


def resolve(name: str) -> Callable[..., Any] | None:
    return _resolvers.get(name)


def add_nav(item: NavItem) -> None:
    if item not in nav_items:
        nav_items.append(item)
        nav_items.sort(key=lambda i: i.order)


# Periodic jobs (run by `yipanqi run_periodic`): name → callable returning how many items it moved.
# A job is called again until it returns 0, so each call may work in bounded batches.
periodic_jobs: dict[str, Callable[[], int]] = {}


def add_periodic(name: str, job: Callable[[], int]) -> None:
    periodic_jobs[name] = job
