"""The accounts' part of the demo: accounts for the demo personas, all sharing
settings.YIPANQI_DEMO_PASSWORD, with synthetic display names. Their role grants are the
organisations' part (`organisations.demo_accounts`); the accounts other apps' demos need (the
residents and members who order and take orders) come from the same bulk action.
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings

from yipanqi.accounts.actions import NewUser, users_create_bulk
from yipanqi.accounts.models import User
from yipanqi.core.demo_kit import names


def demo_password() -> str:
    return str(settings.YIPANQI_DEMO_PASSWORD)


def display_name(username: str) -> str:
    """The persona's name, drawn from a generator seeded by the username."""
    return names.person_name(names.rng_for("account", username))


def build_users(accounts: Sequence[tuple[str, str]], *, actor: Any) -> list[User]:
    """One account per (username, kind), in order, with the demo password (hashed once)."""
    users = [NewUser(username, display_name(username), kind) for username, kind in accounts]
    return users_create_bulk(users=users, password=demo_password(), actor=actor)
