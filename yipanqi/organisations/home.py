"""The organisations app's card on the home page (core.home): role grants waiting for a security
administrator's approval (双人审批)."""

from typing import Any

from django.utils.translation import pgettext_lazy

from yipanqi.core.home import card, todo, url
from yipanqi.organisations import selectors


def grants_card(user: Any, roles: frozenset[str], year: int) -> dict[str, Any]:
    pending = selectors.grant_pending_list(user=user).count()
    link = url("organisations:grant_pending")
    return card(
        pgettext_lazy("home", "Role grants"),
        todos=[todo(pgettext_lazy("home", "waiting for your approval"), pending, link, alert=True)],
    )
